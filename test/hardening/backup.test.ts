/**
 * Online backup (issue #9): `shinchoku backup` while a client keeps saving entries through
 * the real server, on both engines. One writer saves numbered texts (seq:1, seq:2, …) into
 * entries of two strategies in turn, so a consistent snapshot holds exactly the writes up to
 * some number m and none after it — a copy read across two moments (READ COMMITTED) would
 * show a later write in the second strategy beside an older state of the first. The backup
 * restores into an empty database and exports byte for byte what it captured.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generatePortfolio } from '../../bench/generate.ts';
import { importStrategy, serialiseExport } from '../../src/services/interchange.service.ts';
import type { StrategyExport } from '../../src/domain/interchange.ts';
import { createTestUsers, sessionFor } from '../helpers/accounts.ts';
import { createTestDb, ENGINES, type TestDb } from '../helpers/db.ts';
import { sampleDb } from '../helpers/sample.ts';
import { exportAll, integrityProblems } from './helpers/checks.ts';
import { Client } from './helpers/http.ts';
import { killChildren, runCommand, sleep, startServer } from './helpers/processes.ts';
import { cycleEntries, FY2023, openNewCycle } from './helpers/workflow.ts';

interface Backup {
  format: string;
  strategies: StrategyExport[];
}

const SLOTS_PER_STRATEGY = 5;

/** The numbered text a slot holds after the writes 1…m, or null when none reached it. */
function expectedSeq(slot: number, slots: number, m: number): number | null {
  const last = m - ((((m - slot) % slots) + slots) % slots);
  return last >= 1 ? last : null;
}

const seqOf = (text: string): number | null => {
  const match = /^seq:(\d+)$/.exec(text);
  return match ? Number(match[1]) : null;
};

for (const engine of ENGINES) {
  describe(`online backup on ${engine}`, () => {
    let db: TestDb;
    const others: TestDb[] = [];
    let dir: string;
    /** Entry ids written in turn: slot j takes the writes n with n % slots === j. */
    let slots: string[] = [];
    let editor: Record<string, string>;

    beforeAll(async () => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shinchoku-backup-'));
      db = await sampleDb(engine);
      const users = await createTestUsers(db);
      await openNewCycle(db, users.admin);
      const [second] = generatePortfolio({
        strategies: 1,
        cycles: 1,
        largest: 250,
        initiatives: 250,
        indicators: 120,
        observationsPerIndicator: 5,
        seed: 9,
      });
      await importStrategy(db, second!, { actor: 'test' });
      const mine = new Set(users.editorAll.organisationIds);
      const writable = async (cycleId: string) => {
        const owners = await db.kysely
          .selectFrom('initiativeOwners')
          .select(['initiativeId', 'organisationId'])
          .execute();
        const owned = new Set(owners.filter((o) => mine.has(o.organisationId)).map((o) => o.initiativeId));
        return (await cycleEntries(db, cycleId)).filter((e) => owned.has(e.initiativeId));
      };
      const a = (await writable(FY2023)).slice(0, SLOTS_PER_STRATEGY);
      const b = (await writable('bench-s00-fy2021')).slice(0, SLOTS_PER_STRATEGY);
      slots = a.flatMap((e, i) => [e.id, b[i]!.id]);
      editor = (await sessionFor(db, users.editorAll)).headers;
    });
    afterAll(async () => {
      await killChildren();
      await Promise.all([db, ...others].map((d) => d?.destroy()));
      if (dir) fs.rmSync(dir, { recursive: true, force: true });
    });

    it('takes consistent snapshots while writes go on; a restore exports exactly what was captured', async () => {
      const server = await startServer(db.url);
      const client = new Client(server.url, editor);
      const versions = new Map(slots.map((id) => [id, 1]));
      let written = 0;
      let stop = false;
      const failures: string[] = [];
      const writer = (async () => {
        for (let n = 1; !stop && n <= 20_000; n++) {
          const id = slots[n % slots.length]!;
          const res = await client.put<{ version: number }>(`/api/entries/${id}`, {
            version: versions.get(id),
            text: `seq:${n}`,
            stage: null,
          });
          if (res.status !== 200) {
            failures.push(`seq ${n}: ${res.status} ${JSON.stringify(res.body)}`);
            return;
          }
          versions.set(id, res.body.version);
          written = n;
        }
      })();

      const snapshots: { file: string; startedAfter: number; endedBefore: number }[] = [];
      while (written < 20 && failures.length === 0) await sleep(10);
      for (let i = 0; i < 3; i++) {
        const file = path.join(dir, `backup-${i}.json`);
        const startedAfter = written;
        const run = await runCommand(['backup', file], { DATABASE_URL: db.url });
        expect(run.code, run.output).toBe(0);
        // One more write may be committed whose answer is still on its way.
        snapshots.push({ file, startedAfter, endedBefore: written + 2 });
      }
      stop = true;
      await writer;
      expect(failures).toEqual([]);

      for (const snap of snapshots) {
        const backup = JSON.parse(fs.readFileSync(snap.file, 'utf8')) as Backup;
        expect(backup.format).toBe('shinchoku.backup');
        const entries = new Map(
          backup.strategies.flatMap((s) =>
            s.cycles.flatMap((c) => c.progress.map((e) => [e.id, e] as const)),
          ),
        );
        const seqs = slots.map((id) => seqOf(entries.get(id)!.text));
        const m = Math.max(...seqs.map((s) => s ?? 0));
        // Writes went on around the backup; it caught them at one instant in between.
        expect(m).toBeGreaterThanOrEqual(snap.startedAfter);
        expect(m).toBeLessThan(snap.endedBefore);
        const wanted = slots.map((_, j) => expectedSeq(j, slots.length, m));
        expect(seqs, `backup ${path.basename(snap.file)} at seq ${m}`).toEqual(wanted);
        for (const [j, id] of slots.entries()) {
          const saves =
            wanted[j] === null ? 0 : Math.floor((wanted[j]! - j) / slots.length) + (j === 0 ? 0 : 1);
          expect(entries.get(id)!.version, id).toBe(1 + saves);
        }
      }

      // Restore the last one into an empty database: it exports exactly what was captured.
      const empty = await createTestDb(engine);
      others.push(empty);
      const last = snapshots.at(-1)!.file;
      const restored = await runCommand(['restore', last], { DATABASE_URL: empty.url });
      expect(restored.code, restored.output).toBe(0);
      const captured = (JSON.parse(fs.readFileSync(last, 'utf8')) as Backup).strategies;
      expect(await exportAll(empty)).toEqual(
        Object.fromEntries(captured.map((s) => [s.strategy.id, serialiseExport(s)])),
      );
      expect(await integrityProblems(empty)).toEqual([]);

      // Once writes stop, a backup is the live database's export.
      const quiet = path.join(dir, 'quiet.json');
      expect((await runCommand(['backup', quiet], { DATABASE_URL: db.url })).code).toBe(0);
      const live = await exportAll(db);
      const copy = (JSON.parse(fs.readFileSync(quiet, 'utf8')) as Backup).strategies;
      expect(Object.fromEntries(copy.map((s) => [s.strategy.id, serialiseExport(s)]))).toEqual(live);
      await server.crash();
    }, 300_000);
  });
}
