import { sql, type Kysely } from 'kysely';

// The portfolio at government scale (issue #24 item 6). The digests' format changed (no
// owners per target and KPI: counts per ministry, and each ministry's targets and KPIs in
// its own digest), so the old ones go: the portfolio's first read of a snapshot writes them
// anew. The staff dashboard counts the open cycles' entries per review state from an index
// alone.

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations see an untyped db
type Db = Kysely<any>;

export async function up(db: Db): Promise<void> {
  await sql`delete from snapshot_digests`.execute(db);
  await db.schema
    .createIndex('progress_entries_cycle_state_idx')
    .on('progress_entries')
    .columns(['cycle_id', 'review_state'])
    .execute();
}

export async function down(db: Db): Promise<void> {
  await db.schema.dropIndex('progress_entries_cycle_state_idx').execute();
  await sql`delete from snapshot_digests`.execute(db);
}
