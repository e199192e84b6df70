import { z } from 'zod';
import { Cycle, Indicator, ProgressEntry } from '../../domain/model.ts';
import { OutlineTree, StrategyListItem } from '../../domain/views.ts';
import * as strategies from '../../services/strategies.service.ts';
import { notModified, sendKept } from '../caching.ts';
import { defineRoute, IdParam } from '../route.ts';

const tags = ['strategies'];

export const strategyRoutes = [
  defineRoute({
    method: 'GET',
    url: '/api/strategies',
    summary: 'Strategies, each with the cycles the caller may see',
    tags,
    response: z.object({ strategies: z.array(StrategyListItem) }),
    handler: async ({ db, viewer }) => ({ strategies: await strategies.listStrategies(db, viewer) }),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/strategies/:strategyId',
    summary: 'One strategy with its visible cycles',
    tags,
    params: z.object({ strategyId: IdParam }),
    response: StrategyListItem,
    handler: async ({ db, viewer, params }) => strategies.getStrategy(db, params.strategyId, viewer),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/strategies/:strategyId/cycles',
    summary: 'The follow-up cycles of a strategy (published ones for anonymous callers)',
    tags,
    params: z.object({ strategyId: IdParam }),
    response: z.object({ cycles: z.array(Cycle) }),
    handler: async ({ db, viewer, params }) => {
      await strategies.getStrategy(db, params.strategyId, viewer);
      return { cycles: await strategies.visibleCycles(db, params.strategyId, viewer) };
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/strategies/:strategyId/cycles/:cycleId/tree',
    summary: 'The strategy tree for one cycle, progress items (without their texts) and assessments inlined',
    tags,
    params: z.object({ strategyId: IdParam, cycleId: IdParam }),
    response: OutlineTree,
    etag: true,
    handler: async ({ db, viewer, params, request, reply }) => {
      const { json, etag, body } = await strategies.getTreeJson(
        db,
        params.strategyId,
        params.cycleId,
        viewer,
      );
      void reply.header('content-type', 'application/json; charset=utf-8');
      if (etag === null) {
        void reply.header('cache-control', 'private, no-store').send(json);
        return undefined;
      }
      // Published: immutable per revision. Revalidate so that a correction shows at once.
      void reply.header('etag', etag).header('cache-control', 'public, no-cache');
      if (notModified(request, etag)) void reply.status(304).send();
      else if (body) await sendKept(request, reply, body);
      else void reply.send(json);
      return undefined;
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/strategies/:strategyId/cycles/:cycleId/nodes/:nodeId/entries',
    summary: 'The progress entries, texts included, of the items listed under one node',
    tags,
    params: z.object({ strategyId: IdParam, cycleId: IdParam, nodeId: IdParam }),
    response: z.object({ entries: z.array(ProgressEntry) }),
    handler: async ({ db, viewer, params }) => ({
      entries: await strategies.listNodeEntries(db, params.strategyId, params.cycleId, params.nodeId, viewer),
    }),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/strategies/:strategyId/indicators',
    summary: 'Indicators (KPI) of a strategy with their visible observations',
    tags: ['indicators'],
    params: z.object({ strategyId: IdParam }),
    response: z.object({ indicators: z.array(Indicator) }),
    handler: async ({ db, viewer, params }) => ({
      indicators: await strategies.listIndicators(db, params.strategyId, viewer),
    }),
  }),
];
