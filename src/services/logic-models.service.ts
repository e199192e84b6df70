/**
 * Logic models of a strategy's nodes, edited by the secretariat's administrators: read with
 * what the editor picks from (the node's initiatives as activities, the strategy's
 * indicators), saved whole with the version it was read at, audited. The live model shows
 * in unpublished cycles; a published cycle shows the model its snapshot froze.
 */
import type { Db } from '../db/database.ts';
import * as indicatorsRepo from '../db/repositories/indicators.repository.ts';
import * as initiativesRepo from '../db/repositories/initiatives.repository.ts';
import * as modelsRepo from '../db/repositories/logic-models.repository.ts';
import * as nodesRepo from '../db/repositories/nodes.repository.ts';
import { PUBLIC_SCOPE } from '../domain/access.ts';
import { conflict, invalid, notFound } from '../domain/errors.ts';
import { emptyLogicModel, logicModelProblems, type LogicModel } from '../domain/logic-model.ts';
import type { StrategyNode } from '../domain/model.ts';
import { audit, type Actor } from './audit.service.ts';

export interface LogicModelView {
  nodeId: string;
  /** 0 until the model is first saved. */
  version: number;
  model: LogicModel;
  /** The activities: the initiatives listed under the node (its mirror's, for a mirror). */
  activities: { id: string; title: string; titleEn: string }[];
  /** What a box may name as its measure. */
  indicators: { id: string; name: string; nameEn: string; unit: string }[];
}

async function nodeOf(db: Db, strategyId: string, nodeId: string): Promise<StrategyNode> {
  const node = await nodesRepo.findNode(db.kysely, nodeId);
  if (!node || node.strategyId !== strategyId) throw notFound('node', nodeId);
  return node;
}

export async function getLogicModel(db: Db, strategyId: string, nodeId: string): Promise<LogicModelView> {
  const node = await nodeOf(db, strategyId, nodeId);
  const q = db.kysely;
  const [row, initiatives, indicators] = await Promise.all([
    modelsRepo.findLogicModel(q, nodeId),
    initiativesRepo.listInitiatives(q, { strategyId, listedUnder: node.mirrorOf ?? node.id }),
    indicatorsRepo.listIndicators(q, PUBLIC_SCOPE, { strategyId }, []),
  ]);
  return {
    nodeId,
    version: row?.version ?? 0,
    model: row?.model ?? emptyLogicModel(),
    activities: initiatives.map((i) => ({ id: i.id, title: i.title, titleEn: i.titleEn })),
    indicators: indicators.map((k) => ({ id: k.id, name: k.name, nameEn: k.nameEn, unit: k.unit })),
  };
}

/** Saves the whole model if it is still at `version` (0: none saved yet). */
export async function saveLogicModel(
  db: Db,
  strategyId: string,
  nodeId: string,
  input: { version: number; model: LogicModel },
  actor: Actor,
): Promise<LogicModelView> {
  await nodeOf(db, strategyId, nodeId);
  const indicators = await indicatorsRepo.listIndicators(db.kysely, PUBLIC_SCOPE, { strategyId }, []);
  const problems = logicModelProblems(input.model, new Set(indicators.map((k) => k.id)));
  if (problems.length > 0) throw invalid('the logic model names unknown indicators', { issues: problems });
  await db.kysely.transaction().execute(async (trx) => {
    const before = await modelsRepo.findLogicModel(trx, nodeId);
    const now = new Date().toISOString();
    const current = before?.version ?? 0;
    if (current !== input.version)
      throw conflict('the logic model was changed by someone else', { current: before ?? null });
    const changes = { model: input.model, updatedAt: now, updatedBy: actor.id };
    if (before) {
      if (!(await modelsRepo.updateLogicModel(trx, nodeId, current, changes)))
        throw conflict('the logic model was changed by someone else', { current: before });
    } else {
      await modelsRepo.insertLogicModel(trx, { nodeId, strategyId, version: 1, ...changes });
    }
    await audit(
      trx,
      actor,
      [
        {
          action: 'logic_model.save',
          entityType: 'node',
          entityId: nodeId,
          before: before?.model ?? null,
          after: input.model,
        },
      ],
      now,
    );
  });
  return getLogicModel(db, strategyId, nodeId);
}
