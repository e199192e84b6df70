/**
 * Statements about the database itself rather than its data (readiness checks).
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../schema.ts';

/** The cheapest statement the engine answers: it proves a connection and a live server. */
export async function ping(q: Kysely<Database>): Promise<void> {
  await sql`select 1`.execute(q);
}
