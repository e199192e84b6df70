import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES, type TestDb } from '../../test/helpers/db.ts';
import { sampleDb } from '../../test/helpers/sample.ts';
import { countQueries } from '../db/database.ts';
import { ANONYMOUS, SYSTEM } from '../domain/access.ts';
import { StrategyExport } from '../domain/interchange.ts';
import { flatten } from '../domain/tree-builder.ts';
import { StrategyTree } from '../domain/views.ts';
import { readSample } from './sample.service.ts';
import * as strategies from './strategies.service.ts';

const CYCLE = 'ai2022-fy2022';

for (const engine of ENGINES) {
  describe(`reading the sample on ${engine}`, () => {
    let db: TestDb;
    let sample: StrategyExport;
    beforeAll(async () => {
      db = await sampleDb(engine);
      sample = StrategyExport.parse(await readSample());
    });
    afterAll(async () => db.destroy());

    it('lists the sample strategy with its published cycle', async () => {
      const list = await strategies.listStrategies(db, ANONYMOUS);
      expect(list.map((s) => s.id)).toEqual(['ai2022']);
      expect(list[0]?.cycles.map((c) => [c.id, c.fiscalYear, c.asOf])).toEqual([[CYCLE, 2022, '2023-04']]);
    });

    it("carries each indicator's figures as points: the indicators API's figures in order, without their edit record", async () => {
      const tree = await strategies.getTree(db, 'ai2022', CYCLE, ANONYMOUS);
      const full = await strategies.listIndicators(db, 'ai2022', ANONYMOUS);
      expect(tree.indicators.map((k) => k.id)).toEqual(full.map((k) => k.id));
      expect(tree.indicators.some((k) => k.observations.length > 1)).toBe(true);
      for (const [i, k] of tree.indicators.entries()) {
        const { observations, ...rest } = full[i]!;
        expect(k).toEqual({
          ...rest,
          observations: observations.map(({ id, cycleId, period, value, source, note }) => ({
            id,
            cycleId,
            period,
            value,
            source,
            note,
          })),
        });
      }
    });

    it('holds every pillar, goal and target, items with their ministry tags, and every assessment', async () => {
      const tree = await strategies.getTree(db, 'ai2022', CYCLE, ANONYMOUS);
      expect(() => StrategyTree.parse(tree)).not.toThrow();
      const nodes = flatten(tree.nodes);
      expect(nodes.map((n) => n.id).sort()).toEqual(sample.nodes.map((n) => n.id).sort());
      expect(tree.nodes.map((n) => n.title)).toEqual(
        sample.nodes.filter((n) => n.parentId === null).map((n) => n.title),
      );

      const short = new Map(tree.organisations.map((o) => [o.id, o.shortName]));
      const cycle = sample.cycles[0]!;
      for (const node of nodes) {
        const source = node.mirrorOf ?? node.id;
        const expected = sample.initiatives
          .filter((i) => i.listings.some((l) => l.nodeId === source))
          .map((i) => i.id)
          .sort();
        expect(node.items.map((i) => i.initiative.id).sort(), node.id).toEqual(expected);
        for (const item of node.items) {
          const want = sample.initiatives.find((i) => i.id === item.initiative.id)!;
          expect(item.initiative.ownerIds.map((o) => short.get(o)).join('、')).toBe(
            want.owners.map((o) => sample.organisations.find((x) => x.id === o)!.shortName).join('、'),
          );
          const entry = cycle.progress.find((e) => e.initiativeId === want.id)!;
          expect(item.entry?.text).toBe(entry.text);
          expect(item.entry?.stage).toBe(entry.stage);
        }
        const assessment = cycle.assessments.find((a) => a.nodeId === source);
        expect(node.assessment?.narrative ?? null, node.id).toBe(assessment?.narrative ?? null);
        expect(node.assessment?.rating ?? null).toBe(assessment?.rating ?? null);
      }
      // The same initiative, never copied, appears in every place the seed lists it.
      const places = new Map<string, number>();
      for (const n of nodes)
        for (const i of n.items) places.set(i.initiative.id, (places.get(i.initiative.id) ?? 0) + 1);
      expect(
        [...places]
          .filter(([, n]) => n > 1)
          .map(([id]) => id.slice(-3))
          .sort(),
      ).toEqual(['i01', 'i02', 'i03', 'i07', 'i08', 'i09', 'i17']);
      expect(nodes.filter((n) => n.assessment?.needsAcceleration).map((n) => n.title)).toEqual([
        'AIによる利活用の基礎となるデジタル・ツインの構築',
        'AIによる利活用の基礎となるデジタル・ツインの構築',
      ]);
    });

    it('carries the KPI figures with their periods and the summary', async () => {
      const tree = await strategies.getTree(db, 'ai2022', CYCLE, ANONYMOUS);
      const figures = tree.indicators.flatMap((k) => k.observations.map((o) => `${o.value}@${o.period}`));
      expect(figures.sort()).toEqual(
        ['78@FY2021-end', '217@FY2022-end', '68@FY2022-end', '66@FY2021-end', '165@FY2022-end'].sort(),
      );
      const education = flatten(tree.nodes).find((n) => n.title === '教育改革')!;
      expect(education.indicatorIds.length).toBe(3);
      expect(tree.summary?.overall).toEqual(sample.cycles[0]!.summary!.overall);
      expect(tree.summary?.pillars.map((p) => p.bullets.length)).toEqual([4, 4, 3]);
    });

    it('hides a draft cycle from anonymous readers but not from the secretariat', async () => {
      await db.kysely
        .insertInto('cycles')
        .values({
          id: 'ai2022-fy2023',
          strategyId: 'ai2022',
          fiscalYear: 2023,
          asOf: '2024-04',
          state: 'open',
          publishedAt: null,
          version: 1,
          createdAt: '2024-01-01T00:00:00Z',
          updatedAt: '2024-01-01T00:00:00Z',
          updatedBy: 'test',
        })
        .execute();
      await expect(strategies.getTree(db, 'ai2022', 'ai2022-fy2023', ANONYMOUS)).rejects.toMatchObject({
        code: 'not_found',
      });
      const draft = await strategies.getTree(db, 'ai2022', 'ai2022-fy2023', SYSTEM);
      expect(draft.previousCycleId).toBe(CYCLE);
      expect(flatten(draft.nodes).every((n) => n.items.every((i) => i.entry === null))).toBe(true);
      const visible = await strategies.getStrategy(db, 'ai2022', ANONYMOUS);
      expect(visible.cycles.map((c) => c.id)).toEqual([CYCLE]);
      await db.kysely.deleteFrom('cycles').where('id', '=', 'ai2022-fy2023').execute();
    });

    it('reads the tree in a fixed number of statements, however large the strategy', async () => {
      const { queries } = await countQueries(() => strategies.getTree(db, 'ai2022', CYCLE, ANONYMOUS));
      expect(queries).toBeLessThanOrEqual(10);
    });

    it('shows an initiative with its owners, places and timeline', async () => {
      const detail = await strategies.getInitiative(db, 'ai2022-i17', ANONYMOUS);
      expect(detail.owners.map((o) => o.shortName)).toEqual(['厚労省']);
      expect(detail.nodes.length).toBe(2);
      expect(detail.timeline.map((t) => t.cycle.id)).toEqual([CYCLE]);
      expect(detail.timeline[0]?.entry?.plans).toEqual([expect.objectContaining({ period: 'FY2024' })]);
      await expect(strategies.getInitiative(db, 'nope', ANONYMOUS)).rejects.toMatchObject({
        code: 'not_found',
      });
    });
  });
}
