/**
 * The signed-in screens' routes, mounted in both languages beside the public pages. Each
 * screen is its own chunk, loaded when first visited: the public pages' first load never
 * carries them (test/web-first-load.test.ts checks the entry's static imports).
 */
import type { RouteObject } from 'react-router';
import { later } from '../components/Later.tsx';

/** A screen at `path`: the export `name` of the module `load` brings. */
const screen = <M, K extends keyof M>(path: string, load: () => Promise<M>, name: K): RouteObject => ({
  path,
  element: later(load, name),
});

export const workflowRoutes: RouteObject[] = [
  screen('login', () => import('./LoginPage.tsx'), 'LoginPage'),
  screen('tasks', () => import('./TasksPage.tsx'), 'TasksPage'),
  screen('tasks/:cycleId/survey', () => import('./SurveyImportPage.tsx'), 'SurveyImportPage'),
  screen('notifications', () => import('./NotificationsPage.tsx'), 'NotificationsPage'),
  screen('account/security', () => import('./signin/AccountSecurityPage.tsx'), 'AccountSecurityPage'),
  screen('account/password', () => import('./signin/ChangePasswordPage.tsx'), 'ChangePasswordPage'),
  screen('entries/:entryId', () => import('./EntryPage.tsx'), 'EntryPage'),
  screen('entries/:entryId/history', () => import('./HistoryPage.tsx'), 'HistoryPage'),
  screen('review/:cycleId', () => import('./ReviewPage.tsx'), 'ReviewPage'),
  screen('assess/:cycleId', () => import('./AssessPage.tsx'), 'AssessPage'),
  screen('publish/:cycleId', () => import('./PublishPage.tsx'), 'PublishPage'),
  screen('admin', () => import('./admin/AdminHome.tsx'), 'AdminHome'),
  screen('budget', () => import('./budget/BudgetPage.tsx'), 'BudgetPage'),
  screen('admin/organisations', () => import('./admin/OrganisationsPage.tsx'), 'OrganisationsPage'),
  screen('admin/accounts', () => import('./admin/AccountsPage.tsx'), 'AccountsPage'),
  screen('admin/strategies/:strategyId', () => import('./admin/StructurePage.tsx'), 'StructurePage'),
  screen(
    'admin/strategies/:strategyId/nodes/:nodeId/logic-model',
    () => import('./admin/LogicModelPage.tsx'),
    'LogicModelPage',
  ),
  screen('admin/report-imports', () => import('./report-import/ReportImportsPage.tsx'), 'ReportImportsPage'),
  screen(
    'admin/report-imports/:importId',
    () => import('./report-import/ReportReviewPage.tsx'),
    'ReportReviewPage',
  ),
  screen('admin/strategies/:strategyId/cycles', () => import('./admin/CyclesPage.tsx'), 'CyclesPage'),
];
