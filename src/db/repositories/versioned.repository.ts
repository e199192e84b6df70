/**
 * Optimistic-lock update for the structure tables, which all have `id` and `version`:
 * the row changes only if it is still at the version the caller read.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../schema.ts';

export type VersionedTable =
  | 'strategies'
  | 'nodes'
  | 'initiatives'
  | 'organisations'
  | 'indicators'
  | 'observations'
  | 'users'
  | 'cycles'
  | 'assessments'
  | 'progressEntries';

/** The tables with a `version` that some other key than `id` names a row of. */
export type KeyedVersionedTable = 'summaries' | 'logicModels' | 'cycleDeadlines';

export async function updateVersioned(
  db: Kysely<Database>,
  table: VersionedTable,
  id: string,
  basedOn: number,
  /** Column values in camelCase; callers pass columns of `table` only. */
  changes: Record<string, unknown>,
): Promise<boolean> {
  return updateVersionedWhere(db, table, { id }, basedOn, changes);
}

/**
 * The same for a row named by other columns.
 * @example updateVersionedWhere(db, 'summaries', { cycleId }, 3, { text }) // false when it is not at 3
 */
export async function updateVersionedWhere(
  db: Kysely<Database>,
  table: VersionedTable | KeyedVersionedTable,
  key: Record<string, string>,
  basedOn: number,
  changes: Record<string, unknown>,
): Promise<boolean> {
  // Kysely cannot follow a table chosen at run time through set/where.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const q = db as unknown as Kysely<Record<string, any>>;
  let update = q.updateTable(table).set({ ...changes, version: basedOn + 1 });
  for (const [column, value] of Object.entries(key)) update = update.where(column, '=', value);
  const result = await update.where('version', '=', basedOn).executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}
