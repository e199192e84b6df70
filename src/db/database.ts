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
  CompiledQuery,
  Kysely,
  PostgresDialect,
  SqliteDialect,
  SqliteDriver,
  type DatabaseConnection,
  type Driver,
  type PluginTransformResultArgs,
  type SqliteDialectConfig,
  type TransactionSettings,
  type PostgresPool,
  type PostgresPoolClient,
  type QueryResult,
  type SqliteDatabase as SqliteDatabaseHandle,
  type SqliteStatement,
  type UnknownRow,
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
  /** PostgreSQL only: the connections of the pool (for the metrics). */
  poolStats?: () => PoolStats;
  close(): Promise<void>;
}

export interface PoolStats {
  /** Connections open, idle among them, and callers waiting for one. */
  total: number;
  idle: number;
  waiting: number;
}

export interface OpenOptions {
  /**
   * PostgreSQL: the longest a statement may run (`statement_timeout`; the client gives up a
   * little later, for a server that no longer answers at all). 0, the default: no limit.
   */
  statementTimeoutMs?: number;
  /** SQLite: how long a statement waits for another writer's lock (default 5 s). */
  busyTimeoutMs?: number;
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

/**
 * Columns are snake_case in SQL and camelCase in code. Kysely's CamelCasePlugin renames the
 * query's identifiers, and then rebuilds every result row key by key, looking each key up
 * and testing each value for nested objects. For the tree of a large strategy, 10,000 rows,
 * that rebuilding cost a third as much as reading the rows. Here the rows are built
 * camel-cased once, from the drivers' arrays (`rowBuilder`), and the plugin leaves them be.
 */
class CamelCaseColumns extends CamelCasePlugin {
  readonly toCamel = (name: string): string => this.camelCase(name);

  /** A column's value: JSON aggregates (`jsonRows`) arrive parsed from PostgreSQL, keys snake_case. */
  readonly value = (value: unknown): unknown => {
    if (typeof value !== 'object' || value === null) return value;
    if (Array.isArray(value))
      return value.map((item: unknown) => (isPlainObject(item) ? this.mapRow(item) : item));
    return isPlainObject(value) ? this.mapRow(value) : value;
  };

  override transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return Promise.resolve(args.result);
  }
}

const isPlainObject = (value: unknown): value is UnknownRow =>
  typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype;

/** Builds row objects from a driver's row arrays, given the result's column names. */
function rowBuilder(columns: CamelCaseColumns, names: readonly string[]): (row: unknown[]) => UnknownRow {
  const keys = names.map(columns.toCamel);
  return (row) => {
    const out: UnknownRow = {};
    keys.forEach((key, i) => (out[key] = columns.value(row[i])));
    return out;
  };
}

export async function openDatabase(target: DatabaseTarget, opts: OpenOptions = {}): Promise<Db> {
  return target.kind === 'sqlite'
    ? openSqlite(target.file, opts.busyTimeoutMs ?? 5000)
    : openPostgres(target.url, opts.statementTimeoutMs ?? 0);
}

