/**
 * The paragraphs of the deck's table cells: target labels, progress bullets ending with
 * their ministries' tag, and the 概況 with its rating badge (a label, not colour alone).
 */
import { t } from '../messages.ts';
import type { Overview, ReportDocument, Row } from '../model.ts';
import { badgeColours, badgeText } from './layout.ts';
import type { Cell, GridRow, Para } from './pptx-grid.ts';

const BODY = 11;
const SMALL = 10;
const MUTED = '595959';

export function labelCell(labels: string[]): Cell {
  return labels.map((text) => ({ text, size: BODY, bold: true, after: 6 }));
}

export function itemCell(doc: ReportDocument, row: Row): Cell {
  const cell: Cell = [];
  for (const item of row.items) {
    cell.push({
      text: `${item.text}${item.ownerTag}`,
      size: BODY,
      bullet: 0,
      after: 3,
      ...(item.reported ? {} : { color: MUTED }),
    });
    for (const k of item.kpis) cell.push({ text: k.line, size: SMALL, bullet: 1, after: 2 });
    for (const plan of item.plans) cell.push({ text: plan, size: SMALL, bullet: 1, after: 2 });
  }
  for (const k of row.kpis) cell.push({ text: k.line, size: SMALL, bullet: 0, after: 2 });
  if (cell.length === 0) cell.push({ text: t(doc.lang, 'report.no_progress'), size: BODY, color: MUTED });
  return cell;
}

export function overviewCell(doc: ReportDocument, overview: Overview | null): Cell {
  if (!overview) return [{ text: t(doc.lang, 'report.no_overview'), size: BODY, color: MUTED }];
  const cell: Cell = [];
  const badge = badgeText(doc, overview);
  if (badge !== null) {
    const [fill, colour] = badgeColours(overview.rating);
    cell.push({
      text: badge,
      bold: true,
      color: colour,
      highlight: fill,
      size: SMALL,
      after: 5,
    });
  }
  for (const text of overview.narrative.split('\n').filter((s) => s.trim() !== '')) {
    cell.push({ text, size: BODY, after: 4 });
  }
  if (overview.remark.trim() !== '') {
    cell.push({
      text: t(doc.lang, 'report.remark', { text: overview.remark }),
      size: SMALL,
      color: MUTED,
    });
  }
  return cell;
}

export function summaryRows(doc: ReportDocument): GridRow[] {
  return (doc.summary?.pillars ?? []).map((p) => ({
    cells: [
      [{ text: p.title, size: 12, bold: true, color: '1F4E79' }],
      p.bullets.map((text): Para => ({ text, size: BODY, bullet: 0, after: 3 })),
    ],
    fills: ['EEF3F8', undefined],
  }));
}
