/**
 * The tamper-evident audit trail (issue #18), on both engines. First the database refuses
 * to change the trail: UPDATE, DELETE, TRUNCATE (PostgreSQL), INSERT OR REPLACE (SQLite,
 * which replaces a row without firing DELETE triggers), a row slipped in before the head, a
 * head moved back. Then, as an attacker with the owner's rights would, the guards are
 * switched off and the trail is altered, cut, extended, reordered or emptied directly in the
 * database: `shinchoku audit verify` (and GET /api/audit/verify) names the first bad row and
 * exits 1, even when the whole chain was recomputed, against the heads kept in checkpoints
 * and backup files.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildApp } from '../../src/api/app.ts';
import { chainRows, EMPTY_HEAD, type AuditContent } from '../../src/domain/audit-chain.ts';
import { verifyAuditTrail } from '../../src/services/audit.service.ts';
import { createBackup } from '../../src/services/backup.service.ts';
import { createTestUsers, sessionFor } from '../helpers/accounts.ts';
import { runCli } from '../helpers/cli.ts';
import { ENGINES, type TestDb } from '../helpers/db.ts';
import { sampleDb } from '../helpers/sample.ts';
import { appendEvents, dropGuards, idAt, run, shiftSeqs, trailDb } from './helpers/audit.ts';

vi.setConfig({ testTimeout: 120_000 });

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shinchoku-audit-'));
const dbs: TestDb[] = [];
afterAll(async () => {
  await Promise.all(dbs.map((d) => d.destroy()));
  fs.rmSync(dir, { recursive: true, force: true });
});

async function fresh(engine: TestDb['engine'], n = 10): Promise<TestDb> {
  const db = await trailDb(engine, n);
  dbs.push(db);
  return db;
}

/** `shinchoku audit verify` against the database: its exit code and its one line. */
async function verifyCli(db: TestDb, ...args: string[]) {
  const r = await runCli(['audit', 'verify', ...args], { DATABASE_URL: db.url });
  return { code: r.code, out: r.stdout.trim(), err: r.stderr.trim() };
}

