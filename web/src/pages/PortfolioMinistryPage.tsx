/**
 * /portfolio/ministries/:organisationId — one ministry across the government's strategies:
 * its initiatives in every strategy's latest published follow-up (or a fiscal year's, from
 * the address), each with the rating of the target it is listed under, its KPIs' verdicts and
 * the budget of its projects for that year (the review's figures, linked when the cycle was
 * published).
 */
import { useParams } from 'react-router';
import { api } from '../api/endpoints.ts';
import { L } from '../components/Link.tsx';
import { Loaded } from '../components/States.tsx';
import { pick } from '../lib/format.ts';
import { useLoad, usePageTitle } from '../lib/hooks.ts';
import { paths } from '../lib/paths.ts';
import { useLang, useT } from '../i18n.ts';
import { Filters, useFiscalYear } from './portfolio/Filters.tsx';
import { MinistryStrategy } from './portfolio/MinistryStrategy.tsx';

export function PortfolioMinistryPage() {
  const t = useT();
  const lang = useLang();
  const { organisationId = '' } = useParams();
  const fiscalYear = useFiscalYear();
  const state = useLoad(
    () => api.portfolioMinistry(organisationId, fiscalYear),
    `${organisationId}/${fiscalYear ?? ''}`,
  );
  const nameOf = (o: { nameJa: string; nameEn: string }) => pick(lang, o.nameJa, o.nameEn);
  const name = state.status === 'ok' ? nameOf(state.data.organisation) : null;
  usePageTitle(
    name === null ? null : t('web.portfolio.ministry_title', { name }),
    name === null ? undefined : t('web.meta.portfolio_ministry', { name }),
  );
  return (
    <Loaded state={state}>
      {(p) => (
        <>
          <p>
            <L to={paths.portfolio()}>{t('web.portfolio.back')}</L>
          </p>
          <h1>{t('web.portfolio.ministry_title', { name: nameOf(p.organisation) })}</h1>
          <p className="lead">{t('web.portfolio.ministry_lead')}</p>
          <Filters id="ministry" fields={[]} years={p.choices.fiscalYears} />
          {p.strategies.length === 0 ? (
            <p>{t('web.portfolio.ministry_none')}</p>
          ) : (
            p.strategies.map((s) => <MinistryStrategy key={s.strategy.id} s={s} />)
          )}
        </>
      )}
    </Loaded>
  );
}
