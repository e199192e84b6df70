/**
 * Open data as CSV: UTF-8 with a byte-order mark (so that Excel reads Japanese correctly),
 * CRLF line ends, RFC 4180 quoting, one row per node × initiative. Columns are documented
 * in schemas/report-cycle.csv.md; a cell that would start a formula is neutralised.
 */
import type { ReportCycleV1 } from '../open-data.ts';
import { csvField } from '../../domain/csv.ts';

export const CSV_COLUMNS = [
  'strategy_id',
  'cycle_id',
  'fiscal_year',
  'node_id',
  'node_code',
  'node_path',
  'node_path_en',
  'mirror_of',
  'initiative_id',
  'initiative_title',
  'initiative_title_en',
  'ministry_ids',
  'ministries',
  'ministries_en',
  'stage_code',
  'stage_label',
  'stage_label_en',
  'text',
  'text_en',
  'plans',
  'exception_code',
  'exception_label',
  'exception_label_en',
  'rating_code',
  'rating_label',
  'rating_label_en',
  'overview',
  'overview_en',
  'revision',
  'corrected_in',
] as const;
export type CsvColumn = (typeof CSV_COLUMNS)[number];

/** The revisions whose corrections changed each subject (`type:id`), e.g. 'initiative:i06' → [1, 3]. */
function correctedIn(data: ReportCycleV1): Map<string, number[]> {
  const out = new Map<string, number[]>();
  for (const c of data.corrections)
    for (const x of c.changes) {
      const key = `${x.subject.type}:${x.subject.id}`;
      const list = out.get(key) ?? [];
      if (!list.includes(c.revision)) list.push(c.revision);
      out.set(key, list);
    }
  return out;
}

export function csvRows(data: ReportCycleV1): Record<CsvColumn, string | number>[] {
  const byId = new Map(data.nodes.map((n) => [n.id, n]));
  const corrected = correctedIn(data);
  const path = (id: string): { title: string; titleEn: string }[] => {
    const n = byId.get(id);
    return n ? [...(n.parentId === null ? [] : path(n.parentId)), n] : [];
  };
  // The English path only when every title on it has its English.
  const pathEn = (id: string): string => {
    const titles = path(id).map((n) => n.titleEn);
    return titles.every((s) => s.trim() !== '') ? titles.join(' > ') : '';
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
      node_path: path(item.nodeId)
        .map((n) => n.title)
        .join(' > '),
      node_path_en: pathEn(item.nodeId),
      mirror_of: node?.mirrorOf ?? '',
      initiative_id: item.initiativeId,
      initiative_title: item.title,
      initiative_title_en: item.titleEn,
      ministry_ids: item.owners.map((o) => o.id).join(';'),
      ministries: item.owners.map((o) => o.shortName).join('、'),
      ministries_en: item.owners.map((o) => o.nameEn).join('; '),
      stage_code: item.stage?.code ?? '',
      stage_label: item.stage?.labelJa ?? '',
      stage_label_en: item.stage?.labelEn ?? '',
      text: item.text,
      text_en: item.textEn,
      plans: item.plans.map((p) => `${p.period}: ${p.text}`).join('\n'),
      exception_code: item.exception?.kind ?? '',
      exception_label: item.exception?.labelJa ?? '',
      exception_label_en: item.exception?.labelEn ?? '',
      rating_code: a?.rating?.code ?? '',
      rating_label: a?.rating?.labelJa ?? '',
      rating_label_en: a?.rating?.labelEn ?? '',
      overview: a ? [a.narrative, a.remark].filter((s) => s !== '').join('\n') : '',
      overview_en: a?.narrativeEn ?? '',
      revision: data.revision ?? '',
      corrected_in: [
        ...new Set([
          ...(corrected.get(`initiative:${item.initiativeId}`) ?? []),
          ...(corrected.get(`node:${node?.mirrorOf ?? item.nodeId}`) ?? []),
        ]),
      ]
        .sort((x, y) => x - y)
        .join(';'),
    };
  });
}

