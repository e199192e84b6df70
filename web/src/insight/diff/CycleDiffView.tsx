/**
 * The API's cycle diff (GET /api/strategies/:id/diff) under the compare page's lists: how
 * each progress text and 概況 changed (a text diff), and how the KPI figures moved.
 */
import type { ReactNode } from 'react';
import type { CycleDiff } from '../../../../src/domain/insight/views.ts';
import { RatingBadge, StageLabel } from '../../components/Badges.tsx';
import { L, Text } from '../../components/Link.tsx';
import { Loading } from '../../components/States.tsx';
import { formatNumber, isFallback, paren, periodLabel, pick } from '../../lib/format.ts';
import { useLoad } from '../../lib/hooks.ts';
import { paths } from '../../lib/paths.ts';
import { useStrategy } from '../../lib/strategy-context.ts';
import { useLang, useT, type Translate } from '../../i18n.ts';
import { insightApi } from '../../api/endpoints.ts';
import { TextDiff } from './TextDiff.tsx';
import '../messages.ts';
import '../insight.css';
import { DataTable, num } from '../../components/DataTable.tsx';
import { ChangeSection, FromTo } from '../../components/Changes.tsx';
import type { TreeIndex } from '../../lib/tree.ts';

/** A changed thing of the diff: a link to it, then how it changed. */
interface DiffRow {
  key: string;
  to: string;
  label: ReactNode;
  detail: ReactNode;
}

function DiffList({ id, heading, rows }: { id: string; heading: string; rows: DiffRow[] }) {
  return (
    <ChangeSection id={id} heading={heading} count={rows.length}>
      <ul className="diff-list">
        {rows.map((r) => (
          <li key={r.key}>
            <L to={r.to}>{r.label}</L> {r.detail}
          </li>
        ))}
      </ul>
    </ChangeSection>
  );
}

/** The name the page's tree knows (marked where it falls back to Japanese), else the diff's own. */
function Named({ known, name }: { known: { ja: string; en: string | undefined } | undefined; name: string }) {
  const lang = useLang();
  return known ? (
    <Text fallback={isFallback(lang, known.en)}>{pick(lang, known.ja, known.en)}</Text>
  ) : (
    <Text fallback={lang !== 'ja'}>{name}</Text>
  );
}

const titled = (x: { title: string; titleEn: string } | undefined) => x && { ja: x.title, en: x.titleEn };

/**
 * Progress texts that changed, and reports present in one cycle only (as the compare page's
 * list of changed initiatives counts them, so the two counts agree).
 */
function itemRows(items: CycleDiff['items'], index: TreeIndex, t: Translate): DiffRow[] {
  const changed = [
    ...items.changed.map((c) => ({ ...c, presence: null })),
    ...items.removed.map((r) => ({ ...noChange(r.initiativeId, r.title), presence: 'dropped' as const })),
    ...items.added.map((a) => ({ ...noChange(a.initiativeId, a.title), presence: 'added' as const })),
  ];
  return changed.map((c) => ({
    key: c.initiativeId,
    to: paths.initiative(c.initiativeId),
    label: <Named known={titled(index.initiatives.get(c.initiativeId)?.item.initiative)} name={c.title} />,
    detail: (
      <>
        {c.stage && (
          <span className="change__detail">
            <FromTo
              from={<StageLabel code={c.stage.from} term={index.term('stage', c.stage.from)} />}
              to={<StageLabel code={c.stage.to} term={index.term('stage', c.stage.to)} />}
            />
          </span>
        )}
        {c.presence && (
          <span className="tag">
            {t(c.presence === 'dropped' ? 'web.compare.entry_dropped' : 'web.compare.entry_added')}
          </span>
        )}
        {c.plansChanged && <span className="tag">{t('insight.web.diff.plans_changed')}</span>}
        {c.text && <TextDiff parts={c.text} />}
      </>
    ),
  }));
}

