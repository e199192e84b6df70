import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { ENGINES, createTestDb, type TestDb } from '../../test/helpers/db.ts';
import { openDatabase, type Db } from './database.ts';
import { jsonRows, parseJsonRows } from './dialect.ts';

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

for (const engine of ENGINES) {
  describe(`${engine}: rows built camel-cased from the driver's arrays`, () => {
    let db: TestDb;
    afterEach(async () => db.destroy());

    it('names columns in camelCase, keeps values and nulls, and renames the keys of JSON aggregates', async () => {
      db = await createTestDb(engine);
      const q = db.kysely;
      const organisation = {
        id: 'o1',
        shortName: '科技',
        nameJa: '内閣府科学技術・イノベーション推進事務局',
        nameEn: 'CSTI',
        aliases: '[]',
        position: 3,
        contactEmail: '',
        version: 1,
        createdAt: '2026-01-01T00:00:00.000Z',
        updatedAt: '2026-01-01T00:00:00.000Z',
        updatedBy: 'test',
      };
      await q.insertInto('organisations').values(organisation).execute();
      // Every column under its camelCase name, with the value written.
      const [row] = await q.selectFrom('organisations').selectAll().execute();
      expect(row).toEqual(organisation);
      expect(Object.keys(row!).sort()).toEqual(Object.keys(organisation).sort());
      // Selected expressions keep their alias; a null stays null; an empty result is empty.
      const [aliased] = await q
        .selectFrom('organisations')
        .select([sql<null>`null`.as('missingValue'), 'shortName as shortLabel'])
        .execute();
      expect(aliased).toEqual({ missingValue: null, shortLabel: '科技' });
      expect(await q.selectFrom('organisations').selectAll().where('id', '=', 'none').execute()).toEqual([]);
      // A sub-select as a JSON array (PostgreSQL sends it parsed, keyed by the SQL names).
      const [nested] = await q
        .selectFrom('organisations')
        .select((eb) =>
          jsonRows(engine, eb.selectFrom('organisations as o').select(['o.shortName', 'o.nameEn'])).as(
            'rows',
          ),
        )
        .execute();
      expect(parseJsonRows(nested!.rows)).toEqual([{ shortName: '科技', nameEn: 'CSTI' }]);
      // Writes still report what they changed.
      const updated = await q.updateTable('organisations').set({ position: 4 }).executeTakeFirst();
      expect(updated.numUpdatedRows).toBe(1n);
    });
  });
}
