import { sql } from 'kysely';
import { engineOf } from '../dialect.ts';
import type { Db } from './lib.ts';

// PostgreSQL: the tokens' tsvector is stored in a generated column and indexed there,
// instead of an expression index. A search for a frequent term reads the newest matching
// documents by walking the key backwards and testing each row; with the expression index
// every row tested had its tsvector built again from the text (about four times slower).
// SQLite is unchanged: its FTS5 table already holds the tokens.

export async function up(db: Db): Promise<void> {
  if (engineOf(db) !== 'postgres') return;
  await sql`drop index if exists search_documents_tokens_idx`.execute(db);
  await sql`alter table search_documents add column token_vector tsvector
    generated always as (array_to_tsvector(string_to_array(tokens, ' '))) stored`.execute(db);
  await sql`create index search_documents_vector_idx on search_documents using gin (token_vector)`.execute(
    db,
  );
}

export async function down(db: Db): Promise<void> {
  if (engineOf(db) !== 'postgres') return;
  await sql`drop index if exists search_documents_vector_idx`.execute(db);
  await sql`alter table search_documents drop column if exists token_vector`.execute(db);
  await sql`create index search_documents_tokens_idx on search_documents
    using gin (array_to_tsvector(string_to_array(tokens, ' ')))`.execute(db);
}
