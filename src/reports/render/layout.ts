/**
 * Layout decisions every renderer shares: which goals are shown together in one table, and
 * how a rating reads as a badge (its label, with colours that keep AA contrast).
 */
import { t } from '../messages.ts';
import type { Overview, Page, ReportDocument, Term } from '../model.ts';

/** Badge colours by rating category: [fill, text]; every pair passes WCAG AA contrast. */
const NO_BADGE: [string, string] = ['E6E6E6', '333333'];

export const BADGE: Record<string, [string, string]> = {
  good: ['D7EEDB', '1B5E20'],
  neutral: ['FFF3C4', '5D4200'],
  attention: ['FBD9D3', '8A1C0B'],
  '': NO_BADGE,
};

export function badgeColours(rating: Term | null): [string, string] {
  return BADGE[rating?.category ?? ''] ?? NO_BADGE;
}

/** The text of a rating badge: 評価：着実に進展 (plus 加速が必要 when flagged). */
export function badgeText(doc: ReportDocument, overview: Overview): string | null {
  const parts: string[] = [];
  if (overview.rating) parts.push(t(doc.lang, 'report.rating_badge', { label: overview.rating.label }));
  if (overview.needsAcceleration && overview.rating?.category !== 'attention') {
    parts.push(t(doc.lang, 'report.needs_acceleration'));
  }
  return parts.length > 0 ? parts.join(' / ') : null;
}

/** A goal without targets: its one row is the goal itself. */
const isLeaf = (p: Page): boolean =>
  p.note === '' &&
  p.rows.length === 1 &&
  p.rows[0]?.nodeIds.length === 1 &&
  p.rows[0].nodeIds[0] === p.nodeId;

/** Runs of consecutive leaf goals become one group; every other page stands alone. */
export function groupLeafPages(pages: Page[]): Page[][] {
  const groups: Page[][] = [];
  for (const page of pages) {
    const last = groups[groups.length - 1];
    if (isLeaf(page) && last?.[0] && isLeaf(last[0])) last.push(page);
    else groups.push([page]);
  }
  return groups;
}
