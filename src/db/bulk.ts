import type { Insertable, Kysely } from 'kysely';
import type { Database } from './schema.ts';

/** Both engines cap bound parameters per statement (SQLite 32766, PostgreSQL 65535). */
const MAX_PARAMS = 30_000;

/**
 * Inserts many rows in as few statements as the engines allow.
 *
 * @example await insertMany(db, 'initiativeOwners', owners)
 */
export async function insertMany<T extends keyof Database & string>(
  db: Kysely<Database>,
  table: T,
  rows: readonly Insertable<Database[T]>[],
): Promise<void> {
  const first = rows[0];
  if (first === undefined) return;
  const perRow = Math.max(1, Object.keys(first).length);
  const chunk = Math.max(1, Math.floor(MAX_PARAMS / perRow));
  for (let i = 0; i < rows.length; i += chunk) {
    // Kysely's insert typing cannot follow a generic table name; the rows are typed above.
    await db
      .insertInto(table)
      // eslint-disable-next-line @typescript-eslint/no-explicit-any -- see above
      .values(rows.slice(i, i + chunk) as any)
      .execute();
  }
}
