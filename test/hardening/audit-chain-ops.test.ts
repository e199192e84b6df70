/**
 * The audit chain in operation (issue #18), on both engines: the migration chains the rows
 * an older release stored; concurrent writers from two connection pools (two servers) take
 * their places without forking the chain; publications, corrections and backups record the
 * head; a backup carries the head and a restore refuses a trail that does not verify, and
 * appends after a trail already there; a trail of 100,000 rows verifies in pages.
 */
import { Migrator, sql } from 'kysely';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { countQueries, openDatabase, type Db } from '../../src/db/database.ts';
import { insertMany } from '../../src/db/bulk.ts';
import { isConcurrentWriteFailure } from '../../src/db/dialect.ts';
import { migrations } from '../../src/db/migrations/index.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';
import { chainRows, EMPTY_HEAD, type AuditContent } from '../../src/domain/audit-chain.ts';
import { correctCycle } from '../../src/services/corrections.service.ts';
import { audit, verifyAuditTrail } from '../../src/services/audit.service.ts';
import { createBackup, restoreBackup } from '../../src/services/backup.service.ts';
import { createTestUsers } from '../helpers/accounts.ts';
import { createTestDb, ENGINES, type TestDb } from '../helpers/db.ts';
import { sampleDb } from '../helpers/sample.ts';
import { ACTOR, appendEvents, trailDb } from './helpers/audit.ts';
import { principalOf } from './helpers/workflow.ts';

vi.setConfig({ testTimeout: 300_000 });

const dbs: TestDb[] = [];
afterAll(async () => {
  await Promise.all(dbs.map((d) => d.destroy()));
});
const keep = <T extends TestDb>(db: T): T => (dbs.push(db), db);

const BEFORE_CHAIN = '20261129T1400_entry_text_digest';

async function migrateTo(db: Db, name: string): Promise<void> {
  const schema =
    db.engine === 'postgres'
      ? (await sql<{ s: string }>`select current_schema() as s`.execute(db.kysely)).rows[0]!.s
      : undefined;
  const migrator = new Migrator({
    db: db.kysely,
    provider: { getMigrations: async () => migrations },
    ...(schema && { migrationTableSchema: schema }),
  });
  const { error } = await migrator.migrateTo(name);
  if (error) throw error as Error;
}

const content = (i: number, at: string): AuditContent => ({
  id: `r${String(i).padStart(6, '0')}`,
  at,
  actor: 'u1',
  ip: '',
  action: 'entry.save',
  entityType: 'progress_entry',
  entityId: `e${i % 97}`,
  cycleId: 'c1',
  before: JSON.stringify({ text: `前${i}` }),
  after: JSON.stringify({ text: `後${i}` }),
  reason: '',
});

const seqsOf = async (db: Db) =>
  (await db.kysely.selectFrom('auditLog').select('seq').orderBy('seq').execute()).map((r) => r.seq);

