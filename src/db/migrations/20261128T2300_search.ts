import { createTokensIndex, dropTokensIndex, engineOf, serialKey } from '../dialect.ts';
import { childOf, createTables, type Db } from './lib.ts';

// The search index (issue #7): one row per searchable item, maintained by
// services/search.service.ts. Rows are derived data: `shinchoku reindex` rebuilds them.
// Databases that already hold strategies get an empty index here and need that command once.

export async function up(db: Db): Promise<void> {
  await createTables(db, {
    search_documents: {
      seq: ['integer', serialKey(engineOf(db))],
      id: 'text not null unique',
      kind: 'text not null',
      ref_id: 'text not null',
      strategy_id: childOf('strategies'),
      cycle_id: 'text references cycles.id on delete cascade',
      // '|a|b|' lists, searched with a plain substring test (dialect.containsText).
      organisation_ids: "text not null default ''",
      node_ids: "text not null default ''",
      stage: 'text',
      rating: 'text',
      title: 'text not null',
      body: 'text not null',
      context: "text not null default ''",
      tokens: 'text not null',
      token_count: 'integer not null',
      search_documents_strategy_idx: 'index (strategy_id, kind)',
      // Covers the corpus statistics of every search (count and total length of visible documents).
      search_documents_cycle_idx: 'index (cycle_id, token_count)',
    },
  });
  await createTokensIndex(db);
}

export async function down(db: Db): Promise<void> {
  await dropTokensIndex(db);
  await db.schema.dropTable('search_documents').execute();
}
