/**
 * A strategy's card on the portfolio page: its follow-up's targets by rating, the targets with
 * the rating filtered by, the targets needing acceleration, its KPIs' verdicts, and (for staff)
 * how far the newer unpublished cycle has come.
 */
import type { PortfolioStrategy } from '../../../../src/domain/portfolio.ts';
import { DataTable, num } from '../../components/DataTable.tsx';
import { IndicatorLinks } from '../../components/IndicatorLinks.tsx';
import { L } from '../../components/Link.tsx';
import { fiscalYearLabel, pick, titleOf } from '../../lib/format.ts';
import { paths } from '../../lib/paths.ts';
import { useLang, useT } from '../../i18n.ts';
import { StrategyTitle, Title } from './StrategyTitle.tsx';

/** `rating`: the label of the rating filtered by, if any. */
export function StrategyCard({ s, rating }: { s: PortfolioStrategy; rating: string | null }) {
  const t = useT();
  const lang = useLang();
  const targets = (list: PortfolioStrategy['acceleration'], none: string) =>
    list.length === 0 ? (
      <p>{none}</p>
    ) : (
      <ul className="plain-list">
        {list.map((a) => (
          <li key={a.id}>
            <L to={paths.node(s.strategy.id, s.cycle.id, a.id)}>
              {a.code} <Title item={a} />
            </L>
          </li>
        ))}
      </ul>
    );
  return (
    <li className="card">
      <StrategyTitle
        strategy={s.strategy}
        cycle={s.cycle}
        className="card__title"
        detail={t('web.portfolio.counts', { targets: s.targets, initiatives: s.initiatives })}
      />
      <DataTable
        keys="web.portfolio."
        head={['rating', num('targets')]}
        caption={t('web.portfolio.ratings', { strategy: titleOf(lang, s.strategy) })}
        captionId={`ratings-${s.strategy.id}`}
        scroll
      >
        {s.ratings.map((r) => (
          <tr key={r.code} data-category={r.category}>
            <th scope="row">{pick(lang, r.labelJa, r.labelEn)}</th>
            <td className="num">{r.count}</td>
          </tr>
        ))}
        {s.unrated > 0 && (
          <tr>
            <th scope="row">{t('web.portfolio.unrated')}</th>
            <td className="num">{s.unrated}</td>
          </tr>
        )}
      </DataTable>
      {rating && (
        <>
          <h3 className="card__subtitle">{t('web.portfolio.rated', { rating })}</h3>
          {targets(s.rated, t('web.portfolio.rated_none'))}
        </>
      )}
      <h3 className="card__subtitle">{t('web.portfolio.acceleration')}</h3>
      {targets(s.acceleration, t('web.dashboard.acceleration_none'))}
      <h3 className="card__subtitle">{t('web.portfolio.kpis')}</h3>
      <p data-testid="portfolio-kpis">
        {t('web.portfolio.kpi_counts', {
          total: s.kpis.total,
          reached: s.kpis.reached,
          onTrack: s.kpis.onTrack,
          offTrack: s.kpis.offTrack,
          unknown: s.kpis.unknown,
        })}
      </p>
      {s.offTrack.length > 0 && (
        <details>
          <summary>{t('web.portfolio.off_track', { count: s.offTrack.length })}</summary>
          <IndicatorLinks indicators={s.offTrack} className="plain-list" />
        </details>
      )}
      {s.latest && (
        <p className="subtle" data-testid="portfolio-latest">
          {t('web.portfolio.latest', {
            year: fiscalYearLabel(s.latest.cycle.fiscalYear, lang),
            state: t(`web.unpublished.state.${s.latest.cycle.state}`),
          })}
          {s.latest.entries.map((e) => `・${t(`web.portfolio.state.${e.state}`)} ${e.count}`).join('')}
        </p>
      )}
    </li>
  );
}
