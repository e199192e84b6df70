import type { Kysely } from 'kysely';
import type { Database } from '../schema.ts';

type Q = Kysely<Database>;

export interface SnapshotRow {
  cycleId: string;
  revision: number;
  createdAt: string;
  tree: string;
}

/** The newest snapshot of a published cycle. */
export async function latestSnapshot(db: Q, cycleId: string): Promise<SnapshotRow | undefined> {
  return db
    .selectFrom('cycleSnapshots')
    .selectAll()
    .where('cycleId', '=', cycleId)
    .orderBy('revision', 'desc')
    .limit(1)
    .executeTakeFirst();
}

/** Stores a snapshot; a second writer of the same revision (another process) is a no-op. */
export async function insertSnapshot(db: Q, row: SnapshotRow): Promise<void> {
  await db
    .insertInto('cycleSnapshots')
    .values(row)
    .onConflict((oc) => oc.columns(['cycleId', 'revision']).doNothing())
    .execute();
}

/**
 * The newest snapshot revision of a cycle if, and only if, the cycle is published and
 * belongs to the strategy — one statement, for the hot read path.
 */
export async function publishedRevision(
  db: Q,
  strategyId: string,
  cycleId: string,
): Promise<number | undefined> {
  const row = await db
    .selectFrom('cycles')
    .innerJoin('cycleSnapshots', 'cycleSnapshots.cycleId', 'cycles.id')
    .select((eb) => eb.fn.max('cycleSnapshots.revision').as('revision'))
    .where('cycles.id', '=', cycleId)
    .where('cycles.strategyId', '=', strategyId)
    .where('cycles.state', '=', 'published')
    .executeTakeFirst();
  return row?.revision === null || row?.revision === undefined ? undefined : Number(row.revision);
}

export async function findSnapshot(
  db: Q,
  cycleId: string,
  revision: number,
): Promise<SnapshotRow | undefined> {
  return db
    .selectFrom('cycleSnapshots')
    .selectAll()
    .where('cycleId', '=', cycleId)
    .where('revision', '=', revision)
    .executeTakeFirst();
}
