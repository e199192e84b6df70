import { childOf, createTables, dropTables, type Db } from './lib.ts';

// Budget beside results (issue #24): the administrative project review's (行政事業レビュー)
// budget and execution per project and fiscal year, and which initiatives those projects fund.
//
// budget_lines: one row per project number and fiscal year, amounts in yen (bigint: budgets
// pass 2^31 yen), replaced in place by a re-import of the same project and year.
//
// initiative_projects: an initiative's link to a project number, kept with the time it was
// made and the time it was undone (never deleted), so that a published cycle shows the links
// it was published with.

export async function up(db: Db): Promise<void> {
  await createTables(db, {
    budget_lines: {
      project_number: 'text not null',
      fiscal_year: 'integer not null',
      ministry: 'text not null',
      organisation_id: 'text references organisations.id on delete set null',
      project_name: 'text not null',
      initial_budget: 'bigint not null',
      supplementary_budget: 'bigint not null',
      carried_over: 'bigint not null',
      reserve_fund: 'bigint not null',
      executed: 'bigint',
      source_file: 'text not null',
      imported_at: 'text not null',
      imported_by: 'text not null',
      budget_lines_pk: 'primary key (project_number, fiscal_year)',
    },

    initiative_projects: {
      id: 'text primary key',
      initiative_id: childOf('initiatives'),
      project_number: 'text not null',
      linked_at: 'text not null',
      linked_by: 'text not null',
      unlinked_at: 'text',
      unlinked_by: 'text',
      initiative_projects_initiative: 'index (initiative_id, project_number)',
      initiative_projects_project: 'index (project_number)',
    },
  });
}

export async function down(db: Db): Promise<void> {
  await dropTables(db, ['initiative_projects', 'budget_lines']);
}
