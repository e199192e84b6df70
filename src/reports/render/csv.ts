/**
 * Open data as CSV: UTF-8 with a byte-order mark (so that Excel reads Japanese correctly),
 * CRLF line ends, RFC 4180 quoting, one row per node × initiative. Columns are documented
 * in schemas/report-cycle.csv.md; a cell that would start a formula is neutralised.
 */
import type { ReportCycleV1 } from '../open-data.ts';
import { neutraliseFormula } from './escape.ts';

export const CSV_COLUMNS = [
  'strategy_id',
  'cycle_id',
  'fiscal_year',
  'node_id',
  'node_code',
  'node_path',
  'mirror_of',
  'initiative_id',
  'initiative_title',
  'ministry_ids',
  'ministries',
  'stage_code',
  'stage_label',
  'text',
  'plans',
  'rating_code',
  'rating_label',
  'overview',
] as const;
export type CsvColumn = (typeof CSV_COLUMNS)[number];

/** Quotes a field when needed, after neutralising formulas. */
export function csvField(value: string | number): string {
  const text = typeof value === 'number' ? String(value) : neutraliseFormula(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvRows(data: ReportCycleV1): Record<CsvColumn, string | number>[] {
  const byId = new Map(data.nodes.map((n) => [n.id, n]));
  const path = (id: string): string[] => {
    const n = byId.get(id);
    return n ? [...(n.parentId === null ? [] : path(n.parentId)), n.title] : [];
  };
  return data.items.map((item) => {
    const node = byId.get(item.nodeId);
    const a = node?.assessment ?? null;
    return {
      strategy_id: data.strategy.id,
      cycle_id: data.cycle.id,
      fiscal_year: data.cycle.fiscalYear,
      node_id: item.nodeId,
      node_code: node?.code ?? '',
      node_path: path(item.nodeId).join(' > '),
      mirror_of: node?.mirrorOf ?? '',
      initiative_id: item.initiativeId,
      initiative_title: item.title,
      ministry_ids: item.owners.map((o) => o.id).join(';'),
      ministries: item.owners.map((o) => o.shortName).join('、'),
      stage_code: item.stage?.code ?? '',
      stage_label: item.stage?.labelJa ?? '',
      text: item.text,
      plans: item.plans.map((p) => `${p.period}: ${p.text}`).join('\n'),
      rating_code: a?.rating?.code ?? '',
      rating_label: a?.rating?.labelJa ?? '',
      overview: a ? [a.narrative, a.remark].filter((s) => s !== '').join('\n') : '',
    };
  });
}

export function renderCsv(data: ReportCycleV1): string {
  const lines = [CSV_COLUMNS.join(',')];
  for (const row of csvRows(data)) lines.push(CSV_COLUMNS.map((c) => csvField(row[c])).join(','));
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}
