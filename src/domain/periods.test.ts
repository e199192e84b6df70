import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatPeriod, periodCode, type Period } from './calendar.ts';
import { PeriodInput } from './inputs.ts';
import { PERIOD_MESSAGE_JA, periodCodeFrom, readPeriod, showPeriod } from './periods.ts';

describe('readPeriod', () => {
  it.each([
    ['FY2024', 'FY2024'],
    ['2024年度', 'FY2024'],
    ['令和6年度', 'FY2024'],
    ['R6年度', 'FY2024'],
    ['Ｒ６年度', 'FY2024'],
    ['令和6年度末', 'FY2024-end'],
    ['FY2024-end', 'FY2024-end'],
    ['FY2024末', 'FY2024-end'],
    ['令和6年4月', '2024-04'],
    ['2024-04', '2024-04'],
    ['2024/4', '2024-04'],
    ['2024年4月', '2024-04'],
    ['令和元年度', 'FY2019'],
    ['平成31年4月', '2019-04'],
    ['2025', '2025'],
    ['令和7年', '2025'],
    ['2024-04-01', '2024-04-01'],
    ['令和6年4月1日', '2024-04-01'],
    ['end of FY2024', 'FY2024-end'],
    ['April 2024', '2024-04'],
    ['Sept 2024', '2024-09'],
    ['1 April 2024', '2024-04-01'],
    ['  令和6年度  ', 'FY2024'],
  ])('%s → %s', (text, code) => {
    expect(periodCodeFrom(text)).toBe(code);
  });

  it.each([
    '',
    '来年度',
    '2024-13',
    '令和6年13月',
    '2023-02-29',
    '平成32年度',
    '令和元年4月',
    'FY24',
    'Foo 2024',
    '2024年度 予定',
  ])('refuses %j', (text) => {
    expect(readPeriod(text)).toBeNull();
  });
});

describe('showPeriod', () => {
  it.each([
    ['FY2024', '令和6年度', 'FY2024'],
    ['FY2024-end', '令和6年度末', 'end of FY2024'],
    ['2024-04', '令和6年4月', 'April 2024'],
    ['FY2019', '令和元年度', 'FY2019'],
    ['2019-04', '平成31年4月', 'April 2019'],
  ])('%s → %s / %s', (code, ja, en) => {
    expect(showPeriod(code, 'ja')).toBe(ja);
    expect(showPeriod(code, 'en')).toBe(en);
  });

  it('shows what is not a code as it is', () => {
    expect(showPeriod('来年度', 'ja')).toBe('来年度');
  });
});

// Era years have at most two digits (令和99年 = 2117), so the round trip is checked up to 2116.
const anyPeriod: fc.Arbitrary<Period> = fc.oneof(
  fc.record({ kind: fc.constant('fy' as const), year: fc.integer({ min: 1000, max: 2116 }) }),
  fc.record({ kind: fc.constant('fy-end' as const), year: fc.integer({ min: 1000, max: 2116 }) }),
  fc.record({ kind: fc.constant('year' as const), year: fc.integer({ min: 1000, max: 2116 }) }),
  fc.record({
    kind: fc.constant('month' as const),
    year: fc.integer({ min: 1000, max: 2116 }),
    month: fc.integer({ min: 1, max: 12 }),
  }),
  fc
    .record({
      year: fc.integer({ min: 1000, max: 2116 }),
      month: fc.integer({ min: 1, max: 12 }),
      day: fc.integer({ min: 1, max: 28 }),
    })
    .map((d) => ({ kind: 'day' as const, ...d })),
);

describe('properties', () => {
  it('every way the app shows a period reads back to its code', () => {
    fc.assert(
      fc.property(anyPeriod, (p) => {
        const code = periodCode(p);
        for (const shown of [
          code,
          showPeriod(code, 'ja'),
          showPeriod(code, 'en'),
          formatPeriod(p, 'ja'),
          formatPeriod(p, 'ja', { era: true, withGregorian: true }).replace(/（.*）$/, ''),
        ])
          expect(periodCodeFrom(shown)).toBe(code);
      }),
      { seed: 19, numRuns: 500 },
    );
  });

  it('reading is total: a code or null, never an exception', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 30 }), (s) => {
        const code = periodCodeFrom(s);
        expect(code === null || periodCodeFrom(code) === code).toBe(true);
      }),
      { seed: 19, numRuns: 1000 },
    );
  });
});

describe('PeriodInput', () => {
  it('stores the code of what was typed', () => {
    expect(PeriodInput.parse('令和6年4月')).toBe('2024-04');
  });

  it('refuses anything else with the Japanese message naming the forms', () => {
    const r = PeriodInput.safeParse('来年度');
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.message).toBe(PERIOD_MESSAGE_JA);
    expect(PERIOD_MESSAGE_JA).toContain('令和6年4月');
  });
});
