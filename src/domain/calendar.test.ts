import { describe, expect, it } from 'vitest';
import type { Period } from './calendar.ts';
import {
  CalendarError,
  findPeriods,
  fiscalYearOf,
  formatAsOf,
  formatPeriod,
  isPeriodCode,
  parseJapanesePeriod,
  parsePeriodCode,
  periodCode,
  periodEnd,
  periodRange,
  toEra,
} from './calendar.ts';

const fy = (year: number): Period => ({ kind: 'fy', year });
const fyEnd = (year: number): Period => ({ kind: 'fy-end', year });
const yr = (year: number): Period => ({ kind: 'year', year });
const mon = (year: number, month: number): Period => ({ kind: 'month', year, month });
const day = (year: number, month: number, d: number): Period => ({ kind: 'day', year, month, day: d });

describe('period codes', () => {
  const codes: [string, Period, string, string][] = [
    ['FY2022', fy(2022), '2022-04-01', '2023-03-31'],
    ['FY2022-end', fyEnd(2022), '2023-03-31', '2023-03-31'],
    ['2025', yr(2025), '2025-01-01', '2025-12-31'],
    ['2023-04', mon(2023, 4), '2023-04-01', '2023-04-30'],
    ['2024-02', mon(2024, 2), '2024-02-01', '2024-02-29'],
    ['2023-02', mon(2023, 2), '2023-02-01', '2023-02-28'],
    ['1900-02', mon(1900, 2), '1900-02-01', '1900-02-28'],
    ['2000-02', mon(2000, 2), '2000-02-01', '2000-02-29'],
    ['2023-12', mon(2023, 12), '2023-12-01', '2023-12-31'],
    ['2023-04-01', day(2023, 4, 1), '2023-04-01', '2023-04-01'],
    ['2024-02-29', day(2024, 2, 29), '2024-02-29', '2024-02-29'],
  ];
  it.each(codes)('%s parses, ranges and round-trips', (code, period, start, end) => {
    expect(parsePeriodCode(code)).toEqual(period);
    expect(periodCode(period)).toBe(code);
    expect(isPeriodCode(code)).toBe(true);
    expect(periodRange(period)).toEqual({ start, end });
    expect(periodEnd(period)).toBe(end);
  });

  it.each([
    'FY22',
    'fy2022',
    'FY2022-END',
    'FY2022end',
    '2022-13',
    '2022-00',
    '2023-02-29',
    '2023-04-31',
    '2023-4',
    '2023-04-1',
    '20230401',
    ' 2023',
    '2023 ',
    '',
    'abc',
    '0999',
    '9999',
    'FY9999',
    '2023-04-01T00:00',
  ])('rejects code %j', (code) => {
    expect(isPeriodCode(code)).toBe(false);
    expect(() => parsePeriodCode(code)).toThrow(CalendarError);
  });

  it('rejects invalid period objects', () => {
    expect(() => periodCode(mon(2022, 13))).toThrow(CalendarError);
    expect(() => periodCode(day(2023, 2, 29))).toThrow(CalendarError);
    expect(() => periodRange(fy(2022.5))).toThrow(CalendarError);
    expect(() => formatPeriod(mon(2022, 0), 'ja')).toThrow(CalendarError);
  });

  it('CalendarError is an Error with its own name', () => {
    const err = new CalendarError('x');
    expect(err).toBeInstanceOf(Error);
    expect(err.name).toBe('CalendarError');
  });
});

describe('fiscalYearOf', () => {
  it.each([
    ['2023-03-31', 2022],
    ['2023-04-01', 2023],
    ['2023-01-01', 2022],
    ['2022-12-31', 2022],
    ['2020-02-29', 2019],
  ])('%s is in FY%i', (date, year) => {
    expect(fiscalYearOf(date)).toBe(year);
  });
  it.each(['2023-02-29', '2023-4-1', '2023/04/01', 'x'])('rejects %j', (date) => {
    expect(() => fiscalYearOf(date)).toThrow(CalendarError);
  });
});

