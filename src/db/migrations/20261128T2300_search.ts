import type { Kysely } from 'kysely';
import { createTokensIndex, dropTokensIndex, engineOf, serialKey } from '../dialect.ts';

// The search index (issue #7): one row per searchable item, maintained by
// services/search.service.ts. Rows are derived data: `shinchoku reindex` rebuilds them.
// Databases that already hold strategies get an empty index here and need that command once.

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations see an untyped db
type Db = Kysely<any>;

export async function up(db: Db): Promise<void> {
  await db.schema
    .createTable('search_documents')
    .addColumn('seq', 'integer', serialKey(engineOf(db)))
    .addColumn('id', 'text', (c) => c.notNull().unique())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('ref_id', 'text', (c) => c.notNull())
    .addColumn('strategy_id', 'text', (c) => c.notNull().references('strategies.id').onDelete('cascade'))
    .addColumn('cycle_id', 'text', (c) => c.references('cycles.id').onDelete('cascade'))
    // '|a|b|' lists, searched with a plain substring test (dialect.containsText).
    .addColumn('organisation_ids', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('node_ids', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('stage', 'text')
    .addColumn('rating', 'text')
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('context', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('tokens', 'text', (c) => c.notNull())
    .addColumn('token_count', 'integer', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('search_documents_strategy_idx')
    .on('search_documents')
    .columns(['strategy_id', 'kind'])
    .execute();
  // Covers the corpus statistics of every search (count and total length of visible documents).
  await db.schema
    .createIndex('search_documents_cycle_idx')
    .on('search_documents')
    .columns(['cycle_id', 'token_count'])
    .execute();
  await createTokensIndex(db);
}

export async function down(db: Db): Promise<void> {
  await dropTokensIndex(db);
  await db.schema.dropTable('search_documents').execute();
}
