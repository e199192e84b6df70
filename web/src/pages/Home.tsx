import { useContext } from 'react';
import { api } from '../api/endpoints.ts';
import { L } from '../components/Link.tsx';
import { Loaded } from '../components/States.tsx';
import { asOfLabel, cycleName, latestCycle, paren, titleOf } from '../lib/format.ts';
import { useJsonLd, useLoad, usePageTitle } from '../lib/hooks.ts';
import { paths } from '../lib/paths.ts';
import { RenderContext } from '../lib/ssr.ts';
import { localPath, useLang, useT } from '../i18n.ts';

export function Home() {
  const lang = useLang();
  const t = useT();
  usePageTitle(null, t('web.meta.home'));
  const base = useContext(RenderContext)?.publicUrl ?? '';
  useJsonLd('website', () => ({
    '@type': 'WebSite',
    name: t('common.app_name'),
    description: t('web.meta.home'),
    url: base + localPath(lang, '/'),
    inLanguage: lang,
  }));
  const state = useLoad(() => api.strategies(), 'strategies');
  return (
    <>
      <h1>{t('web.home.title')}</h1>
      <p className="lead">{t('web.home.lead')}</p>
      <p>
        <L to={paths.portfolio()}>{t('web.portfolio.link')}</L>
      </p>
      <Loaded state={state}>
        {(strategies) =>
          strategies.length === 0 ? (
            <p>{t('web.home.empty')}</p>
          ) : (
            <ul className="card-list">
              {strategies.map((s) => {
                const latest = latestCycle(s.cycles);
                const cycles = [...s.cycles].sort((a, b) => b.fiscalYear - a.fiscalYear);
                return (
                  <li key={s.id} className="card">
                    <h2 className="card__title">
                      <L to={paths.strategy(s.id)}>{titleOf(lang, s)}</L>
                    </h2>
                    {s.description && <p lang="ja">{s.description}</p>}
                    {latest ? (
                      <>
                        <p>
                          <L to={paths.dashboard(s.id, latest.id)} className="button button--primary">
                            {t('web.home.open_latest', { cycle: cycleName(latest, lang) })}
                          </L>
                        </p>
                        <h3 className="card__subtitle">{t('web.home.cycles')}</h3>
                        <ul className="plain-list">
                          {cycles.map((c) => (
                            <li key={c.id}>
                              <L to={paths.dashboard(s.id, c.id)}>{cycleName(c, lang)}</L>
                              {paren(lang, asOfLabel(c, lang))}
                            </li>
                          ))}
                        </ul>
                      </>
                    ) : (
                      <p>{t('web.strategy.no_cycles')}</p>
                    )}
                  </li>
                );
              })}
            </ul>
          )
        }
      </Loaded>
    </>
  );
}