describe('toEra', () => {
  it.each([
    [2019, 4, 30, '平成', 'Heisei', 31],
    [2019, 5, 1, '令和', 'Reiwa', 1],
    [1989, 1, 7, '昭和', 'Showa', 64],
    [1989, 1, 8, '平成', 'Heisei', 1],
    [1926, 12, 25, '昭和', 'Showa', 1],
    [2023, 4, 1, '令和', 'Reiwa', 5],
  ])('%i-%i-%i is %s (%s) %i', (y, m, d, era, eraEn, year) => {
    expect(toEra(y, m, d)).toEqual({ era, eraEn, year });
  });
  it('defaults to the end of the year or month', () => {
    expect(toEra(2019)).toEqual({ era: '令和', eraEn: 'Reiwa', year: 1 });
    expect(toEra(2019, 4)).toEqual({ era: '平成', eraEn: 'Heisei', year: 31 });
    expect(toEra(1989, 1)).toEqual({ era: '平成', eraEn: 'Heisei', year: 1 });
    expect(toEra(2030).year).toBe(12);
  });
  it('rejects dates before Showa and impossible dates', () => {
    expect(() => toEra(1926, 12, 24)).toThrow(CalendarError);
    expect(() => toEra(1900)).toThrow(CalendarError);
    expect(() => toEra(2023, 13)).toThrow(CalendarError);
    expect(() => toEra(2023, 2, 29)).toThrow(CalendarError);
  });
});

describe('parseJapanesePeriod', () => {
  it.each<[string, Period]>([
    ['2022年度', fy(2022)],
    ['２０２２年度', fy(2022)],
    ['2021年度末', fyEnd(2021)],
    ['2023年度末', fyEnd(2023)],
    ['令和5年4月', mon(2023, 4)],
    ['R5年4月', mon(2023, 4)],
    ['令和5年4月1日', day(2023, 4, 1)],
    ['令和５年４月１日', day(2023, 4, 1)],
    ['令和 5 年 4 月', mon(2023, 4)],
    ['R6年度', fy(2024)],
    ['Ｒ６年度', fy(2024)],
    ['令和6年度', fy(2024)],
    ['H30年度', fy(2018)],
    ['平成30年度', fy(2018)],
    ['令和元年度', fy(2019)],
    ['令和元年', yr(2019)],
    ['R01年度', fy(2019)],
    ['平成31年度', fy(2019)],
    ['平成31年度末', fyEnd(2019)],
    ['平成31年', yr(2019)],
    ['平成31年4月30日', day(2019, 4, 30)],
    ['令和元年5月1日', day(2019, 5, 1)],
    ['平成元年1月8日', day(1989, 1, 8)],
    ['昭和64年1月7日', day(1989, 1, 7)],
    ['昭和63年度', fy(1988)],
    ['平成元年度', fy(1989)],
    ['S63年度', fy(1988)],
    ['R5.4', mon(2023, 4)],
    ['R5.4.1', day(2023, 4, 1)],
    ['R5/4', mon(2023, 4)],
    ['R6', yr(2024)],
    ['令和6年度末', fyEnd(2024)],
    ['㋿5年4月', mon(2023, 4)],
    ['㍻30年度', fy(2018)],
    ['2025年', yr(2025)],
    ['2025年まで', yr(2025)],
    ['2025年までに', yr(2025)],
    ['2025年を目途に', yr(2025)],
    ['2023年度中', fy(2023)],
    ['（2022年度）', fy(2022)],
    ['FY2024', fy(2024)],
    ['fy 2024', fy(2024)],
    ['FY2024-end', fyEnd(2024)],
    ['FY2024末', fyEnd(2024)],
    ['2023年4月', mon(2023, 4)],
    ['2023年4月1日', day(2023, 4, 1)],
    ['2023-04', mon(2023, 4)],
    ['2023-04-01', day(2023, 4, 1)],
    ['2023/4/1', day(2023, 4, 1)],
    ['2023/4', mon(2023, 4)],
    ['2025', yr(2025)],
    ['  2022 年度  ', fy(2022)],
  ])('%j', (text, period) => {
    expect(parseJapanesePeriod(text)).toEqual(period);
  });

  it.each([
    '令和0年',
    'R0年度',
    '平成32年度',
    '平成31年5月',
    '平成31年5月1日',
    '令和元年4月',
    '令和元年4月30日',
    '昭和64年度',
    '昭和64年1月8日',
    '平成元年1月7日',
    '2022年13月',
    '2023年2月29日',
    '令和5年4月31日',
    'R5.13',
    '2022-13',
    'abc',
    '',
    '年度',
    '2025年の目標',
    '全国運用開始はR6年度',
    '12345年',
    'FY20245',
  ])('rejects %j', (text) => {
    expect(parseJapanesePeriod(text)).toBeNull();
  });
});

