import { childOf, createTables, type Db } from './lib.ts';

// A published cycle is served from an immutable snapshot of its tree: revision 0 at
// publication, revision n after correction n. Later structure edits do not rewrite history.

export async function up(db: Db): Promise<void> {
  await createTables(db, {
    cycle_snapshots: {
      cycle_id: childOf('cycles'),
      revision: 'integer not null',
      created_at: 'text not null',
      tree: 'text not null',
      cycle_snapshots_pk: 'primary key (cycle_id, revision)',
    },
  });
}

export async function down(db: Db): Promise<void> {
  await db.schema.dropTable('cycle_snapshots').execute();
}
