/**
 * Versioned writes for the workflow: every update names the version it was based on and
 * changes nothing when the row has moved on (the caller answers 409).
 */
import type { Kysely, Selectable, Updateable } from 'kysely';
import type { AssessmentTable, CycleTable, Database, ProgressEntryTable, SummaryTable } from '../schema.ts';

type Q = Kysely<Database>;

export async function findEntry(db: Q, id: string): Promise<Selectable<ProgressEntryTable> | undefined> {
  return db.selectFrom('progressEntries').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function updateEntry(
  db: Q,
  id: string,
  basedOn: number,
  changes: Updateable<ProgressEntryTable>,
): Promise<boolean> {
  const r = await db
    .updateTable('progressEntries')
    .set({ ...changes, version: basedOn + 1 })
    .where('id', '=', id)
    .where('version', '=', basedOn)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function updateCycle(
  db: Q,
  id: string,
  basedOn: number,
  changes: Updateable<CycleTable>,
): Promise<boolean> {
  const r = await db
    .updateTable('cycles')
    .set({ ...changes, version: basedOn + 1 })
    .where('id', '=', id)
    .where('version', '=', basedOn)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function findAssessment(
  db: Q,
  cycleId: string,
  nodeId: string,
): Promise<Selectable<AssessmentTable> | undefined> {
  return db
    .selectFrom('assessments')
    .selectAll()
    .where('cycleId', '=', cycleId)
    .where('nodeId', '=', nodeId)
    .executeTakeFirst();
}

export async function updateAssessment(
  db: Q,
  id: string,
  basedOn: number,
  changes: Updateable<AssessmentTable>,
): Promise<boolean> {
  const r = await db
    .updateTable('assessments')
    .set({ ...changes, version: basedOn + 1 })
    .where('id', '=', id)
    .where('version', '=', basedOn)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function findSummary(db: Q, cycleId: string): Promise<Selectable<SummaryTable> | undefined> {
  return db.selectFrom('summaries').selectAll().where('cycleId', '=', cycleId).executeTakeFirst();
}

export async function updateSummary(
  db: Q,
  cycleId: string,
  basedOn: number,
  changes: Updateable<SummaryTable>,
): Promise<boolean> {
  const r = await db
    .updateTable('summaries')
    .set({ ...changes, version: basedOn + 1 })
    .where('cycleId', '=', cycleId)
    .where('version', '=', basedOn)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function editorsOf(db: Q, organisationIds: string[]): Promise<string[]> {
  if (organisationIds.length === 0) return [];
  const rows = await db
    .selectFrom('userOrganisations')
    .innerJoin('users', 'users.id', 'userOrganisations.userId')
    .select('users.id')
    .where('userOrganisations.organisationId', 'in', organisationIds)
    .where('users.role', '=', 'editor')
    .where('users.disabled', '=', 0)
    .distinct()
    .execute();
  return rows.map((r) => r.id);
}

export async function usersWithRoles(db: Q, roles: string[]): Promise<string[]> {
  const rows = await db
    .selectFrom('users')
    .select('id')
    .where('role', 'in', roles)
    .where('disabled', '=', 0)
    .execute();
  return rows.map((r) => r.id);
}
