/**
 * The Japanese calendar as reports use it: period codes ('FY2022', 'FY2022-end', '2025',
 * '2023-04', '2023-04-01'), fiscal years (年度 = April–March), the eras 令和/平成/昭和 and
 * period expressions in free Japanese text (R6年度, 令和5年4月, 2025年までに …).
 *
 * Pure and timezone-free: everything works on integer y/m/d and ISO date strings; no Date
 * is ever created. Years are limited to 1000–9998 so every code and ISO date has 4 digits.
 *
 * Era years: 令和N年 = 2018+N from 2019-05-01, 平成N年 = 1988+N (1989-01-08 … 2019-04-30),
 * 昭和N年 = 1925+N (1926-12-25 … 1989-01-07); 元年 = year 1. An era expression is accepted
 * when the period it names overlaps the era: so 平成31年度 (= FY2019, which began under
 * 平成) and 令和元年度 (also FY2019, the usual name today) are both valid, as are 平成31年
 * and 平成31年4月, while 平成31年5月, 平成32年度 and 令和元年4月 are not. 年度末 is judged by
 * its fiscal year (平成31年度末 is valid). When formatting, a fiscal or calendar year takes
 * the era in force at the end of its calendar year (FY2019 → 令和元年度), a month the era
 * at the end of the month (2019-04 → 平成31年4月).
 */

export type Period =
  | { kind: 'fy'; year: number }
  | { kind: 'fy-end'; year: number }
  | { kind: 'year'; year: number }
  | { kind: 'month'; year: number; month: number }
  | { kind: 'day'; year: number; month: number; day: number };

export class CalendarError extends Error {
  override name = 'CalendarError';
}

type EraName = '令和' | '平成' | '昭和';
type EraNameEn = 'Reiwa' | 'Heisei' | 'Showa';
interface Era {
  name: EraName;
  en: EraNameEn;
  abbr: string;
  start: string;
  end: string;
  offset: number;
}
const ERAS: readonly Era[] = [
  { name: '令和', en: 'Reiwa', abbr: 'R', start: '2019-05-01', end: '9999-12-31', offset: 2018 },
  { name: '平成', en: 'Heisei', abbr: 'H', start: '1989-01-08', end: '2019-04-30', offset: 1988 },
  { name: '昭和', en: 'Showa', abbr: 'S', start: '1926-12-25', end: '1989-01-07', offset: 1925 },
];
const MONTHS_EN = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];
const YEAR_MIN = 1000;
const YEAR_MAX = 9998;

const isLeap = (y: number): boolean => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
const daysInMonth = (y: number, m: number): number =>
  m === 2 ? (isLeap(y) ? 29 : 28) : [4, 6, 9, 11].includes(m) ? 30 : 31;
const pad = (n: number, width = 2): string => String(n).padStart(width, '0');
const iso = (y: number, m: number, d: number): string => `${pad(y, 4)}-${pad(m)}-${pad(d)}`;
const isInt = (n: number, min: number, max: number): boolean => Number.isInteger(n) && n >= min && n <= max;

/** What is wrong with a period, or null if it is valid. */
function problem(p: Period): string | null {
  if (!isInt(p.year, YEAR_MIN, YEAR_MAX)) return `year must be ${YEAR_MIN}–${YEAR_MAX}`;
  if ((p.kind === 'month' || p.kind === 'day') && !isInt(p.month, 1, 12)) return 'month must be 1–12';
  if (p.kind === 'day' && !isInt(p.day, 1, daysInMonth(p.year, p.month))) return 'no such day';
  return null;
}

function check(p: Period): Period {
  const why = problem(p);
  if (why !== null) throw new CalendarError(`invalid period ${JSON.stringify(p)}: ${why}`);
  return p;
}

