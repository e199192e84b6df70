/**
 * The report-text importer on two more reports of the seed's kind, written for these tests
 * (fictional content, test/fixtures/reports/): a 4-level health strategy with numbered
 * headings and the summary before the slides, and a GX strategy with 4 pillars, no goal
 * level, a full HTML table, a run-together tab table, the overview printed before its items,
 * and the summary at the end.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { StrategyExport, type OrganisationRecord } from '../../domain/interchange.ts';
import { importStrategy } from '../../services/interchange.service.ts';
import { checkReferences } from '../../domain/interchange-check.ts';
import { createTestDb, ENGINES } from '../../../test/helpers/db.ts';
import { parseReport, type ReportImport } from './index.ts';

const read = (rel: string): string => readFileSync(new URL(rel, import.meta.url), 'utf8');
const sample = StrategyExport.parse(JSON.parse(read('../../../data/sample/ai-strategy-2022.json')));
const MOF: OrganisationRecord = {
  id: 'mof',
  shortName: '財務省',
  nameJa: '財務省',
  nameEn: 'Ministry of Finance',
  aliases: ['財務'],
};

function recover(file: string, organisations: readonly OrganisationRecord[]): ReportImport {
  const result = parseReport(read(`../../../test/fixtures/reports/${file}`), { organisations });
  if (!result.ok) throw new Error(JSON.stringify(result.problems, null, 2));
  expect(checkReferences(result.value.draft, new Set())).toEqual([]);
  return result.value;
}

const byTitle = (d: StrategyExport, title: string) => d.initiatives.find((i) => i.title.startsWith(title));
const depthOf = (d: StrategyExport, id: string): number => {
  const parent = d.nodes.find((n) => n.id === id)?.parentId ?? null;
  return parent === null ? 0 : depthOf(d, parent) + 1;
};

describe('「健康医療戦略2023」: 2 pillars, 4 levels, numbered headings', () => {
  const { draft, counts } = recover('health-2023-progress.txt', sample.organisations);
  const cycle = draft.cycles[0]!;

  it('reads the cover: the June as-of month reports on the fiscal year before', () => {
    expect(draft.strategy).toMatchObject({
      id: 'strategy-2023',
      title: '健康医療戦略2023',
      ownerOrganisationId: 'cao',
    });
    expect(cycle).toMatchObject({ fiscalYear: 2023, asOf: '2024-06' });
  });

  it('builds four levels from the numbering styles', () => {
    expect(counts).toMatchObject({ pillars: 2, goals: 10, targets: 8, mirrors: 1 });
    expect(Math.max(...draft.nodes.map((n) => depthOf(draft, n.id)))).toBe(3);
    expect(draft.strategy.levelLabels.map((l) => l.ja)).toEqual(['柱', '目標', '具体目標', '取組']);
    const leaf = draft.nodes.find((n) => n.title === 'AI創薬の推進')!;
    const chain = [leaf.parentId, draft.nodes.find((n) => n.id === leaf.parentId)?.parentId];
    expect(chain.map((id) => draft.nodes.find((n) => n.id === id)?.title)).toEqual([
      '創薬支援の強化',
      'ゲノム医療の推進',
    ]);
    expect(draft.nodes.find((n) => n.title === '解析拠点の整備')?.title).toBe('解析拠点の整備');
  });

  it('makes the repeated target a mirror and cross-lists the repeated item', () => {
    const mirror = draft.nodes.find((n) => n.mirrorOf !== null)!;
    expect(draft.nodes.find((n) => n.id === mirror.mirrorOf)?.title).toBe('解析拠点の整備');
    expect(counts).toMatchObject({ items: 11, listings: 12, ministryTags: 15 });
    expect(byTitle(draft, '解析データを集約する')?.listings).toHaveLength(2);
    expect(byTitle(draft, '医療データの二次利用')?.owners).toEqual(['mhlw', 'ppc']);
  });

  it('reads figures from indented sub-items, plans, stages and ratings', () => {
    expect(counts).toMatchObject({ kpiFigures: 4, indicators: 2, plans: 1, assessments: 7 });
    const cases = draft.indicators.find((k) => k.name === '解析済み症例数');
    expect(cases?.observations.map((o) => [o.period, o.value])).toEqual([
      ['FY2022-end', 3200],
      ['FY2023-end', 9800],
    ]);
    const entry = (title: string) => cycle.progress.find((p) => p.initiativeId === byTitle(draft, title)?.id);
    expect(entry('R7年度の実用化')).toMatchObject({
      stage: 'in_progress',
      plans: [{ period: 'FY2025', text: '実用化' }],
    });
    expect(entry('がん患者の全ゲノム解析')?.stage).toBe('selected');
    expect(entry('全国で医療情報を共有')?.stage).toBe('piloted');
    expect(cycle.assessments.map((a) => a.rating)).toEqual([
      'steady',
      'starting',
      'progressing',
      'gradual',
      'accelerate',
      'improving',
      'to_be_concretised',
    ]);
  });

  it('reads the summary printed before the slides', () => {
    expect(cycle.summary?.overall).toHaveLength(2);
    expect(cycle.summary?.pillars.map((p) => p.bullets.length)).toEqual([3, 2]);
  });
});

describe('「GX推進戦略」: 4 pillars, no goal level, HTML tables, summary last', () => {
  it('with strict, refuses a ministry nobody knows, naming it and its line', () => {
    const result = parseReport(read('../../../test/fixtures/reports/gx-2024-followup.txt'), {
      organisations: sample.organisations,
      strict: true,
    });
    expect(result.ok).toBe(false);
    expect(result.problems).toEqual([
      expect.objectContaining({
        severity: 'error',
        code: 'report.unknown_organisation',
        params: { name: '財務省' },
        line: 67,
      }),
    ]);
  });

  it('otherwise proposes it as a new organisation, with a warning', () => {
    const result = parseReport(read('../../../test/fixtures/reports/gx-2024-followup.txt'), {
      organisations: sample.organisations,
    });
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    expect(result.value.draft.organisations.find((o) => o.nameJa === '財務省')).toMatchObject({
      id: 'org-new-1',
    });
    expect(result.problems).toContainEqual(
      expect.objectContaining({ severity: 'warning', code: 'report.new_organisation', line: 67 }),
    );
  });

  const { draft, counts } = recover('gx-2024-followup.txt', [...sample.organisations, MOF]);
  const cycle = draft.cycles[0]!;

  it('reads a two-line title without quotes and a Gregorian date', () => {
    expect(draft.strategy).toMatchObject({ id: 'gx', title: 'GX推進戦略', ownerOrganisationId: 'meti' });
    expect(cycle).toMatchObject({ id: 'gx-fy2023', fiscalYear: 2023, asOf: '2024-01' });
  });

  it('puts targets straight under the four pillars', () => {
    expect(counts).toMatchObject({ pillars: 4, goals: 0, targets: 8, mirrors: 0 });
    expect(draft.nodes.filter((n) => n.parentId === null).map((n) => n.title)).toEqual([
      'エネルギー転換の加速',
      '産業構造の転換',
      '地域・暮らしの脱炭素',
      '国際連携と資金動員',
    ]);
    expect(draft.nodes.map((n) => n.title)).toContain('再生可能エネルギーの主力電源化');
  });

  it('reads items with several ministries from bullets, <li> cells and run-together cells', () => {
    expect(counts).toMatchObject({ items: 12, listings: 13, ministryTags: 24 });
    expect(byTitle(draft, '地域と共生する太陽光')?.owners).toEqual(['meti', 'env', 'maff']);
    expect(byTitle(draft, '水素還元製鉄')?.owners).toEqual(['meti', 'mext']);
    expect(byTitle(draft, '二国間クレジット')?.owners).toEqual(['env', 'meti']);
    expect(byTitle(draft, 'GX経済移行債')?.owners).toEqual(['mof', 'meti']);
    expect(byTitle(draft, '家庭用蓄電池')?.listings.map((l) => l.nodeId)).toEqual(['gx-p1-g2', 'gx-p3-g1']);
  });

  it('reads the KPI figures of the HTML tables, fiscal years and year-ends alike', () => {
    expect(counts.kpiFigures).toBe(8);
    expect(draft.indicators.map((k) => [k.name, k.unit, k.initiativeId])).toEqual([
      ['再エネ発電の導入量', 'GW', byTitle(draft, '地域と共生する太陽光')?.id],
      ['GX製品の出荷量', '万トン', byTitle(draft, '水素還元製鉄')?.id],
      ['GXリーグの参画企業数', '社', byTitle(draft, '排出量取引制度')?.id],
      ['署名国数', 'か国', byTitle(draft, '二国間クレジット')?.id],
    ]);
    expect(draft.indicators[1]?.observations.map((o) => o.period)).toEqual(['FY2022', 'FY2023']);
  });

  it('joins an overview printed before its items, and reads the summary at the end', () => {
    const local = cycle.assessments.find((a) => a.nodeId === 'gx-p3-g1');
    expect(local).toMatchObject({ rating: 'gradual' });
    expect(
      cycle.progress.filter((p) => byTitle(draft, '脱炭素先行地域')?.id === p.initiativeId),
    ).toHaveLength(1);
    expect(cycle.assessments.find((a) => a.nodeId === 'gx-p2-g1')).toMatchObject({
      rating: 'accelerate',
      needsAcceleration: true,
    });
    expect(cycle.summary?.pillars.map((p) => p.bullets.length)).toEqual([1, 2, 1, 1]);
  });
});

for (const engine of ENGINES) {
  describe(`the fixture drafts load into ${engine}`, () => {
    it('imports both with importStrategy', async () => {
      const db = await createTestDb(engine);
      try {
        const health = recover('health-2023-progress.txt', sample.organisations);
        const gx = recover('gx-2024-followup.txt', [...sample.organisations, MOF]);
        const a = await importStrategy(db, JSON.parse(JSON.stringify(health.draft)), { actor: 'test' });
        const b = await importStrategy(db, JSON.parse(JSON.stringify(gx.draft)), { actor: 'test' });
        expect([
          a.counts.initiatives,
          a.counts.observations,
          b.counts.initiatives,
          b.counts.observations,
        ]).toEqual([11, 4, 12, 8]);
      } finally {
        await db.destroy();
      }
    });
  });
}
