import { describe, expect, it } from 'vitest';
import { CalendarError, formatDate, parseDate } from './calendar.ts';
import { effectiveDeadline, isOverdue } from './deadlines.ts';

describe('parseDate', () => {
  it.each([
    ['2024-03-15', '2024-03-15'],
    ['2024/3/15', '2024-03-15'],
    ['２０２４／３／１５', '2024-03-15'],
    ['2024年3月15日', '2024-03-15'],
    ['令和6年3月15日', '2024-03-15'],
    ['R6.3.15', '2024-03-15'],
    ['令和元年5月1日', '2019-05-01'],
    [' 2024-02-29 ', '2024-02-29'],
  ])('reads %s', (text, want) => expect(parseDate(text)).toBe(want));

  it.each(['', '2024-02-30', '2023/2/29', '令和6年3月', '2024', 'FY2024', '平成31年5月1日', 'tomorrow'])(
    'refuses %s',
    (text) => expect(parseDate(text)).toBeNull(),
  );
});

describe('formatDate', () => {
  it('writes the era and the day of the week in Japanese', () => {
    expect(formatDate('2024-03-15', 'ja')).toBe('令和6年3月15日（金）');
    expect(formatDate('2019-04-30', 'ja')).toBe('平成31年4月30日（火）');
    expect(formatDate('2019-05-01', 'ja')).toBe('令和元年5月1日（水）');
    expect(formatDate('2000-01-01', 'ja')).toBe('平成12年1月1日（土）');
  });

  it('spells the date out in English', () => {
    expect(formatDate('2024-03-15', 'en')).toBe('Friday, 15 March 2024');
    expect(formatDate('2024-02-29', 'en')).toBe('Thursday, 29 February 2024');
  });

  it('refuses what is not a date', () => {
    expect(() => formatDate('2024-02-30', 'ja')).toThrow(CalendarError);
    expect(() => formatDate('2024/3/15', 'en')).toThrow(CalendarError);
  });
});

describe('deadlines', () => {
  it('a ministry override wins over the cycle deadline', () => {
    expect(effectiveDeadline('2024-03-15', '2024-03-29')).toBe('2024-03-29');
    expect(effectiveDeadline('2024-03-15', null)).toBe('2024-03-15');
    expect(effectiveDeadline(null, undefined)).toBeNull();
  });

  it('an owed entry is overdue the day after its deadline', () => {
    expect(isOverdue('draft', '2024-03-15', '2024-03-15')).toBe(false);
    expect(isOverdue('draft', '2024-03-15', '2024-03-16')).toBe(true);
    expect(isOverdue('returned', '2024-03-15', '2024-04-01')).toBe(true);
    expect(isOverdue('submitted', '2024-03-15', '2024-04-01')).toBe(false);
    expect(isOverdue('accepted', '2024-03-15', '2024-04-01')).toBe(false);
    expect(isOverdue('draft', null, '2024-04-01')).toBe(false);
  });
});