for (const engine of ENGINES) {
  describe(`the database guards the audit trail on ${engine}`, () => {
    let db: TestDb;
    beforeAll(async () => {
      db = await fresh(engine);
      await createBackup(db); // a checkpoint, to try changing it as well
    });

    const refused = async (text: string) =>
      expect(run(db, text), text).rejects.toThrow(/append-only|cannot be|only moves forward|constraint/i);

    it('refuses UPDATE and DELETE of rows, checkpoints and the head', async () => {
      await refused(`update audit_log set reason = 'x' where seq = 3`);
      await refused(`update audit_log set seq = 11 where seq = 3`);
      await refused(`delete from audit_log where seq = 3`);
      await refused(`delete from audit_log`);
      await refused(`update audit_checkpoints set seq = 0`);
      await refused(`delete from audit_checkpoints`);
      await refused(`update audit_chain_head set seq = 0, hash = 'x'`);
      await refused(`delete from audit_chain_head`);
    });

    it(
      engine === 'postgres'
        ? 'refuses TRUNCATE of the trail, its checkpoints and its head'
        : 'refuses INSERT OR REPLACE and REPLACE over a stored row, by id or by seq',
      async () => {
        if (engine === 'postgres') {
          for (const t of ['audit_log', 'audit_checkpoints', 'audit_chain_head'])
            await refused(`truncate ${t}`);
          await refused(`truncate audit_log, audit_checkpoints, audit_chain_head cascade`);
          return;
        }
        const row3 = `(select id from audit_log where seq = 3)`;
        await refused(`insert or replace into audit_log select id, at, actor, ip, action, entity_type, entity_id,
          cycle_id, before, after, 'rewritten', seq, prev_hash, hash from audit_log where seq = 3`);
        await refused(`replace into audit_log (id, at, actor, ip, action, entity_type, entity_id, reason, seq, prev_hash, hash)
          values ('new-id', 'now', 'x', '', 'x', 'x', 'x', '', 3, 'p', 'h')`);
        await refused(`insert into audit_log (id, at, actor, ip, action, entity_type, entity_id, reason, seq, prev_hash, hash)
          select id, 'now', 'x', '', 'x', 'x', 'x', '', 11, 'p', 'h' from audit_log where id = ${row3}
          on conflict (id) do update set reason = 'x'`);
        await refused(`insert or replace into audit_chain_head (id, seq, hash) values (1, 0, 'x')`);
      },
    );

    it('refuses a row slipped in before the head, or with a seq already taken', async () => {
      const cols = `(id, at, actor, ip, action, entity_type, entity_id, reason, seq, prev_hash, hash)`;
      for (const seq of [0, -1, 3, 10])
        await refused(
          `insert into audit_log ${cols} values ('forged${seq + 1}', 'now', 'x', '', 'x', 'x', 'x', '', ${seq}, 'p', 'h')`,
        );
      if (engine === 'postgres')
        await refused(`insert into audit_log ${cols} values ('forged', 'now', 'x', '', 'x', 'x', 'x', '', 3, 'p', 'h')
          on conflict (seq) do update set reason = 'x'`);
    });

    it('still verifies whole after every refusal', async () => {
      const result = await verifyAuditTrail(db);
      expect(result).toMatchObject({ ok: true, rows: 10, problem: null, head: { seq: 10 } });
      expect(result.checkpoints).toBe(2); // the chain head and the backup's checkpoint
    });
  });

  describe(`verify names what was done to the trail directly in ${engine}`, () => {
    it('passes an untouched trail: "ok", exit 0, and JSON on request', async () => {
      const db = await fresh(engine);
      const ok = await verifyCli(db);
      expect(ok.code, ok.err).toBe(0);
      const head = (await db.kysely.selectFrom('auditChainHead').select('hash').executeTakeFirstOrThrow())
        .hash;
      expect(ok.out).toBe(`ok: 10 rows, head seq 10 ${head} (1 recorded heads checked)`);
      const json = await verifyCli(db, '--json');
      expect(json.code).toBe(0);
      expect(JSON.parse(json.out)).toEqual({
        ok: true,
        rows: 10,
        head: { seq: 10, hash: head },
        checkpoints: 1,
        problem: null,
      });
    });

    it('an UPDATE: the altered row, exit 1', async () => {
      const db = await fresh(engine);
      await dropGuards(db);
      await run(db, `update audit_log set reason = 'nothing happened' where seq = 4`);
      const r = await verifyCli(db);
      expect(r.code).toBe(1);
      expect(r.out).toBe('');
      expect(r.err).toBe(
        `shinchoku: audit trail broken: seq 4 (id ${await idAt(db, 4)}) was altered: its content does not match its hash`,
      );
      const json = await verifyCli(db, '--json');
      expect(json.code).toBe(1);
      expect(JSON.parse(json.out)).toMatchObject({
        ok: false,
        rows: 3,
        head: { seq: 3 },
        problem: { kind: 'altered', seq: 4 },
      });
    });

    it('a DELETE: the missing row, exit 1', async () => {
      const db = await fresh(engine);
      await dropGuards(db);
      await run(db, `delete from audit_log where seq = 4`);
      const r = await verifyCli(db);
      expect(r.code).toBe(1);
      expect(r.err).toBe(
        'shinchoku: audit trail broken: seq 4 is missing: the trail jumps from seq 3 to seq 5',
      );
      // The later rows renumbered to close the gap: the row that follows it is named.
      await shiftSeqs(db, 5, -1);
      expect((await verifyAuditTrail(db)).problem).toMatchObject({ kind: 'missing', seq: 4 });
    });

    it(`${engine === 'sqlite' ? 'an INSERT OR REPLACE' : 'an INSERT … ON CONFLICT DO UPDATE'} over a row: altered`, async () => {
      const db = await fresh(engine);
      await dropGuards(db);
      const columns = `id, at, actor, ip, action, entity_type, entity_id, cycle_id, before, after, reason, seq, prev_hash, hash`;
      const forged = columns.replace('actor', `'someone else'`);
      await run(
        db,
        engine === 'sqlite'
          ? `insert or replace into audit_log (${columns}) select ${forged} from audit_log where seq = 4`
          : `insert into audit_log (${columns}) select ${forged} from audit_log where seq = 4
             on conflict (id) do update set actor = excluded.actor`,
      );
      expect(
        await db.kysely.selectFrom('auditLog').select('actor').where('seq', '=', 4).executeTakeFirst(),
      ).toEqual({
        actor: 'someone else',
      });
      const r = await verifyCli(db);
      expect(r.code).toBe(1);
      expect(r.err).toMatch(new RegExp(`seq 4 \\(id ${await idAt(db, 4)}\\) was altered`));
    });

    it('a forged row slipped in, hashed and linked as the application would: inserted', async () => {
      const db = await fresh(engine);
      await dropGuards(db);
      const prev = (
        await db.kysely.selectFrom('auditLog').select(['hash']).where('seq', '=', 4).executeTakeFirstOrThrow()
      ).hash;
      const content: AuditContent = {
        id: 'forged',
        at: '2026-12-07T00:00:04.500Z',
        actor: 'u-admin',
        ip: '127.0.0.1',
        action: 'cycle.published',
        entityType: 'cycle',
        entityId: 'c1',
        cycleId: 'c1',
        before: null,
        after: null,
        reason: '',
      };
      const [row] = chainRows({ seq: 4, hash: prev }, [content]);
      await shiftSeqs(db, 5, 1);
      await db.kysely.insertInto('auditLog').values(row!).execute();
      await run(db, `update audit_chain_head set seq = 11`);
      const r = await verifyCli(db);
      expect(r.code).toBe(1);
      expect(r.err).toMatch(
        /^shinchoku: audit trail broken: seq 5 was inserted: seq 6 \(id \S+\) follows seq 4$/,
      );
      // Appended at the end instead, past the head the application recorded.
      const tail = await fresh(engine);
      await dropGuards(tail);
      const head = await tail.kysely
        .selectFrom('auditChainHead')
        .select(['seq', 'hash'])
        .executeTakeFirstOrThrow();
      await tail.kysely
        .insertInto('auditLog')
        .values(chainRows(head, [content]))
        .execute();
      expect((await verifyAuditTrail(tail)).problem).toMatchObject({
        kind: 'inserted',
        seq: 11,
        id: 'forged',
      });
    });

    it('two rows swapped: reordered', async () => {
      const db = await fresh(engine);
      await dropGuards(db);
      const fifth = await idAt(db, 5);
      await run(db, `update audit_log set seq = -4 where seq = 4`);
      await run(db, `update audit_log set seq = 4 where seq = 5`);
      await run(db, `update audit_log set seq = 5 where seq = -4`);
      const r = await verifyCli(db);
      expect(r.code).toBe(1);
      expect(r.err).toBe(
        `shinchoku: audit trail broken: seq 4 (id ${fifth}) is out of order: it follows seq 5`,
      );
    });

    it(`${engine === 'postgres' ? 'a TRUNCATE' : 'a DELETE of every row'}, and rows cut from the end: truncated`, async () => {
      const db = await fresh(engine);
      await dropGuards(db);
      await run(db, `delete from audit_log where seq > 7`);
      expect((await verifyAuditTrail(db)).problem).toMatchObject({
        kind: 'truncated',
        seq: 8,
        message: 'the trail ends at seq 7 but the chain head records seq 10: seq 8–10 were removed',
      });
      await run(db, engine === 'postgres' ? 'truncate audit_log' : 'delete from audit_log');
      expect(await db.kysely.selectFrom('auditLog').select('id').execute()).toEqual([]);
      const r = await verifyCli(db);
      expect(r.code).toBe(1);
      expect(r.err).toBe(
        'shinchoku: audit trail broken: the trail ends at seq 0 but the chain head records seq 10: seq 1–10 were removed',
      );
    });

    it('emptied with its head reset: truncated against the backup checkpoint, or the backup file', async () => {
      const db = await fresh(engine);
      const file = path.join(dir, `${engine}-backup.json`);
      fs.writeFileSync(file, await createBackup(db));
      await dropGuards(db);
      await run(db, engine === 'postgres' ? 'truncate audit_log' : 'delete from audit_log');
      await run(db, `update audit_chain_head set seq = 0, hash = '${EMPTY_HEAD.hash}'`);
      expect((await verifyAuditTrail(db)).problem?.message).toMatch(
        /^the trail ends at seq 0 but the checkpoint of backup \S+ \(\S+\) records seq 10: rows after seq 0 were removed$/,
      );
      // The checkpoints emptied as well: the database alone cannot tell; the file still can.
      await run(db, engine === 'postgres' ? 'truncate audit_checkpoints' : 'delete from audit_checkpoints');
      expect(await verifyAuditTrail(db)).toMatchObject({ ok: true, rows: 0 });
      const against = await verifyCli(db, '--backup', file);
      expect(against.code).toBe(1);
      expect(against.err).toContain(`the checkpoint of backup file ${file}`);
      expect(against.err).toContain('records seq 10');
    });

    it('rewritten and rehashed from a row on, head included: named at the checkpoint it contradicts', async () => {
      const db = await fresh(engine);
      await createBackup(db); // the backup's checkpoint: seq 10
      await dropGuards(db);
      const rows = await db.kysely.selectFrom('auditLog').selectAll().orderBy('seq').execute();
      const edited = rows.map((r) => (r.seq === 3 ? { ...r, actor: 'mallory' } : r));
      const rechained = chainRows(EMPTY_HEAD, edited);
      await run(db, 'delete from audit_log');
      await db.kysely.insertInto('auditLog').values(rechained).execute();
      await run(db, `update audit_chain_head set hash = '${rechained.at(-1)!.hash}'`);
      const r = await verifyCli(db);
      expect(r.code).toBe(1);
      expect(r.err).toMatch(
        /seq 10 \(id \S+\) differs from the checkpoint of backup .*: the trail up to it was rewritten$/,
      );
    });
  });

  describe(`GET /api/audit/verify on ${engine}`, () => {
    let db: TestDb;
    let app: FastifyInstance;
    let admin: Record<string, string>;
    beforeAll(async () => {
      db = await sampleDb(engine);
      dbs.push(db);
      admin = (await sessionFor(db, (await createTestUsers(db)).admin)).headers;
      await appendEvents(db, 3);
      app = await buildApp({ db });
    });
    afterAll(async () => {
      await app?.close();
    });

    it('answers admins with the walk: ok and its rows, then the first bad row', async () => {
      const ok = await app.inject({ method: 'GET', url: '/api/audit/verify', headers: admin });
      expect(ok.statusCode).toBe(200);
      const rows = (await db.kysely.selectFrom('auditLog').select('id').execute()).length;
      expect(rows).toBeGreaterThanOrEqual(3);
      expect(ok.json()).toMatchObject({ ok: true, rows, head: { seq: rows }, problem: null });
      await dropGuards(db);
      await run(db, `update audit_log set after = null where seq = 2`);
      const bad = await app.inject({ method: 'GET', url: '/api/audit/verify', headers: admin });
      expect(bad.statusCode).toBe(200);
      expect(bad.json()).toEqual({
        ok: false,
        rows: 1,
        head: { seq: 1, hash: expect.stringMatching(/^[0-9a-f]{64}$/) },
        // The recorded heads checked are the same as when it was whole.
        checkpoints: ok.json<{ checkpoints: number }>().checkpoints,
        problem: {
          kind: 'altered',
          seq: 2,
          id: await idAt(db, 2),
          message: `seq 2 (id ${await idAt(db, 2)}) was altered: its content does not match its hash`,
        },
      });
    });
  });
}
