/**
 * /portfolio — the government's strategies side by side: each strategy's latest published
 * follow-up (or a fiscal year's) with the ratings of its targets, the targets needing
 * acceleration and the KPIs whose projection misses their target, and per ministry across
 * all of them, each ministry linking to its page across strategies. Filters by ministry,
 * strategy, rating and fiscal year live in the address, so a filtered view can be linked (and
 * is rendered on the server as it is in the browser). Staff also see how far each newer,
 * unpublished cycle has come.
 */
import type { Portfolio } from '../../../src/domain/portfolio.ts';
import { api } from '../api/endpoints.ts';
import { Loaded } from '../components/States.tsx';
import { pick, titleOf } from '../lib/format.ts';
import { useLoad, usePageTitle } from '../lib/hooks.ts';
import { useLang, useT } from '../i18n.ts';
import { Filters, useFilters, useFiscalYear, type FilterField } from './portfolio/Filters.tsx';
import { MinistryTable } from './portfolio/MinistryTable.tsx';
import { StrategyCard } from './portfolio/StrategyCard.tsx';

export function PortfolioPage() {
  const t = useT();
  usePageTitle(t('web.portfolio.title'), t('web.meta.portfolio'));
  const [value] = useFilters();
  const fiscalYear = useFiscalYear();
  const filter = {
    ...(value('ministry') && { ministry: value('ministry') }),
    ...(value('strategy') && { strategy: value('strategy') }),
    ...(value('rating') && { rating: value('rating') }),
    ...(fiscalYear !== undefined && { fiscalYear }),
  };
  const key = ['ministry', 'strategy', 'rating'].map(value).join('/') + `/${fiscalYear ?? ''}`;
  const state = useLoad(() => api.portfolio(filter), key);
  return (
    <>
      <h1>{t('web.portfolio.title')}</h1>
      <p className="lead">{t('web.portfolio.lead')}</p>
      <Loaded state={state}>{(p) => <PortfolioView portfolio={p} rating={value('rating')} />}</Loaded>
    </>
  );
}

/** `rating`: the code of the rating filtered by ('' for none). */
function PortfolioView({ portfolio: p, rating }: { portfolio: Portfolio; rating: string }) {
  const t = useT();
  const lang = useLang();
  const chosen = p.choices.ratings.find((r) => r.code === rating);
  const fields: FilterField[] = [
    {
      name: 'ministry',
      label: t('web.portfolio.ministry'),
      all: t('web.portfolio.all_ministries'),
      options: p.choices.ministries.map((m) => ({ value: m.id, label: pick(lang, m.nameJa, m.nameEn) })),
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
      options: p.choices.ratings.map((r) => ({ value: r.code, label: pick(lang, r.labelJa, r.labelEn) })),
    },
  ];
  return (
    <>
      <Filters id="portfolio" fields={fields} years={p.choices.fiscalYears} />
      {p.strategies.length === 0 ? (
        <p>{t('web.portfolio.none')}</p>
      ) : (
        <ul className="card-list" data-testid="portfolio-strategies">
          {p.strategies.map((s) => (
            <StrategyCard
              key={s.strategy.id}
              s={s}
              rating={chosen ? pick(lang, chosen.labelJa, chosen.labelEn) : null}
            />
          ))}
        </ul>
      )}
      <MinistryTable portfolio={p} />
    </>
  );
}
