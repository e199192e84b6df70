import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import { engineOf } from '../dialect.ts';
import type { Db } from './lib.ts';

// progress_entries.text_digest: the MD5 of the entry's text (UTF-8, hex), written with the
// text by every writer (progress.repository.ts, workflow.repository.ts). The strategy tree
// carries it in place of the text, so that a comparison of two cycles can tell a changed
// text without reading it. PostgreSQL computes the digest of the rows already stored;
// SQLite has no MD5 of its own, so they are computed here.

/** The digest as it was defined when this migration was written (a migration never changes). */
const textDigest = (text: string): string => createHash('md5').update(text, 'utf8').digest('hex');

export async function up(db: Db): Promise<void> {
  await db.schema
    .alterTable('progress_entries')
    .addColumn('text_digest', 'text', (c) => c.notNull().defaultTo(''))
    .execute();
  if (engineOf(db) === 'postgres') {
    await sql`update progress_entries set text_digest = md5(text)`.execute(db);
    return;
  }
  const rows = await db.selectFrom('progress_entries').select(['id', 'text']).execute();
  for (const row of rows as { id: string; text: string }[]) {
    await db
      .updateTable('progress_entries')
      .set({ text_digest: textDigest(row.text) })
      .where('id', '=', row.id)
      .execute();
  }
}

export async function down(db: Db): Promise<void> {
  await db.schema.alterTable('progress_entries').dropColumn('text_digest').execute();
}
