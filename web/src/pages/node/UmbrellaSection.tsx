/**
 * A node standing for another strategy (umbrella strategies, issue #24): that strategy's
 * latest published follow-up rolled up — its targets' ratings, its KPIs on and off track and
 * the items past a planned date — with a link to it.
 */
import { api } from '../../api/endpoints.ts';
import { L } from '../../components/Link.tsx';
import { Loaded } from '../../components/States.tsx';
import { useLoad } from '../../lib/hooks.ts';
import { paths } from '../../lib/paths.ts';
import { useLang, useT } from '../../i18n.ts';

const named = (lang: string, x: { title: string; titleEn: string }) =>
  lang === 'en' && x.titleEn !== '' ? x.titleEn : x.title;

export function UmbrellaSection({ strategyId, nodeId }: { strategyId: string; nodeId: string }) {
  const t = useT();
  const lang = useLang();
  const state = useLoad(() => api.rollup(strategyId, nodeId), `${strategyId}/${nodeId}/rollup`);
  return (
    <Loaded state={state}>
      {(r) => {
        const title = named(lang, r.subStrategy);
        const link = r.cycle
          ? paths.dashboard(r.subStrategy.id, r.cycle.id)
          : paths.strategy(r.subStrategy.id);
        return (
          <section aria-labelledby="rollup-heading" data-testid="umbrella-rollup">
            <h2 id="rollup-heading">{t('web.node.rollup.heading', { title })}</h2>
            {r.cycle === null ? (
              <p>{t('web.node.rollup.none', { title })}</p>
            ) : (
              <>
                <p>{t('web.node.rollup.lead', { title, year: r.cycle.fiscalYear })}</p>
                <h3>{t('web.node.rollup.ratings')}</h3>
                <ul>
                  {r.ratings.map((x) => (
                    <li key={x.code}>
                      {lang === 'en' && x.labelEn !== '' ? x.labelEn : x.labelJa}: {x.count}
                    </li>
                  ))}
                </ul>
                <p>
                  {t('web.node.rollup.kpis', {
                    on: r.kpis.onTrack,
                    off: r.kpis.offTrack,
                    unknown: r.kpis.unknown,
                  })}
                </p>
                <h3>{t('web.node.rollup.overdue')}</h3>
                {r.overdue.length === 0 ? (
                  <p>{t('web.node.rollup.overdue_none')}</p>
                ) : (
                  <ul>
                    {r.overdue.map((o) => (
                      <li key={`${o.initiative.id}-${o.period}-${o.plan}`}>
                        {named(lang, o.initiative)}（{o.period}: <span lang="ja">{o.plan}</span>）
                      </li>
                    ))}
                  </ul>
                )}
              </>
            )}
            <p>
              <L to={link}>{t('web.node.rollup.link', { title })}</L>
            </p>
          </section>
        );
      }}
    </Loaded>
  );
}
