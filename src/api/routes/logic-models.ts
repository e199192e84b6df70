/**
 * A node's logic model (ロジックモデル), edited by the secretariat's administrators. Staff read
 * the live model with what its editor picks from; the public reads a published cycle's model
 * in its tree (frozen at publication).
 */
import { z } from 'zod';
import { LogicModel } from '../../domain/logic-model.ts';
import { getLogicModel, saveLogicModel } from '../../services/logic-models.service.ts';
import { defineRoute, IdParam } from '../route.ts';

const tags = ['structure'];
const Params = z.object({ strategyId: IdParam, nodeId: IdParam });

const LogicModelView = z
  .object({
    nodeId: z.string(),
    version: z.number().int(),
    model: LogicModel,
    activities: z.array(z.object({ id: z.string(), title: z.string(), titleEn: z.string() })),
    indicators: z.array(z.object({ id: z.string(), name: z.string(), nameEn: z.string(), unit: z.string() })),
  })
  .meta({ id: 'LogicModelView' });

export const logicModelRoutes = [
  defineRoute({
    method: 'GET',
    url: '/api/strategies/:strategyId/nodes/:nodeId/logic-model',
    summary:
      "A node's logic model as it stands (version 0: none yet), its activities (the node's initiatives) and the indicators a box may name",
    tags,
    access: 'drafts:read',
    params: Params,
    response: LogicModelView,
    handler: async (ctx) => getLogicModel(ctx.db, ctx.params.strategyId, ctx.params.nodeId),
  }),
  defineRoute({
    method: 'PUT',
    url: '/api/strategies/:strategyId/nodes/:nodeId/logic-model',
    summary:
      "Replace a node's logic model, from the version it was read at; published cycles keep the model they froze",
    tags,
    access: 'structure:write',
    params: Params,
    body: z.object({ version: z.number().int().min(0), model: LogicModel }),
    // changed by someone else since it was read
    errors: [409],
    response: LogicModelView,
    handler: async (ctx) =>
      saveLogicModel(ctx.db, ctx.params.strategyId, ctx.params.nodeId, ctx.body, ctx.actor),
  }),
];
