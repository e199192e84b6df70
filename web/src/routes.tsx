/**
 * The route table, mounted twice: Japanese at the root and English under /en. Search,
 * overlaps and the signed-in screens are loaded on demand to keep the first load small. The
 * server-rendered public pages are not: a page still loading when the server's markup
 * hydrates would hydrate on its own after the embedded data is let go, render "loading" where
 * the markup has content and fail the hydration (React error #418). The server knows these
 * paths too (APP_ROUTE in src/api/static.ts) to answer other paths with a 404.
 */
import type { RouteObject } from 'react-router';
import { Shell } from './components/Layout.tsx';
import { later } from './components/Later.tsx';
import { NotFoundContent } from './components/States.tsx';
import { ComparePage } from './pages/ComparePage.tsx';
import { Dashboard } from './pages/Dashboard.tsx';
import { DownloadsPage } from './pages/DownloadsPage.tsx';
import { Home } from './pages/Home.tsx';
import { IndicatorPage } from './pages/IndicatorPage.tsx';
import { InitiativePage } from './pages/InitiativePage.tsx';
import { NodePage } from './pages/NodePage.tsx';
import { OrganisationPage } from './pages/OrganisationPage.tsx';
import { PortfolioMinistryPage } from './pages/PortfolioMinistryPage.tsx';
import { PortfolioPage } from './pages/PortfolioPage.tsx';
import { StrategyLayout, StrategyRedirect } from './pages/StrategyLayout.tsx';
import { TreePage } from './pages/TreePage.tsx';
import { workflowRoutes } from './workflow/routes.tsx';

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
      { path: 'overlaps', element: later(() => import('./insight/OverlapsPage.tsx'), 'OverlapsPage') },
      { path: '*', element: <NotFoundContent /> },
    ],
  },
  { path: 'search', element: later(() => import('./insight/SearchPage.tsx'), 'SearchPage') },
  { path: 'portfolio', element: <PortfolioPage /> },
  { path: 'portfolio/ministries/:organisationId', element: <PortfolioMinistryPage /> },
  { path: 'initiatives/:initiativeId', element: <InitiativePage /> },
  { path: 'indicators/:indicatorId', element: <IndicatorPage /> },
  ...workflowRoutes,
  { path: '*', element: <NotFoundContent /> },
];

export const routes: RouteObject[] = [
  { path: '/en', element: <Shell lang="en" />, children: pages },
  { path: '/', element: <Shell lang="ja" />, children: pages },
];