describe('findPeriods', () => {
  const found = (text: string): [string, number, Period][] =>
    findPeriods(text).map((f) => {
      expect(text.slice(f.index, f.index + f.text.length)).toBe(f.text);
      return [f.text, f.index, f.period];
    });

  it('finds periods inside sentences with their position', () => {
    expect(found('R6年度の全国運用開始を目指し')).toEqual([['R6年度', 0, fy(2024)]]);
    expect(found('（2021年度末→2022年度末）')).toEqual([
      ['2021年度末', 1, fyEnd(2021)],
      ['2022年度末', 9, fyEnd(2022)],
    ]);
    expect(found('2025年までに農業の担い手のほぼ全てがデータを活用')).toEqual([['2025年', 0, yr(2025)]]);
    expect(found('令和5年4月 内閣府')).toEqual([['令和5年4月', 0, mon(2023, 4)]]);
    expect(found('2023年度にGPAI議長国、FY2024から本格運用')).toEqual([
      ['2023年度', 0, fy(2023)],
      ['FY2024', 15, fy(2024)],
    ]);
  });

  it('reports the original text and index for full-width and compatibility characters', () => {
    expect(found('今年は２０２２年度、来年は㋿5年度')).toEqual([
      ['２０２２年度', 3, fy(2022)],
      ['㋿5年度', 13, fy(2023)],
    ]);
  });

  it('skips invalid expressions and numbers that are not periods', () => {
    expect(found('平成32年度と2022年13月と令和0年')).toEqual([]);
    expect(found('78件→217件、2025件、H2O、3.14')).toEqual([]);
    expect(found('ABR6年度')).toEqual([]);
    expect(found('S3バケットとR6、R6年度とR5.4')).toEqual([
      ['R6年度', 10, fy(2024)],
      ['R5.4', 15, mon(2023, 4)],
    ]);
  });
});

