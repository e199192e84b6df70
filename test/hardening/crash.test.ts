/**
 * Crash safety (issue #9): the real server and the real CLI, killed with SIGKILL in the
 * middle of (a) a strategy import with --replace and (b) many clients saving entries at
 * once. After a restart the database passes the engine's integrity checks and every
 * transaction is either entirely there or entirely absent: the import is all rows or
 * none, and every entry's version is 1 + its audited saves (the change and its audit row
 * are one transaction). Every save the server acknowledged survives the crash.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generatePortfolio } from '../../bench/generate.ts';
import type { StrategyExportInput } from '../../src/domain/interchange.ts';
import { importStrategy } from '../../src/services/interchange.service.ts';
import { createTestUsers, sessionFor } from '../helpers/accounts.ts';
import { ENGINES, TEST_DATABASE_URL, type TestDb } from '../helpers/db.ts';
import { sampleDb } from '../helpers/sample.ts';
import { entryAudit, exportAll, integrityProblems, rowCounts } from './helpers/checks.ts';
import { Client } from './helpers/http.ts';
import {
  kill9,
  killChildren,
  runCommand,
  sleep,
  startCommand,
  startServer,
  type Server,
} from './helpers/processes.ts';
import { cycleEntries, FY2023, openNewCycle, prng } from './helpers/workflow.ts';

const STRATEGY = 'bench-s00';
const NOW = '2024-04-01T00:00:00.000Z';

/** A synthetic strategy big enough for its import to take seconds: 1000 initiatives, two cycles. */
function bigStrategy(): StrategyExportInput {
  const [strategy] = generatePortfolio({
    strategies: 1,
    cycles: 2,
    largest: 1000,
    initiatives: 1000,
    indicators: 100,
    observationsPerIndicator: 5,
    seed: 20261129,
  });
  return strategy!;
}

/**
 * The same strategy, revised: a marker on the title and on every progress text of the
 * cycles not yet published (a published cycle's texts change only through a correction,
 * and an import that would change them is refused).
 */
function revised(input: StrategyExportInput): StrategyExportInput {
  const copy = structuredClone(input);
  copy.strategy.title = `${copy.strategy.title}（改訂）`;
  for (const cycle of (copy.cycles ?? []).filter((c) => c.state !== 'published')) {
    for (const entry of cycle.progress ?? []) entry.text = `改訂：${entry.text}`;
  }
  return copy;
}

/**
 * Resolves once the importing process holds an open write transaction. SQLite: another
 * connection cannot take the write lock (three probes in a row). PostgreSQL: the importer's
 * backend has a transaction id, i.e. it has written and not yet committed.
 */
async function importerIsWriting(db: TestDb, appName: string, alive: () => boolean): Promise<void> {
  const deadline = Date.now() + 120_000;
  if (db.engine === 'sqlite') {
    const probe = new SqliteDatabase(db.url, { timeout: 0 });
    try {
      let busy = 0;
      while (busy < 3) {
        if (!alive() || Date.now() > deadline) throw new Error('the import ended before it was caught');
        try {
          probe.exec('begin immediate');
          probe.exec('rollback');
          busy = 0;
        } catch (err) {
          if ((err as { code?: string }).code !== 'SQLITE_BUSY') throw err;
          busy += 1;
        }
        await sleep(15);
      }
    } finally {
      probe.close();
    }
    return;
  }
  const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await client.connect();
  try {
    for (;;) {
      if (!alive() || Date.now() > deadline) throw new Error('the import ended before it was caught');
      const { rows } = await client.query<{ writing: boolean }>(
        'select backend_xid is not null as writing from pg_stat_activity where application_name = $1',
        [appName],
      );
      if (rows.some((r) => r.writing)) return;
      await sleep(15);
    }
  } finally {
    await client.end();
  }
}

/** Names the connection in pg_stat_activity, so that a test can watch its transaction. */
function withAppName(url: string, appName: string): string {
  const named = new URL(url);
  named.searchParams.set('application_name', appName);
  return named.toString();
}

/** PostgreSQL notices a dead client on its own; wait until the backend has gone. */
async function backendGone(appName: string): Promise<void> {
  const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await client.connect();
  try {
    for (let i = 0; i < 600; i++) {
      const { rows } = await client.query('select 1 from pg_stat_activity where application_name = $1', [
        appName,
      ]);
      if (rows.length === 0) return;
      await sleep(50);
    }
    throw new Error(`the backend of ${appName} is still there`);
  } finally {
    await client.end();
  }
}

