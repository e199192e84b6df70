/**
 * The signed-in screens' routes, mounted in both languages beside the public pages. Each
 * screen is its own chunk, loaded when first visited: the public pages' first load never
 * carries them (test/web-first-load.test.ts checks the entry's static imports).
 */
import type { RouteObject } from 'react-router';
import { later } from '../components/Later.tsx';

export const workflowRoutes: RouteObject[] = [
  { path: 'login', element: later(() => import('./LoginPage.tsx'), 'LoginPage') },
  { path: 'tasks', element: later(() => import('./TasksPage.tsx'), 'TasksPage') },
  {
    path: 'tasks/:cycleId/survey',
    element: later(() => import('./SurveyImportPage.tsx'), 'SurveyImportPage'),
  },
  { path: 'notifications', element: later(() => import('./NotificationsPage.tsx'), 'NotificationsPage') },
  {
    path: 'account/security',
    element: later(() => import('./signin/AccountSecurityPage.tsx'), 'AccountSecurityPage'),
  },
  {
    path: 'account/password',
    element: later(() => import('./signin/ChangePasswordPage.tsx'), 'ChangePasswordPage'),
  },
  { path: 'entries/:entryId', element: later(() => import('./EntryPage.tsx'), 'EntryPage') },
  { path: 'entries/:entryId/history', element: later(() => import('./HistoryPage.tsx'), 'HistoryPage') },
  { path: 'review/:cycleId', element: later(() => import('./ReviewPage.tsx'), 'ReviewPage') },
  { path: 'assess/:cycleId', element: later(() => import('./AssessPage.tsx'), 'AssessPage') },
  { path: 'publish/:cycleId', element: later(() => import('./PublishPage.tsx'), 'PublishPage') },
  { path: 'admin', element: later(() => import('./admin/AdminHome.tsx'), 'AdminHome') },
  { path: 'budget', element: later(() => import('./budget/BudgetPage.tsx'), 'BudgetPage') },
  {
    path: 'admin/organisations',
    element: later(() => import('./admin/OrganisationsPage.tsx'), 'OrganisationsPage'),
  },
  { path: 'admin/accounts', element: later(() => import('./admin/AccountsPage.tsx'), 'AccountsPage') },
  {
    path: 'admin/strategies/:strategyId',
    element: later(() => import('./admin/StructurePage.tsx'), 'StructurePage'),
  },
  {
    path: 'admin/strategies/:strategyId/nodes/:nodeId/logic-model',
    element: later(() => import('./admin/LogicModelPage.tsx'), 'LogicModelPage'),
  },
  {
    path: 'admin/report-imports',
    element: later(() => import('./report-import/ReportImportsPage.tsx'), 'ReportImportsPage'),
  },
  {
    path: 'admin/report-imports/:importId',
    element: later(() => import('./report-import/ReportReviewPage.tsx'), 'ReportReviewPage'),
  },
  {
    path: 'admin/strategies/:strategyId/cycles',
    element: later(() => import('./admin/CyclesPage.tsx'), 'CyclesPage'),
  },
];
