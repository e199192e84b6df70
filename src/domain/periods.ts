/**
 * One period syntax for everything people type: API bodies, the survey sheet and the web
 * forms all read a period with `readPeriod`, store its code (calendar.ts: FY2024,
 * FY2024-end, 2024, 2024-04, 2024-04-01) and show it with `showPeriod`.
 *
 * Accepted: period codes, Japanese and era forms (2024年度, 令和6年度, R6年度, 令和6年度末,
 * 令和6年4月, 2024年4月1日), full-width digits, FY2024末, 2024/4, and the English the app
 * shows itself (end of FY2024, April 2024, 1 April 2024), so whatever a form displays can
 * be typed back.
 */
import { formatPeriod, parseJapanesePeriod, parsePeriodCode, periodCode, type Period } from './calendar.ts';

/** The forms named to people when what they typed is not a period. */
export const PERIOD_EXAMPLES = [
  'FY2024',
  '2024年度',
  '令和6年度',
  'R6年度',
  '令和6年度末',
  '令和6年4月',
  '2024-04',
] as const;

/** What a form or the API says about a period it cannot read. */
export const PERIOD_MESSAGE_JA = `期間は ${PERIOD_EXAMPLES.join('、')} のいずれかの形で入力してください。`;

const MONTHS = [
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
];
const EN_END = /^(?:the\s+)?end\s+of\s+FY\s*(\d{4})$/i;
const EN_MONTH = /^(?:(\d{1,2})\s+)?([A-Za-z]{3,9})\.?,?\s+(\d{4})$/;

/** 1–12 for a month's English name or an abbreviation of it (Apr, Sept), else undefined. */
function monthOf(name: string): number | undefined {
  const key = name.toLowerCase();
  const i = MONTHS.findIndex((m) => m.startsWith(key));
  return i < 0 ? undefined : i + 1;
}

function english(s: string): Period | null {
  const end = EN_END.exec(s);
  if (end) return { kind: 'fy-end', year: Number(end[1]) };
  const m = EN_MONTH.exec(s);
  const month = m?.[2] === undefined ? undefined : monthOf(m[2]);
  if (!m || month === undefined) return null;
  const year = Number(m[3]);
  return m[1] === undefined
    ? { kind: 'month', year, month }
    : { kind: 'day', year, month, day: Number(m[1]) };
}

/**
 * The period a person typed, or null when it is not one (or names no real date).
 * @example readPeriod('R6年度') // { kind: 'fy', year: 2024 }
 * @example readPeriod('令和6年4月') // { kind: 'month', year: 2024, month: 4 }
 */
export function readPeriod(text: string): Period | null {
  const s = text.normalize('NFKC').trim().replace(/\s+/g, ' ');
  if (s === '') return null;
  const p = parseJapanesePeriod(s) ?? english(s);
  if (p === null) return null;
  try {
    periodCode(p); // throws on a month or day that does not exist
    return p;
  } catch {
    return null;
  }
}

/**
 * The stored code of what a person typed, or null.
 * @example periodCodeFrom('令和6年度末') // 'FY2024-end'
 */
export function periodCodeFrom(text: string): string | null {
  const p = readPeriod(text);
  return p === null ? null : periodCode(p);
}

/**
 * A stored period code for people: 令和6年度, 令和6年度末, 令和6年4月 in Japanese (era
 * style), FY2024, end of FY2024, April 2024 in English. A code that is not one is shown as
 * it is. `readPeriod` reads every result back to the same code (up to 令和99年).
 * @example showPeriod('FY2024', 'ja') // '令和6年度'
 */
export function showPeriod(code: string, lang: 'ja' | 'en'): string {
  try {
    const p = parsePeriodCode(code);
    return lang === 'ja' ? formatPeriod(p, 'ja', { era: true }) : formatPeriod(p, 'en');
  } catch {
    return code;
  }
}
