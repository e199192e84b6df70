/**
 * /portfolio/ministries/:organisationId — one ministry across the government's strategies:
 * its initiatives in every strategy's latest published follow-up (or a fiscal year's), each
 * with the rating of the target it is listed under, its KPIs' verdicts and the budget of its
 * projects for that year (the review's figures, linked when the cycle was published).
 */
import { useParams } from 'react-router';
import type { PortfolioMinistryPage as Page } from '../../../src/domain/portfolio.ts';
import { api } from '../api/endpoints.ts';
import { L, Text } from '../components/Link.tsx';
import { Loaded } from '../components/States.tsx';
import { rateLabel, yenLabel } from '../lib/budget.ts';
import { cycleName, fiscalYearLabel, isFallback, pick, titleOf } from '../lib/format.ts';
import { useLoad, usePageTitle } from '../lib/hooks.ts';
import { paths } from '../lib/paths.ts';
import { useLang, useT } from '../i18n.ts';
import { Filters, useFilters } from './portfolio/Filters.tsx';

export function PortfolioMinistryPage() {
  const t = useT();
  const lang = useLang();
  const { organisationId = '' } = useParams();
  const [value] = useFilters();
  const year = Number(value('fiscalYear'));
  const fiscalYear = Number.isInteger(year) && year > 0 ? year : undefined;
  const state = useLoad(
    () => api.portfolioMinistry(organisationId, fiscalYear),
    `${organisationId}/${fiscalYear ?? ''}`,
  );
  const name =
    state.status === 'ok' ? pick(lang, state.data.organisation.nameJa, state.data.organisation.nameEn) : null;
  usePageTitle(name === null ? null : t('web.portfolio.ministry_title', { name }));
  return (
    <Loaded state={state}>
      {(p) => (
        <>
          <p>
            <L to={paths.portfolio()}>{t('web.portfolio.back')}</L>
          </p>
          <h1>
            {t('web.portfolio.ministry_title', {
              name: pick(lang, p.organisation.nameJa, p.organisation.nameEn),
            })}
          </h1>
          <p className="lead">{t('web.portfolio.ministry_lead')}</p>
          <Filters
            id="ministry"
            fields={[
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
          {p.strategies.length === 0 ? (
            <p>{t('web.portfolio.ministry_none')}</p>
          ) : (
            p.strategies.map((s) => <StrategySection key={s.strategy.id} s={s} />)
          )}
        </>
      )}
    </Loaded>
  );
}

function StrategySection({ s }: { s: Page['strategies'][number] }) {
  const t = useT();
  const lang = useLang();
  const ratingLabel = (code: string | null) => {
    const term = s.ratings.find((r) => r.code === code);
    return term ? pick(lang, term.labelJa, term.labelEn) : t('web.portfolio.unrated');
  };
  const headingId = `ministry-strategy-${s.strategy.id}`;
  return (
    <section aria-labelledby={headingId} data-testid="ministry-strategy">
      <h2 id={headingId}>
        <L to={paths.dashboard(s.strategy.id, s.cycle.id)}>
          <Text fallback={isFallback(lang, s.strategy.titleEn)}>{titleOf(lang, s.strategy)}</Text>
        </L>
      </h2>
      <p className="subtle">
        {cycleName(s.cycle, lang)}・{t('web.portfolio.initiative_count', { count: s.initiatives.length })}
        {s.budget &&
          `・${t('web.portfolio.budget_total', { total: yenLabel(s.budget.total, lang), rate: rateLabel(s.budget.rate) })}`}
      </p>
      <div className="table-scroll" role="region" aria-labelledby={`${headingId}-caption`} tabIndex={0}>
        <table className="data-table">
          <caption id={`${headingId}-caption`}>
            {t('web.portfolio.ministry_table_caption', { strategy: titleOf(lang, s.strategy) })}
          </caption>
          <thead>
            <tr>
              <th scope="col">{t('web.portfolio.initiative')}</th>
              <th scope="col">{t('web.portfolio.target_rating')}</th>
              <th scope="col">{t('web.portfolio.kpis')}</th>
              <th scope="col" className="num">
                {t('web.portfolio.budget')}
              </th>
              <th scope="col" className="num">
                {t('web.portfolio.executed')}
              </th>
            </tr>
          </thead>
          <tbody>
            {s.initiatives.map((i) => (
              <tr key={i.id}>
                <th scope="row">
                  <L to={paths.initiative(i.id)}>
                    <Text fallback={isFallback(lang, i.titleEn)}>{titleOf(lang, i)}</Text>
                  </L>
                  {i.stage && (
                    <span className="subtle">（{pick(lang, i.stage.labelJa, i.stage.labelEn)}）</span>
                  )}
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
          </tbody>
        </table>
      </div>
    </section>
  );
}
