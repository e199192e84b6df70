import { HeatCell, HeatMapPanel, heatMax } from './HeatMapPanel.tsx';
import { L, Text } from '../../components/Link.tsx';
import { isFallback, orgName, orgShort, titleOf } from '../../lib/format.ts';
import { paths } from '../../lib/paths.ts';
import { ministryMatrix } from '../../lib/stats.ts';
import { useStrategy } from '../../lib/strategy-context.ts';
import { useLang } from '../../i18n.ts';
import { num } from '../../components/DataTable.tsx';

/** Ministries × pillars: distinct initiatives each ministry owns (alone or jointly). */
export function MinistryMatrix() {
  const { index, strategyId, cycleId } = useStrategy();
  const lang = useLang();
  const rows = ministryMatrix(index);
  const pillars = index.tree.nodes;
  const max = heatMax(rows.map((r) => r.perPillar));
  return (
    <HeatMapPanel
      name="ministries"
      className="data-table heatmap ministry-matrix"
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
          {pillars.map((p) => (
            <HeatCell key={p.id} count={row.perPillar.get(p.id) ?? 0} max={max} tone="org" />
          ))}
          <td className="num total">{row.total}</td>
        </tr>
      ))}
    </HeatMapPanel>
  );
}