const CODE_RE = /^(?:FY(\d{4})(-end)?|(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?)$/;

/**
 * Parses a period code; throws CalendarError if it is malformed or names no real date.
 * @example parsePeriodCode('FY2022-end') // { kind: 'fy-end', year: 2022 }
 */
export function parsePeriodCode(code: string): Period {
  const m = CODE_RE.exec(code);
  if (!m)
    throw new CalendarError(`not a period code: "${code}" (FY2022, FY2022-end, 2025, 2023-04, 2023-04-01)`);
  const [, fy, end, y, mo, d] = m;
  if (fy !== undefined) return check({ kind: end ? 'fy-end' : 'fy', year: Number(fy) });
  const year = Number(y);
  if (mo === undefined) return check({ kind: 'year', year });
  if (d === undefined) return check({ kind: 'month', year, month: Number(mo) });
  return check({ kind: 'day', year, month: Number(mo), day: Number(d) });
}

/**
 * The code of a period (inverse of parsePeriodCode); throws CalendarError if invalid.
 * @example periodCode({ kind: 'month', year: 2023, month: 4 }) // '2023-04'
 */
export function periodCode(p: Period): string {
  check(p);
  switch (p.kind) {
    case 'fy':
      return `FY${p.year}`;
    case 'fy-end':
      return `FY${p.year}-end`;
    case 'year':
      return String(p.year);
    case 'month':
      return `${p.year}-${pad(p.month)}`;
    case 'day':
      return iso(p.year, p.month, p.day);
  }
}

/**
 * Whether a string is a valid period code.
 * @example isPeriodCode('2022-13') // false
 */
export function isPeriodCode(code: string): boolean {
  try {
    parsePeriodCode(code);
    return true;
  } catch {
    return false;
  }
}

/**
 * First and last day (inclusive ISO dates) of a period.
 * @example periodRange({ kind: 'fy', year: 2022 }) // { start: '2022-04-01', end: '2023-03-31' }
 */
export function periodRange(p: Period): { start: string; end: string } {
  check(p);
  switch (p.kind) {
    case 'fy':
      return { start: iso(p.year, 4, 1), end: iso(p.year + 1, 3, 31) };
    case 'fy-end':
      return { start: iso(p.year + 1, 3, 31), end: iso(p.year + 1, 3, 31) };
    case 'year':
      return { start: iso(p.year, 1, 1), end: iso(p.year, 12, 31) };
    case 'month':
      return { start: iso(p.year, p.month, 1), end: iso(p.year, p.month, daysInMonth(p.year, p.month)) };
    case 'day':
      return { start: iso(p.year, p.month, p.day), end: iso(p.year, p.month, p.day) };
  }
}

/**
 * Last day of a period as an ISO date (a sort key for charts and timelines).
 * @example periodEnd(parsePeriodCode('2023-02')) // '2023-02-28'
 */
export function periodEnd(p: Period): string {
  return periodRange(p).end;
}

/**
 * The fiscal year (年度) an ISO date falls in; throws CalendarError on a bad date.
 * @example fiscalYearOf('2023-03-31') // 2022
 */
export function fiscalYearOf(isoDate: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDate);
  const p: Period = { kind: 'day', year: Number(m?.[1]), month: Number(m?.[2]), day: Number(m?.[3]) };
  if (!m || problem(p) !== null) throw new CalendarError(`not an ISO date: "${isoDate}"`);
  return p.month >= 4 ? p.year : p.year - 1;
}

/**
 * The era and year within it. A missing month/day means the end of the year/month, i.e.
 * the newest era in force then. Throws CalendarError before 昭和 (1926-12-25).
 * @example toEra(2019, 4, 30) // { era: '平成', eraEn: 'Heisei', year: 31 }
 * @example toEra(2019) // { era: '令和', eraEn: 'Reiwa', year: 1 }
 */
export function toEra(
  year: number,
  month = 12,
  day?: number,
): { era: EraName; eraEn: EraNameEn; year: number } {
  if (!isInt(year, 1, 9999) || !isInt(month, 1, 12)) throw new CalendarError(`invalid date ${year}-${month}`);
  const d = day ?? daysInMonth(year, month);
  if (!isInt(d, 1, daysInMonth(year, month))) throw new CalendarError(`invalid date ${year}-${month}-${d}`);
  const date = iso(year, month, d);
  const era = ERAS.find((e) => e.start <= date);
  if (!era) throw new CalendarError(`${date} is before the Showa era`);
  return { era: era.name, eraEn: era.en, year: year - era.offset };
}

// Period expressions, matched on NFKC-normalised text. Alternatives: era (令和5年4月1日,
// R6年度, 平成30年度末, R5.4, R6), Gregorian Japanese (2022年度末, 2023年4月), FY2024(-end|末),
// numeric (2023-04, 2023/4/1). Bare years ('2025') are only accepted as a whole period code.
const YMD_JA = (g: string): string =>
  String.raw`\s*年(?:\s*(?<${g}fy>度)(?<${g}fe>\s*末)?|\s*(?<${g}m>\d{1,2})\s*月(?:\s*(?<${g}d>\d{1,2})\s*日)?)?`;
