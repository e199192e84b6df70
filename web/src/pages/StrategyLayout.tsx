/**
 * Everything under /strategies/:strategyId/cycles/:cycleId: loads the strategy and the
 * cycle's tree once, shows the strategy header (cycle selector, section navigation) and
 * hands both to the page through StrategyContext.
 */
import { useContext } from 'react';
import { Navigate, NavLink, Outlet, useLocation, useNavigate, useParams } from 'react-router';
import { api } from '../api/endpoints.ts';
import { CycleSelect } from '../components/CycleSelect.tsx';
import { L } from '../components/Link.tsx';
import { Loaded } from '../components/States.tsx';
import { asOfLabel, cycleName, latestCycle, titleOf } from '../lib/format.ts';
import { useLoad, usePageTitle } from '../lib/hooks.ts';
import { paths } from '../lib/paths.ts';
import { RenderContext } from '../lib/ssr.ts';
import { StrategyContext } from '../lib/strategy-context.ts';
import { indexTree } from '../lib/tree.ts';
import { OverlapsNavItem } from '../insight/OverlapsNavItem.tsx';
import { CorrectionsNotice } from '../workflow/CorrectionsNotice.tsx';
import { localPath, useLang, useT } from '../i18n.ts';

export function StrategyLayout() {
  const { strategyId = '', cycleId = '' } = useParams();
  const lang = useLang();
  const t = useT();
  const navigate = useNavigate();
  const location = useLocation();
  const state = useLoad(
    () =>
      Promise.all([api.strategy(strategyId), api.tree(strategyId, cycleId)]).then(([strategy, tree]) => ({
        strategy,
        index: indexTree(tree),
      })),
    `${strategyId}/${cycleId}`,
  );
  const base = paths.dashboard(strategyId, cycleId);
  const choose = (next: string) => {
    const bare = location.pathname.replace(/^\/en(?=\/)/, '');
    const rest = bare.startsWith(base) ? bare.slice(base.length) : '';
    void navigate(localPath(lang, paths.dashboard(strategyId, next) + rest));
  };
  const section = (to: string, label: string, end = false) => (
    <li>
      <NavLink to={localPath(lang, to)} end={end}>
        {label}
      </NavLink>
    </li>
  );
  return (
    <Loaded state={state}>
      {({ strategy, index }) => (
        <StrategyContext.Provider value={{ strategy, index, strategyId, cycleId }}>
          <div className="strategy-bar">
            <div className="strategy-bar__title">
              <L to={paths.strategy(strategyId)} className="strategy-bar__name">
                {titleOf(lang, strategy)}
              </L>
              <span className="strategy-bar__cycle">
                {cycleName(index.tree.cycle, lang)}・{asOfLabel(index.tree.cycle, lang)}
              </span>
            </div>
            <CycleSelect
              key={cycleId}
              cycles={strategy.cycles}
              value={cycleId}
              label={t('web.cycle.select')}
              onChoose={choose}
            />
          </div>
          <nav aria-label={t('web.nav.sections')} className="section-nav">
            <ul>
              {section(base, t('web.nav.dashboard'), true)}
              {section(paths.tree(strategyId, cycleId), t('web.nav.tree'))}
              {section(paths.compare(strategyId, cycleId), t('web.nav.compare'))}
              {section(paths.downloads(strategyId, cycleId), t('web.nav.downloads'))}
              <OverlapsNavItem strategyId={strategyId} cycleId={cycleId} />
            </ul>
          </nav>
          {index.tree.cycle.state !== 'published' && (
            <div className="notice notice--unpublished" role="note" data-testid="unpublished-banner">
              <p>
                <strong className="notice__label">{t('web.unpublished.title')}</strong>{' '}
                {t('web.unpublished.body', {
                  cycle: cycleName(index.tree.cycle, lang),
                  state: t(`web.unpublished.state.${index.tree.cycle.state}`),
                })}
              </p>
            </div>
          )}
          <CorrectionsNotice strategyId={strategyId} cycleId={cycleId} />
          <Outlet />
        </StrategyContext.Provider>
      )}
    </Loaded>
  );
}

/** Goes to `to` at once; a server render answers with an HTTP redirect instead. */
function Redirect({ to }: { to: string }) {
  useContext(RenderContext)?.head?.redirected(to);
  return <Navigate replace to={to} />;
}

/** /strategies/:id → the newest published cycle's dashboard. */
export function StrategyRedirect() {
  const { strategyId = '' } = useParams();
  const lang = useLang();
  const t = useT();
  const state = useLoad(() => api.strategy(strategyId), strategyId);
  usePageTitle(state.status === 'ok' ? titleOf(lang, state.data) : null);
  return (
    <Loaded state={state}>
      {(strategy) => {
        const latest = latestCycle(strategy.cycles);
        if (latest) return <Redirect to={localPath(lang, paths.dashboard(strategy.id, latest.id))} />;
        return (
          <>
            <h1>{titleOf(lang, strategy)}</h1>
            <p>{t('web.strategy.no_cycles')}</p>
          </>
        );
      }}
    </Loaded>
  );
}
