import type { RouteDef } from '../route.ts';
import { accountRoutes } from './accounts.ts';
import { authRoutes } from './auth.ts';
import { budgetRoutes } from './budget.ts';
import { catalogueRoutes } from './catalogue.ts';
import { cycleControlRoutes } from './cycle-control.ts';
import { embedRoutes } from './embed.ts';
import { insightRoutes } from './insight.ts';
import { logicModelRoutes } from './logic-models.ts';
import { mfaRoutes } from './mfa.ts';
import { oidcRoutes } from './oidc.ts';
import { openDataRoutes } from './open-data.ts';
import { reportImportRoutes } from './report-imports.ts';
import { reportRoutes } from './reports.ts';
import { reviewRoutes } from './review.ts';
import { sharedRoutes } from './shared.ts';
import { strategyRoutes } from './strategies.ts';
import { structureRoutes } from './structure.ts';
import { surveyRoutes } from './survey.ts';
import { workflowRoutes } from './workflow.ts';

/** Every API route: the OpenAPI document, the authorisation matrix and the leak scan come from it. */
export const routes: RouteDef[] = [
  ...catalogueRoutes,
  ...strategyRoutes,
  ...authRoutes,
  ...mfaRoutes,
  ...oidcRoutes,
  ...accountRoutes,
  ...workflowRoutes,
  ...reviewRoutes,
  ...cycleControlRoutes,
  ...structureRoutes,
  ...logicModelRoutes,
  ...sharedRoutes,
  ...insightRoutes,
  ...reportRoutes,
  ...openDataRoutes,
  ...embedRoutes,
  ...surveyRoutes,
  ...budgetRoutes,
  ...reportImportRoutes,
];
