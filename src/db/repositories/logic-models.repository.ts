/** Logic models: one row per node, the stages as JSON text. */
import type { Kysely } from 'kysely';
import { LogicModel } from '../../domain/logic-model.ts';
import { parseJson, toJson } from '../json.ts';
import type { Database } from '../schema.ts';
import { updateVersionedWhere } from './versioned.repository.ts';

type Q = Kysely<Database>;

export interface LogicModelRow {
  nodeId: string;
  strategyId: string;
  model: LogicModel;
  version: number;
  updatedAt: string;
  updatedBy: string;
}

const toRow = (r: Database['logicModels']): LogicModelRow => ({
  ...r,
  model: LogicModel.parse(parseJson<unknown>(r.model, {})),
});

export async function findLogicModel(q: Q, nodeId: string): Promise<LogicModelRow | undefined> {
  const row = await q.selectFrom('logicModels').selectAll().where('nodeId', '=', nodeId).executeTakeFirst();
  return row && toRow(row);
}

/** Every model of a strategy, by node id (the tree carries them). */
export async function listLogicModels(q: Q, strategyId: string): Promise<Map<string, LogicModel>> {
  const rows = await q.selectFrom('logicModels').selectAll().where('strategyId', '=', strategyId).execute();
  return new Map(rows.map((r) => [r.nodeId, toRow(r).model]));
}

export async function insertLogicModel(q: Q, row: LogicModelRow): Promise<void> {
  await q
    .insertInto('logicModels')
    .values({ ...row, model: toJson(row.model) })
    .execute();
}

/** Replaces a model still at `basedOn`; false when someone changed it first. */
export async function updateLogicModel(
  q: Q,
  nodeId: string,
  basedOn: number,
  changes: { model: LogicModel; updatedAt: string; updatedBy: string },
): Promise<boolean> {
  return updateVersionedWhere(q, 'logicModels', { nodeId }, basedOn, {
    ...changes,
    model: toJson(changes.model),
  });
}
