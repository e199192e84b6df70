import type { Db } from './lib.ts';

// English text (issue #22, item 7): optional English beside the Japanese of what a cycle
// publishes — an entry's progress text (主な進捗), an assessment's 概況, the summary's verdict
// (its pillar bullets carry their English in the `pillars` JSON) and a correction's reason.
// Empty means "not translated": English pages and reports then show the Japanese, marked.

const COLUMNS = [
  ['progress_entries', 'text_en', ''],
  ['assessments', 'narrative_en', ''],
  ['summaries', 'overall_en', '[]'],
  ['corrections', 'reason_en', ''],
] as const;

export async function up(db: Db): Promise<void> {
  for (const [table, column, empty] of COLUMNS)
    await db.schema
      .alterTable(table)
      .addColumn(column, 'text', (c) => c.notNull().defaultTo(empty))
      .execute();
}

export async function down(db: Db): Promise<void> {
  for (const [table, column] of [...COLUMNS].reverse())
    await db.schema.alterTable(table).dropColumn(column).execute();
}
