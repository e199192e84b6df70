import type { Kysely } from 'kysely';

// What the portfolio reads of each published snapshot (issue #24): a digest of the whole
// cycle (organisation_id '') and one per owning ministry, derived from the snapshot's tree.
// Written with every snapshot; a snapshot without them (older ones, a restored backup) gets
// them on the portfolio's first read of it.

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations see an untyped db
type Db = Kysely<any>;

export async function up(db: Db): Promise<void> {
  await db.schema
    .createTable('snapshot_digests')
    .addColumn('cycle_id', 'text', (c) => c.notNull().references('cycles.id').onDelete('cascade'))
    .addColumn('revision', 'integer', (c) => c.notNull())
    .addColumn('organisation_id', 'text', (c) => c.notNull())
    .addColumn('digest', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('snapshot_digests_pk', ['cycle_id', 'revision', 'organisation_id'])
    .execute();
}

export async function down(db: Db): Promise<void> {
  await db.schema.dropTable('snapshot_digests').execute();
}