const PERIOD_SRC = [
  String.raw`(?<era>令和|平成|昭和|(?<![A-Za-z])[RHS])\s*(?<ey>元|\d{1,2})(?!\d)(?:${YMD_JA('e')}` +
    String.raw`|[./](?<em2>\d{1,2})(?:[./](?<ed2>\d{1,2}))?(?!\d)|(?![\w/-]|\.\d))`,
  String.raw`(?<![\d.])(?<gy>\d{4})${YMD_JA('g')}`,
  String.raw`(?<![A-Za-z])[Ff][Yy]\s*(?<fy>\d{4})(?<fye>-end|\s*末)?(?!\d)`,
  String.raw`(?<![\d./-])(?<ny>\d{4})(?<sep>[-/])(?<nm>\d{1,2})(?:\k<sep>(?<nd>\d{1,2}))?(?![\d/-])`,
].join('|');
const PERIOD_RE = new RegExp(PERIOD_SRC, 'g');
const PERIOD_AT = new RegExp(PERIOD_SRC, 'y');
const BARE_ABBR = /^[RHS]\s*(?:元|\d{1,2})$/;
const LEADING = /^[\s(（[「『【]*/;
const TRAILING =
  /^(?:まで|から|より|以降|以前|以内|時点|現在|頃|ごろ|目途|めど|中|内|に|の|で|は|も|を|へ|と|[\s、。,.・:：)）\]」』】])*$/;

const num = (s: string | undefined): number | undefined =>
  s === undefined ? undefined : s === '元' ? 1 : Number(s);

function build(year: number, fy: boolean, fyEnd: boolean, month?: number, day?: number): Period {
  if (fy) return { kind: fyEnd ? 'fy-end' : 'fy', year };
  if (month === undefined) return { kind: 'year', year };
  return day === undefined ? { kind: 'month', year, month } : { kind: 'day', year, month, day };
}

function fromGroups(g: Partial<Record<string, string>>): Period | null {
  let p: Period;
  if (g.era !== undefined) {
    const era = ERAS.find((e) => e.name === g.era || e.abbr === g.era);
    const n = num(g.ey) ?? 0;
    if (!era || n < 1) return null;
    p = build(n + era.offset, !!g.efy, !!g.efe, num(g.em ?? g.em2), num(g.ed ?? g.ed2));
    if (problem(p) !== null) return null;
    const r = periodRange(p.kind === 'fy-end' ? { kind: 'fy', year: p.year } : p);
    if (r.end < era.start || r.start > era.end) return null;
  } else if (g.gy !== undefined) p = build(Number(g.gy), !!g.gfy, !!g.gfe, num(g.gm), num(g.gd));
  else if (g.fy !== undefined) p = build(Number(g.fy), true, !!g.fye);
  else p = build(Number(g.ny), false, false, num(g.nm), num(g.nd));
  return problem(p) === null ? p : null;
}

/**
 * Reads one period expression (Japanese, era, abbreviated, full-width, or a period code),
 * ignoring surrounding brackets and trailing particles such as まで/までに. Null if none.
 * @example parseJapanesePeriod('R6年度') // { kind: 'fy', year: 2024 }
 * @example parseJapanesePeriod('2025年までに') // { kind: 'year', year: 2025 }
 */
export function parseJapanesePeriod(text: string): Period | null {
  const s = text.normalize('NFKC').trim();
  if (isPeriodCode(s)) return parsePeriodCode(s);
  PERIOD_AT.lastIndex = LEADING.exec(s)?.[0].length ?? 0;
  const m = PERIOD_AT.exec(s);
  if (!m?.groups || !TRAILING.test(s.slice(m.index + m[0].length))) return null;
  return fromGroups(m.groups);
}

/**
 * All valid period expressions in a text, in order, with their text and index in the original.
 * Unlike parseJapanesePeriod it ignores bare abbreviations ('R6'), which prose uses for other things.
 * @example findPeriods('（2021年度末→2022年度末）').map((f) => f.text) // ['2021年度末', '2022年度末']
 */
export function findPeriods(text: string): { text: string; index: number; period: Period }[] {
  // Normalise code point by code point, remembering where each normalised char came from.
  let s = '';
  const starts: number[] = [];
  const ends: number[] = [];
  let i = 0;
  for (const ch of text) {
    const n = ch.normalize('NFKC');
    for (let k = 0; k < n.length; k++) {
      starts.push(i);
      ends.push(i + ch.length);
    }
    s += n;
    i += ch.length;
  }
  const found: { text: string; index: number; period: Period }[] = [];
  for (const m of s.matchAll(PERIOD_RE)) {
    // A bare abbreviation ('R6', 'S3', 'H2') is too ambiguous inside prose.
    const period = m.groups && !BARE_ABBR.test(m[0]) ? fromGroups(m.groups) : null;
    if (!period) continue;
    const from = starts[m.index] ?? 0;
    const to = ends[m.index + m[0].length - 1] ?? text.length;
    found.push({ text: text.slice(from, to), index: from, period });
  }
  return found;
}

