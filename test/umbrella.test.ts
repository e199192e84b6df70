/**
 * Umbrella strategies (issue #24, item 2), on both engines, with strategies built through the
 * interchange import: a target of "umbrella" stands for "gamma"; its rollup counts gamma's
 * ratings, its KPIs on and off track and its items behind a dated plan, from gamma's latest
 * published cycle, for every reader — and only once the umbrella strategy is public.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANONYMOUS, SYSTEM, type Principal } from '../src/domain/access.ts';
import { flatten } from '../src/domain/tree-builder.ts';
import { createCycle } from '../src/services/cycles.service.ts';
import { importStrategy } from '../src/services/interchange.service.ts';
import { generateReport } from '../src/services/reports.service.ts';
import { getOutline } from '../src/services/strategies.service.ts';
import { nodeRollup, setNodeStrategy } from '../src/services/umbrella.service.ts';
import { ENGINES, type TestDb } from './helpers/db.ts';
import { sampleDb } from './helpers/sample.ts';
import { smallStrategy } from './helpers/small-strategy.ts';

const actor = { id: 'test', ip: '' };
const ADMIN: Principal = {
  userId: 'test',
  login: 'test',
  displayName: 'test',
  role: 'admin',
  organisationIds: [],
  via: 'session',
};

for (const engine of ENGINES) {
  describe(`umbrella nodes on ${engine}`, () => {
    let db: TestDb;
    beforeAll(async () => {
      db = await sampleDb(engine);
      await importStrategy(db, smallStrategy('gamma', { publishedYear: 2024 }), { actor: 'test' });
      await importStrategy(db, smallStrategy('hidden'), { actor: 'test' });
      await importStrategy(db, smallStrategy('umbrella', { publishedYear: 2024, title: '統合戦略' }), {
        actor: 'test',
      });
    });
    afterAll(async () => db?.destroy());

    it('refuses its own strategy, an unknown one and a node of another strategy', async () => {
      await expect(setNodeStrategy(db, 'umbrella', 'umbrella-t1', 'umbrella', actor)).rejects.toMatchObject({
        code: 'invalid',
      });
      await expect(setNodeStrategy(db, 'umbrella', 'umbrella-t1', 'nope', actor)).rejects.toMatchObject({
        code: 'invalid',
      });
      await expect(setNodeStrategy(db, 'umbrella', 'gamma-t1', 'gamma', actor)).rejects.toMatchObject({
        code: 'not_found',
      });
      await expect(nodeRollup(db, 'umbrella', 'umbrella-t1', SYSTEM)).rejects.toMatchObject({
        code: 'not_found',
      });
    });

    it('rolls up the sub-strategy’s ratings, KPIs and overdue items for every reader', async () => {
      await setNodeStrategy(db, 'umbrella', 'umbrella-t1', 'gamma', actor);
      const rollup = await nodeRollup(db, 'umbrella', 'umbrella-t1', ANONYMOUS);
      expect(rollup.subStrategy.id).toBe('gamma');
      expect(rollup.cycle?.id).toBe('gamma-fy2024');
      expect(rollup.ratings.map((r) => [r.code, r.count])).toEqual([
        ['steady', 1],
        ['accelerate', 1],
      ]);
      expect(rollup.targets).toBe(2);
      // 10 → 12 in four years, 100 due at the end of FY2025: off track
      expect(rollup.kpis).toEqual({ onTrack: 0, offTrack: 1, unknown: 0 });
      expect(rollup.overdue.map((o) => [o.initiative.id, o.period])).toEqual([['gamma-i1', 'FY2023']]);
      expect(await nodeRollup(db, 'umbrella', 'umbrella-t1', SYSTEM)).toEqual(rollup);
    });

    it('marks the node in the live tree; a strategy not yet published rolls up for staff only', async () => {
      const cycle = await db.kysely
        .selectFrom('cycles')
        .select('id')
        .where('strategyId', '=', 'umbrella')
        .executeTakeFirstOrThrow();
      const live = flatten((await getOutline(db, 'umbrella', cycle.id, ANONYMOUS)).nodes);
      // the published tree froze the structure it was published with
      expect(live.find((n) => n.id === 'umbrella-t1')?.standsFor).toBeUndefined();
      await setNodeStrategy(db, 'umbrella', 'umbrella-t2', 'hidden', actor);
      await expect(nodeRollup(db, 'umbrella', 'umbrella-t2', ANONYMOUS)).rejects.toMatchObject({
        code: 'not_found',
      });
      const hidden = await nodeRollup(db, 'umbrella', 'umbrella-t2', SYSTEM);
      expect(hidden.cycle).toBeNull();
      expect(hidden.targets).toBe(0);
      await setNodeStrategy(db, 'umbrella', 'umbrella-t2', null, actor);
      await expect(nodeRollup(db, 'umbrella', 'umbrella-t2', ANONYMOUS)).rejects.toMatchObject({
        code: 'not_found',
      });
    });

    it('states the strategy a node stands for in the open data (report.json) of the next year', async () => {
      const next = await createCycle(db, 'umbrella', { fiscalYear: 2025, asOf: '2026-04' }, ADMIN, actor);
      const file = await generateReport(db, {
        strategyId: 'umbrella',
        cycleId: next.id,
        viewer: SYSTEM,
        format: 'json',
      });
      const report = JSON.parse(file.body.toString('utf8')) as {
        nodes: { id: string; standsFor: string | null }[];
      };
      expect(report.nodes.map((n) => [n.id, n.standsFor])).toEqual([
        ['umbrella-p1', null],
        ['umbrella-t1', 'gamma'],
        ['umbrella-t2', null],
      ]);
    });
  });
}
