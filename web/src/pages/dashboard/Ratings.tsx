import { RatingBadge } from '../../components/Badges.tsx';
import { Panel } from './Panel.tsx';
import { HeatCell, HeatMapPanel, heatMax } from './HeatMapPanel.tsx';
import { L, Text } from '../../components/Link.tsx';
import { isFallback, titleOf } from '../../lib/format.ts';
import { paths } from '../../lib/paths.ts';
import { NO_RATING, pillarRatingMatrix, ratingColumns, ratingCounts } from '../../lib/stats.ts';
import { useStrategy } from '../../lib/strategy-context.ts';
import { useLang, useT } from '../../i18n.ts';
import { DataTable, num } from '../../components/DataTable.tsx';

/** Targets per rating: a table with a bar per row (the number is always written). */
export function RatingCounts() {
  const { index } = useStrategy();
  const t = useT();
  const counts = ratingCounts(index);
  const columns = ratingColumns(index);
  const max = Math.max(1, ...counts.values());
  const total = [...counts.values()].reduce((a, b) => a + b, 0);
  return (
    <Panel name="ratings">
      <DataTable
        className="data-table rating-counts"
        caption={t('web.dashboard.ratings_caption', { total })}
        head={['web.rating.heading', num('web.dashboard.target_count')]}
      >
        {columns.map((code) => {
          const n = counts.get(code) ?? 0;
          const term = code === NO_RATING ? undefined : index.term('rating', code);
          return (
            <tr key={code}>
              <th scope="row">
                <RatingBadge term={term} />
              </th>
              <td className="num">
                <span className="bar-cell">
                  <span
                    className={`bar bar--${term?.category ?? 'none'}`}
                    style={{ width: `${(n / max) * 100}%` }}
                    aria-hidden="true"
                  />
                  <span className="bar-value">{n}</span>
                </span>
              </td>
            </tr>
          );
        })}
      </DataTable>
    </Panel>
  );
}

/**
 * Pillars × ratings as a heat map: a row per rating, a column per pillar, the count written
 * in each cell and its background deepening with the count.
 */
export function HeatMap() {
  const { index, strategyId, cycleId } = useStrategy();
  const lang = useLang();
  const pillars = pillarRatingMatrix(index);
  const ratings = ratingColumns(index);
  const max = heatMax(pillars.map((r) => r.counts));
  return (
    <HeatMapPanel
      name="heatmap"
      head={[
        'web.rating.heading',
        ...pillars.map(({ pillar }) => (
          <th scope="col" key={pillar.id}>
            <L to={paths.node(strategyId, cycleId, pillar.id)}>
              {pillar.code}. <Text fallback={isFallback(lang, pillar.titleEn)}>{titleOf(lang, pillar)}</Text>
            </L>
          </th>
        )),
      ]}
    >
      {ratings.map((code) => {
        const term = code === NO_RATING ? undefined : index.term('rating', code);
        const category = term?.category ?? 'none';
        return (
          <tr key={code}>
            <th scope="row">
              <RatingBadge term={term} />
            </th>
            {pillars.map(({ pillar, counts }) => {
              const n = counts.get(code) ?? 0;
              return (
                <HeatCell key={pillar.id} count={n} max={max} tone={category}>
                  {n === 0 ? (
                    <>
                      <span aria-hidden="true">–</span>
                      <span className="visually-hidden">0</span>
                    </>
                  ) : (
                    n
                  )}
                </HeatCell>
              );
            })}
          </tr>
        );
      })}
    </HeatMapPanel>
  );
}
