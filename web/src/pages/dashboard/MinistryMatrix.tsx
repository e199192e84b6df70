import { TableSection } from '../../components/Section.tsx';
import { L, Text } from '../../components/Link.tsx';
import { isFallback, orgName, orgShort, titleOf } from '../../lib/format.ts';
import { paths } from '../../lib/paths.ts';
import { heatLevel, ministryMatrix } from '../../lib/stats.ts';
import { useStrategy } from '../../lib/strategy-context.ts';
import { useLang, useT } from '../../i18n.ts';
import { DataTable, num } from '../../components/DataTable.tsx';

/** Ministries × pillars: distinct initiatives each ministry owns (alone or jointly). */
export function MinistryMatrix() {
  const { index, strategyId, cycleId } = useStrategy();
  const lang = useLang();
  const t = useT();
  const rows = ministryMatrix(index);
  const pillars = index.tree.nodes;
  const max = Math.max(1, ...rows.flatMap((r) => [...r.perPillar.values()]));
  return (
    <TableSection id="ministries-heading" title={t('web.dashboard.ministries')} className="panel panel--wide">
      <DataTable
        className="data-table heatmap ministry-matrix"
        caption={t('web.dashboard.ministries_caption')}
        head={[
          'web.ministry',
          ...pillars.map((p) => (
            <th scope="col" key={p.id}>
              {p.code}. <Text fallback={isFallback(lang, p.titleEn)}>{titleOf(lang, p)}</Text>
            </th>
          )),
          num('web.total'),
        ]}
      >
        {rows.map((row) => (
          <tr key={row.org.id}>
            <th scope="row">
              <L to={paths.organisation(strategyId, cycleId, row.org.id)}>{orgShort(lang, row.org)}</L>
              {lang === 'ja' && row.org.nameJa !== row.org.shortName && (
                <span className="subtle">（{orgName(lang, row.org)}）</span>
              )}
            </th>
            {pillars.map((p) => {
              const n = row.perPillar.get(p.id) ?? 0;
              return (
                <td key={p.id} className={`num heat heat--org heat--l${heatLevel(n, max)}`}>
                  {n}
                </td>
              );
            })}
            <td className="num total">{row.total}</td>
          </tr>
        ))}
      </DataTable>
    </TableSection>
  );
}
