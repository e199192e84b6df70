/**
 * Strategies as a portfolio (issue #24, items 1 and 2): initiatives of other strategies
 * listed under a node (shared initiatives), a node standing for another strategy (umbrella
 * strategies) and that node's rollup of the sub-strategy.
 */
import { z } from 'zod';
import { Initiative } from '../../domain/model.ts';
import { UmbrellaRollup } from '../../domain/umbrella.ts';
import { linkInitiative, nodeLinks, unlinkInitiative } from '../../services/shared.service.ts';
import { nodeRollup, setNodeStrategy } from '../../services/umbrella.service.ts';
import { defineRoute, IdParam } from '../route.ts';

const tags = ['structure'];
const Params = z.object({ strategyId: IdParam, nodeId: IdParam });

const SharedItems = z
  .object({
    items: z.array(
      z.object({
        initiative: Initiative,
        /** The strategy the initiative belongs to (its home). */
        strategyId: z.string(),
        strategyTitle: z.string(),
        /** Its English title ('' when it has none). */
        strategyTitleEn: z.string(),
        position: z.number().int(),
      }),
    ),
    /** The strategy the node stands for (umbrella strategies), or null. */
    standsFor: z.string().nullable(),
  })
  .meta({ id: 'NodeLinks' });

export const sharedRoutes = [
  defineRoute({
    method: 'GET',
    url: '/api/strategies/:strategyId/nodes/:nodeId/shared-initiatives',
    summary:
      'A node’s links to other strategies: their initiatives listed under it (shared initiatives) and the strategy it stands for',
    tags,
    access: 'drafts:read',
    params: Params,
    response: SharedItems,
    handler: async (ctx) => nodeLinks(ctx.db, ctx.params.strategyId, ctx.params.nodeId),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/strategies/:strategyId/nodes/:nodeId/shared-initiatives',
    summary:
      "List another strategy's initiative under a node: its ministry reports once a year and this strategy's cycle of that year shows the same entry",
    tags,
    access: 'structure:write',
    params: Params,
    body: z.object({ initiativeId: IdParam }),
    // listed under this node already
    errors: [409],
    response: SharedItems,
    handler: async (ctx) => {
      await linkInitiative(
        ctx.db,
        ctx.params.strategyId,
        ctx.params.nodeId,
        ctx.body.initiativeId,
        ctx.actor,
      );
      return nodeLinks(ctx.db, ctx.params.strategyId, ctx.params.nodeId);
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/strategies/:strategyId/nodes/:nodeId/shared-initiatives/:initiativeId/delete',
    summary: 'Take a shared initiative off a node (entries already written stay with their cycles)',
    tags,
    access: 'structure:write',
    params: Params.extend({ initiativeId: IdParam }),
    response: SharedItems,
    handler: async (ctx) => {
      await unlinkInitiative(
        ctx.db,
        ctx.params.strategyId,
        ctx.params.nodeId,
        ctx.params.initiativeId,
        ctx.actor,
      );
      return nodeLinks(ctx.db, ctx.params.strategyId, ctx.params.nodeId);
    },
  }),
  defineRoute({
    method: 'PUT',
    url: '/api/strategies/:strategyId/nodes/:nodeId/stands-for',
    summary:
      "Make a node stand for another strategy (an umbrella strategy's target), or with null an ordinary node",
    tags,
    access: 'structure:write',
    params: Params,
    body: z.object({ strategyId: IdParam.nullable() }),
    response: z.object({ nodeId: z.string(), standsFor: z.string().nullable() }),
    handler: async (ctx) =>
      setNodeStrategy(ctx.db, ctx.params.strategyId, ctx.params.nodeId, ctx.body.strategyId, ctx.actor),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/strategies/:strategyId/nodes/:nodeId/rollup',
    summary:
      "A node standing for another strategy: that strategy's latest published cycle rolled up — ratings, KPIs on and off track, overdue items",
    tags: ['strategies'],
    params: Params,
    response: UmbrellaRollup,
    handler: async (ctx) => nodeRollup(ctx.db, ctx.params.strategyId, ctx.params.nodeId, ctx.viewer),
  }),
];
