/**
 * A strategy on a ministry's page across strategies: the ministry's initiatives in the
 * follow-up shown, each with the rating of the targets it is listed under, its KPIs' outlook
 * and its projects' budget and execution rate for that year.
 */
import type { PortfolioMinistryPage } from '../../../../src/domain/portfolio.ts';
import { DataTable, num } from '../../components/DataTable.tsx';
import { L } from '../../components/Link.tsx';
import { rateLabel, yenLabel } from '../../lib/budget.ts';
import { pick, titleOf } from '../../lib/format.ts';
import { paths } from '../../lib/paths.ts';
import { useLang, useT } from '../../i18n.ts';
import { StrategyTitle, Title } from './StrategyTitle.tsx';

type Strategy = PortfolioMinistryPage['strategies'][number];

export function MinistryStrategy({ s }: { s: Strategy }) {
  const t = useT();
  const lang = useLang();
  const ratingLabel = (code: string | null) => {
    const term = s.ratings.find((r) => r.code === code);
    return term ? pick(lang, term.labelJa, term.labelEn) : t('web.portfolio.unrated');
  };
  const headingId = `ministry-strategy-${s.strategy.id}`;
  const budget =
    s.budget &&
    `・${t('web.portfolio.budget_total', { total: yenLabel(s.budget.total, lang), rate: rateLabel(s.budget.rate) })}`;
  return (
    <section aria-labelledby={headingId} data-testid="ministry-strategy">
      <StrategyTitle
        strategy={s.strategy}
        cycle={s.cycle}
        id={headingId}
        detail={`${t('web.portfolio.initiative_count', { count: s.initiatives.length })}${budget || ''}`}
      />
      <DataTable
        keys="web.portfolio."
        head={['initiative', 'target_rating', 'kpis', num('budget'), num('executed')]}
        caption={t('web.portfolio.ministry_table_caption', { strategy: titleOf(lang, s.strategy) })}
        captionId={`${headingId}-caption`}
        scroll
      >
        {s.initiatives.map((i) => (
          <tr key={i.id}>
            <th scope="row">
              <L to={paths.initiative(i.id)}>
                <Title item={i} />
              </L>
              {i.stage && <span className="subtle">（{pick(lang, i.stage.labelJa, i.stage.labelEn)}）</span>}
            </th>
            <td>
              {i.targets.length === 0
                ? '—'
                : i.targets.map((tg) => (
                    <div key={tg.id}>
                      <L to={paths.node(s.strategy.id, s.cycle.id, tg.id)}>{tg.code}</L>{' '}
                      {ratingLabel(tg.rating)}
                    </div>
                  ))}
            </td>
            <td>
              {i.kpis.total === 0
                ? '—'
                : t('web.portfolio.kpi_short', {
                    total: i.kpis.total,
                    offTrack: i.kpis.offTrack,
                    onTrack: i.kpis.onTrack + i.kpis.reached,
                  })}
            </td>
            <td className="num">{i.budget ? yenLabel(i.budget.total, lang) : '—'}</td>
            <td className="num">{i.budget ? rateLabel(i.budget.rate) : '—'}</td>
          </tr>
        ))}
      </DataTable>
    </section>
  );
}
