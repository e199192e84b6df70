import { describe, expect, it } from 'vitest';
import { project } from './projection.ts';
import { suggest, type TargetFacts } from './suggest.ts';

const RATINGS = [
  { code: 'steady', labelJa: '着実に進展', labelEn: 'Steady progress', category: 'good' },
  { code: 'progressing', labelJa: '進展', labelEn: 'Progressing', category: 'good' },
  { code: 'gradual', labelJa: '徐々に進展', labelEn: 'Gradual progress', category: 'neutral' },
  { code: 'starting', labelJa: 'これから本格化', labelEn: 'About to start', category: 'attention' },
  { code: 'accelerate', labelJa: '拡充・加速の余地大', labelEn: 'Accelerate', category: 'attention' },
];

type Item = TargetFacts['items'][number];
const item = (
  stage: Item['stage'],
  unchanged = false,
  reviewState: Item['reviewState'] = stage === null ? null : 'accepted',
): Item => ({
  initiativeId: `i-${Math.random()}`,
  stage,
  reviewState,
  unchanged,
});
const kpi = (target: number | null, values: number[]) => ({
  id: 'k',
  name: '件数',
  nameEn: 'count',
  unit: '件',
  direction: 'increase' as const,
  projection: project({
    direction: 'increase',
    targetValue: target,
    targetPeriod: target === null ? null : 'FY2025-end',
    baselineValue: null,
    baselinePeriod: null,
    observations: values.map((value, i) => ({ period: `FY${2020 + i}-end`, value })),
  }),
});
const facts = (over: Partial<TargetFacts>): TargetFacts => ({
  items: [],
  indicators: [],
  previous: null,
  ...over,
});

describe('suggest', () => {
  it('calls for acceleration when a KPI is off track, whatever the stages', () => {
    const s = suggest(
      facts({ items: [item('done'), item('done')], indicators: [kpi(1000, [10, 20, 30])] }),
      RATINGS,
    );
    expect([s.category, s.needsAcceleration, s.confidence]).toEqual(['attention', true, 'low']);
    expect(s.reasons.map((r) => r.code)).toEqual(['kpi_off_track', 'stages', 'mostly_done']);
  });

  it('is confident when KPIs and stages agree', () => {
    const s = suggest(
      facts({ items: [item('done'), item('underway')], indicators: [kpi(40, [10, 20, 30])] }),
      RATINGS,
    );
    expect([s.category, s.rating, s.confidence]).toEqual(['good', 'steady', 'medium']);
    const both = suggest(
      facts({ items: [item('done'), item('done')], indicators: [kpi(40, [10, 20, 30])] }),
      RATINGS,
    );
    expect(both.confidence).toBe('high');
  });

  it('keeps the previous code when it is in the suggested category, and says when the category changes', () => {
    const same = suggest(
      facts({ items: [item('done')], previous: { rating: 'progressing', category: 'good' } }),
      RATINGS,
    );
    expect(same.rating).toBe('progressing');
    expect(same.reasons.map((r) => r.code)).not.toContain('category_changed');
    const moved = suggest(
      facts({ items: [item('planned')], previous: { rating: 'progressing', category: 'good' } }),
      RATINGS,
    );
    expect([moved.rating, moved.needsAcceleration]).toEqual(['starting', false]);
    expect(moved.reasons.at(-1)).toEqual({
      code: 'category_changed',
      params: { rating: '進展', ratingEn: 'Progressing' },
    });
  });

  it('flags targets where half the initiatives were not updated, or nothing was reported', () => {
    const stale = suggest(facts({ items: [item('done', true), item('done')] }), RATINGS);
    expect(stale.category).toBe('attention');
    expect(suggest(facts({ items: [item(null)] }), RATINGS).reasons.map((r) => r.code)).toEqual([
      'stale',
      'no_items',
    ]);
    expect(suggest(facts({}), RATINGS).category).toBe('attention');
  });

  it('is neutral when nothing speaks for or against', () => {
    const s = suggest(
      facts({ items: [item('underway'), item('unknown')], indicators: [kpi(null, [5, 5])] }),
      RATINGS,
    );
    expect([s.category, s.rating]).toEqual(['neutral', 'gradual']);
    expect(s.reasons.map((r) => r.code)).toEqual(['kpi_flat', 'stages']);
    expect(suggest(facts({ items: [item('done')] }), []).rating).toBeNull();
  });

  it('counts only submitted or accepted entries as reports, not drafts or returned ones', () => {
    const s = suggest(
      facts({
        items: [
          item('done', false, 'submitted'),
          item('underway', false, 'draft'),
          item('planned', false, 'returned'),
        ],
      }),
      RATINGS,
    );
    expect(s.reasons.find((r) => r.code === 'stages')?.params).toEqual({
      total: 1,
      planned: 0,
      underway: 0,
      done: 1,
    });
    expect(s.reasons.find((r) => r.code === 'stale')?.params).toEqual({ count: 2, total: 3 });
    expect(s.reasons.some((r) => r.code === 'stage_planned')).toBe(false);
    const none = suggest(facts({ items: [item('done', false, 'draft')] }), RATINGS);
    expect(none.reasons.map((r) => r.code)).toEqual(['stale', 'no_items']);
  });
});
