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
