import { afterEach, describe, expect, it } from 'vitest';
import { ENGINES, createTestDb, type TestDb } from '../../test/helpers/db.ts';
import { draftOf, OTHER, strategyFromReport, YEAR1, YEAR2 } from '../../test/helpers/history.ts';
import { ANONYMOUS } from '../domain/access.ts';
import { AppError } from '../domain/errors.ts';
import { diffTrees } from '../domain/insight/tree-diff.ts';
import { diffStrategyCycles, projectIndicator } from './insight.service.ts';
import { exportStrategy, importStrategy } from './interchange.service.ts';
import { acceptPastCycle, planPastCycle } from './report-history.service.ts';
import { getOutline } from './strategies.service.ts';

const ACTOR = { id: 'test:history', ip: '' };

const open: TestDb[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((db) => db.destroy()));
});

const firstYear = async (engine: (typeof ENGINES)[number]): Promise<TestDb> => {
  const db = await strategyFromReport(engine);
  open.push(db);
  return db;
};

const count = async (
  db: TestDb,
  table: 'nodes' | 'initiatives' | 'cycles' | 'observations' | 'progressEntries',
) =>
  Number(
    (
      await db.kysely
        .selectFrom(table)
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

for (const engine of ENGINES) {
  describe(`one history from two years' reports on ${engine}`, () => {
    it('proposes the matches: same targets, one renamed, one new, figures of another year', async () => {
      const db = await firstYear(engine);
      const plan = await planPastCycle(db, 'quantum', await draftOf(db, YEAR2));
      expect(plan).toMatchObject({
        fiscalYear: 2024,
        asOf: '2025-06',
        cycleId: 'quantum-fy2024',
        latest: true,
      });
      expect(plan.problems.filter((p) => p.severity === 'error')).toEqual([]);
      const renamed = plan.nodes.filter((m) => m.kind === 'renamed');
      expect(renamed.map((m) => [m.existingTitle, m.title])).toEqual([
        ['量子人材の育成', '量子人材の育成・確保'],
      ]);
      expect(plan.nodes.filter((m) => m.kind === 'new').map((m) => m.title)).toEqual([
        '量子センシングの実用化',
      ]);
      expect(plan.absent.nodes).toEqual([]);
      // Every item of the first year continues; the sensing item is new.
      expect(plan.initiatives.filter((m) => m.existingId === null).map((m) => m.title)).toEqual([
        '量子センサを用いた医療診断装置の試作を開始',
      ]);
      expect(plan.absent.initiatives).toEqual([]);
      expect(plan.indicators.every((m) => m.kind === 'matched')).toBe(true);
    });

    it('writes one strategy with two cycles; the comparison and the KPI series span both', async () => {
      const db = await firstYear(engine);
      const draft = await draftOf(db, YEAR2);
      const plan = await planPastCycle(db, 'quantum', draft);
      const { cycleId } = await acceptPastCycle(db, 'quantum', draft, plan, ACTOR);
      expect(cycleId).toBe('quantum-fy2024');

      const data = await exportStrategy(db, 'quantum');
      expect(data.cycles.map((c) => [c.fiscalYear, c.state])).toEqual([
        [2023, 'published'],
        [2024, 'published'],
      ]);
      expect(data.nodes).toHaveLength(7);
      const renamedNode = data.nodes.find((n) => n.title === '量子人材の育成・確保');
      expect(renamedNode?.id).toBe(plan.nodes.find((m) => m.kind === 'renamed')?.existingId);

      // The old title stays in the audit trail beside the rename.
      const renames = await db.kysely
        .selectFrom('auditLog')
        .select(['action', 'entityId', 'before', 'after'])
        .where('action', '=', 'node.update')
        .execute();
      expect(
        renames.map((r) => [r.entityId, JSON.parse(r.before ?? 'null'), JSON.parse(r.after ?? 'null')]),
      ).toEqual([[renamedNode?.id, { title: '量子人材の育成' }, { title: '量子人材の育成・確保' }]]);

      // The comparison page's diff of the two published trees: the rename, the new target, new and changed items.
      const before = await getOutline(db, 'quantum', 'quantum-fy2023', ANONYMOUS);
      const after = await getOutline(db, 'quantum', 'quantum-fy2024', ANONYMOUS);
      const diff = diffTrees(before, after);
      expect(diff.nodesRenamed.map((r) => [r.before.title, r.after.title])).toEqual([
        ['量子人材の育成', '量子人材の育成・確保'],
      ]);
      expect(diff.nodesAdded.map((n) => n.title)).toEqual(['量子センシングの実用化']);
      expect(diff.nodesDropped).toEqual([]);
      expect(diff.initiativesAdded.map((i) => i.initiative.title)).toEqual([
        '量子センサを用いた医療診断装置の試作を開始',
      ]);
      expect(diff.initiativesChanged.length).toBeGreaterThanOrEqual(5);
      // The cross-listed item stays one initiative, under both targets of the year.
      const hybrid = after.nodes
        .flatMap((p) => p.children)
        .filter((n) => n.items.some((i) => i.initiative.title.startsWith('量子・古典')));
      expect(hybrid.map((n) => n.title)).toEqual(['国産量子コンピュータの開発', '量子産業の創出']);

      // The API's diff: texts changed and the KPI figures of both years.
      const api = await diffStrategyCycles(db, 'quantum', 'quantum-fy2023', 'quantum-fy2024', ANONYMOUS);
      expect(api.items.added.map((i) => i.title)).toEqual(['量子センサを用いた医療診断装置の試作を開始']);
      expect(api.items.changed.length).toBeGreaterThanOrEqual(5);
      const users = api.indicators.find((k) => k.name === '利用登録機関数');
      expect(users).toMatchObject({
        from: { period: 'FY2023-end', value: 48 },
        to: { period: 'FY2024-end', value: 95 },
      });

      // One series per indicator, three years long, and its projection reads all of them.
      const kpi = data.indicators.find((k) => k.name === '受講者数');
      expect(data.indicators).toHaveLength(2);
      expect(kpi?.observations.map((o) => [o.period, o.value])).toEqual([
        ['FY2022', 350],
        ['FY2023', 920],
        ['FY2024', 1480],
      ]);
      const projection = await projectIndicator(db, kpi?.id ?? '', ANONYMOUS);
      expect(projection.points.map((p) => p.value)).toEqual([350, 920, 1480]);
      expect(projection.linear).not.toBeNull();
    });

    it('refuses a second import of the same fiscal year, and writes nothing', async () => {
      const db = await firstYear(engine);
      const draft = await draftOf(db, YEAR1);
      const plan = await planPastCycle(db, 'quantum', draft);
      expect(plan.problems.map((p) => p.code)).toContain('history.cycle_exists');
      const before = await exportStrategy(db, 'quantum');
      const err = await acceptPastCycle(db, 'quantum', draft, plan, ACTOR).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(AppError);
      expect((err as AppError).code).toBe('conflict');
      expect((err as AppError).message).toMatch(/already has a cycle for fiscal year 2023/);
      expect(await exportStrategy(db, 'quantum')).toEqual(before);
    });

    it('refuses a report of another strategy, and writes nothing', async () => {
      const db = await firstYear(engine);
      const draft = await draftOf(db, OTHER, 'space');
      const plan = await planPastCycle(db, 'quantum', draft);
      expect(plan.problems.map((p) => p.code)).toContain('history.other_strategy');
      const nodes = await count(db, 'nodes');
      const err = await acceptPastCycle(db, 'quantum', draft, plan, ACTOR).catch((e: unknown) => e);
      expect((err as AppError).message).toMatch(/does not look like one of strategy quantum/);
      expect(await count(db, 'nodes')).toBe(nodes);
      expect(await count(db, 'cycles')).toBe(1);
    });

    it('leaves nothing behind when the write fails half-way', async () => {
      const db = await firstYear(engine);
      const draft = await draftOf(db, YEAR2);
      const plan = await planPastCycle(db, 'quantum', draft);
      // Two entries of one item pass the checks but break a primary key after nodes and the cycle are written.
      const cycle = draft.cycles[0];
      const entry = cycle?.progress[0];
      if (!cycle || !entry) throw new Error('no entry');
      cycle.progress.push({ ...entry });
      const counts = await Promise.all(
        (['nodes', 'initiatives', 'cycles', 'observations', 'progressEntries'] as const).map((t) =>
          count(db, t),
        ),
      );
      await expect(acceptPastCycle(db, 'quantum', draft, plan, ACTOR)).rejects.toThrow();
      expect(
        await Promise.all(
          (['nodes', 'initiatives', 'cycles', 'observations', 'progressEntries'] as const).map((t) =>
            count(db, t),
          ),
        ),
      ).toEqual(counts);
      const data = await exportStrategy(db, 'quantum');
      expect(data.nodes.map((n) => n.title)).toContain('量子人材の育成');
    });

    it('an earlier year joined later keeps today’s titles, and its published tree shows its own', async () => {
      const db = await createTestDb(engine);
      open.push(db);
      const second = await draftOf(db, YEAR2);
      for (const c of second.cycles) c.state = 'published';
      await importStrategy(db, second, { actor: 'test' });
      const draft = await draftOf(db, YEAR1);
      const plan = await planPastCycle(db, 'quantum', draft);
      expect(plan.latest).toBe(false);
      // The target the later year added is absent from the earlier one.
      expect(plan.absent.nodes.map((n) => n.title)).toEqual(['量子センシングの実用化']);
      await acceptPastCycle(db, 'quantum', draft, plan, ACTOR);
      const data = await exportStrategy(db, 'quantum');
      expect(data.cycles.map((c) => c.fiscalYear)).toEqual([2023, 2024]);
      expect(data.nodes.map((n) => n.title)).toContain('量子人材の育成・確保');
      const diff = diffTrees(
        await getOutline(db, 'quantum', 'quantum-fy2023', ANONYMOUS),
        await getOutline(db, 'quantum', 'quantum-fy2024', ANONYMOUS),
      );
      expect(diff.nodesRenamed.map((r) => [r.before.title, r.after.title])).toEqual([
        ['量子人材の育成', '量子人材の育成・確保'],
      ]);
      expect(diff.nodesAdded.map((n) => n.title)).toEqual(['量子センシングの実用化']);
    });

    it('takes a rejected match in as new', async () => {
      const db = await firstYear(engine);
      const draft = await draftOf(db, YEAR2);
      const plan = await planPastCycle(db, 'quantum', draft);
      const edited = {
        ...plan,
        nodes: plan.nodes.map((m) => (m.kind === 'renamed' ? { ...m, accepted: false } : m)),
      };
      await acceptPastCycle(db, 'quantum', draft, edited, ACTOR);
      const data = await exportStrategy(db, 'quantum');
      expect(data.nodes.filter((n) => n.title.startsWith('量子人材の育成'))).toHaveLength(2);
    });

    it('refuses a plan edited into nonsense, and writes nothing', async () => {
      const db = await firstYear(engine);
      const draft = await draftOf(db, YEAR2);
      const plan = await planPastCycle(db, 'quantum', draft);
      const target = plan.nodes.find((m) => m.kind === 'matched')?.existingId ?? null;
      const twice = { ...plan, nodes: plan.nodes.map((m) => ({ ...m, existingId: target, accepted: true })) };
      await expect(acceptPastCycle(db, 'quantum', draft, twice, ACTOR)).rejects.toThrow(
        /two nodes of the report/,
      );
      const foreign = {
        ...plan,
        initiatives: plan.initiatives.map((m) => ({ ...m, existingId: 'ai2022-i01' })),
      };
      await expect(acceptPastCycle(db, 'quantum', draft, foreign, ACTOR)).rejects.toThrow(
        /this strategy does not have/,
      );
      await expect(acceptPastCycle(db, 'other', draft, plan, ACTOR)).rejects.toThrow(
        /plan is for strategy quantum/,
      );
      expect(await count(db, 'cycles')).toBe(1);
    });
  });
}
