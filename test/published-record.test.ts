/**
 * The published record is immutable by construction (issue #18, part 3), on both engines:
 * seeding freezes the published cycle at once; every write that would change it through the
 * API is refused with `published` and writes nothing; later structure and indicator edits
 * change open and future cycles only, never what the public reads of the published one
 * (tree, node entries, indicator page, projection, report); a database from before freezing
 * is frozen by the startup step; `import --replace` keeps the published record or refuses.
 */
import { createHash } from 'node:crypto';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/api/app.ts';
import { ANONYMOUS } from '../src/domain/access.ts';
import type { Indicator, ProgressEntry } from '../src/domain/model.ts';
import { flatten } from '../src/domain/tree-builder.ts';
import type { OutlineTree } from '../src/domain/views.ts';
import { exportStrategy, importStrategy, serialiseExport } from '../src/services/interchange.service.ts';
import { freezeUnfrozenCycles } from '../src/services/publication.service.ts';
import { loadSample } from '../src/services/sample.service.ts';
import { getTreeJson } from '../src/services/strategies.service.ts';
import { createTestUsers, sessionsFor, type TestRole, type TestSession } from './helpers/accounts.ts';
import { createTestDb, ENGINES, type TestDb } from './helpers/db.ts';
import { openFy2023, sampleDb } from './helpers/sample.ts';

const CYCLE = 'ai2022-fy2022';
const BASE = `/api/strategies/ai2022/cycles/${CYCLE}`;
const ENTRY = `${CYCLE}.ai2022-i06`;
const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

