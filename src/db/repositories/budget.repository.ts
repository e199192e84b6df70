/**
 * Budget lines of the administrative project review and the links from initiatives to their
 * project numbers. Amounts are bigint columns, which the pg driver reads as strings: they
 * leave here as numbers.
 */
import type { Kysely, Selectable } from 'kysely';
import { BUDGET_LINE_FIELDS, type BudgetLine } from '../../domain/budget.ts';
import type { BudgetLineTable, Database } from '../schema.ts';

type Q = Kysely<Database>;

const num = (v: number | string): number => Number(v);

function toLine(r: Selectable<BudgetLineTable>): BudgetLine & { sourceFile: string } {
  return {
    projectNumber: r.projectNumber,
    fiscalYear: Number(r.fiscalYear),
    ministry: r.ministry,
    organisationId: r.organisationId,
    projectName: r.projectName,
    initialBudget: num(r.initialBudget),
    supplementaryBudget: num(r.supplementaryBudget),
    carriedOver: num(r.carriedOver),
    reserveFund: num(r.reserveFund),
    executed: r.executed === null ? null : num(r.executed),
    importedAt: r.importedAt,
    sourceFile: r.sourceFile,
  };
}

/** Lines of these projects (every year, or one), by project and year. */
export async function listLines(
  q: Q,
  projectNumbers: readonly string[],
  fiscalYear?: number,
): Promise<(BudgetLine & { sourceFile: string })[]> {
  if (projectNumbers.length === 0) return [];
  let query = q
    .selectFrom('budgetLines')
    .selectAll()
    .where('projectNumber', 'in', [...projectNumbers]);
  if (fiscalYear !== undefined) query = query.where('fiscalYear', '=', fiscalYear);
  const rows = await query.orderBy('projectNumber').orderBy('fiscalYear').execute();
  return rows.map(toLine);
}

/**
 * Lines of these fiscal years of every project ever linked to these initiatives (the
 * portfolio's ministry page: with `listLinkHistory`, side by side rather than one after the
 * other), by project and year.
 */
export async function listLinesLinkedTo(
  q: Q,
  initiativeIds: readonly string[],
  fiscalYears: readonly number[],
): Promise<(BudgetLine & { sourceFile: string })[]> {
  if (initiativeIds.length === 0 || fiscalYears.length === 0) return [];
  const seen = new Map<string, BudgetLine & { sourceFile: string }>();
  // In chunks: the engines cap bound parameters; a project linked in two chunks comes once.
  for (let i = 0; i < initiativeIds.length; i += 1000) {
    const rows = await q
      .selectFrom('budgetLines')
      .selectAll()
      .where('projectNumber', 'in', (eb) =>
        eb
          .selectFrom('initiativeProjects')
          .select('projectNumber')
          .where('initiativeId', 'in', initiativeIds.slice(i, i + 1000)),
      )
      .where('fiscalYear', 'in', [...fiscalYears])
      .orderBy('projectNumber')
      .orderBy('fiscalYear')
      .execute();
    for (const r of rows) seen.set(`${r.projectNumber}\u0000${r.fiscalYear}`, toLine(r));
  }
  return [...seen.values()];
}

export type NewLine = Omit<BudgetLine, 'importedAt'> & {
  sourceFile: string;
  importedAt: string;
  importedBy: string;
};

const UPDATED = [...BUDGET_LINE_FIELDS, 'sourceFile', 'importedAt', 'importedBy'] as const;

/** Writes lines, replacing a stored line of the same project and year (500 per statement). */
export async function upsertLines(q: Q, lines: readonly NewLine[]): Promise<void> {
  for (let i = 0; i < lines.length; i += 500) {
    await q
      .insertInto('budgetLines')
      .values(lines.slice(i, i + 500))
      .onConflict((oc) =>
        oc
          .columns(['projectNumber', 'fiscalYear'])
          .doUpdateSet((eb) => Object.fromEntries(UPDATED.map((c) => [c, eb.ref(`excluded.${c}`)]))),
      )
      .execute();
  }
}

export interface ProjectLink {
  initiativeId: string;
  projectNumber: string;
  linkedAt: string;
}

/**
 * Links of these initiatives (every initiative when `initiativeIds` is null) in force at
 * `asOf` (an ISO time), or the current ones when it is null.
 */
