/**
 * Two cycles side by side: rating changes, items added, dropped and changed, structure
 * changes, computed here from the two trees (domain/insight/tree-diff.ts); then the API's diff of the texts,
 * 概況 and KPI figures (insight/diff).
 */
import { useNavigate, useSearchParams } from 'react-router';
import { api } from '../api/endpoints.ts';
import { RatingBadge } from '../components/Badges.tsx';
import { CycleSelect } from '../components/CycleSelect.tsx';
import { L, Text } from '../components/Link.tsx';
import { Loaded } from '../components/States.tsx';
import { diffTrees, isEmptyDiff, type TreeDiff } from '../../../src/domain/insight/tree-diff.ts';
import { cycleName, isFallback, titleOf } from '../lib/format.ts';
import { useLoad, usePageTitle } from '../lib/hooks.ts';
import { paths } from '../lib/paths.ts';
import { useCycleDescription, useStrategy } from '../lib/strategy-context.ts';
import { localPath, useLang, useT } from '../i18n.ts';
import { CycleDiffView } from '../insight/diff/CycleDiffView.tsx';
import { ChangeList } from './compare/ChangeList.tsx';
import { DataTable } from '../components/DataTable.tsx';
import { ChangeSection } from '../components/Changes.tsx';

function Result({ diff }: { diff: TreeDiff }) {
  const { index, strategyId, cycleId } = useStrategy();
  const lang = useLang();
  const t = useT();
  if (isEmptyDiff(diff)) return <p className="notice">{t('web.compare.no_changes')}</p>;
  const structure = [
    ...diff.nodesAdded.map((n) => ({ n, what: t('web.compare.node_added'), initiative: null })),
    ...diff.nodesDropped.map((n) => ({ n, what: t('web.compare.node_dropped'), initiative: null })),
    ...diff.nodesRenamed.map((r) => ({ n: r.after, what: t('web.compare.node_renamed'), initiative: null })),
    ...diff.listingsAdded.map((x) => ({
      n: x.node,
      what: t('web.compare.listing_added'),
      initiative: x.initiative,
    })),
    ...diff.listingsDropped.map((x) => ({
      n: x.node,
      what: t('web.compare.listing_dropped'),
      initiative: x.initiative,
    })),
  ];
  return (
    <>
      <ChangeSection id="rating-changes" heading="web.compare.ratings" count={diff.ratingChanges.length}>
        <DataTable keys="web.compare." head={['web.target', 'before', 'after']}>
          {diff.ratingChanges.map((c) => (
            <tr key={c.node.id}>
              <th scope="row">
                <L to={paths.node(strategyId, cycleId, c.node.id)}>
                  {c.node.code}{' '}
                  <Text fallback={isFallback(lang, c.node.titleEn)}>{titleOf(lang, c.node)}</Text>
                </L>
              </th>
              <td>
                <RatingBadge term={index.term('rating', c.from)} />
              </td>
              <td>
                <RatingBadge term={index.term('rating', c.to)} />
              </td>
            </tr>
          ))}
        </DataTable>
      </ChangeSection>
      <ChangeList diff={diff} headingLevel={2} showNode />
      <ChangeSection id="structure-changes" heading="web.compare.structure" count={structure.length}>
        <ul>
          {structure.map(({ n, what, initiative }) => (
            <li key={`${what}/${n.id}/${initiative?.id ?? ''}`}>
              <span className="tag">{what}</span> {n.code}{' '}
              <Text fallback={isFallback(lang, n.titleEn)}>{titleOf(lang, n)}</Text>
              {initiative && (
                <>
                  {lang === 'ja' ? '：' : ': '}
                  <L to={paths.initiative(initiative.id)}>
                    <Text fallback={isFallback(lang, initiative.titleEn)}>{titleOf(lang, initiative)}</Text>
                  </L>
                </>
              )}
            </li>
          ))}
        </ul>
      </ChangeSection>
    </>
  );
}

export function ComparePage() {
  const { strategy, index, strategyId, cycleId } = useStrategy();
  const lang = useLang();
  const t = useT();
  const navigate = useNavigate();
  const [search] = useSearchParams();
  usePageTitle(t('web.compare.title'), useCycleDescription('compare'));
  const cycles = [...strategy.cycles].sort((a, b) => b.fiscalYear - a.fiscalYear);
  const fromId =
    search.get('from') ?? index.tree.previousCycleId ?? cycles.find((c) => c.id !== cycleId)?.id ?? cycleId;
  const from = cycles.find((c) => c.id === fromId);
  const comparable = cycles.length >= 2 && from !== undefined && fromId !== cycleId;
  const state = useLoad<TreeDiff | null>(
    () =>
      comparable
        ? api.tree(strategyId, fromId).then((before) => diffTrees(before, index.tree))
        : Promise.resolve(null),
    `${strategyId}/${fromId}/${cycleId}`,
  );
  return (
    <>
      <h1>{t('web.compare.title')}</h1>
      <p className="lead">{t('web.compare.lead')}</p>
      <div className="compare-select">
        <CycleSelect
          key={fromId}
          cycles={cycles}
          value={fromId}
          label={t('web.compare.from')}
          name="from"
          onChoose={(id) => void navigate(localPath(lang, paths.compare(strategyId, cycleId, id)))}
        />
        <p>
          {t('web.compare.to_cycle')}: <strong>{cycleName(index.tree.cycle, lang)}</strong>{' '}
          <span className="subtle">{t('web.compare.to_hint')}</span>
        </p>
      </div>
      {cycles.length < 2 ? (
        <p className="notice" role="status">
          {t('web.compare.only_one')}
        </p>
      ) : !comparable ? (
        <p className="notice" role="status">
          {t('web.compare.same_cycle')}
        </p>
      ) : (
        <>
          <Loaded state={state}>{(diff) => (diff ? <Result diff={diff} /> : null)}</Loaded>
          <CycleDiffView from={fromId} />
        </>
      )}
    </>
  );
}
