/**
 * Online backup (issue #9): `shinchoku backup` while a client keeps saving entries through
 * the real server, on both engines. One writer saves numbered texts (seq:1, seq:2, …) into
 * entries of two strategies in turn, so a consistent snapshot holds exactly the writes up to
 * some number m and none after it — a copy read across two moments (READ COMMITTED) would
 * show a later write in the second strategy beside an older state of the first. The backup
 * restores into an empty database and exports byte for byte what it captured.
 *
 * A restore gives back the system, not only its strategies: the same people sign in with the
 * same passwords and tokens, the audit trail, corrections and published snapshots are there,
 * and sessions are not (everyone signs in again). It is all or nothing.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generatePortfolio } from '../../bench/generate.ts';
import { importStrategy, serialiseExport } from '../../src/services/interchange.service.ts';
import type { StrategyExport } from '../../src/domain/interchange.ts';
import type { Db } from '../../src/db/database.ts';
import { BACKUP_TABLES, readTable, type BackupTable } from '../../src/db/repositories/backup.repository.ts';
import { principalOf } from './helpers/workflow.ts';
import { createToken, resolveToken } from '../../src/services/accounts.service.ts';
import { resolveSession } from '../../src/services/signin.service.ts';
import { ANONYMOUS } from '../../src/domain/access.ts';
import { correctCycle } from '../../src/services/corrections.service.ts';
import { getTreeJson } from '../../src/services/strategies.service.ts';
import { createBackup, restoreBackup } from '../../src/services/backup.service.ts';
import { createTestUsers, PASSWORD, passwordSession, sessionFor } from '../helpers/accounts.ts';
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

/** Every backed-up table of a database, row by row. */
async function tablesOf(db: Db): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  for (const table of Object.keys(BACKUP_TABLES) as BackupTable[])
    out[table] = await readTable(db.kysely, table);
  return out;
}

