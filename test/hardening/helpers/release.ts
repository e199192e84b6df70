/**
 * "The previous release" for upgrade tests: a database with only the first migration
 * ('20261128T2200_initial') applied and the sample in it, as release 0.1 left it.
 *
 * The rows come from the current code (the sample loaded into a fully migrated scratch
 * SQLite file) and are copied column by column into the tables of the first migration,
 * which is what 0.1 wrote: the later migrations only add tables and nullable columns.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Migrator, sql } from 'kysely';
import { openDatabase, type Db } from '../../../src/db/database.ts';
import { migrateToLatest } from '../../../src/db/migrate.ts';
import { migrations } from '../../../src/db/migrations/index.ts';
import { loadSample } from '../../../src/services/sample.service.ts';

export const FIRST_MIGRATION = '20261128T2200_initial';

/** The sample's timestamps, as test/helpers/sample.ts loads it. */
export const SAMPLE_NOW = '2023-04-01T00:00:00.000Z';

/** The tables of the first migration, parents before children. */
export const RELEASE_0_1_TABLES = [
  'organisations',
  'strategies',
  'vocabulary_terms',
  'nodes',
  'initiatives',
  'initiative_owners',
  'initiative_listings',
  'cycles',
  'progress_entries',
  'indicators',
  'observations',
  'assessments',
  'summaries',
] as const;

async function migrationOptions(db: Db) {
  if (db.engine !== 'postgres') return {};
  const { rows } = await sql<{ schema: string }>`select current_schema() as schema`.execute(db.kysely);
  // The same bookkeeping schema as migrateToLatest uses (src/db/migrate.ts).
  return { migrationTableSchema: rows[0]!.schema };
}

/** Applies the migrations up to and including the first one only. */
export async function migrateToFirstRelease(db: Db): Promise<void> {
  const migrator = new Migrator({
    db: db.kysely,
    provider: { getMigrations: async () => migrations },
    ...(await migrationOptions(db)),
  });
  const { error } = await migrator.migrateTo(FIRST_MIGRATION);
  if (error) throw error as Error;
}

async function columnsOf(engine: Db['engine'], q: Db['kysely'], table: string): Promise<string[]> {
  const { rows } =
    engine === 'sqlite'
      ? await sql<{ name: string }>`select name from pragma_table_info(${table})`.execute(q)
      : await sql<{ name: string }>`select column_name as name from information_schema.columns
          where table_schema = current_schema() and table_name = ${table}`.execute(q);
  return rows.map((r) => r.name);
}

/** Kysely's CamelCasePlugin hands raw rows back with camelCase keys. */
const camel = (column: string): string => column.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());

/** Nodes in an order where every parent and every mirrored node comes first. */
function parentsFirst(rows: Record<string, unknown>[]): Record<string, unknown>[] {
  const byId = new Map(rows.map((r) => [r.id as string, r]));
  const done = new Set<string>();
  const out: Record<string, unknown>[] = [];
  const visit = (row: Record<string, unknown>): void => {
    const id = row.id as string;
    if (done.has(id)) return;
    done.add(id);
    for (const ref of [row.parentId, row.mirrorOf]) {
      const parent = typeof ref === 'string' ? byId.get(ref) : undefined;
      if (parent) visit(parent);
    }
    out.push(row);
  };
  rows.forEach(visit);
  return out;
}

/** Copies the release-0.1 tables from `source` into `target`, columns the target has only. */
export async function copyReleaseRows(source: Db, target: Db): Promise<void> {
  await target.kysely.transaction().execute(async (trx) => {
    for (const table of RELEASE_0_1_TABLES) {
      const columns = await columnsOf(target.engine, trx, table);
      const { rows } = await sql<Record<string, unknown>>`select * from ${sql.table(table)}`.execute(
        source.kysely,
      );
      const ordered = table === 'nodes' ? parentsFirst(rows) : rows;
      for (let i = 0; i < ordered.length; i += 200) {
        const values = ordered
          .slice(i, i + 200)
          .map((row) => sql`(${sql.join(columns.map((c) => row[camel(c)] ?? null))})`);
        await sql`insert into ${sql.table(table)} (${sql.join(columns.map((c) => sql.id(c)))})
          values ${sql.join(values)}`.execute(trx);
      }
    }
  });
}

/** The sample as the current code loads it, in a scratch SQLite file removed afterwards. */
export async function withCurrentSample<T>(fn: (source: Db) => Promise<T>): Promise<T> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shinchoku-release-'));
  const source = await openDatabase({ kind: 'sqlite', file: path.join(dir, 'current.db') });
  try {
    await migrateToLatest(source);
    await loadSample(source, { now: SAMPLE_NOW });
    return await fn(source);
  } finally {
    await source.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Turns an empty database into release 0.1 with the sample loaded. */
export async function buildRelease01(target: Db): Promise<void> {
  await migrateToFirstRelease(target);
  await withCurrentSample((source) => copyReleaseRows(source, target));
}