for (const engine of ENGINES) {
  describe(`the audit chain in operation on ${engine}`, () => {
    it('chains the rows an older release stored, in the order of their times, and guards them', async () => {
      const db = keep(await createTestDb(engine, { migrate: false }));
      await migrateTo(db, BEFORE_CHAIN);
      // 2,500 rows (more than one page of the migration), many sharing a time, stored out of order.
      const rows = Array.from({ length: 2_500 }, (_, i) =>
        content(i, `2026-11-30T00:00:${String(Math.floor(i / 7) % 60).padStart(2, '0')}.000Z`),
      ).reverse();
      await insertMany(db.kysely, 'auditLog', rows as never[]);
      expect((await migrateToLatest(db))[0]).toBe('20261207T0100_audit_chain');

      const result = await verifyAuditTrail(db);
      expect(result).toMatchObject({ ok: true, rows: 2_500, head: { seq: 2_500 }, problem: null });
      const byTime = [...rows].sort((a, b) => a.at.localeCompare(b.at) || a.id.localeCompare(b.id));
      const bySeq = await db.kysely.selectFrom('auditLog').select('id').orderBy('seq').execute();
      expect(bySeq.map((r) => r.id)).toEqual(byTime.map((r) => r.id));
      await expect(sql`update audit_log set reason = 'x' where seq = 1`.execute(db.kysely)).rejects.toThrow(
        /append-only/,
      );
      // New rows continue the chain.
      await appendEvents(db, 2);
      expect(await verifyAuditTrail(db)).toMatchObject({ ok: true, rows: 2_502 });
    });

    it('gives concurrent writers one place each, never a fork (two connection pools on PostgreSQL)', async () => {
      const db = keep(await trailDb(engine, 1));
      const other = engine === 'postgres' ? await openDatabase({ kind: 'postgres', url: db.url }) : db;
      try {
        const writer = (on: Db, n: number) =>
          on.kysely.transaction().execute(async (trx) => {
            await audit(trx, ACTOR, [{ action: 'a', entityType: 't', entityId: `${n}` }], 'now');
            await new Promise((r) => setTimeout(r, 5));
            await audit(trx, ACTOR, [{ action: 'b', entityType: 't', entityId: `${n}` }], 'now');
          });
        await Promise.all(Array.from({ length: 40 }, (_, n) => writer(n % 2 ? other : db, n)));
      } finally {
        if (other !== db) await other.close();
      }
      expect(await seqsOf(db)).toEqual(Array.from({ length: 81 }, (_, i) => i + 1));
      expect(await verifyAuditTrail(db)).toMatchObject({ ok: true, rows: 81 });
    });

    it.skipIf(engine !== 'postgres')(
      'resolves two writers that wait for each other at the chain head: one rolled back whole, a 409',
      async () => {
        const db = keep(await trailDb(engine, 1));
        const other = await openDatabase({ kind: 'postgres', url: db.url });
        await sql`create table scratch (id integer primary key, n integer not null)`.execute(db.kysely);
        await sql`insert into scratch values (1, 0)`.execute(db.kysely);
        const gate = () => {
          let open!: () => void;
          return { passed: new Promise<void>((r) => (open = r)), open: () => open() };
        };
        const rowHeld = gate();
        const headHeld = gate();
        const event = (who: string) => [{ action: 'deadlock', entityType: 't', entityId: who }];
        const bump = sql`update scratch set n = n + 1 where id = 1`;
        // One audits, then wants the row; the other holds the row, then audits.
        const first = db.kysely.transaction().execute(async (trx) => {
          await rowHeld.passed;
          await audit(trx, ACTOR, event('first'), 'now');
          headHeld.open();
          await bump.execute(trx);
        });
        const second = other.kysely.transaction().execute(async (trx) => {
          await bump.execute(trx);
          rowHeld.open();
          await headHeld.passed;
          await new Promise((r) => setTimeout(r, 200));
          await audit(trx, ACTOR, event('second'), 'now');
        });
        const outcomes = await Promise.allSettled([first, second]);
        await other.close();
        const failed = outcomes.filter((o) => o.status === 'rejected');
        expect(failed).toHaveLength(1);
        expect(isConcurrentWriteFailure((failed[0] as PromiseRejectedResult).reason)).toBe(true);
        expect(await verifyAuditTrail(db)).toMatchObject({ ok: true, rows: 2 });
        expect((await sql<{ n: number }>`select n from scratch`.execute(db.kysely)).rows).toEqual([{ n: 1 }]);
      },
    );

    it('records the head at every published snapshot and correction, and at every backup', async () => {
      const db = keep(await sampleDb(engine));
      const head = async () =>
        db.kysely.selectFrom('auditChainHead').select(['seq', 'hash']).executeTakeFirstOrThrow();
      // The sample's published cycle was frozen as it was loaded: the head then is recorded.
      const atFreeze = await head();
      const users = await createTestUsers(db);
      const checkpoints = () =>
        db.kysely
          .selectFrom('auditCheckpoints')
          .select(['kind', 'ref', 'seq', 'hash'])
          .orderBy('seq')
          .execute();
      expect(await checkpoints()).toEqual([{ kind: 'snapshot', ref: 'ai2022-fy2022.r0', ...atFreeze }]);
      const assessment = await db.kysely
        .selectFrom('assessments')
        .selectAll()
        .where('cycleId', '=', 'ai2022-fy2022')
        .where('rating', 'is not', null)
        .executeTakeFirstOrThrow();
      await correctCycle(
        db,
        'ai2022-fy2022',
        {
          reason: '誤記の訂正',
          entries: [],
          assessments: [
            {
              nodeId: assessment.nodeId,
              version: assessment.version,
              rating: assessment.rating,
              narrative: `${assessment.narrative}（訂正）`,
              needsAcceleration: false,
              remark: '',
            },
          ],
        },
        principalOf(users.reviewer),
        { id: users.reviewer.id, ip: '' },
      );
      const atCorrection = await head();
      expect(atCorrection.seq).toBeGreaterThan(atFreeze.seq);
      await createBackup(db, '2026-12-07T01:00:00.000Z');
      expect(await checkpoints()).toEqual([
        { kind: 'snapshot', ref: 'ai2022-fy2022.r0', ...atFreeze },
        { kind: 'snapshot', ref: 'ai2022-fy2022.r1', ...atCorrection },
        { kind: 'backup', ref: '2026-12-07T01:00:00.000Z', ...atCorrection },
      ]);
      expect(await verifyAuditTrail(db)).toMatchObject({ ok: true, checkpoints: 4, problem: null });
    });

    it('carries the head in a backup; a restore verifies the trail and keeps its places and hashes', async () => {
      const source = keep(await trailDb(engine, 5));
      await createBackup(source);
      await appendEvents(source, 2, 6);
      const text = await createBackup(source);
      const backup = JSON.parse(text) as {
        formatVersion: number;
        auditHead: { seq: number; hash: string };
        tables: Record<string, Record<string, unknown>[]>;
      };
      const head = await source.kysely
        .selectFrom('auditChainHead')
        .select(['seq', 'hash'])
        .executeTakeFirstOrThrow();
      expect(backup.formatVersion).toBe(3);
      expect(backup.auditHead).toEqual(head);
      expect(backup.tables.auditLog!.map((r) => r.seq)).toEqual([1, 2, 3, 4, 5, 6, 7]);
      expect(backup.tables.auditCheckpoints!.map((c) => [c.kind, c.seq])).toEqual([['backup', 5]]);

      const target = keep(await createTestDb(engine));
      await restoreBackup(target, text);
      const restored = await target.kysely.selectFrom('auditLog').selectAll().orderBy('seq').execute();
      expect(restored.slice(0, 7)).toEqual(backup.tables.auditLog);
      expect(restored[7]).toMatchObject({ seq: 8, action: 'backup.restore' });
      expect(JSON.parse(restored[7]!.after!)).toMatchObject({ auditHead: head });
      expect(await verifyAuditTrail(target)).toMatchObject({ ok: true, rows: 8, checkpoints: 2 });
    });

    it('refuses a backup whose trail was edited or cut, writing nothing', async () => {
      const source = keep(await trailDb(engine, 5));
      const text = await createBackup(source);
      const target = keep(await createTestDb(engine));
      const edited = JSON.parse(text) as { tables: { auditLog: Record<string, unknown>[] } };
      edited.tables.auditLog[2]!.actor = 'mallory';
      await expect(restoreBackup(target, JSON.stringify(edited))).rejects.toThrow(
        /^the audit trail in the backup does not verify: seq 3 \(id \S+\) was altered/,
      );
      const cut = JSON.parse(text) as { tables: { auditLog: unknown[] } };
      cut.tables.auditLog.splice(3);
      await expect(restoreBackup(target, JSON.stringify(cut))).rejects.toThrow(
        'the audit trail in the backup does not verify: the trail ends at seq 3 but the chain head records seq 5',
      );
      expect(await seqsOf(target)).toEqual([]);
      expect(
        await target.kysely.selectFrom('auditChainHead').select(['seq', 'hash']).executeTakeFirst(),
      ).toEqual(EMPTY_HEAD);
    });

    it('appends a restored trail after the rows already there, checkpoints moved with it; reads format 2', async () => {
      const source = keep(await trailDb(engine, 5));
      await createBackup(source);
      const text = await createBackup(source);
      const target = keep(await trailDb(engine, 2)); // e.g. refused logins before the restore
      await restoreBackup(target, text);
      // The file's checkpoint (its first backup, at seq 5) and the head.
      expect(await verifyAuditTrail(target)).toMatchObject({ ok: true, rows: 8, checkpoints: 2 });
      const moved = await target.kysely.selectFrom('auditCheckpoints').select(['seq', 'hash']).execute();
      const seventh = await target.kysely
        .selectFrom('auditLog')
        .select(['seq', 'hash'])
        .where('seq', '=', 7)
        .execute();
      expect(moved).toEqual(seventh);
      const actions = await target.kysely.selectFrom('auditLog').select('entityId').orderBy('seq').execute();
      expect(actions.map((a) => a.entityId)).toEqual(['e1', 'e2', 'e1', 'e2', 'e3', 'e4', 'e5', '']);

      // A format 2 file (no chain): its rows are chained in the order of their times.
      const v2 = JSON.parse(text) as {
        formatVersion: number;
        auditHead?: unknown;
        tables: Record<string, Record<string, unknown>[]>;
      };
      v2.formatVersion = 2;
      delete v2.auditHead;
      delete v2.tables.auditCheckpoints;
      v2.tables.auditLog = v2.tables.auditLog!.map(({ seq: _s, prevHash: _p, hash: _h, ...row }) => row);
      v2.tables.auditLog!.reverse();
      const older = keep(await createTestDb(engine));
      await restoreBackup(older, JSON.stringify(v2));
      expect(await verifyAuditTrail(older)).toMatchObject({ ok: true, rows: 6 });
      const order = await older.kysely.selectFrom('auditLog').select('entityId').orderBy('seq').execute();
      expect(order.map((a) => a.entityId)).toEqual(['e1', 'e2', 'e3', 'e4', 'e5', '']);
    });

    it('verifies 100,000 rows a page at a time', async () => {
      const db = keep(await createTestDb(engine));
      const rows = chainRows(
        EMPTY_HEAD,
        Array.from({ length: 100_000 }, (_, i) =>
          content(i, new Date(Date.UTC(2026, 0, 1) + i * 1000).toISOString()),
        ),
      );
      await insertMany(db.kysely, 'auditLog', rows);
      const last = rows.at(-1)!;
      await db.kysely.updateTable('auditChainHead').set({ seq: last.seq, hash: last.hash }).execute();
      const started = performance.now();
      const { result, queries } = await countQueries(() => verifyAuditTrail(db));
      const seconds = (performance.now() - started) / 1000;
      console.log(`${engine}: verified 100,000 rows in ${seconds.toFixed(2)} s, ${queries} statements`);
      expect(result).toMatchObject({ ok: true, rows: 100_000, head: { seq: 100_000, hash: last.hash } });
      // 50 pages of 2,000 rows and an empty one, the head, the checkpoints, the unplaced rows,
      // and the transaction's begin and commit
      expect(queries).toBeLessThanOrEqual(56);
      expect(seconds).toBeLessThan(30);
    });
  });
}
