/**
 * The sample data (data/sample/ai-strategy-2022.json) against facts read independently
 * from the seed report 「AI戦略2022」の進捗状況 (令和5年4月). The expected tables below are
 * transcribed from the report, not computed from the sample, so a slip in either shows.
 */
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { StrategyExport } from './interchange.ts';

const SAMPLE = new URL('../../data/sample/ai-strategy-2022.json', import.meta.url);
/** Where the seed report's text may be: a test fixture, or the shared design folder. */
const SEED_CANDIDATES = [
  new URL('../../test/fixtures/ai-strategy-2022-progress.txt', import.meta.url),
  new URL('../../../shared/seeds/000_75acc2c7a23d9fad.txt', import.meta.url),
];
const seedPath = SEED_CANDIDATES.find((u) => existsSync(u));

const doc = StrategyExport.parse(JSON.parse(readFileSync(SAMPLE, 'utf8')));
const cycle = doc.cycles[0];
const nodeById = new Map(doc.nodes.map((n) => [n.id, n]));
const orgById = new Map(doc.organisations.map((o) => [o.id, o]));
const initiativeNo = (id: string): number => Number(id.replace('ai2022-i', ''));

/** The ministry tag of each initiative #1…#29, as printed in the report. */
const TAGS: Record<number, string> = {
  1: '総務省',
  2: '国交省',
  3: '文科省',
  4: '科技、農水省',
  5: '農水省',
  6: '環境省',
  7: '経産省',
  8: '文科省',
  9: '総務省',
  10: '文科省',
  11: '厚労省',
  12: '科技',
  13: '総務省',
  14: '文科省',
  15: '科技、総務省、文科省、経産省',
  16: '厚労省',
  17: '厚労省',
  18: '防衛省',
  19: '厚労省',
  20: '総務省',
  21: '防衛省',
  22: '科技、文科省、経産省',
  23: '経産省',
  24: '総務省',
  25: '科技',
  26: '経産省',
  27: '科技',
  28: '科技',
  29: '総務省、経産省',
};

/** Nodes an initiative is shown under: its listings plus every mirror of those nodes. */
function shownUnder(listingNodeIds: string[]): Set<string> {
  const shown = new Set(listingNodeIds);
  for (const n of doc.nodes) if (n.mirrorOf !== null && shown.has(n.mirrorOf)) shown.add(n.id);
  return shown;
}