/**
 * A period for people. ja: 2022年度, 2022年度末, 2025年, 2023年4月, 2023年4月1日; with
 * era: 令和4年度 (元年 for year 1), plus withGregorian: 令和4年度（2022年度）. en: FY2022,
 * end of FY2022, 2025, April 2023, 1 April 2023; with era: 'April 2023 (Reiwa 5)'.
 * Dates before 昭和 are always written in the Gregorian calendar.
 * @example formatPeriod({ kind: 'fy', year: 2022 }, 'ja', { era: true }) // '令和4年度'
 */
export function formatPeriod(
  p: Period,
  lang: 'ja' | 'en',
  opts: { era?: boolean; withGregorian?: boolean } = {},
): string {
  check(p);
  const ja = (y: string): string => {
    switch (p.kind) {
      case 'fy':
        return `${y}年度`;
      case 'fy-end':
        return `${y}年度末`;
      case 'year':
        return `${y}年`;
      case 'month':
        return `${y}年${p.month}月`;
      case 'day':
        return `${y}年${p.month}月${p.day}日`;
    }
  };
  const en = (): string => {
    switch (p.kind) {
      case 'fy':
        return `FY${p.year}`;
      case 'fy-end':
        return `end of FY${p.year}`;
      case 'year':
        return String(p.year);
      case 'month':
        return `${MONTHS_EN[p.month - 1]} ${p.year}`;
      case 'day':
        return `${p.day} ${MONTHS_EN[p.month - 1]} ${p.year}`;
    }
  };
  const gregorian = lang === 'ja' ? ja(String(p.year)) : en();
  if (!opts.era) return gregorian;
  const m = p.kind === 'month' || p.kind === 'day' ? p.month : undefined;
  const d = p.kind === 'day' ? p.day : undefined;
  let e: ReturnType<typeof toEra>;
  try {
    e = toEra(p.year, m, d);
  } catch {
    return gregorian;
  }
  if (lang === 'en') return `${gregorian} (${e.eraEn} ${e.year})`;
  const withEra = ja(`${e.era}${e.year === 1 ? '元' : e.year}`);
  return opts.withGregorian ? `${withEra}（${gregorian}）` : withEra;
}

/**
 * The date line of a report cover: era style in Japanese, plain in English.
 * @example formatAsOf('2023-04', 'ja') // '令和5年4月'
 * @example formatAsOf('2023-04', 'en') // 'April 2023'
 */
export function formatAsOf(code: string, lang: 'ja' | 'en'): string {
  const p = parsePeriodCode(code);
  return lang === 'ja' ? formatPeriod(p, 'ja', { era: true }) : formatPeriod(p, 'en');
}

/**
 * Reads a date as officials type it: ISO (2024-03-15), slashes or dots (2024/3/15),
 * Japanese (2024年3月15日, 令和6年3月15日, R6.3.15), full-width digits. Returns the ISO date,
 * or null when the text names no single real day (a month or a year is not a date).
 * @example parseDate('令和6年3月15日') // '2024-03-15'
 * @example parseDate('2024/3/15') // '2024-03-15'
 */
export function parseDate(text: string): string | null {
  const p = parseJapanesePeriod(text);
  return p?.kind === 'day' ? iso(p.year, p.month, p.day) : null;
}

const WEEKDAYS_JA = ['日', '月', '火', '水', '木', '金', '土'];
const WEEKDAYS_EN = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

/** Day of the week of a Gregorian date, 0 = Sunday (Sakamoto's method). */
function weekday(y: number, m: number, d: number): number {
  const t = [0, 3, 2, 5, 0, 3, 5, 1, 4, 6, 2, 4];
  const yy = m < 3 ? y - 1 : y;
  return (yy + Math.floor(yy / 4) - Math.floor(yy / 100) + Math.floor(yy / 400) + (t[m - 1] ?? 0) + d) % 7;
}

/**
 * An ISO date for people: in Japanese with the era and the day of the week, in English
 * spelled out. Throws CalendarError on a malformed date.
 * @example formatDate('2024-03-15', 'ja') // '令和6年3月15日（金）'
 * @example formatDate('2024-03-15', 'en') // 'Friday, 15 March 2024'
 */
export function formatDate(isoDate: string, lang: 'ja' | 'en'): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDate);
  if (!m) throw new CalendarError(`not an ISO date: "${isoDate}"`);
  const p = check({ kind: 'day', year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) });
  if (p.kind !== 'day') throw new CalendarError(`not an ISO date: "${isoDate}"`);
  const w = weekday(p.year, p.month, p.day);
  return lang === 'ja'
    ? `${formatPeriod(p, 'ja', { era: true })}（${WEEKDAYS_JA[w]}）`
    : `${WEEKDAYS_EN[w]}, ${formatPeriod(p, 'en')}`;
}
