import { z } from 'zod';
import { Indicator, Initiative, Organisation } from '../../domain/model.ts';
import { InitiativeDetail } from '../../domain/views.ts';
import { Portfolio, PortfolioMinistryPage } from '../../domain/portfolio.ts';
import { databaseReady } from '../../services/health.service.ts';
import { ministryPage, portfolio } from '../../services/portfolio.service.ts';
import * as strategies from '../../services/strategies.service.ts';
import { defineRoute, IdParam } from '../route.ts';

/** A fiscal year (年度) in a query: 2023 for FY2023. */
const FiscalYearParam = z.coerce.number().int().min(1900).max(2200);

export const catalogueRoutes = [
  defineRoute({
    method: 'GET',
    url: '/api/health/live',
    summary: 'Liveness: the process answers (the database is not asked)',
    tags: ['system'],
    response: z.object({ status: z.literal('ok') }),
    handler: async () => ({ status: 'ok' as const }),
  }),
  readiness('/api/health', 'Readiness (as /api/health/ready)'),
  readiness('/api/health/ready', 'Readiness: the database answers within 2 seconds, else 503'),
  defineRoute({
    method: 'GET',
    url: '/api/organisations',
    summary: 'Ministries and agencies (府省)',
    tags: ['organisations'],
    response: z.object({ organisations: z.array(Organisation) }),
    handler: async ({ db }) => ({ organisations: await strategies.listOrganisations(db) }),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/organisations/:organisationId',
    summary: 'One organisation and the initiatives it owns',
    tags: ['organisations'],
    params: z.object({ organisationId: IdParam }),
    response: z.object({ organisation: Organisation, initiatives: z.array(Initiative) }),
    handler: async ({ db, viewer, params }) => ({
      organisation: await strategies.getOrganisation(db, params.organisationId),
      initiatives: await strategies.listInitiatives(db, { organisationId: params.organisationId }, viewer),
    }),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/initiatives',
    summary: 'Initiatives (施策), filtered by strategy or owning organisation',
    tags: ['initiatives'],
    query: z.object({ strategy: IdParam.optional(), organisation: IdParam.optional() }),
    response: z.object({ initiatives: z.array(Initiative) }),
    handler: async ({ db, viewer, query }) => ({
      initiatives: await strategies.listInitiatives(
        db,
        {
          ...(query.strategy !== undefined && { strategyId: query.strategy }),
          ...(query.organisation !== undefined && { organisationId: query.organisation }),
        },
        viewer,
      ),
    }),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/initiatives/:initiativeId',
    summary: 'One initiative: owners, where it is listed, its entry in every visible cycle',
    tags: ['initiatives'],
    params: z.object({ initiativeId: IdParam }),
    response: InitiativeDetail,
    handler: async ({ db, viewer, params }) => strategies.getInitiative(db, params.initiativeId, viewer),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/portfolio',
    summary:
      'Every strategy’s latest published cycle (or that of a fiscal year) side by side — ratings, targets needing acceleration, KPIs whose projection misses their target — and per ministry across them; staff also see newer unpublished cycles’ entry counts',
    tags: ['portfolio'],
    query: z.object({
      ministry: IdParam.optional(),
      strategy: IdParam.optional(),
      rating: z.string().trim().min(1).max(64).optional(),
      fiscalYear: FiscalYearParam.optional(),
    }),
    response: Portfolio,
    handler: async ({ db, query, viewer }) =>
      portfolio(
        db,
        {
          ...(query.ministry !== undefined && { ministry: query.ministry }),
          ...(query.strategy !== undefined && { strategy: query.strategy }),
          ...(query.rating !== undefined && { rating: query.rating }),
          ...(query.fiscalYear !== undefined && { fiscalYear: query.fiscalYear }),
        },
        viewer,
      ),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/portfolio/ministries/:organisationId',
    summary:
      'A ministry across strategies: its initiatives in every strategy’s latest published cycle (or that of a fiscal year) with their target’s rating, KPI verdicts and budget',
    tags: ['portfolio'],
    params: z.object({ organisationId: IdParam }),
    query: z.object({ fiscalYear: FiscalYearParam.optional() }),
    response: PortfolioMinistryPage,
    handler: async ({ db, params, query }) =>
      ministryPage(db, params.organisationId, {
        ...(query.fiscalYear !== undefined && { fiscalYear: query.fiscalYear }),
      }),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/indicators/:indicatorId',
    summary: 'One indicator (KPI) with its visible observations',
    tags: ['indicators'],
    params: z.object({ indicatorId: IdParam }),
    response: Indicator,
    handler: async ({ db, viewer, params }) => strategies.getIndicator(db, params.indicatorId, viewer),
  }),
];

/** A readiness route: 200 when the database answers in time, 503 `unavailable` otherwise. */
function readiness(url: string, summary: string) {
  return defineRoute({
    method: 'GET',
    url,
    summary,
    tags: ['system'],
    response: z.object({ status: z.enum(['ok', 'unavailable']), engine: z.enum(['sqlite', 'postgres']) }),
    handler: async ({ db, reply }) => {
      if (await databaseReady(db)) return { status: 'ok' as const, engine: db.engine };
      void reply.status(503);
      return { status: 'unavailable' as const, engine: db.engine };
    },
  });
}
