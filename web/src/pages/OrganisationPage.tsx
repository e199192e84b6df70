/**
 * A ministry's view of one cycle: its initiatives across the strategy (where each is
 * listed, its stage, joint owners) and what changed since the previous cycle.
 */
import { useParams } from 'react-router';
import type { Organisation } from '../../../src/domain/model.ts';
import { api } from '../api/endpoints.ts';
import { OrgChips, StageLabel } from '../components/Badges.tsx';
import { Breadcrumbs } from '../components/Breadcrumbs.tsx';
import { TableScroll } from '../components/TableScroll.tsx';
import { L, Text } from '../components/Link.tsx';
import { Loaded, NotFoundContent } from '../components/States.tsx';
import { diffTrees, type TreeDiff } from '../../../src/domain/insight/tree-diff.ts';
import { cycleName, isFallback, orgName, titleOf } from '../lib/format.ts';
import { useLoad, usePageTitle } from '../lib/hooks.ts';
import { paths } from '../lib/paths.ts';
import { useCycleDescription, useStrategy } from '../lib/strategy-context.ts';
import { useLang, useT } from '../i18n.ts';
import { ChangeList } from './compare/ChangeList.tsx';
import { DataTable } from '../components/DataTable.tsx';

function Changes({ org }: { org: Organisation }) {
  const { strategy, index, strategyId } = useStrategy();
  const t = useT();
  const lang = useLang();
  const previousId = index.tree.previousCycleId;
  const previous = strategy.cycles.find((c) => c.id === previousId);
  const state = useLoad<TreeDiff | null>(
    () =>
      previousId
        ? api.tree(strategyId, previousId).then((prev) => diffTrees(prev, index.tree))
        : Promise.resolve(null),
    `${strategyId}/${previousId ?? ''}/${index.tree.cycle.id}`,
  );
  return (
    <section aria-labelledby="changes-heading">
      <h2 id="changes-heading">{t('web.org.changes')}</h2>
      <Loaded state={state}>
        {(diff) => {
          if (!diff) return <p className="notice">{t('web.org.no_previous')}</p>;
          return (
            <>
              <p>
                {t('web.org.compared_with', {
                  cycle: previous ? cycleName(previous, lang) : (previousId ?? ''),
                })}
              </p>
              <ChangeList diff={diff} only={(x) => x.initiative.ownerIds.includes(org.id)} headingLevel={3} />
            </>
          );
        }}
      </Loaded>
    </section>
  );
}

export function OrganisationPage() {
  const { organisationId = '' } = useParams();
  const { strategy, index, strategyId, cycleId } = useStrategy();
  const lang = useLang();
  const t = useT();
  const org = index.orgs.get(organisationId);
  usePageTitle(
    org ? orgName(lang, org) : null,
    useCycleDescription('organisation', org ? orgName(lang, org) : ''),
  );
  if (!org) return <NotFoundContent />;
  const placements = [...index.initiatives.values()].filter((p) =>
    p.item.initiative.ownerIds.includes(org.id),
  );
  const joint = placements.filter((p) => p.item.initiative.ownerIds.length > 1).length;
  return (
    <>
      <Breadcrumbs
        items={[{ to: paths.dashboard(strategyId, cycleId), label: titleOf(lang, strategy) }]}
        current={orgName(lang, org)}
      />
      <p className="eyebrow">{t('web.ministry')}</p>
      <h1>{orgName(lang, org)}</h1>
      {lang === 'ja' && org.shortName !== org.nameJa && (
        <p className="subtle">{t('web.org.short_name', { name: org.shortName })}</p>
      )}
      <p>{t('web.org.counts', { count: placements.length, joint })}</p>
      <section aria-labelledby="initiatives-heading">
        <h2 id="initiatives-heading">{t('web.org.initiatives')}</h2>
        {placements.length === 0 ? (
          <p>{t('web.org.none')}</p>
        ) : (
          <TableScroll labelledBy="initiatives-heading">
            <DataTable
              keys="web.initiative."
              head={['eyebrow', 'web.stage.label', 'listed_under', 'web.org.joint']}
            >
              {placements.map(({ item, nodes }) => {
                const others = item.initiative.ownerIds
                  .filter((id) => id !== org.id)
                  .map((id) => index.orgs.get(id))
                  .filter((o): o is Organisation => o !== undefined);
                return (
                  <tr key={item.initiative.id}>
                    <th scope="row">
                      <L to={paths.initiative(item.initiative.id)}>
                        <Text fallback={isFallback(lang, item.initiative.titleEn)}>
                          {titleOf(lang, item.initiative)}
                        </Text>
                      </L>
                    </th>
                    <td>
                      <StageLabel
                        code={item.entry?.stage ?? null}
                        term={index.term('stage', item.entry?.stage ?? null)}
                      />
                    </td>
                    <td>
                      <ul className="inline-list">
                        {nodes.map((n) => (
                          <li key={n.id}>
                            <L to={paths.node(strategyId, cycleId, n.id)}>{n.code}</L>
                          </li>
                        ))}
                      </ul>
                    </td>
                    <td>
                      {others.length > 0 ? (
                        <OrgChips orgs={others} strategyId={strategyId} cycleId={cycleId} />
                      ) : (
                        '—'
                      )}
                    </td>
                  </tr>
                );
              })}
            </DataTable>
          </TableScroll>
        )}
      </section>
      <Changes org={org} />
    </>
  );
}
