/** The signed-in screens' routes, mounted in both languages beside the public pages. */
import type { RouteObject } from 'react-router';
import { AssessPage } from './AssessPage.tsx';
import { EntryPage } from './EntryPage.tsx';
import { LoginPage } from './LoginPage.tsx';
import { PublishPage } from './PublishPage.tsx';
import { ReviewPage } from './ReviewPage.tsx';
import { TasksPage } from './TasksPage.tsx';

export const workflowRoutes: RouteObject[] = [
  { path: 'login', element: <LoginPage /> },
  { path: 'tasks', element: <TasksPage /> },
  { path: 'entries/:entryId', element: <EntryPage /> },
  { path: 'review/:cycleId', element: <ReviewPage /> },
  { path: 'assess/:cycleId', element: <AssessPage /> },
  { path: 'publish/:cycleId', element: <PublishPage /> },
];
