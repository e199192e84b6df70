/**
 * Test databases: a fresh SQLite file per call, and — when TEST_DATABASE_URL is set — a
 * fresh PostgreSQL schema per call on that server. Tests loop over `ENGINES` so that every
 * repository and service test runs on both engines (as Kysely's own tests loop over dialects).
 *
 *   for (const engine of ENGINES) describe(engine, () => { … await createTestDb(engine) … })
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { openDatabase, type Db, type Engine } from '../../src/db/database.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';

export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL;

export const ENGINES: Engine[] = TEST_DATABASE_URL ? ['sqlite', 'postgres'] : ['sqlite'];

export interface TestDb extends Db {
  /** The DATABASE_URL that reaches this same database (for child processes). */
  url: string;
  /** Closes the connection and removes the file or schema. */
  destroy(): Promise<void>;
}

export async function createTestDb(engine: Engine, opts: { migrate?: boolean } = {}): Promise<TestDb> {
  const { url, drop } = engine === 'sqlite' ? sqliteTarget() : await postgresTarget();
  const db = await openDatabase(
    engine === 'sqlite' ? { kind: 'sqlite', file: url } : { kind: 'postgres', url },
  );
  if (opts.migrate ?? true) await migrateToLatest(db);
  return {
    ...db,
    url,
    destroy: async () => {
      await db.close();
      await drop();
    },
  };
}

function sqliteTarget() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shinchoku-test-'));
  return {
    url: path.join(dir, 'test.db'),
    drop: async () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}

async function postgresTarget() {
  if (!TEST_DATABASE_URL) throw new Error('TEST_DATABASE_URL is not set');
  const schema = `t_${randomUUID().replaceAll('-', '').slice(0, 16)}`;
  const admin = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await admin.connect();
  await admin.query(`CREATE SCHEMA ${schema}`);
  await admin.end();
  const url = new URL(TEST_DATABASE_URL);
  url.searchParams.set('options', `-c search_path=${schema}`);
  return {
    url: url.toString(),
    drop: async () => {
      const c = new pg.Client({ connectionString: TEST_DATABASE_URL });
      await c.connect();
      await c.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await c.end();
    },
  };
}
