/**
 * Optimistic-lock update for the structure tables, which all have `id` and `version`:
 * the row changes only if it is still at the version the caller read.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../schema.ts';

export type VersionedTable =
  'strategies' | 'nodes' | 'initiatives' | 'organisations' | 'indicators' | 'observations';

export async function updateVersioned(
  db: Kysely<Database>,
  table: VersionedTable,
  id: string,
  basedOn: number,
  /** Column values in camelCase; callers pass columns of `table` only. */
  changes: Record<string, unknown>,
): Promise<boolean> {
  // Kysely cannot follow a table chosen at run time through set/where.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const q = db as unknown as Kysely<Record<string, any>>;
  const result = await q
    .updateTable(table)
    .set({ ...changes, version: basedOn + 1 })
    .where('id', '=', id)
    .where('version', '=', basedOn)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}
