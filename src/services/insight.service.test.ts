import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, ENGINES, type TestDb } from '../../test/helpers/db.ts';
import { sampleDb } from '../../test/helpers/sample.ts';
import { FY2022, FY2023, twoCycleSample } from '../../test/helpers/two-cycles.ts';
import { countQueries } from '../db/database.ts';
import { ANONYMOUS } from '../domain/access.ts';
import { importStrategy } from './interchange.service.ts';
import { diffStrategyCycles, listOverlaps, projectIndicator, suggestStatuses } from './insight.service.ts';
import { viewerFor } from '../domain/access.ts';
import { saveEntry, submitEntry } from './entries.service.ts';
import { openSurveyCycle } from '../../test/fixtures/survey/setup.ts';

type Cat = 'good' | 'neutral' | 'attention';

/**
 * The suggestion against the secretariat's own assessment in the seed (FY2022), target by
 * target: [seed category, seed needs-acceleration, suggested category, suggested flag].
 * Categories: good (steady, progressing), neutral (gradual, improving, field_by_field),
 * attention (starting, to_be_concretised, accelerate). Codes within a category may differ:
 * the rules pick the category's first term (steady, gradual, starting) in the absence of a
 * previous rating. 12 of 15 rated targets agree on the category, all 16 on the flag.
 */
const AGREEMENT: Record<string, [Cat | null, boolean, Cat, boolean]> = {
  // Clear case: two items done, one only planned (数理・量子 simulation) — work moving unevenly.
  '1.1.1 digital twins': ['attention', true, 'attention', true],
  '1.1.2 data economy': ['good', false, 'good', false],
  '1.1.3 sustainability': ['good', false, 'good', false],
  '1.1.4 responsible AI': ['good', false, 'good', false],
  // The seed gives no rating (the 概況 refers to 1.1.4); the rules still suggest one.
  '1.1.5 cybersecurity x AI': [null, false, 'good', false],
  '2.2.2 research data': ['neutral', false, 'neutral', false],
  // DISAGREES: both items are recorded as done (workshop held; call held and selected), but
  // the 概況 judges that full-scale work only starts now. Stage categories cannot see that a
  // completed step is a preparatory one.
  '2.2.3 privacy tech': ['attention', false, 'good', false],
  // DISAGREES: the one item is a pilot (under way); the 概況 rests on an established
  // fellowship programme that is not an item in the data.
  '2.3.1 brain circulation': ['good', false, 'neutral', false],
  // Nothing has started: attention, but "to be made concrete" rather than "accelerate".
  '2.3.2 technical information': ['attention', false, 'attention', false],
  '2.3.3 data rules': ['neutral', false, 'neutral', false],
  '2.4 AI in government': ['neutral', false, 'neutral', false],
  '2.5 strong fields': ['good', false, 'good', false],
  // Clear case: the literacy (78→217) and company (66→165) KPIs improve.
  '3.1 education reform': ['good', false, 'good', false],
  '3.2 R&D': ['good', false, 'good', false],
  '3.3 data infrastructure': ['good', false, 'good', false],
  // DISAGREES: three of four items are done, but the 概況 weighs how slowly AI spreads
  // through ministries' daily work — breadth the items do not measure.
  '3.4 digital government': ['neutral', false, 'good', false],
};

