import { sql, type Kysely, type QueryCreator } from 'kysely';
import type { StrategyNode } from '../../domain/model.ts';
import { insertMany } from '../bulk.ts';
import type { Database } from '../schema.ts';

type Q = Kysely<Database>;

/** All nodes of a strategy, parents before children is NOT guaranteed: callers build the tree. */
export async function listNodes(db: Q, strategyId: string): Promise<StrategyNode[]> {
  return db
    .selectFrom('nodes')
    .selectAll()
    .where('strategyId', '=', strategyId)
    .orderBy('position')
    .orderBy('id')
    .execute();
}

/**
 * The nodes of a strategy as its tree shows them: with `standsFor`, the strategy a node
 * stands for (umbrella strategies), on the nodes that have one.
 */
export async function listTreeNodes(
  db: Q,
  strategyId: string,
): Promise<(StrategyNode & { standsFor?: string })[]> {
  const rows = await db
    .selectFrom('nodes')
    .leftJoin('umbrellaNodes', 'umbrellaNodes.nodeId', 'nodes.id')
    .selectAll('nodes')
    .select('umbrellaNodes.subStrategyId')
    .where('nodes.strategyId', '=', strategyId)
    .orderBy('nodes.position')
    .orderBy('nodes.id')
    .execute();
  return rows.map(({ subStrategyId, ...node }) =>
    subStrategyId === null ? node : { ...node, standsFor: subStrategyId },
  );
}

/** The nodes `ids` and the mirror nodes that show them (where an initiative appears). */
export async function listNodesShowing(db: Q, strategyId: string, ids: string[]): Promise<StrategyNode[]> {
  if (ids.length === 0) return [];
  return db
    .selectFrom('nodes')
    .selectAll()
    .where('strategyId', '=', strategyId)
    .where((eb) => eb.or([eb('id', 'in', ids), eb('mirrorOf', 'in', ids)]))
    .orderBy('position')
    .orderBy('id')
    .execute();
}

/**
 * The nodes `ids`, the mirror nodes that show them and every ancestor of both: where an
 * initiative listed under `ids` appears in the tree, without reading the whole tree.
 */
export async function listNodesAround(db: Q, strategyId: string, ids: string[]): Promise<StrategyNode[]> {
  if (ids.length === 0) return [];
  return withNodesAround(db, strategyId, ids)
    .selectFrom('nodes')
    .selectAll('nodes')
    .where('nodes.id', 'in', (eb) => eb.selectFrom('around').select('around.id'))
    .orderBy('position')
    .orderBy('id')
    .execute();
}

/**
 * A query with the common table `around(id)`: the ids listNodesAround finds for `ids`, or
 * every node of the strategy when `ids` is undefined.
 */
export function withNodesAround(
  db: Q,
  strategyId: string,
  ids: string[] | undefined,
): QueryCreator<Database & { around: { id: string } }> {
  if (ids === undefined || ids.length === 0) {
    const all = ids === undefined;
    return db.with('around(id)', (qb) =>
      qb
        .selectFrom('nodes')
        .select('nodes.id')
        .where('nodes.strategyId', '=', strategyId)
        .where(all ? sql<boolean>`1 = 1` : sql<boolean>`1 = 0`),
    );
  }
  return db.withRecursive('around(id)', (qb) =>
    qb
      .selectFrom('nodes')
      .select('nodes.id')
      .where('nodes.strategyId', '=', strategyId)
      .where((eb) => eb.or([eb('nodes.id', 'in', ids), eb('nodes.mirrorOf', 'in', ids)]))
      .union(
        qb
          .selectFrom('nodes')
          .innerJoin('around', 'around.id', 'nodes.id')
          .select(sql<string>`${sql.ref('nodes.parentId')}`.as('id'))
          .where('nodes.parentId', 'is not', null),
      ),
  );
}

export async function findNode(db: Q, id: string): Promise<StrategyNode | undefined> {
  return db.selectFrom('nodes').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The nodes `ids`, of whatever strategy (where a shared initiative is listed). */
export async function listNodesById(db: Q, ids: string[]): Promise<StrategyNode[]> {
  if (ids.length === 0) return [];
  return db
    .selectFrom('nodes')
    .selectAll()
    .where('id', 'in', ids)
    .orderBy('position')
    .orderBy('id')
    .execute();
}

/** Inserts nodes given parents-first; mirror links are set afterwards so order does not matter. */
export async function insertNodes(db: Q, nodes: StrategyNode[]): Promise<void> {
  await insertMany(
    db,
    'nodes',
    nodes.map((n) => ({ ...n, mirrorOf: null })),
  );
  for (const n of nodes) {
    if (n.mirrorOf !== null) {
      await db.updateTable('nodes').set({ mirrorOf: n.mirrorOf }).where('id', '=', n.id).execute();
    }
  }
}

export async function setNodePosition(db: Q, id: string, position: number): Promise<void> {
  await db.updateTable('nodes').set({ position }).where('id', '=', id).execute();
}

/** What hangs under a node: child and mirror nodes, listed initiatives, assessments (a delete waits for none). */
export async function countDependents(
  db: Q,
  id: string,
): Promise<{ children: number; listings: number; assessments: number }> {
  const [children, listings, assessments] = await Promise.all([
    db
      .selectFrom('nodes')
      .select('id')
      .where((eb) => eb.or([eb('parentId', '=', id), eb('mirrorOf', '=', id)]))
      .execute(),
    db.selectFrom('initiativeListings').select('initiativeId').where('nodeId', '=', id).execute(),
    db.selectFrom('assessments').select('id').where('nodeId', '=', id).execute(),
  ]);
  return { children: children.length, listings: listings.length, assessments: assessments.length };
}

/** Deletes a node, its logic model and the indicators tied to it alone (not to an initiative). */
export async function deleteNodeRow(db: Q, id: string): Promise<void> {
  await db.deleteFrom('logicModels').where('nodeId', '=', id).execute();
  await db.deleteFrom('indicators').where('nodeId', '=', id).where('initiativeId', 'is', null).execute();
  await db.deleteFrom('nodes').where('id', '=', id).execute();
}
