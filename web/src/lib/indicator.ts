/**
 * Indicator helpers: observations in time order, their fiscal years (for the chart's
 * axis), and the CSV export (UTF-8 with a BOM so that Excel opens Japanese text correctly).
 */
import type { Indicator } from '../../../src/domain/model.ts';
import type { OutlineIndicator, OutlinePoint } from '../../../src/domain/views.ts';
import { fiscalYearOf, parsePeriodCode, periodEnd } from '../../../src/domain/calendar.ts';

/** The end date of a period code, or the code itself when it is not one (sorts last-ish). */
function endOf(code: string): string {
  try {
    return periodEnd(parsePeriodCode(code));
  } catch {
    return code;
  }
}

/** The fiscal year a period ends in (FY2022-end → 2022, 2025 → 2025), or null. */
export function fiscalYearOfPeriod(code: string): number | null {
  try {
    return fiscalYearOf(periodEnd(parsePeriodCode(code)));
  } catch {
    return null;
  }
}

export function sortedObservations<P extends OutlinePoint>(ind: { observations: P[] }): P[] {
  return [...ind.observations].sort((a, b) => endOf(a.period).localeCompare(endOf(b.period)));
}

/** Every fiscal year from the first to the last one the indicator mentions. */
export function fiscalYearRange(ind: OutlineIndicator | Indicator): number[] {
  const years = [ind.baselinePeriod, ind.targetPeriod, ...ind.observations.map((o) => o.period)]
    .filter((p): p is string => p !== null)
    .map(fiscalYearOfPeriod)
    .filter((y): y is number => y !== null);
  if (years.length === 0) return [];
  const from = Math.min(...years);
  const to = Math.max(...years);
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}

const cell = (value: string | number): string => {
  const s = String(value);
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
};

/** The observations as CSV: one header row, one row per observation, CRLF line ends. */
export function indicatorCsv(
  ind: Indicator,
  headers: string[],
  periodText: (code: string) => string,
): string {
  const rows = sortedObservations(ind).map((o) => [
    o.period,
    periodText(o.period),
    o.value,
    ind.unit,
    o.source,
    o.note,
  ]);
  return '\uFEFF' + [headers, ...rows].map((r) => r.map(cell).join(',')).join('\r\n') + '\r\n';
}