describe('sample: AI戦略2022 follow-up of April 2023', () => {
  it('parses and has one published FY2022 cycle', () => {
    expect(doc.strategy.id).toBe('ai2022');
    expect(doc.strategy.title).toBe('AI戦略2022');
    expect(doc.strategy.ownerOrganisationId).toBe('csti');
    expect(doc.strategy.levelLabels.map((l) => l.ja)).toEqual(['柱', '目標', '具体目標']);
    expect(doc.cycles).toHaveLength(1);
    expect(cycle).toMatchObject({
      id: 'ai2022-fy2022',
      fiscalYear: 2022,
      asOf: '2023-04',
      state: 'published',
    });
  });

  it('knows the twelve ministries', () => {
    expect(doc.organisations.map((o) => o.id).sort()).toEqual(
      ['cao', 'csti', 'digital', 'env', 'maff', 'meti', 'mext', 'mhlw', 'mic', 'mlit', 'mod', 'ppc'].sort(),
    );
    expect(orgById.get('csti')?.shortName).toBe('科技');
    expect(orgById.get('csti')?.aliases).toContain('科学技術・イノベーション推進事務局');
    expect(orgById.get('mext')?.nameJa).toBe('文部科学省');
    for (const o of doc.organisations) expect(o.nameEn).not.toBe('');
  });

  it('has unique ids everywhere', () => {
    const ids = [
      ...doc.organisations.map((o) => o.id),
      ...doc.nodes.map((n) => n.id),
      ...doc.initiatives.map((i) => i.id),
      ...doc.indicators.map((k) => k.id),
    ];
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('has three pillars in the report order', () => {
    const pillars = doc.nodes.filter((n) => n.parentId === null);
    expect(pillars.map((p) => p.title)).toEqual([
      '差し迫った危機への対処',
      '社会実装の推進',
      '「すべてにAI」を目指した着実な取組',
    ]);
    expect(pillars.map((p) => p.code)).toEqual(['1', '2', '3']);
  });

  it('has 29 initiatives numbered as in the report', () => {
    expect(doc.initiatives).toHaveLength(29);
    expect(doc.initiatives.map((i) => initiativeNo(i.id))).toEqual(
      Array.from({ length: 29 }, (_, k) => k + 1),
    );
    for (const i of doc.initiatives) {
      expect(i.title.length).toBeLessThanOrEqual(40);
      expect(i.titleEn).not.toBe('');
    }
  });

  it('shows exactly #1–#3, #7–#9 and #17 in two places', () => {
    const twice = doc.initiatives
      .filter((i) => shownUnder(i.listings.map((l) => l.nodeId)).size === 2)
      .map((i) => initiativeNo(i.id));
    expect(twice).toEqual([1, 2, 3, 7, 8, 9, 17]);
    for (const i of doc.initiatives) {
      expect(shownUnder(i.listings.map((l) => l.nodeId)).size).toBeLessThanOrEqual(2);
    }
  });

  it('resolves every reference', () => {
    const cycleIds = new Set(doc.cycles.map((c) => c.id));
    const initiativeIds = new Set(doc.initiatives.map((i) => i.id));
    for (const n of doc.nodes) {
      if (n.parentId !== null) expect(nodeById.has(n.parentId), n.id).toBe(true);
      if (n.mirrorOf !== null) expect(nodeById.has(n.mirrorOf), n.id).toBe(true);
    }
    for (const i of doc.initiatives) {
      for (const l of i.listings) expect(nodeById.has(l.nodeId), i.id).toBe(true);
      for (const o of i.owners) expect(orgById.has(o), i.id).toBe(true);
    }
    for (const k of doc.indicators) {
      if (k.nodeId !== null) expect(nodeById.has(k.nodeId), k.id).toBe(true);
      if (k.initiativeId !== null) expect(initiativeIds.has(k.initiativeId), k.id).toBe(true);
      for (const o of k.observations)
        if (o.cycleId !== null) expect(cycleIds.has(o.cycleId), k.id).toBe(true);
    }
    for (const p of cycle?.progress ?? []) expect(initiativeIds.has(p.initiativeId)).toBe(true);
    for (const a of cycle?.assessments ?? []) expect(nodeById.has(a.nodeId)).toBe(true);
    for (const p of cycle?.summary?.pillars ?? []) expect(nodeById.get(p.nodeId)?.parentId).toBeNull();
  });

  it('keeps mirrors empty: no listings, no assessment, same title as their source', () => {
    const mirrors = doc.nodes.filter((n) => n.mirrorOf !== null);
    expect(mirrors.map((m) => m.id)).toEqual(['ai2022-p2-g1-t1', 'ai2022-p2-g1-t2', 'ai2022-p2-g2-t1']);
    const listed = new Set(doc.initiatives.flatMap((i) => i.listings.map((l) => l.nodeId)));
    const assessed = new Set(cycle?.assessments.map((a) => a.nodeId));
    for (const m of mirrors) {
      const source = nodeById.get(m.mirrorOf ?? '');
      expect(source?.mirrorOf, m.id).toBeNull();
      expect(m.title).toBe(source?.title);
      expect(listed.has(m.id), m.id).toBe(false);
      expect(assessed.has(m.id), m.id).toBe(false);
    }
  });

  it('gives every initiative the ministry tag of the report', () => {
    for (const i of doc.initiatives) {
      const tag = i.owners.map((o) => orgById.get(o)?.shortName).join('、');
      expect(tag, i.id).toBe(TAGS[initiativeNo(i.id)]);
    }
  });

  it('records the education KPIs with their periods', () => {
    const series = (id: string) =>
      doc.indicators.find((k) => k.id === id)?.observations.map((o) => [o.period, o.value]);
    expect(series('ai2022-k1')).toEqual([
      ['FY2021-end', 78],
      ['FY2022-end', 217],
    ]);
    expect(series('ai2022-k2')).toEqual([['FY2022-end', 68]]);
    expect(series('ai2022-k3')).toEqual([
      ['FY2021-end', 66],
      ['FY2022-end', 165],
    ]);
    const units = doc.indicators.map((k) => k.unit);
    expect(units.slice(0, 3)).toEqual(['件', '件', '社']);
    expect(doc.indicators.find((k) => k.id === 'ai2022-k1')).toMatchObject({
      baselineValue: 78,
      baselinePeriod: 'FY2021-end',
      initiativeId: 'ai2022-i22',
      nodeId: 'ai2022-p3-g1',
    });
    for (const k of doc.indicators) expect(k.targetValue, k.id).toBeNull();
  });

  it('holds the 2025 farming target and the dated plans', () => {
    const farm = doc.indicators.find((k) => k.targetPeriod === '2025');
    expect(farm).toMatchObject({
      targetText: 'ほぼすべて',
      nodeId: 'ai2022-p1-g1-t3',
      observations: [],
    });
    const plans = (n: number) =>
      cycle?.progress.find((p) => initiativeNo(p.initiativeId) === n)?.plans.map((p) => p.period);
    expect(plans(17)).toEqual(['FY2024']);
    expect(plans(29)).toEqual(['FY2023']);
    const dated = cycle?.progress.filter((p) => p.plans.length > 0).map((p) => initiativeNo(p.initiativeId));
    expect(dated).toEqual([17, 29]);
  });

  it('has one accepted progress entry per initiative and an assessment wherever items are listed', () => {
    expect(cycle?.progress.map((p) => initiativeNo(p.initiativeId))).toEqual(
      Array.from({ length: 29 }, (_, k) => k + 1),
    );
    for (const p of cycle?.progress ?? []) expect(p.reviewState).toBe('accepted');
    const assessed = new Set(cycle?.assessments.map((a) => a.nodeId));
    const listed = new Set(doc.initiatives.flatMap((i) => i.listings.map((l) => l.nodeId)));
    for (const id of listed) expect(assessed.has(id), id).toBe(true);
    expect(cycle?.assessments).toHaveLength(16);
  });

  it('uses only stage and rating codes of its vocabularies', () => {
    const stages = new Set(doc.vocabularies.stages.map((s) => s.code));
    const ratings = new Set(doc.vocabularies.ratings.map((r) => r.code));
    for (const s of doc.vocabularies.stages) expect(['planned', 'underway', 'done']).toContain(s.category);
    for (const r of doc.vocabularies.ratings) expect(['good', 'neutral', 'attention']).toContain(r.category);
    for (const p of cycle?.progress ?? []) expect(stages.has(p.stage ?? ''), p.initiativeId).toBe(true);
    for (const a of cycle?.assessments ?? [])
      if (a.rating !== null) expect(ratings.has(a.rating), a.nodeId).toBe(true);
    const stageOf = (n: number) => cycle?.progress.find((p) => initiativeNo(p.initiativeId) === n)?.stage;
    expect([stageOf(1), stageOf(3), stageOf(14), stageOf(15)]).toEqual([
      'prototyped',
      'planned',
      'piloted',
      'considering',
    ]);
  });

  it('flags only the digital twins as needing acceleration', () => {
    const flagged = cycle?.assessments.filter((a) => a.needsAcceleration).map((a) => a.nodeId);
    expect(flagged).toEqual(['ai2022-p1-g1-t1']);
    expect(nodeById.get('ai2022-p1-g1-t1')?.title).toBe('AIによる利活用の基礎となるデジタル・ツインの構築');
  });

  it('summarises overall and per pillar', () => {
    expect(cycle?.summary?.overall).toHaveLength(2);
    expect(cycle?.summary?.pillars.map((p) => [p.nodeId, p.bullets.length])).toEqual([
      ['ai2022-p1', 4],
      ['ai2022-p2', 4],
      ['ai2022-p3', 3],
    ]);
  });

  it.skipIf(seedPath === undefined)(
    'writes its texts in its own words (no 20 characters copied from the seed)',
    () => {
      const squeeze = (s: string) => s.replace(/<[^>]+>/g, '').replace(/[\s*]/g, '');
      const seed = squeeze(readFileSync(seedPath ?? '', 'utf8'));
      // Names may be quoted verbatim: node titles and the proper names the report uses.
      const names = [
        ...doc.nodes.map((n) => n.title),
        '「責任あるAI」の実現に向けた取組',
        '「サイバーセキュリティとAIの融合領域」',
        'スマートバイオ産業・農業基盤技術',
        'スマートフードチェーンプラットフォーム',
        '温室効果ガス・水循環観測技術衛星（GOSAT-GW）',
        '機械学習品質マネジメントガイドライン',
        '大規模WEB情報分析システム（WISDOM X）',
        'レセプト情報・特定健診等情報データベース（NDB）',
        '3中核センター（NICT、理研、産総研）',
        '創薬ターゲット探索プラットフォーム',
        '全ゲノム解析等実行計画2022',
        '数理・データサイエンス・AI教育プログラム認定制度',
        '数理・データサイエンス・AI教育',
        '工場システムにおけるサイバー・フィジカル・セキュリティ対策ガイドライン',
        'Global Partnership on AI（GPAI）サミット2022',
        'プライバシー強化技術（PETs）',
      ]
        .map(squeeze)
        .sort((a, b) => b.length - a.length);
      const texts = [
        ...(cycle?.progress ?? []).flatMap((p) => [p.text, ...p.plans.map((x) => x.text)]),
        ...(cycle?.assessments ?? []).flatMap((a) => [a.narrative, a.remark]),
        ...(cycle?.summary?.overall ?? []),
        ...(cycle?.summary?.pillars ?? []).flatMap((p) => p.bullets),
      ];
      for (const text of texts) {
        const t = names.reduce((s, name) => s.split(name).join('□'), squeeze(text));
        for (let i = 0; i + 20 <= t.length; i++) {
          const window = t.slice(i, i + 20);
          expect(seed.includes(window), `copied: ${window}`).toBe(false);
        }
      }
    },
  );
});
