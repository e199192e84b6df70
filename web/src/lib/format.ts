/**
 * Display helpers: the language's title of a record, ministries, dates (era form with the
 * Gregorian year in Japanese, Gregorian in English) and numbers.
 */
import type { Cycle, Organisation } from '../../../src/domain/model.ts';
import { formatDate, formatPeriod, parsePeriodCode, type Period } from '../../../src/domain/calendar.ts';
import type { Lang } from '../../../src/i18n.ts';

/** The English text when the UI is English and it exists, else the Japanese. */
export function pick(lang: Lang, ja: string, en: string | undefined): string {
  return lang === 'en' && en !== undefined && en.trim() !== '' ? en : ja;
}

/** Whether `pick` fell back to Japanese in an English page (the text then needs lang="ja"). */
export function isFallback(lang: Lang, en: string | undefined): boolean {
  return lang === 'en' && (en === undefined || en.trim() === '');
}

export function titleOf(lang: Lang, item: { title: string; titleEn: string }): string {
  return pick(lang, item.title, item.titleEn);
}

/** The short tag used in reports (総務省, 科技) in Japanese; the English name otherwise. */
export function orgShort(lang: Lang, org: Organisation): string {
  return lang === 'en' ? org.nameEn || org.shortName : org.shortName;
}

export function orgName(lang: Lang, org: Organisation): string {
  return lang === 'en' ? org.nameEn || org.nameJa : org.nameJa;
}

/** An ISO date for people: 令和6年3月15日（金） / Friday, 15 March 2024; the text itself if not a date. */
export function dateLabel(iso: string, lang: Lang): string {
  try {
    return formatDate(iso, lang);
  } catch {
    return iso;
  }
}

/** A period for people: 令和4年度（2022年度）/ FY2022. */
export function formatPeriodFor(p: Period, lang: Lang): string {
  return lang === 'ja' ? formatPeriod(p, 'ja', { era: true, withGregorian: true }) : formatPeriod(p, 'en');
}

/** A period code for people, or the code itself when it is not one. */
export function periodLabel(code: string, lang: Lang): string {
  try {
    return formatPeriodFor(parsePeriodCode(code), lang);
  } catch {
    return code;
  }
}

/** A short period (no era) for axes and dense tables: 2022年度末 / end of FY2022. */
export function periodShort(code: string, lang: Lang): string {
  try {
    return formatPeriod(parsePeriodCode(code), lang);
  } catch {
    return code;
  }
}

export function fiscalYearLabel(year: number, lang: Lang): string {
  return formatPeriodFor({ kind: 'fy', year }, lang);
}

/** 令和4年度（2022年度）フォローアップ / FY2022 follow-up. */
export function cycleName(cycle: Pick<Cycle, 'fiscalYear'>, lang: Lang): string {
  const fy = fiscalYearLabel(cycle.fiscalYear, lang);
  return lang === 'ja' ? `${fy}フォローアップ` : `${fy} follow-up`;
}

/** 令和5年4月（2023年4月）時点 / as of April 2023. */
export function asOfLabel(cycle: Cycle, lang: Lang): string {
  const when = periodLabel(cycle.asOf, lang);
  return lang === 'ja' ? `${when}時点` : `as of ${when}`;
}

export function formatNumber(value: number, lang: Lang): string {
  return new Intl.NumberFormat(lang === 'ja' ? 'ja-JP' : 'en-GB', { maximumFractionDigits: 2 }).format(value);
}

/** The newest cycle (by fiscal year, then as-of), or undefined for none. */
export function latestCycle(cycles: readonly Cycle[]): Cycle | undefined {
  return [...cycles].sort((a, b) => b.fiscalYear - a.fiscalYear || b.asOf.localeCompare(a.asOf))[0];
}

/** A parenthetical in the language's style: full-width in Japanese, spaced in English. */
export function paren(lang: Lang, text: string): string {
  return lang === 'ja' ? `（${text}）` : ` (${text})`;
}
