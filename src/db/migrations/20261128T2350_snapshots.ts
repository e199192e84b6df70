import type { Kysely } from 'kysely';

// A published cycle is served from an immutable snapshot of its tree: revision 0 at
// publication, revision n after correction n. Later structure edits do not rewrite history.

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations see an untyped db
type Db = Kysely<any>;

export async function up(db: Db): Promise<void> {
  await db.schema
    .createTable('cycle_snapshots')
    .addColumn('cycle_id', 'text', (c) => c.notNull().references('cycles.id').onDelete('cascade'))
    .addColumn('revision', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('tree', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('cycle_snapshots_pk', ['cycle_id', 'revision'])
    .execute();
}

export async function down(db: Db): Promise<void> {
  await db.schema.dropTable('cycle_snapshots').execute();
}