export function renderCsv(data: ReportCycleV1): string {
  const lines = [CSV_COLUMNS.join(',')];
  for (const row of csvRows(data)) lines.push(CSV_COLUMNS.map((c) => csvField(row[c])).join(','));
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

export const CORRECTION_CSV_COLUMNS = [
  'strategy_id',
  'cycle_id',
  'revision',
  'corrected_at',
  'reason',
  'reason_en',
  'kind',
  'item_id',
  'field',
  'subject_type',
  'subject_id',
  'subject_title',
  'before',
  'after',
  'content_hash',
] as const;

/** A corrected value as a cell: text as it is, anything else as JSON (null: empty). */
const valueCell = (v: unknown): string =>
  v === null || v === undefined ? '' : typeof v === 'string' ? v : JSON.stringify(v);

/**
 * The companion file of the CSV: one row per corrected field, oldest correction first (only
 * the header when nothing was corrected). Columns: schemas/report-cycle.csv.md.
 */
export function renderCorrectionsCsv(data: {
  strategyId: string;
  cycleId: string;
  corrections: ReportCycleV1['corrections'];
}): string {
  const lines = [CORRECTION_CSV_COLUMNS.join(',')];
  for (const c of data.corrections)
    for (const x of c.changes) {
      const row: Record<(typeof CORRECTION_CSV_COLUMNS)[number], string | number> = {
        strategy_id: data.strategyId,
        cycle_id: data.cycleId,
        revision: c.revision,
        corrected_at: c.createdAt,
        reason: c.reason,
        reason_en: c.reasonEn,
        kind: x.kind,
        item_id: x.itemId,
        field: x.field,
        subject_type: x.subject.type,
        subject_id: x.subject.id,
        subject_title: x.subject.title,
        before: valueCell(x.before),
        after: valueCell(x.after),
        content_hash: c.contentHash,
      };
      lines.push(CORRECTION_CSV_COLUMNS.map((k) => csvField(row[k])).join(','));
    }
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

export const INDICATOR_CSV_COLUMNS = [
  'strategy_id',
  'cycle_id',
  'indicator_id',
  'indicator_name',
  'indicator_name_en',
  'node_id',
  'initiative_id',
  'unit',
  'direction',
  'period',
  'value',
  'source',
  'note',
  'baseline_period',
  'baseline_value',
  'target_period',
  'target_value',
  'target_text',
  'revision',
] as const;

/**
 * Every indicator's figures (実績値) of a cycle, one row per indicator × period (an
 * indicator without figures has one row with empty period and value), with its baseline and
 * target beside them. Same encoding and quoting as the progress CSV.
 */
export function renderIndicatorsCsv(data: ReportCycleV1): string {
  const lines = [INDICATOR_CSV_COLUMNS.join(',')];
  for (const k of data.indicators) {
    const rows = k.observations.length > 0 ? k.observations : [null];
    for (const o of rows) {
      const row: Record<(typeof INDICATOR_CSV_COLUMNS)[number], string | number | null> = {
        strategy_id: data.strategy.id,
        cycle_id: data.cycle.id,
        indicator_id: k.id,
        indicator_name: k.name,
        indicator_name_en: k.nameEn,
        node_id: k.nodeId,
        initiative_id: k.initiativeId,
        unit: k.unit,
        direction: k.direction,
        period: o?.period ?? '',
        value: o?.value ?? '',
        source: o?.source ?? '',
        note: o?.note ?? '',
        baseline_period: k.baselinePeriod,
        baseline_value: k.baselineValue,
        target_period: k.targetPeriod,
        target_value: k.targetValue,
        target_text: k.targetText,
        revision: data.revision ?? '',
      };
      lines.push(INDICATOR_CSV_COLUMNS.map((c) => csvField(row[c] ?? '')).join(','));
    }
  }
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}
