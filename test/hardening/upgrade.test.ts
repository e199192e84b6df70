/**
 * Upgrades without loss (issue #9): a database made by the previous release (only the
 * first migration applied, the sample loaded) is migrated to the latest schema and then
 * holds exactly what a fresh database with the sample holds — the same export, the same
 * rows, the same published tree, and search once the index is rebuilt. The SQLite case
 * starts from a committed file (test/fixtures/releases/0.1-initial.db, built by the script
 * beside it); the PostgreSQL case builds release 0.1 with Migrator.migrateTo.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../src/db/database.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';
import { migrations } from '../../src/db/migrations/index.ts';
import { ANONYMOUS } from '../../src/domain/access.ts';
import { freezeUnfrozenCycles } from '../../src/services/publication.service.ts';
import { reindexAll, search } from '../../src/services/search.service.ts';
import { getTreeJson } from '../../src/services/strategies.service.ts';
import { createTestDb, ENGINES, type TestDb } from '../helpers/db.ts';
import { sampleDb } from '../helpers/sample.ts';
import { exportAll, integrityProblems, listTables, rowCounts } from './helpers/checks.ts';
import { buildRelease01, FIRST_MIGRATION, RELEASE_0_1_TABLES } from './helpers/release.ts';

const FIXTURE = path.resolve(import.meta.dirname, '../fixtures/releases/0.1-initial.db');
const LATER = Object.keys(migrations).filter((name) => name > FIRST_MIGRATION);

let dir: string;
const opened: { close(): Promise<void> }[] = [];
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shinchoku-upgrade-'));
});
afterAll(async () => {
  for (const db of opened) await db.close();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

async function appliedMigrations(db: Db): Promise<string[]> {
  const { rows } = await sql<{ name: string }>`select name from kysely_migration order by name`.execute(
    db.kysely,
  );
  return rows.map((r) => r.name);
}

/** Migrates `old` and compares it with a fresh database that has the sample. */
async function expectUpgradedLikeFresh(old: Db & { url: string }, fresh: Db): Promise<void> {
  expect(await appliedMigrations(old)).toEqual([FIRST_MIGRATION]);
  const before = await rowCounts(old, [...RELEASE_0_1_TABLES]);
  expect(before.progress_entries).toBe(29);

  expect(await migrateToLatest(old)).toEqual(LATER);
  // The startup step every command runs after migrating (cli/context.ts): the published
  // cycle, loaded before publication froze cycles, gets its snapshot now.
  expect(await freezeUnfrozenCycles(old)).toEqual(['ai2022-fy2022']);
  expect(await appliedMigrations(old)).toEqual(Object.keys(migrations));
  expect(await listTables(old)).toEqual(await listTables(fresh));
  expect(await rowCounts(old, [...RELEASE_0_1_TABLES])).toEqual(before);
  expect(await rowCounts(old, [...RELEASE_0_1_TABLES])).toEqual(
    await rowCounts(fresh, [...RELEASE_0_1_TABLES]),
  );
  expect(await exportAll(old)).toEqual(await exportAll(fresh));
  expect(await integrityProblems(old)).toEqual([]);

  // The published cycle reads the same (the same snapshot, the same hash).
  const tree = async (db: Db) => (await getTreeJson(db, 'ai2022', 'ai2022-fy2022', ANONYMOUS)).json;
  expect(await tree(old)).toBe(await tree(fresh));

  // The search index of an upgraded database starts empty; one reindex makes it whole.
  const hits = async (db: Db) => (await search(db, { q: 'デジタルツイン' }, ANONYMOUS)).hits.map((h) => h.id);
  expect(await hits(old)).toEqual([]);
  await reindexAll(old);
  expect(await hits(old)).toEqual(await hits(fresh));
  expect((await hits(old)).length).toBeGreaterThan(0);
}

describe('upgrade of a release 0.1 database (committed SQLite fixture)', () => {
  it('is the first release: one migration, its thirteen tables, the sample', async () => {
    const db = await openDatabase({ kind: 'sqlite', file: path.join(dir, 'look.db') });
    opened.push(db);
    fs.copyFileSync(FIXTURE, path.join(dir, 'look.db'));
    expect(await appliedMigrations(db)).toEqual([FIRST_MIGRATION]);
    expect((await listTables(db)).filter((t) => !t.startsWith('kysely_'))).toEqual(
      [...RELEASE_0_1_TABLES].sort(),
    );
  });

  it('migrates a copy to the latest schema and then holds what a fresh database holds', async () => {
    const file = path.join(dir, 'upgrade.db');
    fs.copyFileSync(FIXTURE, file);
    const old = Object.assign(await openDatabase({ kind: 'sqlite', file }), { url: file });
    opened.push(old);
    const fresh = await sampleDb('sqlite');
    opened.push({ close: () => fresh.destroy() });
    await expectUpgradedLikeFresh(old, fresh);
  });
});

for (const engine of ENGINES) {
  describe(`upgrade of a release 0.1 database built on ${engine}`, () => {
    const dbs: TestDb[] = [];
    afterAll(async () => {
      for (const db of dbs) await db.destroy();
    });

    it('migrateTo(first), the sample, then migrateToLatest: nothing lost', async () => {
      const old = await createTestDb(engine, { migrate: false });
      dbs.push(old);
      await buildRelease01(old);
      const fresh = await sampleDb(engine);
      dbs.push(fresh);
      await expectUpgradedLikeFresh(old, fresh);
    });
  });
}
