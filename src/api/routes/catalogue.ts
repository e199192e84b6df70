import { z } from 'zod';
import { Indicator, Initiative, Organisation } from '../../domain/model.ts';
import { InitiativeDetail } from '../../domain/views.ts';
import * as strategies from '../../services/strategies.service.ts';
import { defineRoute, IdParam } from '../route.ts';

export const catalogueRoutes = [
  defineRoute({
    method: 'GET',
    url: '/api/health',
    summary: 'Liveness and database reachability',
    tags: ['system'],
    response: z.object({ status: z.literal('ok'), engine: z.enum(['sqlite', 'postgres']) }),
    handler: async ({ db }) => {
      await db.kysely.selectFrom('strategies').select('id').limit(1).execute();
      return { status: 'ok' as const, engine: db.engine };
    },
  }),
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
    url: '/api/indicators/:indicatorId',
    summary: 'One indicator (KPI) with its visible observations',
    tags: ['indicators'],
    params: z.object({ indicatorId: IdParam }),
    response: Indicator,
    handler: async ({ db, viewer, params }) => strategies.getIndicator(db, params.indicatorId, viewer),
  }),
];
