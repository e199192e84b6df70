/**
 * Budget figures for people: yen in 百万円 (millions), as the administrative project review
 * publishes them, and execution rates as percentages.
 */
import type { Lang } from '../../../src/i18n.ts';

/** @example yenLabel(4_318_000_000, 'ja') // '4,318百万円' */
export function yenLabel(yen: number | null, lang: Lang): string {
  if (yen === null) return lang === 'ja' ? '未確定' : 'not yet known';
  const millions = (yen / 1_000_000).toLocaleString(lang === 'ja' ? 'ja-JP' : 'en-GB', {
    maximumFractionDigits: 1,
  });
  return lang === 'ja' ? `${millions}百万円` : `¥${millions} million`;
}

/** @example rateLabel(0.9412) // '94.1%' */
export function rateLabel(rate: number | null): string {
  return rate === null ? '—' : `${(rate * 100).toFixed(1)}%`;
}

/** A budget line's total: initial, supplementary, carried over and reserve fund. */
export function lineTotal(l: {
  initialBudget: number;
  supplementaryBudget: number;
  carriedOver: number;
  reserveFund: number;
}): number {
  return l.initialBudget + l.supplementaryBudget + l.carriedOver + l.reserveFund;
}
