import type { Kysely } from 'kysely';
import type { Cycle, CycleState } from '../../domain/model.ts';
import { engineOf } from '../dialect.ts';
import type { Database } from '../schema.ts';

type Q = Kysely<Database>;

/** The cycles of one strategy, or of all (by strategy), oldest first. */
export async function listCycles(db: Q, strategyId?: string): Promise<Cycle[]> {
  let q = db.selectFrom('cycles').selectAll();
  if (strategyId !== undefined) q = q.where('strategyId', '=', strategyId);
  const rows = await q.orderBy('strategyId').orderBy('fiscalYear').execute();
  return rows.map((r) => ({ ...r, state: r.state as CycleState }));
}

export async function findCycle(db: Q, id: string): Promise<Cycle | undefined> {
  const row = await db.selectFrom('cycles').selectAll().where('id', '=', id).executeTakeFirst();
  return row && { ...row, state: row.state as CycleState };
}

/**
 * A cycle read for a write that depends on its state: on PostgreSQL the row is share-locked
 * until the transaction ends, so that a publication in progress is waited for and seen
 * (SQLite runs one write transaction at a time already).
 */
export async function lockCycle(db: Q, id: string): Promise<Cycle | undefined> {
  const query = db.selectFrom('cycles').selectAll().where('id', '=', id);
  const row = await (engineOf(db) === 'postgres' ? query.forShare() : query).executeTakeFirst();
  return row && { ...row, state: row.state as CycleState };
}

export async function insertCycles(db: Q, cycles: Cycle[]): Promise<void> {
  if (cycles.length === 0) return;
  await db.insertInto('cycles').values(cycles).execute();
}
