/**
 * The route table, mounted twice: Japanese at the root and English under /en. The
 * indicator page (ECharts), search and overlaps are loaded on demand to keep the first load
 * small. The server knows these paths too (APP_ROUTE in src/api/static.ts) to answer
 * other paths with a 404.
 */
import { lazy, Suspense, type ReactNode } from 'react';
import type { RouteObject } from 'react-router';
import { Shell } from './components/Layout.tsx';
import { Loading, NotFoundContent } from './components/States.tsx';
import { ComparePage } from './pages/ComparePage.tsx';
import { Dashboard } from './pages/Dashboard.tsx';
import { DownloadsPage } from './pages/DownloadsPage.tsx';
import { Home } from './pages/Home.tsx';
import { InitiativePage } from './pages/InitiativePage.tsx';
import { NodePage } from './pages/NodePage.tsx';
import { OrganisationPage } from './pages/OrganisationPage.tsx';
import { StrategyLayout, StrategyRedirect } from './pages/StrategyLayout.tsx';
import { TreePage } from './pages/TreePage.tsx';
import { workflowRoutes } from './workflow/routes.tsx';

const IndicatorPage = lazy(() => import('./pages/IndicatorPage.tsx'));
const SearchPage = lazy(() => import('./insight/SearchPage.tsx').then((m) => ({ default: m.SearchPage })));
const OverlapsPage = lazy(() =>
  import('./insight/OverlapsPage.tsx').then((m) => ({ default: m.OverlapsPage })),
);

/** A page loaded on demand. */
const later = (page: ReactNode) => <Suspense fallback={<Loading />}>{page}</Suspense>;

const pages: RouteObject[] = [
  { index: true, element: <Home /> },
  { path: 'strategies/:strategyId', element: <StrategyRedirect /> },
  {
    path: 'strategies/:strategyId/cycles/:cycleId',
    element: <StrategyLayout />,
    children: [
      { index: true, element: <Dashboard /> },
      { path: 'tree', element: <TreePage /> },
      { path: 'nodes/:nodeId', element: <NodePage /> },
      { path: 'organisations/:organisationId', element: <OrganisationPage /> },
      { path: 'compare', element: <ComparePage /> },
      { path: 'downloads', element: <DownloadsPage /> },
      { path: 'overlaps', element: later(<OverlapsPage />) },
      { path: '*', element: <NotFoundContent /> },
    ],
  },
  { path: 'search', element: later(<SearchPage />) },
  { path: 'initiatives/:initiativeId', element: <InitiativePage /> },
  {
    path: 'indicators/:indicatorId',
    element: (
      <Suspense fallback={<Loading />}>
        <IndicatorPage />
      </Suspense>
    ),
  },
  ...workflowRoutes,
  { path: '*', element: <NotFoundContent /> },
];

export const routes: RouteObject[] = [
  { path: '/en', element: <Shell lang="en" />, children: pages },
  { path: '/', element: <Shell lang="ja" />, children: pages },
];