export async function listLinks(
  q: Q,
  initiativeIds: readonly string[] | null,
  asOf: string | null,
): Promise<ProjectLink[]> {
  if (initiativeIds?.length === 0) return [];
  let query = q.selectFrom('initiativeProjects').select(['initiativeId', 'projectNumber', 'linkedAt']);
  if (initiativeIds) query = query.where('initiativeId', 'in', [...initiativeIds]);
  query =
    asOf === null
      ? query.where('unlinkedAt', 'is', null)
      : query
          .where('linkedAt', '<=', asOf)
          .where((eb) => eb.or([eb('unlinkedAt', 'is', null), eb('unlinkedAt', '>', asOf)]));
  return query.orderBy('initiativeId').orderBy('linkedAt').orderBy('projectNumber').execute();
}

/** Project numbers among these that some initiative funds now. */
export async function linkedProjects(q: Q, projectNumbers: readonly string[]): Promise<Set<string>> {
  if (projectNumbers.length === 0) return new Set();
  const rows = await q
    .selectFrom('initiativeProjects')
    .select('projectNumber')
    .distinct()
    .where('projectNumber', 'in', [...projectNumbers])
    .where('unlinkedAt', 'is', null)
    .execute();
  return new Set(rows.map((r) => r.projectNumber));
}

/** Which of these (project, year) pairs are stored, with their lines. */
export async function findLines(
  q: Q,
  keys: readonly { projectNumber: string; fiscalYear: number }[],
): Promise<Map<string, BudgetLine & { sourceFile: string }>> {
  const numbers = [...new Set(keys.map((k) => k.projectNumber))];
  const out = new Map<string, BudgetLine & { sourceFile: string }>();
  // In chunks: a whole review is thousands of projects, the engines cap bound parameters.
  for (let i = 0; i < numbers.length; i += 1000) {
    for (const l of await listLines(q, numbers.slice(i, i + 1000))) {
      out.set(`${l.projectNumber}\u0000${l.fiscalYear}`, l);
    }
  }
  return out;
}

export async function insertLinks(
  q: Q,
  rows: readonly {
    id: string;
    initiativeId: string;
    projectNumber: string;
    linkedAt: string;
    linkedBy: string;
  }[],
): Promise<void> {
  if (rows.length === 0) return;
  await q
    .insertInto('initiativeProjects')
    .values(rows.map((r) => ({ ...r, unlinkedAt: null, unlinkedBy: null })))
    .execute();
}

/** Ends the current links of an initiative to these projects. */
export async function endLinks(
  q: Q,
  initiativeId: string,
  projectNumbers: readonly string[],
  at: string,
  by: string,
): Promise<void> {
  if (projectNumbers.length === 0) return;
  await q
    .updateTable('initiativeProjects')
    .set({ unlinkedAt: at, unlinkedBy: by })
    .where('initiativeId', '=', initiativeId)
    .where('projectNumber', 'in', [...projectNumbers])
    .where('unlinkedAt', 'is', null)
    .execute();
}

/** The newest import time of these projects' lines, or null. */
export async function lastImport(q: Q): Promise<string | null> {
  const r = await q
    .selectFrom('budgetLines')
    .select((eb) => eb.fn.max('importedAt').as('at'))
    .executeTakeFirst();
  return r?.at ?? null;
}

/**
 * Every link of these initiatives, ended ones included, for callers that need the links in
 * force at several moments at once (the portfolio's ministry page: one per strategy).
 */
export async function listLinkHistory(
  q: Q,
  initiativeIds: readonly string[],
): Promise<(ProjectLink & { unlinkedAt: string | null })[]> {
  const out: (ProjectLink & { unlinkedAt: string | null })[] = [];
  // In chunks: the engines cap bound parameters.
  for (let i = 0; i < initiativeIds.length; i += 1000) {
    out.push(
      ...(await q
        .selectFrom('initiativeProjects')
        .select(['initiativeId', 'projectNumber', 'linkedAt', 'unlinkedAt'])
        .where('initiativeId', 'in', initiativeIds.slice(i, i + 1000))
        .orderBy('initiativeId')
        .orderBy('linkedAt')
        .orderBy('projectNumber')
        .execute()),
    );
  }
  return out;
}
