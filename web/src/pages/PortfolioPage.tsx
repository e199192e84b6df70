/**
 * /portfolio — the government's strategies side by side: each strategy's latest published
 * follow-up (or a fiscal year's) with the ratings of its targets, the targets needing
 * acceleration and the KPIs whose projection misses their target, and per ministry across
 * all of them, each ministry linking to its page across strategies. Filters by ministry,
 * strategy, rating and fiscal year live in the address, so a filtered view can be linked.
 * Staff also see how far each newer, unpublished cycle has come.
 */
import type { Portfolio, PortfolioStrategy } from '../../../src/domain/portfolio.ts';
import { api } from '../api/endpoints.ts';
import { L, Text } from '../components/Link.tsx';
import { Loaded } from '../components/States.tsx';
import { cycleName, fiscalYearLabel, isFallback, pick, titleOf } from '../lib/format.ts';
import { useLoad, usePageTitle } from '../lib/hooks.ts';
import { paths } from '../lib/paths.ts';
import { useLang, useT } from '../i18n.ts';
import { Filters, useFilters } from './portfolio/Filters.tsx';

const NAMES = ['ministry', 'strategy', 'rating', 'fiscalYear'] as const;

export function PortfolioPage() {
  const t = useT();
  const lang = useLang();
  usePageTitle(t('web.portfolio.title'));
  const [value] = useFilters();
  const year = Number(value('fiscalYear'));
  const filter = {
    ...(value('ministry') && { ministry: value('ministry') }),
    ...(value('strategy') && { strategy: value('strategy') }),
    ...(value('rating') && { rating: value('rating') }),
    ...(Number.isInteger(year) && year > 0 && { fiscalYear: year }),
  };
  const state = useLoad(() => api.portfolio(filter), NAMES.map(value).join('/'));
  return (
    <>
      <h1>{t('web.portfolio.title')}</h1>
      <p className="lead">{t('web.portfolio.lead')}</p>
      <Loaded state={state}>
        {(p) => (
          <>
            <Filters
              id="portfolio"
              fields={[
                {
                  name: 'ministry',
                  label: t('web.portfolio.ministry'),
                  all: t('web.portfolio.all_ministries'),
                  options: p.choices.ministries.map((m) => ({
                    value: m.id,
                    label: pick(lang, m.nameJa, m.nameEn),
                  })),
                },
                {
                  name: 'strategy',
                  label: t('web.portfolio.strategy'),
                  all: t('web.portfolio.all_strategies'),
                  options: p.choices.strategies.map((s) => ({ value: s.id, label: titleOf(lang, s) })),
                },
                {
                  name: 'rating',
                  label: t('web.portfolio.rating'),
                  all: t('web.portfolio.all_ratings'),
                  options: p.choices.ratings.map((r) => ({
                    value: r.code,
                    label: pick(lang, r.labelJa, r.labelEn),
                  })),
                },
                {
                  name: 'fiscalYear',
                  label: t('web.portfolio.fiscal_year'),
                  all: t('web.portfolio.latest_year'),
                  options: p.choices.fiscalYears.map((y) => ({
                    value: String(y),
                    label: fiscalYearLabel(y, lang),
                  })),
                },
              ]}
            />
            <Strategies
              portfolio={p}
              rating={(() => {
                const r = p.choices.ratings.find((x) => x.code === value('rating'));
                return r ? pick(lang, r.labelJa, r.labelEn) : null;
              })()}
            />
            <Ministries portfolio={p} />
          </>
        )}
      </Loaded>
    </>
  );
}

function Strategies({ portfolio, rating }: { portfolio: Portfolio; rating: string | null }) {
  const t = useT();
  if (portfolio.strategies.length === 0) return <p>{t('web.portfolio.none')}</p>;
  return (
    <ul className="card-list" data-testid="portfolio-strategies">
      {portfolio.strategies.map((s) => (
        <StrategyCard key={s.strategy.id} s={s} rating={rating} />
      ))}
    </ul>
  );
}