describe('formatPeriod', () => {
  it.each<[Period, string, string, string, string]>([
    [fy(2022), '2022年度', '令和4年度', '令和4年度（2022年度）', 'FY2022'],
    [fyEnd(2022), '2022年度末', '令和4年度末', '令和4年度末（2022年度末）', 'end of FY2022'],
    [yr(2025), '2025年', '令和7年', '令和7年（2025年）', '2025'],
    [mon(2023, 4), '2023年4月', '令和5年4月', '令和5年4月（2023年4月）', 'April 2023'],
    [day(2023, 4, 1), '2023年4月1日', '令和5年4月1日', '令和5年4月1日（2023年4月1日）', '1 April 2023'],
    [fy(2019), '2019年度', '令和元年度', '令和元年度（2019年度）', 'FY2019'],
    [yr(2019), '2019年', '令和元年', '令和元年（2019年）', '2019'],
    [mon(2019, 4), '2019年4月', '平成31年4月', '平成31年4月（2019年4月）', 'April 2019'],
    [mon(2019, 5), '2019年5月', '令和元年5月', '令和元年5月（2019年5月）', 'May 2019'],
    [day(1989, 1, 7), '1989年1月7日', '昭和64年1月7日', '昭和64年1月7日（1989年1月7日）', '7 January 1989'],
    [mon(1989, 1), '1989年1月', '平成元年1月', '平成元年1月（1989年1月）', 'January 1989'],
    [fy(1988), '1988年度', '昭和63年度', '昭和63年度（1988年度）', 'FY1988'],
    [mon(1900, 12), '1900年12月', '1900年12月', '1900年12月', 'December 1900'],
  ])('%j', (p, ja, jaEra, jaBoth, en) => {
    expect(formatPeriod(p, 'ja')).toBe(ja);
    expect(formatPeriod(p, 'ja', { withGregorian: true })).toBe(ja);
    expect(formatPeriod(p, 'ja', { era: true })).toBe(jaEra);
    expect(formatPeriod(p, 'ja', { era: true, withGregorian: true })).toBe(jaBoth);
    expect(formatPeriod(p, 'en')).toBe(en);
    // Every Japanese form reads back as the same period.
    for (const text of [ja, jaEra]) expect(parseJapanesePeriod(text)).toEqual(p);
  });

  it('adds the era in English on request', () => {
    expect(formatPeriod(mon(2023, 4), 'en', { era: true })).toBe('April 2023 (Reiwa 5)');
    expect(formatPeriod(fy(2019), 'en', { era: true })).toBe('FY2019 (Reiwa 1)');
  });

  it('formats report cover dates', () => {
    expect(formatAsOf('2023-04', 'ja')).toBe('令和5年4月');
    expect(formatAsOf('2023-04', 'en')).toBe('April 2023');
    expect(formatAsOf('FY2022', 'ja')).toBe('令和4年度');
    expect(() => formatAsOf('R5.4', 'ja')).toThrow(CalendarError);
  });
});

describe('consistency over 1990–2100', () => {
  it('toEra, formatting and parsing agree for every month, year and fiscal year', () => {
    let checked = 0;
    for (let year = 1990; year <= 2100; year++) {
      for (const p of [fy(year), fyEnd(year), yr(year)]) {
        expect(parsePeriodCode(periodCode(p))).toEqual(p);
        expect(parseJapanesePeriod(formatPeriod(p, 'ja', { era: true }))).toEqual(p);
        expect(parseJapanesePeriod(formatPeriod(p, 'ja'))).toEqual(p);
      }
      expect(fiscalYearOf(periodRange(fy(year)).start)).toBe(year);
      expect(fiscalYearOf(periodRange(fy(year)).end)).toBe(year);
      for (let month = 1; month <= 12; month++) {
        const p = mon(year, month);
        const era = toEra(year, month);
        const expectedEra = year < 2019 || (year === 2019 && month < 5) ? '平成' : '令和';
        expect(era.era).toBe(expectedEra);
        expect(era.year + (expectedEra === '平成' ? 1988 : 2018)).toBe(year);
        const ja = formatPeriod(p, 'ja', { era: true });
        expect(ja).toBe(`${era.era}${era.year === 1 ? '元' : era.year}年${month}月`);
        expect(parseJapanesePeriod(ja)).toEqual(p);
        expect(parseJapanesePeriod(formatPeriod(p, 'ja'))).toEqual(p);
        expect(parsePeriodCode(periodCode(p))).toEqual(p);
        const end = periodEnd(p);
        expect(parseJapanesePeriod(end)).toEqual(day(year, month, Number(end.slice(8))));
        expect(fiscalYearOf(end)).toBe(month >= 4 ? year : year - 1);
        checked++;
      }
    }
    expect(checked).toBe(111 * 12);
  });
});
