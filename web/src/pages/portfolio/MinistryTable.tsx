/**
 * The portfolio page's table of ministries across the strategies shown: strategies,
 * initiatives, targets needing acceleration, KPIs projected to miss and (when filtered by a
 * rating) targets with that rating, each ministry linked to its page across strategies.
 */
import type { Portfolio } from '../../../../src/domain/portfolio.ts';
import { DataTable, num } from '../../components/DataTable.tsx';
import { L } from '../../components/Link.tsx';
import { pick } from '../../lib/format.ts';
import { paths } from '../../lib/paths.ts';
import { useLang, useT } from '../../i18n.ts';

export function MinistryTable({ portfolio }: { portfolio: Portfolio }) {
  const t = useT();
  const lang = useLang();
  if (portfolio.ministries.length === 0) return null;
  const rated = portfolio.ministries.some((m) => m.rated !== null);
  return (
    <section aria-labelledby="portfolio-ministries">
      <h2 id="portfolio-ministries">{t('web.portfolio.per_ministry')}</h2>
      <DataTable
        keys="web.portfolio."
        head={[
          'ministry',
          ...['strategies', 'initiatives', 'acceleration_targets', 'kpis_off_track'].map(num),
          rated && num('rated_targets'),
        ]}
        caption={t('web.portfolio.ministry_table')}
        captionId="portfolio-ministry-table"
        captionClassName="visually-hidden"
        testId="portfolio-ministries"
        scroll
      >
        {portfolio.ministries.map((m) => (
          <tr key={m.organisationId}>
            <th scope="row">
              <L to={paths.portfolioMinistry(m.organisationId)}>{pick(lang, m.nameJa, m.nameEn)}</L>
            </th>
            <td className="num">{m.strategies}</td>
            <td className="num">{m.initiatives}</td>
            <td className="num">{m.acceleration}</td>
            <td className="num">{m.kpisOffTrack}</td>
            {rated && <td className="num">{m.rated ?? 0}</td>}
          </tr>
        ))}
      </DataTable>
    </section>
  );
}
