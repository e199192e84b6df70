/**
 * The schema every migration together makes, on each engine, against the committed one
 * (__schema__/<engine>.txt). Old migrations never change, and neither does what they build
 * with (lib.ts): a difference here means one of them did. A new migration changes the
 * snapshot on purpose: run this test with `-u` on both engines and commit the result.
 */
import { Migrator, NO_MIGRATIONS, sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { createTestDb, ENGINES, type TestDb } from '../../../test/helpers/db.ts';
import type { Db } from '../database.ts';
import { migrations } from './index.ts';

type Row = Record<string, unknown>;

async function rows(db: Db, query: ReturnType<typeof sql<Row>>): Promise<string[]> {
  const { rows } = await query.execute(db.kysely);
  return rows.map((r) => Object.values(r).join(' | '));
}

async function currentSchema(db: Db): Promise<string> {
  const { rows } = await sql<{ schema: string }>`select current_schema() as schema`.execute(db.kysely);
  return rows[0]?.schema ?? '';
}

/** sqlite_master as SQLite stores it: the text of every statement that made the schema. */
function sqliteSchema(db: Db): Promise<string[]> {
  return rows(
    db,
    sql<Row>`select type, name, tbl_name, sql from sqlite_master
      where tbl_name not like 'kysely_%' order by type, name`,
  );
}

/** Columns (type, null, default, generation, storage), constraints, indexes, triggers, functions. */
async function postgresSchema(db: Db): Promise<string[]> {
  const schema = await currentSchema(db);
  const parts = [
    await rows(
      db,
      sql<Row>`select c.relname, a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull,
        pg_get_expr(d.adbin, d.adrelid), a.attidentity, a.attgenerated, a.attstorage
      from pg_attribute a join pg_class c on c.oid = a.attrelid
      left join pg_attrdef d on d.adrelid = a.attrelid and d.adnum = a.attnum
      where c.relnamespace = current_schema()::regnamespace and c.relkind = 'r'
        and c.relname not like 'kysely_%' and a.attnum > 0 and not a.attisdropped
      order by c.relname, a.attnum`,
    ),
    await rows(
      db,
      sql<Row>`select conrelid::regclass::text as t, conname, pg_get_constraintdef(oid)
      from pg_constraint where connamespace = current_schema()::regnamespace
        and conrelid::regclass::text not like 'kysely_%' order by t, conname`,
    ),
    await rows(
      db,
      sql<Row>`select tablename, indexname, indexdef from pg_indexes
      where schemaname = current_schema() and tablename not like 'kysely_%' order by tablename, indexname`,
    ),
    await rows(
      db,
      sql<Row>`select t.tgname, pg_get_triggerdef(t.oid) from pg_trigger t join pg_class c on c.oid = t.tgrelid
      where c.relnamespace = current_schema()::regnamespace and not t.tgisinternal order by t.tgname`,
    ),
    await rows(
      db,
      sql<Row>`select proname, pg_get_functiondef(oid) from pg_proc
      where pronamespace = current_schema()::regnamespace order by proname`,
    ),
  ];
  return parts.flat().map((line) => line.replaceAll(schema, '<schema>'));
}

const schemaOf = (db: Db) => (db.engine === 'sqlite' ? sqliteSchema(db) : postgresSchema(db));

for (const engine of ENGINES) {
  describe(`migrations on ${engine}`, () => {
    let db: TestDb | undefined;
    afterAll(async () => {
      await db?.destroy();
    });

    it('make the committed schema, and their downs undo it all', async () => {
      db = await createTestDb(engine);
      const made = await schemaOf(db);
      expect(made.length).toBeGreaterThan(50);
      await expect(`${made.join('\n')}\n`).toMatchFileSnapshot(`./__schema__/${engine}.txt`);

      const migrator = new Migrator({
        db: db.kysely,
        provider: { getMigrations: async () => migrations },
        ...(engine === 'postgres' && { migrationTableSchema: await currentSchema(db) }),
      });
      const { error } = await migrator.migrateTo(NO_MIGRATIONS);
      expect(error).toBeUndefined();
      // The first audit trigger's function outlives its migration's down (20261128T2330_workflow).
      const left = await schemaOf(db);
      expect(left.filter((line) => !line.startsWith('audit_log_append_only |'))).toEqual([]);
    });
  });
}