for (const engine of ENGINES) {
  describe(`crash safety on ${engine}`, () => {
    let db: TestDb;
    let users: Awaited<ReturnType<typeof createTestUsers>>;
    let dir: string;
    let current: Server | null = null;
    /** The running server, started when there is none (each start costs seconds on a busy machine). */
    const serve = async () => {
      if (current?.child.exitCode !== null || current.child.signalCode !== null) {
        current = await startServer(db.url);
      }
      return current;
    };

    beforeAll(async () => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shinchoku-crash-'));
      db = await sampleDb(engine);
      users = await createTestUsers(db);
      await openNewCycle(db, users.admin);
    });
    afterAll(async () => {
      await killChildren();
      await db?.destroy();
      if (dir) fs.rmSync(dir, { recursive: true, force: true });
    });

    it('an import killed half-way leaves the old strategy whole, and the same import then succeeds', async () => {
      const original = bigStrategy();
      await importStrategy(db, original, { actor: 'test', now: NOW });
      const before = await exportAll(db);
      const countsBefore = await rowCounts(db);
      const file = path.join(dir, 'revised.json');
      fs.writeFileSync(file, JSON.stringify(revised(original)));

      const server = await serve();
      const appName = `shinchoku-crash-${process.pid}`;
      const importer = startCommand(['import', file, '--replace'], {
        DATABASE_URL: engine === 'postgres' ? withAppName(db.url, appName) : db.url,
      });
      await importerIsWriting(db, appName, () => importer.child.exitCode === null);
      await Promise.all([kill9(importer.child), server.crash()]);
      expect(importer.output()).not.toMatch(/imported/);
      if (engine === 'postgres') await backendGone(appName);

      // Nothing of the half-done import is left; nothing of the old strategy is lost.
      expect(await integrityProblems(db)).toEqual([]);
      expect(await exportAll(db)).toEqual(before);
      expect(await rowCounts(db)).toEqual(countsBefore);

      const restarted = await serve();
      const read = await new Client(restarted.url).get<{ title: string }>(`/api/strategies/${STRATEGY}`);
      expect(read.status).toBe(200);
      expect(read.body.title).toBe(original.strategy.title);

      // The same import, run again to its end, succeeds and replaces every row.
      const again = await runCommand(['import', file, '--replace'], { DATABASE_URL: db.url });
      expect(again.code, again.output).toBe(0);
      expect(again.output).toMatch(new RegExp(`imported ${STRATEGY}: .*1000 initiatives`));
      const after = JSON.parse((await exportAll(db))[STRATEGY]!) as StrategyExportInput;
      expect(after.strategy.title).toBe(`${original.strategy.title}（改訂）`);
      const texts = (published: boolean) =>
        (after.cycles ?? [])
          .filter((c) => (c.state === 'published') === published)
          .flatMap((c) => (c.progress ?? []).map((e) => e.text));
      expect([...texts(true), ...texts(false)]).toHaveLength(2000);
      expect(texts(false).length).toBeGreaterThan(0);
      expect(texts(false).every((t) => t.startsWith('改訂：'))).toBe(true);
      expect(texts(true).some((t) => t.startsWith('改訂：'))).toBe(false);
      expect(await rowCounts(db)).toEqual(countsBefore);
      expect(await integrityProblems(db)).toEqual([]);
    }, 300_000);

    it('concurrent saves killed half-way: each entry is 1 + its audited saves, acknowledged saves survive', async () => {
      const server = await serve();
      const entries = (await cycleEntries(db, FY2023)).slice(0, 8);
      const clients = await Promise.all(
        Array.from(
          { length: 8 },
          async () => new Client(server.url, (await sessionFor(db, users.editorAll)).headers),
        ),
      );
      const acked: { id: string; version: number; text: string }[] = [];
      const unexpected: number[] = [];
      let conflicts = 0;
      const writer = async (c: number) => {
        const pick = prng(1000 + c);
        for (let k = 0; k < 2000; k++) {
          const id = entries[Math.floor(pick() * entries.length)]!.id;
          const current = await clients[c]!.get<{ entry: { version: number } }>(`/api/entries/${id}`);
          if (current.status === 0) return;
          if (current.status !== 200) {
            unexpected.push(current.status);
            return;
          }
          const text = `クライアント${c}の保存${k}`;
          const saved = await clients[c]!.put<{ version: number; text: string }>(`/api/entries/${id}`, {
            version: current.body.entry.version,
            text,
            stage: null,
          });
          if (saved.status === 0) return;
          if (saved.status === 200) acked.push({ id, version: saved.body.version, text: saved.body.text });
          else if (saved.status === 409) conflicts += 1;
          else unexpected.push(saved.status);
        }
      };
      const writers = Array.from({ length: clients.length }, (_, c) => writer(c));
      // Kill the server while every client has a request in flight.
      while (acked.length < 150 && unexpected.length === 0) await sleep(5);
      await server.crash();
      await Promise.all(writers);
      expect(unexpected).toEqual([]);
      expect(acked.length).toBeGreaterThanOrEqual(150);

      expect(await integrityProblems(db)).toEqual([]);
      const audit = (await entryAudit(db)).filter((a) => a.action === 'entry.save');
      for (const entry of await cycleEntries(db, FY2023)) {
        const saves = audit.filter((a) => a.entityId === entry.id);
        expect(entry.version, entry.id).toBe(1 + saves.length);
        expect(saves.map((s) => s.after.version)).toEqual(saves.map((_, i) => i + 2));
        if (saves.length > 0) expect(entry.text).toBe(saves.at(-1)!.after.text);
      }
      for (const ack of acked) {
        const row = audit.find((a) => a.entityId === ack.id && a.after.version === ack.version);
        expect(row?.after.text, `acknowledged save ${ack.id} v${ack.version}`).toBe(ack.text);
      }
      console.log(`${engine}: ${acked.length} saves acknowledged, ${conflicts} conflicts before the kill`);

      // The restarted server takes the next save on top of the last committed version.
      const restarted = await serve();
      const client = clients[0]!.on(restarted.url);
      const id = entries[0]!.id;
      const { body } = await client.get<{ entry: { version: number } }>(`/api/entries/${id}`);
      const next = await client.put<{ version: number }>(`/api/entries/${id}`, {
        version: body.entry.version,
        text: '再起動後の保存',
        stage: null,
      });
      expect(next.status).toBe(200);
      expect(next.body.version).toBe(body.entry.version + 1);
    }, 300_000);
  });
}