function openSqlite(file: string, busyTimeoutMs: number): Db {
  if (file !== ':memory:') fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  let sqlite: SqliteDatabase.Database;
  try {
    sqlite = new SqliteDatabase(file);
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('synchronous = NORMAL');
    sqlite.pragma('foreign_keys = ON');
    sqlite.pragma(`busy_timeout = ${Math.trunc(busyTimeoutMs)}`);
  } catch (err) {
    throw new DatabaseUnavailableError(`cannot open SQLite database ${file}: ${(err as Error).message}`);
  }
  const columns = new CamelCaseColumns();
  const kysely = new Kysely<Database>({
    dialect: new ImmediateSqliteDialect({ database: keepingStatements(sqlite, columns) }),
    plugins: [columns],
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

function keepingStatements(sqlite: SqliteDatabase.Database, columns: CamelCaseColumns): SqliteDatabaseHandle {
  const kept = new Map<string, SqliteStatement>();
  return {
    prepare(text: string) {
      const found = kept.get(text);
      if (found) {
        // most recently used last: the first key is the one to drop
        kept.delete(text);
        kept.set(text, found);
        return found;
      }
      const statement = camelCaseRows(sqlite.prepare(text), columns);
      kept.set(text, statement);
      const oldest = kept.keys().next();
      if (kept.size > STATEMENT_CACHE && !oldest.done) kept.delete(oldest.value);
      return statement;
    },
    close: () => {
      kept.clear();
      sqlite.close();
    },
  };
}

/**
 * SQLite transactions that may write begin IMMEDIATE, taking the write lock (or waiting for it,
 * up to the busy timeout) before they read. A deferred transaction that has read is refused at
 * once when it comes to write after another process wrote in between (SQLITE_BUSY_SNAPSHOT, no
 * waiting): a save in the server while `shinchoku backup` records the audit chain's head gave a
 * 500. Read-only transactions stay deferred: a snapshot that blocks no writer.
 */
class ImmediateSqliteDialect extends SqliteDialect {
  readonly #settings: SqliteDialectConfig;
  constructor(config: SqliteDialectConfig) {
    super(config);
    this.#settings = config;
  }
  override createDriver(): Driver {
    return new ImmediateSqliteDriver(this.#settings);
  }
}

class ImmediateSqliteDriver extends SqliteDriver {
  override async beginTransaction(
    connection: DatabaseConnection,
    settings?: TransactionSettings,
  ): Promise<void> {
    const begin = settings?.accessMode === 'read only' ? 'begin' : 'begin immediate';
    await connection.executeQuery(CompiledQuery.raw(begin));
  }
}

/**
 * A statement whose rows are built by `rowBuilder` from better-sqlite3's arrays (its raw
 * mode): that took half the time of better-sqlite3's own objects. The column names are read
 * at every run, so a kept `select *` follows a column added since.
 */
function camelCaseRows(statement: SqliteDatabase.Statement, columns: CamelCaseColumns): SqliteStatement {
  if (!statement.reader) return statement;
  statement.raw(true);
  const builder = () =>
    rowBuilder(
      columns,
      statement.columns().map((c) => c.name),
    );
  return {
    reader: true,
    all: (parameters) => (statement.all(parameters) as unknown[][]).map(builder()),
    run: (parameters) => statement.run(parameters),
    *iterate(parameters) {
      const build = builder();
      for (const row of statement.iterate(parameters) as IterableIterator<unknown[]>) yield build(row);
    },
  };
}

/**
 * The pool Kysely sees: each query asks pg for its rows as arrays, which `rowBuilder` turns
 * into camel-cased objects (pg would build an object per row of its own first). One wrapper
 * per pooled client, so that Kysely keeps its connection per client.
 */
function camelCaseRowsPool(pool: pg.Pool, columns: CamelCaseColumns): PostgresPool {
  const wrapped = new WeakMap<pg.PoolClient, PostgresPoolClient>();
  const wrap = (client: pg.PoolClient): PostgresPoolClient => ({
    query: (async (text: string, values: unknown[]) => {
      const result = await client.query({ text, values, rowMode: 'array' });
      const build = rowBuilder(
        columns,
        (result.fields ?? []).map((f) => f.name),
      );
      return {
        command: result.command,
        rowCount: result.rowCount,
        rows: (result.rows as unknown[][]).map(build),
      };
    }) as PostgresPoolClient['query'],
    release: (destroy?: boolean) => client.release(destroy),
  });
  return {
    connect: async () => {
      const client = await pool.connect();
      let found = wrapped.get(client);
      if (!found) {
        // A connection that drops while its client is checked out (PostgreSQL restarted, the
        // network went) fails the query in progress, and pg also emits 'error' on the client:
        // unheard, that would end the process. The pool discards the client on release.
        client.on('error', () => undefined);
        wrapped.set(client, (found = wrap(client)));
      }
      return found;
    },
    end: () => pool.end(),
  };
}

/** How much longer than the server's statement timeout the client waits for an answer. */
const CLIENT_GRACE_MS = 5000;

async function openPostgres(url: string, statementTimeoutMs: number): Promise<Db> {
  const pool = new pg.Pool({
    connectionString: url,
    max: 10,
    connectionTimeoutMillis: 5000,
    application_name: 'shinchoku',
    ...(statementTimeoutMs > 0 && {
      statement_timeout: statementTimeoutMs,
      query_timeout: statementTimeoutMs + CLIENT_GRACE_MS,
    }),
  });
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
  const columns = new CamelCaseColumns();
  const kysely = new Kysely<Database>({
    dialect: new PostgresDialect({ pool: camelCaseRowsPool(pool, columns) }),
    plugins: [columns],
    log: onQuery,
  });
  return {
    kysely,
    engine: 'postgres',
    describe: redact(url),
    poolStats: () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount }),
    close: () => kysely.destroy(),
  };
}
