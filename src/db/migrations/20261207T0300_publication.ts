import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import { addColumns, type Db } from './lib.ts';

// The published record, immutable by construction: every snapshot carries the SHA-256 of
// its stored text (content_hash), and a published cycle names when it was published. Rows
// written before this migration get both: the hash of the text they hold, and the cycle's
// last change as its publication time. Published cycles that have no snapshot yet (loaded
// before snapshots were made at publication) are frozen by the startup step that follows
// every migration (services/publication.service.ts, freezeUnfrozenCycles).

export async function up(db: Db): Promise<void> {
  await addColumns(db, 'cycle_snapshots', { content_hash: "text not null default ''" });
  const rows = await db.selectFrom('cycle_snapshots').select(['cycle_id', 'revision', 'tree']).execute();
  for (const row of rows as { cycle_id: string; revision: number; tree: string }[]) {
    await db
      .updateTable('cycle_snapshots')
      .set({ content_hash: createHash('sha256').update(row.tree, 'utf8').digest('hex') })
      .where('cycle_id', '=', row.cycle_id)
      .where('revision', '=', row.revision)
      .execute();
  }
  await sql`update cycles set published_at = updated_at
    where state = 'published' and published_at is null`.execute(db);
}

export async function down(db: Db): Promise<void> {
  await db.schema.alterTable('cycle_snapshots').dropColumn('content_hash').execute();
}
