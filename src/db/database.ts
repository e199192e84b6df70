/**
 * Opens the database named by the configuration: an embedded SQLite file (better-sqlite3,
 * WAL) or a PostgreSQL server (pg pool), behind one Kysely instance.
 */
import fs from 'node:fs';
import path from 'node:path';
import { AsyncLocalStorage } from 'node:async_hooks';
import SqliteDatabase from 'better-sqlite3';
import pg from 'pg';
import {
  CamelCasePlugin,
  Kysely,
  PostgresDialect,
  SqliteDialect,
  type SqliteDatabase as SqliteDatabaseHandle,
} from 'kysely';
import type { DatabaseTarget } from '../config.ts';
import { redact } from '../config.ts';
import type { Database } from './schema.ts';

export type Engine = 'sqlite' | 'postgres';

export interface Db {
  kysely: Kysely<Database>;
  engine: Engine;
  /** A short description for logs, with any password hidden. */
  describe: string;
  close(): Promise<void>;
}

export class DatabaseUnavailableError extends Error {}

/** Counts the SQL statements run inside `countQueries` (for benchmarks and N+1 tests). */
const queryCounter = new AsyncLocalStorage<{ count: number }>();

/**
 * Runs `fn` and returns how many SQL statements it ran, alongside its result.
 *
 * @example const { result, queries } = await countQueries(() => service.tree(id))
 */
export async function countQueries<T>(fn: () => Promise<T>): Promise<{ result: T; queries: number }> {
  const box = { count: 0 };
  const result = await queryCounter.run(box, fn);
  return { result, queries: box.count };
}

function onQuery(): void {
  const box = queryCounter.getStore();
  if (box) box.count += 1;
}

export async function openDatabase(target: DatabaseTarget): Promise<Db> {
  return target.kind === 'sqlite' ? openSqlite(target.file) : openPostgres(target.url);
}

function openSqlite(file: string): Db {
  if (file !== ':memory:') fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  let sqlite: SqliteDatabase.Database;
  try {
    sqlite = new SqliteDatabase(file);
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('synchronous = NORMAL');
    sqlite.pragma('foreign_keys = ON');
    sqlite.pragma('busy_timeout = 5000');
  } catch (err) {
    throw new DatabaseUnavailableError(`cannot open SQLite database ${file}: ${(err as Error).message}`);
  }
  const kysely = new Kysely<Database>({
    dialect: new SqliteDialect({ database: keepingStatements(sqlite) }),
    plugins: [new CamelCasePlugin()],
    log: onQuery,
  });
  return {
    kysely,
    engine: 'sqlite',
    describe: `sqlite:${file}`,
    close: () => kysely.destroy(),
  };
}

/**
 * The SQLite handle Kysely sees: statements are kept by their SQL text (the most recently
 * used STATEMENT_CACHE of them), because Kysely prepares every query it runs and
 * better-sqlite3 compiles on every prepare — under load, compiling took half as long as
 * running. Parameters are bound, so the texts are few. Kysely runs one query at a time on
 * the connection (a stream holds it until it ends or is left), so a kept statement is never
 * asked for while in use; SQLite recompiles a kept statement by itself when the schema
 * changes.
 */
const STATEMENT_CACHE = 500;

function keepingStatements(sqlite: SqliteDatabase.Database): SqliteDatabaseHandle {
  const kept = new Map<string, SqliteDatabase.Statement>();
  return {
    prepare(text: string) {
      const found = kept.get(text);
      if (found) {
        // most recently used last: the first key is the one to drop
        kept.delete(text);
        kept.set(text, found);
        return found;
      }
      const statement = sqlite.prepare(text);
      kept.set(text, statement);
      if (kept.size > STATEMENT_CACHE) kept.delete(kept.keys().next().value!);
      return statement;
    },
    close: () => {
      kept.clear();
      sqlite.close();
    },
  };
}

async function openPostgres(url: string): Promise<Db> {
  const pool = new pg.Pool({ connectionString: url, max: 10, connectionTimeoutMillis: 5000 });
  // A pool emits 'error' for idle clients that the server drops; without a listener the
  // process would crash on a PostgreSQL restart.
  pool.on('error', () => undefined);
  try {
    const client = await pool.connect();
    client.release();
  } catch (err) {
    await pool.end().catch(() => undefined);
    throw new DatabaseUnavailableError(
      `cannot connect to PostgreSQL at ${redact(url)}: ${(err as Error).message}`,
    );
  }
  const kysely = new Kysely<Database>({
    dialect: new PostgresDialect({ pool }),
    plugins: [new CamelCasePlugin()],
    log: onQuery,
  });
  return {
    kysely,
    engine: 'postgres',
    describe: redact(url),
    close: () => kysely.destroy(),
  };
}