/** `rating`: the label of the rating filtered by, if any. */
function StrategyCard({ s, rating }: { s: PortfolioStrategy; rating: string | null }) {
  const t = useT();
  const lang = useLang();
  const targetLinks = (list: PortfolioStrategy['acceleration']) => (
    <ul className="plain-list">
      {list.map((a) => (
        <li key={a.id}>
          <L to={paths.node(s.strategy.id, s.cycle.id, a.id)}>
            {a.code} <Text fallback={isFallback(lang, a.titleEn)}>{titleOf(lang, a)}</Text>
          </L>
        </li>
      ))}
    </ul>
  );
  return (
    <li className="card">
      <h2 className="card__title">
        <L to={paths.dashboard(s.strategy.id, s.cycle.id)}>
          <Text fallback={isFallback(lang, s.strategy.titleEn)}>{titleOf(lang, s.strategy)}</Text>
        </L>
      </h2>
      <p className="subtle">
        {cycleName(s.cycle, lang)}・
        {t('web.portfolio.counts', { targets: s.targets, initiatives: s.initiatives })}
      </p>
      <div className="table-scroll" role="region" aria-labelledby={`ratings-${s.strategy.id}`} tabIndex={0}>
        <table className="data-table">
          <caption id={`ratings-${s.strategy.id}`}>
            {t('web.portfolio.ratings', { strategy: titleOf(lang, s.strategy) })}
          </caption>
          <thead>
            <tr>
              <th scope="col">{t('web.portfolio.rating')}</th>
              <th scope="col" className="num">
                {t('web.portfolio.targets')}
              </th>
            </tr>
          </thead>
          <tbody>
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
          </tbody>
        </table>
      </div>
      {rating && (
        <>
          <h3 className="card__subtitle">{t('web.portfolio.rated', { rating })}</h3>
          {s.rated.length === 0 ? <p>{t('web.portfolio.rated_none')}</p> : targetLinks(s.rated)}
        </>
      )}
      <h3 className="card__subtitle">{t('web.portfolio.acceleration')}</h3>
      {s.acceleration.length === 0 ? (
        <p>{t('web.dashboard.acceleration_none')}</p>
      ) : (
        targetLinks(s.acceleration)
      )}
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
          <ul className="plain-list">
            {s.offTrack.map((k) => (
              <li key={k.id}>
                <L to={paths.indicator(k.id)}>
                  <Text fallback={isFallback(lang, k.nameEn)}>{pick(lang, k.name, k.nameEn)}</Text>
                </L>
              </li>
            ))}
          </ul>
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

function Ministries({ portfolio }: { portfolio: Portfolio }) {
  const t = useT();
  const lang = useLang();
  if (portfolio.ministries.length === 0) return null;
  const rated = portfolio.ministries.some((m) => m.rated !== null);
  return (
    <section aria-labelledby="portfolio-ministries">
      <h2 id="portfolio-ministries">{t('web.portfolio.per_ministry')}</h2>
      <div className="table-scroll" role="region" aria-label={t('web.portfolio.ministry_table')} tabIndex={0}>
        <table className="data-table" data-testid="portfolio-ministries">
          <thead>
            <tr>
              <th scope="col">{t('web.portfolio.ministry')}</th>
              <th scope="col" className="num">
                {t('web.portfolio.strategies')}
              </th>
              <th scope="col" className="num">
                {t('web.portfolio.initiatives')}
              </th>
              <th scope="col" className="num">
                {t('web.portfolio.acceleration_targets')}
              </th>
              <th scope="col" className="num">
                {t('web.portfolio.kpis_off_track')}
              </th>
              {rated && (
                <th scope="col" className="num">
                  {t('web.portfolio.rated_targets')}
                </th>
              )}
            </tr>
          </thead>
          <tbody>
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
          </tbody>
        </table>
      </div>
    </section>
  );
}
