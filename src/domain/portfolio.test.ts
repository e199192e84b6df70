import { describe, expect, it } from 'vitest';
import { buildPortfolio, type PortfolioSource } from './portfolio.ts';
import { digestTree } from './portfolio-digest.ts';
import type { StrategyTree } from './views.ts';

interface N {
  id: string;
  parentId?: string | null;
  mirrorOf?: string | null;
  items?: { initiative: { id: string; title: string; titleEn: string; ownerIds: string[] }; entry: null }[];
  assessment?: { rating: string | null; needsAcceleration: boolean } | null;
  children?: N[];
}
const item = (id: string, ...ownerIds: string[]) => ({
  initiative: { id, title: id, titleEn: '', ownerIds },
  entry: null,
});
const node = (id: string, o: Omit<N, 'id'> = {}): N => ({
  id,
  parentId: null,
  mirrorOf: null,
  items: [],
  assessment: null,
  ...o,
  children: (o.children ?? []).map((c) => ({ ...c, parentId: id })),
});
const withCode = (n: N): unknown => ({
  ...n,
  code: n.id,
  title: n.id,
  titleEn: '',
  children: (n.children ?? []).map(withCode),
});
const assessed = (rating: string | null, needsAcceleration = false) => ({ rating, needsAcceleration });
const vocabulary = ['good', 'slow'].map((code) => ({
  kind: 'rating' as const,
  code,
  labelJa: code,
  labelEn: code,
  category: code === 'good' ? 'good' : 'attention',
}));
const indicator = (id: string, at: { nodeId?: string; initiativeId?: string }, values: number[]) => ({
  id,
  name: id,
  nameEn: '',
  nodeId: at.nodeId ?? null,
  initiativeId: at.initiativeId ?? null,
  direction: 'increase',
  baselineValue: null,
  baselinePeriod: null,
  targetValue: 100,
  targetPeriod: 'FY2025-end',
  observations: values.map((value, i) => ({ period: `FY${2021 + i}-end`, value })),
});
const source = (id: string, nodes: N[], indicators: unknown[] = []) =>
  digestTree({
    strategy: { id, title: id, titleEn: '' },
    cycle: { id: `${id}-fy2023`, fiscalYear: 2023, asOf: '2024-04', publishedAt: '2024-04-01T00:00:00.000Z' },
    vocabulary,
    nodes: nodes.map(withCode),
    indicators,
  } as unknown as StrategyTree);
/** The sources as the dashboard reads them: with the filtered-by ministry's digests. */
const sources = (ministry: string | null, ...digests: ReturnType<typeof source>[]): PortfolioSource[] =>
  digests.map((d) => ({
    digest: d.cycle,
    targets: d.targets.targets,
    ministry: ministry === null ? null : (d.ministries.get(ministry) ?? null),
  }));

// AI: t1 (mic) good, t2 (mext) slow and to accelerate, a mirror of t2, an unrated t3 (mic).
// KPIs: k1 on t1 heads for its target, k2 of a2 (mext) falls short.
const ai = source(
  'ai',
  [
    node('p1', {
      children: [
        node('t1', { items: [item('a1', 'mic')], assessment: assessed('good') }),
        node('t2', { items: [item('a2', 'mext')], assessment: assessed('slow', true) }),
      ],
    }),
    node('p2', {
      children: [
        node('t2m', { mirrorOf: 't2', items: [item('a2', 'mext')], assessment: assessed('slow', true) }),
        node('t3', { items: [item('a3', 'mic', 'mext')], assessment: assessed(null) }),
      ],
    }),
  ],
  [indicator('k1', { nodeId: 't1' }, [40, 60, 80]), indicator('k2', { initiativeId: 'a2' }, [10, 11, 12])],
);
// Quantum: one target of mic's, to accelerate.
const quantum = source('quantum', [
  node('q1', { items: [item('b1', 'mic')], assessment: assessed('slow', true) }),
]);
const orgs = ['mic', 'mext', 'maff'].map((id) => ({ id, shortName: id, nameJa: id, nameEn: id }));
const choices = { strategies: [], fiscalYears: [2023], ratings: [] };