for (const engine of ENGINES) {
  describe(`the published record on ${engine}`, () => {
    let db: TestDb;
    let app: FastifyInstance;
    let s: Record<TestRole, TestSession>;
    let users: Awaited<ReturnType<typeof createTestUsers>>;
    beforeAll(async () => {
      db = await sampleDb(engine);
      app = await buildApp({ db });
      users = await createTestUsers(db);
      s = await sessionsFor(db, users);
    });
    afterAll(async () => {
      await app.close();
      await db.destroy();
    });

    const call = (
      as: TestRole | null,
      method: 'GET' | 'POST' | 'PUT' | 'PATCH',
      url: string,
      payload?: object,
    ) => app.inject({ method, url, headers: as ? s[as].headers : {}, ...(payload && { payload }) });
    const json = <T>(res: LightMyRequestResponse): T => res.json() as T;
    const snapshots = () =>
      db.kysely
        .selectFrom('cycleSnapshots')
        .select(['revision', 'createdAt', 'contentHash', 'tree'])
        .where('cycleId', '=', CYCLE)
        .orderBy('revision')
        .execute();
    const auditCount = async () =>
      Number(
        (
          await db.kysely
            .selectFrom('auditLog')
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const publicEntry = async (): Promise<ProgressEntry> => {
      const tree = json<OutlineTree>(await call(null, 'GET', `${BASE}/tree`));
      const node = flatten(tree.nodes).find((n) => n.items.some((i) => i.entry?.id === ENTRY))!;
      const res = await call(null, 'GET', `${BASE}/nodes/${node.id}/entries`);
      return json<{ entries: ProgressEntry[] }>(res).entries.find((e) => e.id === ENTRY)!;
    };

    it('is frozen by the seed itself: revision 0 with its hash and publication time, before any read', async () => {
      const stored = await snapshots();
      expect(stored.map((r) => r.revision)).toEqual([0]);
      expect(stored[0]!.contentHash).toBe(sha256(stored[0]!.tree));
      const cycles = json<{ cycles: { id: string; publishedAt: string | null }[] }>(
        await call(null, 'GET', '/api/strategies/ai2022/cycles'),
      ).cycles;
      expect(cycles.find((c) => c.id === CYCLE)?.publishedAt).toBe('2023-04-01T00:00:00.000Z');
      expect(stored[0]!.createdAt).toBe('2023-04-01T00:00:00.000Z');
      const record = json<{ publication: { revision: number; contentHash: string; publishedAt: string } }>(
        await call(null, 'GET', `${BASE}/corrections`),
      ).publication;
      expect(record).toMatchObject({
        revision: 0,
        contentHash: stored[0]!.contentHash,
        publishedAt: '2023-04-01T00:00:00.000Z',
      });
    });

    it('keeps structure and indicator edits made before the first read out of the published cycle', async () => {
      // Nothing has read the tree, the node pages or the indicator yet.
      const node = json<{ nodes: { id: string; version: number; title: string }[] }>(
        await call('admin', 'GET', '/api/strategies/ai2022/nodes'),
      ).nodes.find((n) => n.id === 'ai2022-p1-g1-t3')!;
      const renamed = await call('admin', 'PATCH', '/api/nodes/ai2022-p1-g1-t3', {
        version: node.version,
        title: '公開後に改めた名称',
      });
      expect(renamed.statusCode, renamed.body).toBe(200);
      const k1 = json<Indicator>(await call('admin', 'GET', '/api/indicators/ai2022-k1'));
      const {
        id: _id,
        strategyId: _s,
        position: _p,
        observations: _o,
        createdAt: _c,
        updatedAt: _u,
        updatedBy: _b,
        ...definition
      } = k1;
      const edited = await call('admin', 'PUT', '/api/strategies/ai2022/indicators/ai2022-k1', {
        ...definition,
        baselineValue: 100,
        targetValue: 400,
        targetPeriod: 'FY2025',
      });
      expect(edited.statusCode, edited.body).toBe(200);

      // The public: the tree, the indicator, its projection and the report as published.
      const tree = await call(null, 'GET', `${BASE}/tree`);
      expect(tree.body).not.toContain('公開後に改めた名称');
      expect(flatten(json<OutlineTree>(tree).nodes).find((n) => n.id === 'ai2022-p1-g1-t3')?.title).toBe(
        node.title,
      );
      const shown = json<Indicator>(await call(null, 'GET', '/api/indicators/ai2022-k1'));
      expect(shown).toMatchObject({ baselineValue: 78, targetValue: null, targetPeriod: null });
      expect(shown.observations.map((o) => [o.period, o.value])).toEqual([
        ['FY2021-end', 78],
        ['FY2022-end', 217],
      ]);
      const projection = json<{ status: string; deadlineFiscalYear: number | null }>(
        await call(null, 'GET', '/api/indicators/ai2022-k1/projection'),
      );
      expect(projection).toMatchObject({ status: 'no_target', deadlineFiscalYear: null });
      const listed = json<{ indicators: Indicator[] }>(
        await call(null, 'GET', '/api/strategies/ai2022/indicators'),
      );
      expect(listed.indicators.find((k) => k.id === 'ai2022-k1')?.baselineValue).toBe(78);
      const report = json<{
        indicators: { id: string; baselineValue: number | null }[];
        nodes: { id: string; title: string }[];
      }>(await call(null, 'GET', `${BASE}/report.json`));
      expect(report.indicators.find((k) => k.id === 'ai2022-k1')?.baselineValue).toBe(78);
      expect(report.nodes.find((n) => n.id === 'ai2022-p1-g1-t3')?.title).toBe(node.title);
      // The secretariat's working copy has the edit (for the open and future cycles).
      expect(json<Indicator>(await call('admin', 'GET', '/api/indicators/ai2022-k1')).baselineValue).toBe(
        100,
      );
      expect((await snapshots()).map((r) => r.revision)).toEqual([0]);
    });

    it('refuses to return or accept a published entry, and writes nothing', async () => {
      const entry = json<{ entry: ProgressEntry }>(
        await call('reviewer', 'GET', `/api/entries/${ENTRY}`),
      ).entry;
      expect(entry.reviewState).toBe('accepted');
      const before = { audit: await auditCount(), snapshots: await snapshots(), shown: await publicEntry() };
      const returned = await call('reviewer', 'POST', `/api/entries/${ENTRY}/return`, {
        version: entry.version,
        comment: '内部向けのコメント：数値を確認してください',
      });
      expect(returned.statusCode).toBe(409);
      expect(json<{ error: { code: string; message: string } }>(returned).error.code).toBe('published');
      expect(json<{ error: { message: string } }>(returned).error.message).toMatch(/correction/);
      const accepted = await call('reviewer', 'POST', `/api/entries/${ENTRY}/accept`, {
        version: entry.version,
      });
      expect(accepted.statusCode).toBe(409);
      expect(json<{ error: { code: string } }>(accepted).error.code).toBe('published');
      const after = json<{ entry: ProgressEntry }>(
        await call('reviewer', 'GET', `/api/entries/${ENTRY}`),
      ).entry;
      expect(after).toEqual(entry);
      expect(await auditCount()).toBe(before.audit);
      expect(await snapshots()).toEqual(before.snapshots);
      const shown = await publicEntry();
      expect(shown).toEqual(before.shown);
      expect(shown.reviewComment).toBe('');
    });

    it('refuses entry, assessment, summary and figure writes to the published cycle', async () => {
      const before = { audit: await auditCount(), snapshots: await snapshots() };
      const entry = json<{ entry: ProgressEntry }>(
        await call('reviewer', 'GET', `/api/entries/${ENTRY}`),
      ).entry;
      const refusals = [
        await call('editorAll', 'PUT', `/api/entries/${ENTRY}`, {
          version: entry.version,
          text: '書き換え',
          stage: null,
        }),
        await call('editorAll', 'POST', `/api/entries/${ENTRY}/submit`, { version: entry.version }),
        await call('reviewer', 'PUT', `/api/cycles/${CYCLE}/assessments/ai2022-p1-g1-t1`, {
          version: 1,
          rating: 'steady',
          narrative: '書き換えた概況',
        }),
        await call('reviewer', 'PUT', `/api/cycles/${CYCLE}/summary`, {
          version: 1,
          overall: ['書き換え'],
          pillars: [],
        }),
        await call('editorAll', 'PUT', '/api/indicators/ai2022-k1/observations', {
          cycleId: CYCLE,
          period: 'FY2022-end',
          value: 999,
          version: 1,
        }),
      ];
      for (const res of refusals) {
        expect(res.statusCode, res.body).toBe(409);
        expect(json<{ error: { code: string } }>(res).error.code).toBe('published');
      }
      expect(await auditCount()).toBe(before.audit);
      expect(await snapshots()).toEqual(before.snapshots);
      const report = json<{ summary: { overall: string[] }; indicators: Indicator[] }>(
        await call(null, 'GET', `${BASE}/report.json`),
      );
      expect(report.summary.overall).not.toContain('書き換え');
      expect(report.indicators.find((k) => k.id === 'ai2022-k1')?.observations.map((o) => o.value)).toEqual([
        78, 217,
      ]);
    });

    it('lets the next cycle take structure and indicator edits while the published one stays', async () => {
      await openFy2023(db, users.admin);
      const draft = await call('reviewer', 'GET', '/api/strategies/ai2022/cycles/ai2022-fy2023/tree');
      expect(flatten(json<OutlineTree>(draft).nodes).find((n) => n.id === 'ai2022-p1-g1-t3')?.title).toBe(
        '公開後に改めた名称',
      );
      expect(json<OutlineTree>(draft).indicators.find((k) => k.id === 'ai2022-k1')?.baselineValue).toBe(100);
      const published = await call(null, 'GET', `${BASE}/tree`);
      expect(json<OutlineTree>(published).indicators.find((k) => k.id === 'ai2022-k1')?.baselineValue).toBe(
        78,
      );
    });

    it('has the startup step freeze a published cycle that has no snapshot, and reads refuse until then', async () => {
      const other = await createTestDb(engine);
      try {
        await loadSample(other, { now: '2023-04-01T00:00:00.000Z' });
        const frozen = (
          await other.kysely.selectFrom('cycleSnapshots').select('tree').executeTakeFirstOrThrow()
        ).tree;
        // A database from before publication froze cycles: no snapshot at all.
        await other.kysely.deleteFrom('cycleSnapshots').execute();
        await expect(getTreeJson(other, 'ai2022', CYCLE, ANONYMOUS)).rejects.toMatchObject({
          code: 'unavailable',
        });
        expect(await freezeUnfrozenCycles(other)).toEqual([CYCLE]);
        expect(await freezeUnfrozenCycles(other)).toEqual([]);
        const row = await other.kysely.selectFrom('cycleSnapshots').selectAll().executeTakeFirstOrThrow();
        expect(row).toMatchObject({
          revision: 0,
          createdAt: '2023-04-01T00:00:00.000Z',
          contentHash: sha256(frozen),
        });
        expect(row.tree).toBe(frozen);
        expect((await getTreeJson(other, 'ai2022', CYCLE, ANONYMOUS)).etag).toBe(`"${CYCLE}.r0"`);
      } finally {
        await other.destroy();
      }
    });
  });

  describe(`import --replace of a strategy with a published cycle on ${engine}`, () => {
    let db: TestDb;
    beforeAll(async () => {
      db = await sampleDb(engine);
    });
    afterAll(async () => {
      await db.destroy();
    });

    const record = async () => ({
      snapshots: await db.kysely.selectFrom('cycleSnapshots').selectAll().orderBy('revision').execute(),
      corrections: await db.kysely.selectFrom('corrections').selectAll().orderBy('revision').execute(),
    });

    it('keeps revision 0, as stored, when the same file (the sample) is loaded over it again', async () => {
      const before = await record();
      expect(before.snapshots.map((r) => r.revision)).toEqual([0]);
      await loadSample(db, { replace: true, now: '2024-01-01T00:00:00.000Z' });
      expect(await record()).toEqual(before);
    });

    it('keeps a correction, and refuses a file whose rows would undo it, naming the fact', async () => {
      const { correctCycle } = await import('../src/services/corrections.service.ts');
      await correctCycle(
        db,
        CYCLE,
        { reason: '衛星名の表記を訂正', entries: [{ id: ENTRY, version: 1, text: 'GOSAT-GW（訂正）' }] },
        { userId: 'u', login: 'r', displayName: 'r', role: 'reviewer', organisationIds: [], via: 'session' },
        { id: 'u', ip: '' },
      );
      const before = await record();
      expect(before.snapshots.map((r) => r.revision)).toEqual([0, 1]);
      await expect(loadSample(db, { replace: true })).rejects.toMatchObject({
        code: 'conflict',
        message: `cycle ${CYCLE}: the file's progress entry ${ENTRY} (text) differs from the published record (revision 1); change a published cycle with a correction, not an import`,
      });
      expect(await record()).toEqual(before);
      const tree = await getTreeJson(db, 'ai2022', CYCLE, ANONYMOUS);
      expect(tree.etag).toBe(`"${CYCLE}.r1"`);
    });

    it('round-trips the published record: export → import elsewhere → export, byte for byte', async () => {
      const text = serialiseExport(await exportStrategy(db, 'ai2022'));
      const exported = JSON.parse(text) as {
        cycles: { id: string; publication?: { snapshots: unknown[]; corrections: unknown[] } }[];
      };
      expect(exported.cycles[0]?.publication?.snapshots).toHaveLength(2);
      expect(exported.cycles[0]?.publication?.corrections).toHaveLength(1);
      const other = await createTestDb(engine);
      try {
        await importStrategy(other, JSON.parse(text), { actor: 'test' });
        expect(serialiseExport(await exportStrategy(other, 'ai2022'))).toBe(text);
        const a = await record();
        const b = await other.kysely.selectFrom('cycleSnapshots').selectAll().orderBy('revision').execute();
        expect(b).toEqual(a.snapshots);
        // Replacing with its own export keeps everything.
        await importStrategy(other, JSON.parse(text), { actor: 'test', replace: true });
        expect(serialiseExport(await exportStrategy(other, 'ai2022'))).toBe(text);
      } finally {
        await other.destroy();
      }
    });

    it('refuses a file whose rows contradict its own published record, writing nothing', async () => {
      const file = JSON.parse(serialiseExport(await exportStrategy(db, 'ai2022'))) as {
        cycles: { progress: { id: string; text: string }[] }[];
      };
      file.cycles[0]!.progress.find((e) => e.id === ENTRY)!.text = '公開版と違う本文';
      const other = await createTestDb(engine);
      try {
        await expect(importStrategy(other, file, { actor: 't' })).rejects.toMatchObject({
          code: 'invalid',
          details: {
            issues: [
              {
                path: '$.cycles[0]',
                message: `its progress entry ${ENTRY} (text) differs from its published revision 1`,
              },
            ],
          },
        });
        expect(await other.kysely.selectFrom('strategies').select('id').execute()).toEqual([]);
      } finally {
        await other.destroy();
      }
    });

    it('refuses, in one line and writing nothing, a file that would unpublish, remove or contradict it', async () => {
      const before = await record();
      const base = JSON.parse(serialiseExport(await exportStrategy(db, 'ai2022'))) as {
        cycles: {
          id: string;
          state: string;
          publication?: { snapshots: { contentHash: string; tree: { cycle: { asOf: string } } }[] };
        }[];
      };
      const unpublished = structuredClone(base);
      unpublished.cycles[0]!.state = 'open';
      delete unpublished.cycles[0]!.publication;
      await expect(importStrategy(db, unpublished, { actor: 't', replace: true })).rejects.toMatchObject({
        code: 'conflict',
        message: expect.stringMatching(
          /^cycle ai2022-fy2022 is published \(revision 1\); the file has it open/,
        ) as unknown as string,
      });
      const removed = { ...structuredClone(base), cycles: [] } as unknown as {
        cycles: never[];
        indicators: { observations: { cycleId: string | null }[] }[];
      };
      for (const k of removed.indicators) for (const o of k.observations) o.cycleId = null;
      await expect(importStrategy(db, removed, { actor: 't', replace: true })).rejects.toMatchObject({
        code: 'conflict',
        message: expect.stringContaining('leaves it out') as unknown as string,
      });
      // Another published text with a hash of its own: a different record, refused.
      const other = structuredClone(base);
      const snap = other.cycles[0]!.publication!.snapshots[1]!;
      snap.tree.cycle.asOf = '2099-01';
      snap.contentHash = sha256(JSON.stringify(snap.tree));
      await expect(importStrategy(db, other, { actor: 't', replace: true })).rejects.toMatchObject({
        code: 'conflict',
        message: expect.stringContaining("the file's published revision 1 differs") as unknown as string,
      });
      // A tampered tree whose hash no longer matches: invalid, with its path.
      const tampered = structuredClone(base);
      tampered.cycles[0]!.publication!.snapshots[0]!.tree.cycle.asOf = '2099-01';
      await expect(importStrategy(db, tampered, { actor: 't', replace: true })).rejects.toMatchObject({
        code: 'invalid',
        details: {
          issues: [
            { path: '$.cycles[0].publication.snapshots[0].contentHash', message: 'does not match the tree' },
          ],
        },
      });
      expect(await record()).toEqual(before);
    });
  });
}
