import type { Kysely } from 'kysely';

// Budget beside results (issue #24): the administrative project review's (行政事業レビュー)
// budget and execution per project and fiscal year, and which initiatives those projects fund.
//
// budget_lines: one row per project number and fiscal year, amounts in yen (bigint: budgets
// pass 2^31 yen), replaced in place by a re-import of the same project and year.
//
// initiative_projects: an initiative's link to a project number, kept with the time it was
// made and the time it was undone (never deleted), so that a published cycle shows the links
// it was published with.

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations see an untyped db
type Db = Kysely<any>;

export async function up(db: Db): Promise<void> {
  await db.schema
    .createTable('budget_lines')
    .addColumn('project_number', 'text', (c) => c.notNull())
    .addColumn('fiscal_year', 'integer', (c) => c.notNull())
    .addColumn('ministry', 'text', (c) => c.notNull())
    .addColumn('organisation_id', 'text', (c) => c.references('organisations.id').onDelete('set null'))
    .addColumn('project_name', 'text', (c) => c.notNull())
    .addColumn('initial_budget', 'bigint', (c) => c.notNull())
    .addColumn('supplementary_budget', 'bigint', (c) => c.notNull())
    .addColumn('carried_over', 'bigint', (c) => c.notNull())
    .addColumn('reserve_fund', 'bigint', (c) => c.notNull())
    .addColumn('executed', 'bigint')
    .addColumn('source_file', 'text', (c) => c.notNull())
    .addColumn('imported_at', 'text', (c) => c.notNull())
    .addColumn('imported_by', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('budget_lines_pk', ['project_number', 'fiscal_year'])
    .execute();

  await db.schema
    .createTable('initiative_projects')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('initiative_id', 'text', (c) => c.notNull().references('initiatives.id').onDelete('cascade'))
    .addColumn('project_number', 'text', (c) => c.notNull())
    .addColumn('linked_at', 'text', (c) => c.notNull())
    .addColumn('linked_by', 'text', (c) => c.notNull())
    .addColumn('unlinked_at', 'text')
    .addColumn('unlinked_by', 'text')
    .execute();
  await db.schema
    .createIndex('initiative_projects_initiative')
    .on('initiative_projects')
    .columns(['initiative_id', 'project_number'])
    .execute();
  await db.schema
    .createIndex('initiative_projects_project')
    .on('initiative_projects')
    .column('project_number')
    .execute();
}

export async function down(db: Db): Promise<void> {
  await db.schema.dropTable('initiative_projects').execute();
  await db.schema.dropTable('budget_lines').execute();
}
