import type { RouteDef } from '../route.ts';
import { catalogueRoutes } from './catalogue.ts';
import { strategyRoutes } from './strategies.ts';

/** Every API route. The OpenAPI document and (later) the authorisation matrix come from it. */
export const routes: RouteDef[] = [...catalogueRoutes, ...strategyRoutes];
