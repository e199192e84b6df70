import { childOf, createTables, type Db } from './lib.ts';

// What the portfolio reads of each published snapshot (issue #24): a digest of the whole
// cycle (organisation_id '') and one per owning ministry, derived from the snapshot's tree.
// Written with every snapshot; a snapshot without them (older ones, a restored backup) gets
// them on the portfolio's first read of it.

export async function up(db: Db): Promise<void> {
  await createTables(db, {
    snapshot_digests: {
      cycle_id: childOf('cycles'),
      revision: 'integer not null',
      organisation_id: 'text not null',
      digest: 'text not null',
      snapshot_digests_pk: 'primary key (cycle_id, revision, organisation_id)',
    },
  });
}

export async function down(db: Db): Promise<void> {
  await db.schema.dropTable('snapshot_digests').execute();
}