describe('the portfolio', () => {
  it('puts strategies side by side, a mirror target once', () => {
    const p = buildPortfolio(sources(null, ai, quantum), orgs, {}, choices);
    expect(
      p.strategies.map((s) => [s.strategy.id, s.targets, s.unrated, s.ratings.map((r) => r.count)]),
    ).toEqual([
      ['ai', 3, 1, [1, 1]],
      ['quantum', 1, 0, [0, 1]],
    ]);
    expect(p.strategies[0]?.acceleration.map((a) => a.id)).toEqual(['t2']);
    expect(p.choices.ministries.map((m) => m.id)).toEqual(['mic', 'mext']);
  });

  it('names the KPIs whose projection misses their target', () => {
    const p = buildPortfolio(sources(null, ai, quantum), orgs, {}, choices);
    expect(p.strategies[0]?.kpis).toEqual({ total: 2, reached: 0, onTrack: 1, offTrack: 1, unknown: 0 });
    expect(p.strategies[0]?.offTrack).toEqual([{ id: 'k2', name: 'k2', nameEn: '', nodeId: 't2' }]);
    expect(p.ministries.map((m) => [m.organisationId, m.kpisOffTrack])).toEqual([
      ['mic', 0],
      ['mext', 1],
    ]);
  });

  it('counts per ministry across strategies', () => {
    const p = buildPortfolio(sources(null, ai, quantum), orgs, {}, choices);
    expect(p.ministries.map((m) => [m.organisationId, m.strategies, m.initiatives, m.acceleration])).toEqual([
      ['mic', 2, 3, 1],
      ['mext', 1, 2, 1],
    ]);
  });

  it('filters by ministry (targets with one of its items), by strategy and by rating', () => {
    const mic = buildPortfolio(sources('mic', ai, quantum), orgs, { ministry: 'mic' }, choices);
    expect(
      mic.strategies.map((s) => [s.strategy.id, s.targets, s.initiatives, s.acceleration.length]),
    ).toEqual([
      ['ai', 2, 2, 0],
      ['quantum', 1, 1, 1],
    ]);
    expect(mic.ministries.map((m) => m.organisationId)).toEqual(['mic']);
    const q = buildPortfolio(sources(null, ai, quantum), orgs, { strategy: 'quantum' }, choices);
    expect(q.strategies.map((s) => s.strategy.id)).toEqual(['quantum']);
    expect(q.ministries.map((m) => [m.organisationId, m.initiatives])).toEqual([['mic', 1]]);
    const slow = buildPortfolio(sources(null, ai, quantum), orgs, { rating: 'slow' }, choices);
    expect(slow.strategies.map((s) => s.rated.map((t) => t.id))).toEqual([['t2'], ['q1']]);
    expect(slow.ministries.map((m) => [m.organisationId, m.rated])).toEqual([
      ['mic', 1],
      ['mext', 1],
    ]);
  });

  it('lists a ministry its initiatives with the target they are rated by and their KPIs', () => {
    const tree = {
      strategy: { id: 'ai', title: 'ai', titleEn: '' },
      cycle: { id: 'c', fiscalYear: 2023, asOf: '', publishedAt: null },
      vocabulary,
      nodes: [
        node('p', { assessment: assessed('good'), children: [node('x', { items: [item('a', 'mic')] })] }),
      ].map(withCode),
      indicators: [indicator('k', { initiativeId: 'a' }, [10, 11, 12])],
    } as unknown as StrategyTree;
    const { cycle, ministries } = digestTree(tree);
    const mic = ministries.get('mic');
    expect(
      mic?.initiatives.map((i) => [
        i.id,
        i.targets.map((t) => [mic.refs[t]?.id, mic.refs[t]?.rating]),
        i.kpis.offTrack,
        i.offTrack.map((k) => cycle.offTrack[k]?.id),
      ]),
    ).toEqual([['a', [['p', 'good']], 1, ['k']]]);
  });
});
