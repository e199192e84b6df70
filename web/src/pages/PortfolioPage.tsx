/**
 * /portfolio — the government's strategies side by side: each strategy's latest published
 * follow-up with the ratings of its targets and the targets needing acceleration, and per
 * ministry across all of them; filtered by ministry and strategy (in the address, so a
 * filtered view can be linked).
 */
import { useSearchParams } from 'react-router';
import type { Portfolio } from '../../../src/domain/portfolio.ts';
import { api } from '../api/endpoints.ts';
import { L, Text } from '../components/Link.tsx';
import { Loaded } from '../components/States.tsx';
import { cycleName, isFallback, pick, titleOf } from '../lib/format.ts';
import { useLoad, usePageTitle } from '../lib/hooks.ts';
import { paths } from '../lib/paths.ts';
import { useLang, useT } from '../i18n.ts';
import { DataTable, num } from '../components/DataTable.tsx';

export function PortfolioPage() {
  const t = useT();
  usePageTitle(t('web.portfolio.title'));
  const [params, setParams] = useSearchParams();
  const ministry = params.get('ministry') ?? '';
  const strategy = params.get('strategy') ?? '';
  const filter = { ...(ministry && { ministry }), ...(strategy && { strategy }) };
  const state = useLoad(() => api.portfolio(filter), `${ministry}/${strategy}`);
  const choose = (name: 'ministry' | 'strategy', value: string) => {
    const next = new URLSearchParams(params);
    if (value) next.set(name, value);
    else next.delete(name);
    setParams(next);
  };
  return (
    <>
      <h1>{t('web.portfolio.title')}</h1>
      <p className="lead">{t('web.portfolio.lead')}</p>
      <Loaded state={state}>
        {(p) => (
          <>
            <Filters portfolio={p} ministry={ministry} strategy={strategy} choose={choose} />
            <Strategies portfolio={p} />
            <Ministries portfolio={p} />
          </>
        )}
      </Loaded>
    </>
  );
}

function Filters({
  portfolio,
  ministry,
  strategy,
  choose,
}: {
  portfolio: Portfolio;
  ministry: string;
  strategy: string;
  choose: (name: 'ministry' | 'strategy', value: string) => void;
}) {
  const t = useT();
  const lang = useLang();
  return (
    <form className="filters" aria-label={t('web.portfolio.filters')} onSubmit={(e) => e.preventDefault()}>
      <div className="filters__field">
        <label htmlFor="portfolio-ministry">{t('web.portfolio.ministry')}</label>
        <select id="portfolio-ministry" value={ministry} onChange={(e) => choose('ministry', e.target.value)}>
          <option value="">{t('web.portfolio.all_ministries')}</option>
          {portfolio.choices.ministries.map((m) => (
            <option key={m.id} value={m.id}>
              {pick(lang, m.nameJa, m.nameEn)}
            </option>
          ))}
        </select>
      </div>
      <div className="filters__field">
        <label htmlFor="portfolio-strategy">{t('web.portfolio.strategy')}</label>
        <select id="portfolio-strategy" value={strategy} onChange={(e) => choose('strategy', e.target.value)}>
          <option value="">{t('web.portfolio.all_strategies')}</option>
          {portfolio.choices.strategies.map((s) => (
            <option key={s.id} value={s.id}>
              {titleOf(lang, s)}
            </option>
          ))}
        </select>
      </div>
    </form>
  );
}

function Strategies({ portfolio }: { portfolio: Portfolio }) {
  const t = useT();
  const lang = useLang();
  if (portfolio.strategies.length === 0) return <p>{t('web.portfolio.none')}</p>;
  return (
    <ul className="card-list" data-testid="portfolio-strategies">
      {portfolio.strategies.map((s) => {
        return (
          <li key={s.strategy.id} className="card">
            <h2 className="card__title">
              <L to={paths.dashboard(s.strategy.id, s.cycle.id)}>
                <Text fallback={isFallback(lang, s.strategy.titleEn)}>{titleOf(lang, s.strategy)}</Text>
              </L>
            </h2>
            <p className="subtle">
              {cycleName(s.cycle, lang)}・
              {t('web.portfolio.counts', { targets: s.targets, initiatives: s.initiatives })}
            </p>
            <div
              className="table-scroll"
              role="region"
              aria-labelledby={`ratings-${s.strategy.id}`}
              tabIndex={0}
            >
              <DataTable
                caption={t('web.portfolio.ratings', { strategy: titleOf(lang, s.strategy) })}
                captionId={`ratings-${s.strategy.id}`}
                keys="web.portfolio."
                head={['rating', num('targets')]}
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
            </div>
            <h3 className="card__subtitle">{t('web.portfolio.acceleration')}</h3>
            {s.acceleration.length === 0 ? (
              <p>{t('web.dashboard.acceleration_none')}</p>
            ) : (
              <ul className="plain-list">
                {s.acceleration.map((a) => (
                  <li key={a.id}>
                    <L to={paths.node(s.strategy.id, s.cycle.id, a.id)}>
                      {a.code} <Text fallback={isFallback(lang, a.titleEn)}>{titleOf(lang, a)}</Text>
                    </L>
                  </li>
                ))}
              </ul>
            )}
          </li>
        );
      })}
    </ul>
  );
}

function Ministries({ portfolio }: { portfolio: Portfolio }) {
  const t = useT();
  const lang = useLang();
  if (portfolio.ministries.length === 0) return null;
  return (
    <section aria-labelledby="portfolio-ministries">
      <h2 id="portfolio-ministries">{t('web.portfolio.per_ministry')}</h2>
      <div className="table-scroll" role="region" aria-label={t('web.portfolio.ministry_table')} tabIndex={0}>
        <DataTable
          testId="portfolio-ministries"
          keys="web.portfolio."
          head={['ministry', num('strategies'), num('initiatives'), num('acceleration_targets')]}
        >
          {portfolio.ministries.map((m) => (
            <tr key={m.organisationId}>
              <th scope="row">{pick(lang, m.nameJa, m.nameEn)}</th>
              <td className="num">{m.strategies}</td>
              <td className="num">{m.initiatives}</td>
              <td className="num">{m.acceleration}</td>
            </tr>
          ))}
        </DataTable>
      </div>
    </section>
  );
}