const noChange = (initiativeId: string, title: string): CycleDiff['items']['changed'][number] => ({
  initiativeId,
  title,
  organisationIds: [],
  stage: null,
  text: null,
  plansChanged: false,
});

/** 概況 that changed: rating, the acceleration flag, the narrative. */
function assessmentRows(
  changed: CycleDiff['assessments']['changed'],
  { index, strategyId, cycleId }: { index: TreeIndex; strategyId: string; cycleId: string },
  t: Translate,
): DiffRow[] {
  return changed.map((c) => {
    const node = index.byId.get(c.nodeId);
    return {
      key: c.nodeId,
      to: paths.node(strategyId, cycleId, c.nodeId),
      label: (
        <>
          {node && <>{node.code} </>}
          <Named known={titled(node)} name={c.title} />
        </>
      ),
      detail: (
        <>
          {c.rating && (
            <span className="change__detail">
              <FromTo
                from={<RatingBadge term={index.term('rating', c.rating.from)} />}
                to={<RatingBadge term={index.term('rating', c.rating.to)} />}
              />
            </span>
          )}
          {c.needsAcceleration && (
            <span className="tag">
              {t(
                c.needsAcceleration.to
                  ? 'insight.web.diff.acceleration_on'
                  : 'insight.web.diff.acceleration_off',
              )}
            </span>
          )}
          {c.narrative && <TextDiff parts={c.narrative} />}
        </>
      ),
    };
  });
}

function Indicators({ rows }: { rows: CycleDiff['indicators'] }) {
  const { index } = useStrategy();
  const lang = useLang();
  const figure = (x: { period: string; value: number } | null, unit: string) =>
    x
      ? `${formatNumber(x.value, lang)}${unit ? ` ${unit}` : ''}${paren(lang, periodLabel(x.period, lang))}`
      : '—';
  return (
    <ChangeSection id="diff-kpis" heading="insight.web.diff.kpis" count={rows.length}>
      <DataTable
        keys="web.compare."
        head={['web.indicator.eyebrow', 'before', 'after', num('insight.web.diff.change')]}
      >
        {rows.map((r) => {
          const k = index.tree.indicators.find((i) => i.id === r.indicatorId);
          return (
            <tr key={r.indicatorId}>
              <th scope="row">
                <L to={paths.indicator(r.indicatorId)}>
                  <Named known={k && { ja: k.name, en: k.nameEn }} name={r.name} />
                </L>
              </th>
              <td>{figure(r.from, r.unit)}</td>
              <td>{figure(r.to, r.unit)}</td>
              <td className="num">
                {r.change === null ? '—' : `${r.change > 0 ? '+' : ''}${formatNumber(r.change, lang)}`}
              </td>
            </tr>
          );
        })}
      </DataTable>
    </ChangeSection>
  );
}

/** Text, 概況 and KPI changes from `from` to the page's cycle, as the API computes them. */
export function CycleDiffView({ from }: { from: string }) {
  const strategy = useStrategy();
  const { strategyId, cycleId } = strategy;
  const t = useT();
  const state = useLoad(() => insightApi.diff(strategyId, from, cycleId), `${strategyId}/${from}/${cycleId}`);
  if (state.status === 'loading') return <Loading />;
  // An error here stays a notice: the lists above are still worth reading.
  if (state.status === 'error') {
    return (
      <p role="alert" className="notice">
        {t('insight.web.diff.error')}
      </p>
    );
  }
  return (
    <div className="cycle-diff">
      <DiffList
        id="diff-texts"
        heading="insight.web.diff.texts"
        rows={itemRows(state.data.items, strategy.index, t)}
      />
      <DiffList
        id="diff-assessments"
        heading="insight.web.diff.assessments"
        rows={assessmentRows(state.data.assessments.changed, strategy, t)}
      />
      <Indicators rows={state.data.indicators} />
    </div>
  );
}
