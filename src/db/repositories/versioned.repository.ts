/**
 * Optimistic-lock update for the structure tables, which all have `id` and `version`:
 * the row changes only if it is still at the version the caller read.
 */
import type { Kysely, Updateable } from 'kysely';
import type { Database } from '../schema.ts';

export type VersionedTable =
  'strategies' | 'nodes' | 'initiatives' | 'organisations' | 'indicators' | 'observations';

export async function updateVersioned<T extends VersionedTable>(
  db: Kysely<Database>,
  table: T,
  id: string,
  basedOn: number,
  changes: Updateable<Database[T]>,
): Promise<boolean> {
  // Kysely cannot follow a generic table name through set/where; the types are checked above.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const q = db as unknown as Kysely<Record<string, any>>;
  const result = await q
    .updateTable(table as string)
    .set({ ...(changes as Record<string, unknown>), version: basedOn + 1 })
    .where('id', '=', id)
    .where('version', '=', basedOn)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}
