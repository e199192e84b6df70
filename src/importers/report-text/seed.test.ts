/**
 * The seed report 「AI戦略2022」の進捗状況 through the report-text importer, compared with
 * the sample data (data/sample/ai-strategy-2022.json), which encodes the same report by hand.
 * Texts differ (the sample paraphrases); the structure, owners, figures and listings must not.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StrategyExport } from '../../domain/interchange.ts';
import { importStrategy } from '../../services/interchange.service.ts';
import { checkReferences } from '../../domain/interchange-check.ts';
import { createTestDb, ENGINES, type TestDb } from '../../../test/helpers/db.ts';
import { parseReport, type ReportImport } from './index.ts';
import { matchKey } from './text.ts';

const read = (rel: string): string => readFileSync(new URL(rel, import.meta.url), 'utf8');
const sample = StrategyExport.parse(JSON.parse(read('../../../data/sample/ai-strategy-2022.json')));
const seedText = read('../../../test/fixtures/ai-strategy-2022-progress.txt');

function recover(): ReportImport {
  const result = parseReport(seedText, { organisations: sample.organisations });
  if (!result.ok) throw new Error(JSON.stringify(result.problems, null, 2));
  return result.value;
}

const { draft, counts } = recover();
const cycle = draft.cycles[0]!;
const sampleCycle = sample.cycles[0]!;
const skeleton = (d: StrategyExport) => d.nodes.map((n) => [n.id, n.parentId, n.mirrorOf]);
const observations = (d: StrategyExport) =>
  d.indicators.flatMap((k) => k.observations.map((o) => `${k.initiativeId}:${o.period}=${o.value}`));

describe('report-text importer on the seed report', () => {
  it('recovers the cover: title, as-of month, the FY it reports on, the issuer', () => {
    expect(draft.strategy).toMatchObject({ id: 'ai2022', title: 'AI戦略2022', ownerOrganisationId: 'csti' });
    expect(cycle).toMatchObject({ id: 'ai2022-fy2022', fiscalYear: 2022, asOf: '2023-04' });
  });

  it('recovers the same tree as the sample: pillars, goals, targets and mirrors', () => {
    expect(skeleton(draft)).toEqual(skeleton(sample));
    expect(draft.nodes.map((n) => matchKey(n.title))).toEqual(sample.nodes.map((n) => matchKey(n.title)));
    expect(counts).toMatchObject({ pillars: 3, mirrors: 3 });
    expect(draft.strategy.levelLabels.map((l) => l.ja)).toEqual(['柱', '目標', '具体目標']);
  });

  it('finds the 29 distinct initiatives with the sample owners and listings', () => {
    expect(draft.initiatives).toHaveLength(sample.initiatives.length);
    expect(draft.initiatives.map((i) => i.id)).toEqual(sample.initiatives.map((i) => i.id));
    expect(draft.initiatives.map((i) => i.owners)).toEqual(sample.initiatives.map((i) => i.owners));
    const listings = (d: StrategyExport) => d.initiatives.map((i) => i.listings.map((l) => l.nodeId));
    expect(listings(draft)).toEqual(listings(sample));
    const tags = (d: StrategyExport) => d.initiatives.reduce((n, i) => n + i.owners.length, 0);
    expect(counts.ministryTags).toBe(tags(sample));
  });

  it('reads the KPI figures with their periods, and the deadline target of an overview', () => {
    expect(observations(draft)).toEqual(observations(sample));
    expect(counts.kpiFigures).toBe(5);
    expect(draft.indicators.map((k) => [k.nodeId, k.unit, k.baselineValue, k.targetPeriod])).toEqual(
      sample.indicators.map((k) => [k.nodeId, k.unit, k.baselineValue, k.targetPeriod]),
    );
  });

  it('infers stages from the wording, agreeing with the sample on nearly every item', () => {
    const stageOf = (c: typeof cycle) => new Map(c.progress.map((p) => [p.initiativeId, p.stage]));
    const ours = stageOf(cycle);
    const theirs = stageOf(sampleCycle);
    const differ = [...theirs].filter(([id, stage]) => ours.get(id) !== stage).map(([id]) => id);
    // The sample calls SBIR's new phase "implemented"; its wording ends in 推進 (ongoing).
    expect(differ).toEqual(['ai2022-i28']);
  });

  it('reads the dated plans', () => {
    const plans = cycle.progress.flatMap((p) => p.plans.map((x) => `${p.initiativeId}:${x.period}`));
    const expected = sampleCycle.progress.flatMap((p) => p.plans.map((x) => `${p.initiativeId}:${x.period}`));
    expect(plans).toEqual(expected);
    expect(cycle.progress.find((p) => p.initiativeId === 'ai2022-i17')?.plans[0]?.text).toBe('全国運用開始');
  });

  it('assesses the same nodes and suggests the sample rating where the wording says it', () => {
    expect(cycle.assessments.map((a) => a.nodeId)).toEqual(sampleCycle.assessments.map((a) => a.nodeId));
    const rated = cycle.assessments.filter((a) => a.rating !== null);
    const agree = rated.filter(
      (a) => sampleCycle.assessments.find((s) => s.nodeId === a.nodeId)?.rating === a.rating,
    );
    expect(agree).toEqual(rated);
    expect(rated.length).toBeGreaterThanOrEqual(13);
    const twin = cycle.assessments.find((a) => a.nodeId === 'ai2022-p1-g1-t1');
    expect(twin).toMatchObject({ rating: 'accelerate', needsAcceleration: true });
    expect(cycle.assessments.find((a) => a.nodeId === 'ai2022-p1-g1-t5')?.remark).toMatch(/^（なお/);
  });

  it('reads the summary slide: overall bullets and bullets per pillar', () => {
    expect(cycle.summary?.overall).toHaveLength(sampleCycle.summary!.overall.length);
    const shape = (s: typeof cycle.summary) => s?.pillars.map((p) => [p.nodeId, p.bullets.length]);
    expect(shape(cycle.summary)).toEqual(shape(sampleCycle.summary));
  });

  it('cleans the extraction noise: no bold markers, no spaced letters, no spaces inside Japanese', () => {
    const texts = [
      ...draft.nodes.map((n) => n.title),
      ...cycle.progress.map((p) => p.text),
      ...cycle.assessments.map((a) => a.narrative),
    ];
    expect(texts.filter((t) => t.includes('**') || /A I/.test(t) || /[^ -~] [^ -~]/u.test(t))).toEqual([]);
  });

  it('writes a draft that passes the schema and the reference checks', () => {
    expect(StrategyExport.safeParse(JSON.parse(JSON.stringify(draft))).success).toBe(true);
    expect(checkReferences(draft, new Set())).toEqual([]);
  });
});

for (const engine of ENGINES) {
  describe(`seed draft loads into ${engine}`, () => {
    let db: TestDb;
    beforeAll(async () => {
      db = await createTestDb(engine);
    });
    afterAll(async () => db.destroy());

    it('imports with importStrategy and keeps every count', async () => {
      const result = await importStrategy(db, JSON.parse(JSON.stringify(draft)), { actor: 'test' });
      expect(result.counts).toMatchObject({
        nodes: sample.nodes.length,
        initiatives: 29,
        indicators: 4,
        observations: 5,
        cycles: 1,
        progressEntries: 29,
        assessments: 16,
      });
    });
  });
}
