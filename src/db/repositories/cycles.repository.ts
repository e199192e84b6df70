import type { Kysely } from 'kysely';
import type { Cycle, CycleState } from '../../domain/model.ts';
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

export async function insertCycles(db: Q, cycles: Cycle[]): Promise<void> {
  if (cycles.length === 0) return;
  await db.insertInto('cycles').values(cycles).execute();
}
