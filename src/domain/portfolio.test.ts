import { describe, expect, it } from 'vitest';
import { buildPortfolio, type PortfolioNode, type PortfolioSource } from './portfolio.ts';

const item = (id: string, ...ownerIds: string[]) => ({ initiative: { id, ownerIds } });
const node = (id: string, o: Partial<PortfolioNode> = {}): PortfolioNode => ({
  id,
  code: id,
  title: id,
  titleEn: '',
  mirrorOf: null,
  items: [],
  assessment: null,
  children: [],
  ...o,
});
const assessed = (rating: string | null, needsAcceleration = false) => ({ rating, needsAcceleration });
const vocabulary = ['good', 'slow'].map((code) => ({
  kind: 'rating' as const,
  code,
  labelJa: code,
  labelEn: code,
  category: code === 'good' ? 'good' : 'attention',
}));
const source = (id: string, nodes: PortfolioNode[]): PortfolioSource => ({
  strategy: { id, title: id, titleEn: '' },
  cycle: { id: `${id}-fy2023`, fiscalYear: 2023, asOf: '2024-04', publishedAt: '2024-04-01T00:00:00.000Z' },
  vocabulary,
  nodes,
});

// AI: t1 (mic) good, t2 (mext) slow and to accelerate, a mirror of t2, an unrated t3 (mic).
const ai = source('ai', [
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
]);
// Quantum: one target of mic's, to accelerate.
const quantum = source('quantum', [
  node('q1', { items: [item('b1', 'mic')], assessment: assessed('slow', true) }),
]);
const orgs = ['mic', 'mext', 'maff'].map((id) => ({ id, shortName: id, nameJa: id, nameEn: id }));

describe('the portfolio', () => {
  it('puts strategies side by side, a mirror target once', () => {
    const p = buildPortfolio([ai, quantum], orgs);
    expect(
      p.strategies.map((s) => [s.strategy.id, s.targets, s.unrated, s.ratings.map((r) => r.count)]),
    ).toEqual([
      ['ai', 3, 1, [1, 1]],
      ['quantum', 1, 0, [0, 1]],
    ]);
    expect(p.strategies[0]!.acceleration.map((a) => a.id)).toEqual(['t2']);
    expect(p.choices.ministries.map((m) => m.id)).toEqual(['mic', 'mext']);
  });

  it('counts per ministry across strategies', () => {
    const p = buildPortfolio([ai, quantum], orgs);
    expect(p.ministries.map((m) => [m.organisationId, m.strategies, m.initiatives, m.acceleration])).toEqual([
      ['mic', 2, 3, 1],
      ['mext', 1, 2, 1],
    ]);
  });

  it('filters by ministry (targets with one of its items) and by strategy', () => {
    const mic = buildPortfolio([ai, quantum], orgs, { ministry: 'mic' });
    expect(
      mic.strategies.map((s) => [s.strategy.id, s.targets, s.initiatives, s.acceleration.length]),
    ).toEqual([
      ['ai', 2, 2, 0],
      ['quantum', 1, 1, 1],
    ]);
    expect(mic.ministries.map((m) => m.organisationId)).toEqual(['mic']);
    const q = buildPortfolio([ai, quantum], orgs, { strategy: 'quantum' });
    expect(q.strategies.map((s) => s.strategy.id)).toEqual(['quantum']);
    expect(q.ministries.map((m) => [m.organisationId, m.initiatives])).toEqual([['mic', 1]]);
    expect(q.choices.strategies.map((s) => s.id)).toEqual(['ai', 'quantum']);
  });
});
