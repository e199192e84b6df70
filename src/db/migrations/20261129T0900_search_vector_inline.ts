import { sql } from 'kysely';
import { engineOf } from '../dialect.ts';
import type { Db } from './lib.ts';

// PostgreSQL: a document's tsvector is kept in the row (storage MAIN) rather than moved out
// to the TOAST table. A document row is about 2 KB, over PostgreSQL's threshold, and the
// tsvector (bigrams compress poorly) was the column moved out: a search reading the newest
// documents and testing each (search.repository.ts) then fetched every tested row's vector
// from the TOAST table — 11,800 buffers for 4,800 rows tested; 2,600 with the vector in the
// row. The text columns are moved out instead; only the page of results reads them.
// Rows already stored keep their place until written again (`shinchoku reindex`).
// SQLite is unchanged: its FTS5 table holds the tokens.

export async function up(db: Db): Promise<void> {
  if (engineOf(db) !== 'postgres') return;
  await sql`alter table search_documents alter column token_vector set storage main`.execute(db);
}

export async function down(db: Db): Promise<void> {
  if (engineOf(db) !== 'postgres') return;
  await sql`alter table search_documents alter column token_vector set storage extended`.execute(db);
}
