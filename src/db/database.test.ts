import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from './database.ts';

describe('SQLite statements kept by their text', () => {
  let dir: string;
  let db: Db;
  afterEach(async () => {
    await db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('answers a statement run again, after a stream left early, and after the schema changed', async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shinchoku-db-'));
    db = await openDatabase({ kind: 'sqlite', file: path.join(dir, 'kept.db') });
    const q = db.kysely.withoutPlugins();
    await sql`create table kept (id integer primary key, name text)`.execute(q);
    for (const name of ['a', 'b', 'c']) await sql`insert into kept (name) values (${name})`.execute(q);
    const all = () => sql<Record<string, unknown>>`select * from kept order by id`.execute(q);
    expect((await all()).rows.map((r) => r.name)).toEqual(['a', 'b', 'c']);
    expect((await all()).rows.map((r) => r.name)).toEqual(['a', 'b', 'c']);

    // A stream left after its first row releases its statement for the next run of the text.
    const stream = () =>
      q
        .selectFrom('kept' as never)
        .selectAll()
        .orderBy('id' as never);
    for await (const row of stream().stream()) {
      expect(row).toMatchObject({ name: 'a' });
      break;
    }
    expect(await stream().execute()).toHaveLength(3);

    // A kept `select *` sees a column added since.
    await sql`alter table kept add column note text not null default 'n'`.execute(q);
    expect((await all()).rows[0]).toEqual({ id: 1, name: 'a', note: 'n' });
  });
});