for (const engine of ENGINES) {
  describe(`restoring the whole system on ${engine}`, () => {
    let db: TestDb;
    const others: TestDb[] = [];
    afterAll(async () => {
      await Promise.all([db, ...others].map((d) => d?.destroy()));
    });

    it('restores accounts, tokens, the audit trail, corrections and snapshots; the same people sign in', async () => {
      db = await sampleDb(engine);
      const users = await createTestUsers(db);
      const actor = { id: users.admin.id, ip: '127.0.0.1' };
      await openNewCycle(db, users.admin);
      const { token } = await createToken(db, 'mic-editor', 'nightly export', ['read'], actor);
      const session = await passwordSession(db, 'reviewer', PASSWORD);
      await passwordSession(db, 'viewer', 'not the password').catch(() => undefined);
      const published = await db.kysely
        .selectFrom('assessments')
        .selectAll()
        .where('cycleId', '=', 'ai2022-fy2022')
        .where('rating', 'is not', null)
        .executeTakeFirstOrThrow();
      await correctCycle(
        db,
        'ai2022-fy2022',
        {
          reason: '数値の誤記を訂正',
          entries: [],
          assessments: [
            {
              nodeId: published.nodeId,
              version: published.version,
              rating: published.rating,
              narrative: `${published.narrative}（訂正）`,
              needsAcceleration: false,
              remark: '',
            },
          ],
        },
        principalOf(users.reviewer),
        actor,
      );
      // The public reads the corrected cycle: its published tree is frozen as a snapshot.
      await getTreeJson(db, 'ai2022', 'ai2022-fy2022', ANONYMOUS);
      // A second factor and a link to an identity provider travel too (issue #18).
      const at = '2026-12-01T00:00:00.000Z';
      await db.kysely
        .insertInto('userMfa')
        .values({
          userId: users.viewer.id,
          secret: 'v1.iv.body.tag',
          confirmedAt: at,
          lastStep: 7,
          createdAt: at,
        })
        .execute();
      await db.kysely
        .insertInto('mfaRecoveryCodes')
        .values({ userId: users.viewer.id, codeHash: 'f'.repeat(64), usedAt: null })
        .execute();
      await db.kysely
        .insertInto('userIdentities')
        .values({
          issuer: 'https://idp.example.go.jp',
          subject: 's-1',
          userId: users.editor.id,
          createdAt: at,
          lastLoginAt: at,
        })
        .execute();
      const before = await tablesOf(db);
      expect(before.userMfa).toHaveLength(1);
      expect(before.userIdentities).toHaveLength(1);
      expect(before.cycleSnapshots!.length).toBeGreaterThan(0);
      expect(before.corrections).toHaveLength(1);

      const text = await createBackup(db);
      const empty = await createTestDb(engine);
      others.push(empty);
      expect(await restoreBackup(empty, text)).toEqual({ strategies: 1, users: 6 });

      const after = await tablesOf(empty);
      const restoreRow = (after.auditLog as { action: string }[]).filter(
        (a) => a.action === 'backup.restore',
      );
      expect(restoreRow).toHaveLength(1);
      after.auditLog = (after.auditLog as { action: string }[]).filter((a) => a.action !== 'backup.restore');
      expect(after).toEqual(before);
      expect(await exportAll(empty)).toEqual(await exportAll(db));
      expect(await integrityProblems(empty)).toEqual([]);

      // The same password and the same token work; the old session does not.
      expect((await passwordSession(empty, 'reviewer', PASSWORD)).principal.login).toBe('reviewer');
      expect((await resolveToken(empty, token))?.login).toBe('mic-editor');
      expect(await resolveSession(empty, session.sessionToken)).toBeNull();
      expect(await resolveSession(db, session.sessionToken)).not.toBeNull();

      // The same file restores into the other engine, row for row.
      for (const other of ENGINES.filter((e) => e !== engine)) {
        const elsewhere = await createTestDb(other);
        others.push(elsewhere);
        await restoreBackup(elsewhere, text);
        const copy = await tablesOf(elsewhere);
        copy.auditLog = (copy.auditLog as { action: string }[]).filter((a) => a.action !== 'backup.restore');
        expect(copy, other).toEqual(before);
      }

      // All or nothing: a second restore is refused and changes nothing.
      const held = await tablesOf(empty);
      await expect(restoreBackup(empty, text)).rejects.toThrow(/restore needs an empty database/);
      expect(await tablesOf(empty)).toEqual(held);
    });

    it('writes nothing when a row of the backup does not fit, and still reads a strategies-only backup', async () => {
      const text = await createBackup(db);
      const json = JSON.parse(text) as {
        formatVersion: number;
        tables: Record<string, Record<string, unknown>[]>;
      };
      json.tables.auditLog!.at(-1)!.surprise = 'x';
      const target = await createTestDb(engine);
      others.push(target);
      await expect(restoreBackup(target, JSON.stringify(json))).rejects.toThrow(/do not fit/);
      // A duplicate account: the database refuses it after the strategies were written — and
      // the transaction takes them back.
      delete json.tables.auditLog!.at(-1)!.surprise;
      json.tables.users!.push({ ...json.tables.users![0]!, id: 'another' });
      await expect(restoreBackup(target, JSON.stringify(json))).rejects.toThrow();
      expect(Object.values(await tablesOf(target)).flat()).toEqual([]);
      expect(await exportAll(target)).toEqual({});

      // A backup from before second factors (no such tables in it) restores with none.
      const {
        userMfa: _m,
        mfaRecoveryCodes: _r,
        userIdentities: _i,
        ...olderTables
      } = (JSON.parse(text) as typeof json).tables;
      const older = { ...(JSON.parse(text) as typeof json), tables: olderTables };
      const fromOlder = await createTestDb(engine);
      others.push(fromOlder);
      expect((await restoreBackup(fromOlder, JSON.stringify(older))).users).toBeGreaterThan(0);

      const { tables: _dropped, ...v1 } = { ...json, formatVersion: 1 };
      expect(await restoreBackup(target, JSON.stringify(v1))).toEqual({ strategies: 1, users: 0 });
      expect(Object.keys(await exportAll(target))).toEqual(['ai2022']);
    });
  });
}
