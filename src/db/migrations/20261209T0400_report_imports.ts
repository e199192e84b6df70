import { CREATED, createTables, type Db } from './lib.ts';

// Reports uploaded for review on screen (issue #23): the file itself (base64 text, the same
// on both engines), the recovered draft with its "to check" items and sources as JSON text,
// versioned like every edited record, and what it became once accepted.

export async function up(db: Db): Promise<void> {
  await createTables(db, {
    report_imports: {
      id: 'text primary key',
      file_name: 'text not null',
      file_kind: 'text not null',
      file_data: 'text not null',
      review: 'text not null',
      problems: 'text not null',
      source_lines: 'text not null',
      state: 'text not null',
      strategy_id: 'text',
      cycle_id: 'text',
      version: 'integer not null',
      ...CREATED,
      updated_at: 'text not null',
      updated_by: 'text not null',
    },
  });
}

export async function down(db: Db): Promise<void> {
  await db.schema.dropTable('report_imports').execute();
}