for (const engine of ENGINES) {
  describe(`insight on ${engine}`, () => {
    let db: TestDb;
    let two: TestDb;
    beforeAll(async () => {
      db = await sampleDb(engine);
      two = await createTestDb(engine);
      await importStrategy(two, await twoCycleSample(), { actor: 'test' });
    });
    afterAll(async () => Promise.all([db.destroy(), two.destroy()]));

    it('suggests a status for every target and agrees with the seed where the table says so', async () => {
      const { targets } = await suggestStatuses(db, 'ai2022', FY2022, ANONYMOUS);
      const table = Object.entries(AGREEMENT);
      expect(targets.map((t) => t.code)).toEqual(table.map(([name]) => name.split(' ')[0]));
      targets.forEach((t, i) => {
        const [name, [seedCat, seedFlag, cat, flag]] = table[i]!;
        expect([t.secretariat?.category ?? null, t.secretariat?.needsAcceleration ?? false], name).toEqual([
          seedCat,
          seedFlag,
        ]);
        expect([t.suggested.category, t.suggested.needsAcceleration], name).toEqual([cat, flag]);
        expect(t.reasons.length, name).toBeGreaterThan(0);
      });
      const twins = targets[0]!;
      expect(twins.suggested.rating).toBe('starting');
      expect(twins.reasons.map((r) => r.code)).toEqual(['stages', 'stage_planned']);
      expect(twins.reasons[1]!.text).toBe('3件中1件の取組がまだ予定・検討の段階にある');
      const education = targets.find((t) => t.code === '3.1')!;
      expect(education.suggested.rating).toBe('steady');
      expect(education.reasons.filter((r) => r.code === 'kpi_improving').map((r) => r.text)).toEqual([
        'KPI「数理・データサイエンス・AI教育プログラムの認定件数（リテラシーレベル）」は78件から217件へ改善している',
        'KPI「認定制度に賛同・協力する企業の数」は66社から165社へ改善している',
      ]);
      const en = await suggestStatuses(db, 'ai2022', FY2022, ANONYMOUS, 'en');
      expect(en.targets[0]!.reasons[1]!.text).toBe(
        '1 of 3 initiatives are still planned or under consideration',
      );
    });

    it('reads a fixed number of statements for the suggestions', async () => {
      // strategy with cycles and vocabulary, nodes, initiatives (with their owners and
      // listings), entries, assessments, indicators (2: rows, then observations)
      const one = await countQueries(() => suggestStatuses(db, 'ai2022', FY2022, ANONYMOUS));
      const more = await countQueries(() => suggestStatuses(two, 'ai2022', FY2023, ANONYMOUS));
      expect([one.queries, more.queries]).toEqual([7, 7]);
      const diff = await countQueries(() => diffStrategyCycles(two, 'ai2022', FY2022, FY2023, ANONYMOUS));
      expect(diff.queries).toBe(7);
    });

    it('uses the previous cycle: its rating, and entries left unchanged', async () => {
      const { targets } = await suggestStatuses(two, 'ai2022', FY2023, ANONYMOUS);
      const twins = targets.find((t) => t.nodeId === 'ai2022-p1-g1-t1')!;
      // i03 is now started: nothing planned; two of three done → good, and the previous
      // rating (attention) is reported as a change of category.
      expect(twins.suggested).toMatchObject({ category: 'good', needsAcceleration: false });
      expect(twins.reasons.map((r) => r.code)).toEqual([
        'stages',
        'mostly_done',
        'stale',
        'previous_rating',
        'category_changed',
      ]);
      const education = targets.find((t) => t.nodeId === 'ai2022-p3-g1')!;
      // The one item is copied unchanged: stale, so attention despite the KPIs.
      expect(education.suggested.category).toBe('attention');
      expect(education.reasons.find((r) => r.code === 'stale')?.params).toEqual({ count: 1, total: 1 });
      const gpai = targets.find((t) => t.nodeId === 'ai2022-p3-g4')!;
      expect(gpai.reasons.find((r) => r.code === 'stale')?.params).toEqual({ count: 4, total: 4 });
    });

    it('reasons from submitted or accepted entries only, never from drafts', async () => {
      const open = await sampleDb(engine);
      try {
        const people = await openSurveyCycle(open);
        const cycle = 'ai2022-fy2023';
        const reasonsOf = async () =>
          (await suggestStatuses(open, 'ai2022', cycle, viewerFor(people.reviewer))).targets.find(
            (t) => t.nodeId === 'ai2022-p1-g1-t1',
          )!.reasons;
        const actor = { id: 'test', ip: '' };
        // Drafts for all three items, one of them with text and a stage: nothing is reported yet.
        const draft = await saveEntry(
          open,
          `${cycle}.ai2022-i01`,
          1,
          { text: '実施した', stage: 'implemented', plans: [], evidence: [] },
          people.mic,
          actor,
        );
        const before = await reasonsOf();
        expect(before.find((r) => r.code === 'stages')).toBeUndefined();
        expect(before.find((r) => r.code === 'stale')?.params).toEqual({ count: 3, total: 3 });
        await submitEntry(open, draft.id, draft.version, people.mic, actor);
        const after = await reasonsOf();
        expect(after.find((r) => r.code === 'stages')).toMatchObject({
          params: { total: 1, done: 1, underway: 0, planned: 0 },
          text: '今期報告のあった取組1件：実施済み1件、実施中0件、予定・検討中0件',
        });
      } finally {
        await open.destroy();
      }
    });

    it('projects a KPI and words the result', async () => {
      const p = await projectIndicator(two, 'ai2022-k1', ANONYMOUS);
      expect(p.points.map((x) => x.value)).toEqual([78, 217, 350]);
      expect(p.status).toBe('no_target');
      expect(p.logLinear?.series[0]?.period).toBe('FY2024-end');
      await expect(projectIndicator(db, 'nope', ANONYMOUS)).rejects.toMatchObject({ code: 'not_found' });
    });

    it('lists no overlaps in the sample at 0.3, a few weak ones lower down', async () => {
      expect((await listOverlaps(db, 'ai2022', FY2022, ANONYMOUS)).pairs).toEqual([]);
      const low = await listOverlaps(db, 'ai2022', FY2022, ANONYMOUS, 0.1);
      // Shared vocabulary, not shared work: a platform (SIP food chain / drug discovery),
      // system development, public databases.
      expect(low.pairs.map((p) => `${p.a.initiativeId}~${p.b.initiativeId}`)).toEqual([
        'ai2022-i04~ai2022-i19',
        'ai2022-i05~ai2022-i09',
        'ai2022-i02~ai2022-i11',
      ]);
      expect(low.pairs[0]!.sharedTerms[0]).toBe('プラットフォーム');
      await expect(listOverlaps(db, 'ai2022', FY2022, ANONYMOUS, 0)).rejects.toMatchObject({
        code: 'invalid',
      });
    });

    it('diffs two cycles: items, text, ratings and KPIs', async () => {
      const d = await diffStrategyCycles(two, 'ai2022', FY2022, FY2023, ANONYMOUS);
      expect(d.items.added).toEqual([]);
      expect(d.items.removed.map((i) => i.initiativeId)).toEqual(['ai2022-i29']);
      expect(d.items.changed.map((c) => [c.initiativeId, c.stage])).toEqual([
        ['ai2022-i01', { from: 'prototyped', to: 'built' }],
        ['ai2022-i03', { from: 'planned', to: 'started' }],
      ]);
      expect(d.items.changed[0]!.text?.filter((p) => p.op !== 'equal')).toEqual([
        { op: 'delete', text: '試作' },
        { op: 'insert', text: '構築' },
      ]);
      expect(d.items.unchanged).toBe(26);
      expect(d.ratingChanges).toEqual([
        {
          nodeId: 'ai2022-p1-g1-t1',
          title: 'AIによる利活用の基礎となるデジタル・ツインの構築',
          from: 'accelerate',
          to: 'steady',
          direction: 'better',
        },
      ]);
      expect(d.assessments.changed[0]!.needsAcceleration).toEqual({ from: true, to: false });
      expect(d.assessments.unchanged).toBe(15);
      expect(d.indicators).toEqual([
        {
          indicatorId: 'ai2022-k1',
          name: '数理・データサイエンス・AI教育プログラムの認定件数（リテラシーレベル）',
          unit: '件',
          from: { period: 'FY2022-end', value: 217 },
          to: { period: 'FY2023-end', value: 350 },
          change: 133,
        },
      ]);
      const back = await diffStrategyCycles(two, 'ai2022', FY2023, FY2022, ANONYMOUS);
      expect(back.items.added.map((i) => i.initiativeId)).toEqual(['ai2022-i29']);
      expect(back.ratingChanges[0]?.direction).toBe('worse');
      await expect(diffStrategyCycles(db, 'ai2022', FY2022, FY2023, ANONYMOUS)).rejects.toMatchObject({
        code: 'not_found',
      });
    });
  });
}
