/** Umbrella nodes: a node of one strategy standing for another strategy. */
import type { Kysely } from 'kysely';
import type { Database, UmbrellaNodeTable } from '../schema.ts';

type Q = Kysely<Database>;

export type UmbrellaNode = UmbrellaNodeTable;

/** The sub-strategy each node of a strategy stands for, by node id. */
export async function listUmbrellaNodes(q: Q, strategyId: string): Promise<Map<string, string>> {
  const rows = await q
    .selectFrom('umbrellaNodes')
    .select(['nodeId', 'subStrategyId'])
    .where('strategyId', '=', strategyId)
    .execute();
  return new Map(rows.map((r) => [r.nodeId, r.subStrategyId]));
}

export async function findUmbrellaNode(q: Q, nodeId: string): Promise<UmbrellaNode | undefined> {
  return q.selectFrom('umbrellaNodes').selectAll().where('nodeId', '=', nodeId).executeTakeFirst();
}

/** Sets (or with null, removes) the strategy a node stands for. */
export async function setUmbrellaNode(
  q: Q,
  row: Omit<UmbrellaNode, 'subStrategyId'> & { subStrategyId: string | null },
): Promise<void> {
  await q.deleteFrom('umbrellaNodes').where('nodeId', '=', row.nodeId).execute();
  if (row.subStrategyId === null) return;
  await q
    .insertInto('umbrellaNodes')
    .values({ ...row, subStrategyId: row.subStrategyId })
    .execute();
}
