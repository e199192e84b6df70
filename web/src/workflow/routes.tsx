/** The signed-in screens' routes, mounted in both languages beside the public pages. */
import type { RouteObject } from 'react-router';
import { AdminHome } from './admin/AdminHome.tsx';
import { CyclesPage } from './admin/CyclesPage.tsx';
import { OrganisationsPage } from './admin/OrganisationsPage.tsx';
import { StructurePage } from './admin/StructurePage.tsx';
import { AssessPage } from './AssessPage.tsx';
import { EntryPage } from './EntryPage.tsx';
import { HistoryPage } from './HistoryPage.tsx';
import { LoginPage } from './LoginPage.tsx';
import { NotificationsPage } from './NotificationsPage.tsx';
import { PublishPage } from './PublishPage.tsx';
import { ReviewPage } from './ReviewPage.tsx';
import { SurveyImportPage } from './SurveyImportPage.tsx';
import { TasksPage } from './TasksPage.tsx';
import { AccountSecurityPage } from './signin/AccountSecurityPage.tsx';

export const workflowRoutes: RouteObject[] = [
  { path: 'login', element: <LoginPage /> },
  { path: 'tasks', element: <TasksPage /> },
  { path: 'tasks/:cycleId/survey', element: <SurveyImportPage /> },
  { path: 'notifications', element: <NotificationsPage /> },
  { path: 'account/security', element: <AccountSecurityPage /> },
  { path: 'entries/:entryId', element: <EntryPage /> },
  { path: 'entries/:entryId/history', element: <HistoryPage /> },
  { path: 'review/:cycleId', element: <ReviewPage /> },
  { path: 'assess/:cycleId', element: <AssessPage /> },
  { path: 'publish/:cycleId', element: <PublishPage /> },
  { path: 'admin', element: <AdminHome /> },
  { path: 'admin/organisations', element: <OrganisationsPage /> },
  { path: 'admin/strategies/:strategyId', element: <StructurePage /> },
  { path: 'admin/strategies/:strategyId/cycles', element: <CyclesPage /> },
];
