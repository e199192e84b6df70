import type { Kysely } from 'kysely';

// Cycle control (issue #19): per-ministry deadlines and reminders (督促).
//
// cycle_deadlines: a ministry's own deadline in a cycle, overriding the cycle's (an
// extension); versioned like every edited record.
//
// cycle_reminders: the last reminder sent to a ministry in a cycle, one row per pair,
// overwritten by the next.

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations see an untyped db
type Db = Kysely<any>;

export async function up(db: Db): Promise<void> {
  await db.schema
    .createTable('cycle_deadlines')
    .addColumn('cycle_id', 'text', (c) => c.notNull().references('cycles.id').onDelete('cascade'))
    .addColumn('organisation_id', 'text', (c) =>
      c.notNull().references('organisations.id').onDelete('cascade'),
    )
    .addColumn('deadline', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('cycle_deadlines_pk', ['cycle_id', 'organisation_id'])
    .execute();

  await db.schema
    .createTable('cycle_reminders')
    .addColumn('cycle_id', 'text', (c) => c.notNull().references('cycles.id').onDelete('cascade'))
    .addColumn('organisation_id', 'text', (c) =>
      c.notNull().references('organisations.id').onDelete('cascade'),
    )
    .addColumn('reminded_at', 'text', (c) => c.notNull())
    .addColumn('reminded_by', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('cycle_reminders_pk', ['cycle_id', 'organisation_id'])
    .execute();
}

export async function down(db: Db): Promise<void> {
  await db.schema.dropTable('cycle_reminders').execute();
  await db.schema.dropTable('cycle_deadlines').execute();
}
