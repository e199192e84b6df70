/**
 * A filled-in survey workbook → its control data (_meta) and the cells of every data row,
 * as readings (text, number, formula, error …) still to be judged against the database.
 * Refuses, with one message each, what is not a survey: empty, too large, not a ZIP,
 * encrypted, a zip bomb, corrupt or truncated, missing sheets, another template version,
 * moved columns. Never throws on bad input.
 */
import type ExcelJS from 'exceljs';
import { problem, type ImportResult, type Problem } from '../problems.ts';
import { readCell, type CellReading } from './cells.ts';
import {
  FIRST_DATA_ROW,
  HEADER_ROW,
  KPI,
  MAX_ROWS,
  META_KEYS,
  PROGRESS,
  SHEETS,
  TEMPLATE_KIND,
  TEMPLATE_VERSION,
  columnLetter,
  type ColumnSpec,
} from './layout.ts';
import { inspectXlsx } from './zip.ts';

export const MAX_SURVEY_BYTES = 10 * 1024 * 1024;

export interface SurveyMeta {
  strategyId: string;
  cycleId: string;
  organisationId: string;
  generatedAt: string;
}

/** Cells of one data row, keyed like the layout's columns. */
export interface SheetRow<K extends string> {
  row: number;
  cells: Record<K, CellReading>;
}

export type ProgressKey = 'text' | 'textEn' | 'stage' | 'plans' | 'entryId' | 'version' | 'digest';
export type KpiKey =
  'period' | 'value' | 'source' | 'note' | 'indicatorId' | 'observationId' | 'version' | 'digest';

export interface SurveyWorkbook {
  meta: SurveyMeta;
  /**
   * The progress sheet has the English column. A sheet made before it has not: its rows
   * leave the entries' English text as it is (its cells read empty).
   */
  english: boolean;
  progress: SheetRow<ProgressKey>[];
  kpi: SheetRow<KpiKey>[];
}

const PROGRESS_READ: Record<ProgressKey, ColumnSpec> = {
  text: PROGRESS.text,
  textEn: PROGRESS.textEn,
  stage: PROGRESS.stage,
  plans: PROGRESS.plans,
  entryId: PROGRESS.entryId,
  version: PROGRESS.version,
  digest: PROGRESS.digest,
};
const KPI_READ: Record<KpiKey, ColumnSpec> = {
  period: KPI.period,
  value: KPI.value,
  source: KPI.source,
  note: KPI.note,
  indicatorId: KPI.indicatorId,
  observationId: KPI.observationId,
  version: KPI.version,
  digest: KPI.digest,
};

const mb = (n: number): string => `${(n / 1024 / 1024).toFixed(1)} MB`;

function fileProblem(file: string, code: string, params: Record<string, string | number> = {}): Problem {
  return problem('error', `survey.file.${code}`, { file, ...params }, { sheet: file });
}

/** Checks the bytes before exceljs sees them; the archive verdict as a problem. */
export function checkSurveyBytes(bytes: Uint8Array, file: string): Problem | null {
  if (bytes.length === 0) return fileProblem(file, 'empty');
  if (bytes.length > MAX_SURVEY_BYTES) {
    return fileProblem(file, 'too_large', { size: mb(bytes.length), limit: mb(MAX_SURVEY_BYTES) });
  }
  const verdict = inspectXlsx(bytes);
  if (verdict.ok) return null;
  switch (verdict.code) {
    case 'corrupt':
      return fileProblem(file, 'corrupt', { reason: verdict.reason });
    case 'too_large_unpacked':
      return fileProblem(file, 'too_large_unpacked', { size: mb(verdict.size), limit: mb(verdict.limit) });
    case 'ratio':
      return fileProblem(file, 'ratio', { entry: verdict.entry, ratio: verdict.ratio });
    default:
      return fileProblem(file, verdict.code);
  }
}

function readMeta(ws: ExcelJS.Worksheet | undefined): SurveyMeta | Problem {
  const missing = problem('error', 'survey.meta.missing');
  if (!ws) return missing;
  const values = new Map<string, string>();
  for (let r = 1; r <= 20; r++) {
    const key = readCell(ws.getCell(r, 1).value);
    const value = readCell(ws.getCell(r, 2).value);
    if (key.kind !== 'text') continue;
    values.set(
      key.text,
      value.kind === 'text' ? value.text : value.kind === 'number' ? String(value.value) : '',
    );
  }
  if (values.get(META_KEYS.kind) !== TEMPLATE_KIND) return missing;
  const version = values.get(META_KEYS.version) ?? '';
  if (version !== String(TEMPLATE_VERSION)) {
    return problem('error', 'survey.meta.version', { found: version || '?', expected: TEMPLATE_VERSION });
  }
  const meta = {
    strategyId: values.get(META_KEYS.strategyId) ?? '',
    cycleId: values.get(META_KEYS.cycleId) ?? '',
    organisationId: values.get(META_KEYS.organisationId) ?? '',
    generatedAt: values.get(META_KEYS.generatedAt) ?? '',
  };
  return meta.cycleId && meta.organisationId && meta.strategyId ? meta : missing;
}

function headerText(ws: ExcelJS.Worksheet, c: ColumnSpec): string {
  const found = readCell(ws.getCell(HEADER_ROW, c.no).value);
  return found.kind === 'text' ? found.text.trim() : found.kind === 'number' ? String(found.value) : '';
}

function checkHeaders(ws: ExcelJS.Worksheet, spec: Record<string, ColumnSpec>): Problem[] {
  const out: Problem[] = [];
  // Hidden columns' headers are bookkeeping (version, digest): never named to a clerk.
  const hidden = new Set(Object.values(spec).flatMap((c) => (c.hidden ? [c.header] : [])));
  for (const c of Object.values(spec)) {
    const text = headerText(ws, c);
    if (c.optional && text === '') continue;
    if (text !== c.header) {
      const where = { sheet: ws.name, row: HEADER_ROW, column: columnLetter(c.no) };
      out.push(
        c.hidden
          ? // the hidden columns are the importer's, not the clerk's: never named or located
            problem('error', 'survey.header.hidden_changed', {}, { sheet: ws.name })
          : hidden.has(text) || text === ''
            ? problem('error', 'survey.header.moved', { expected: c.header }, where)
            : problem('error', 'survey.header.changed', { found: text, expected: c.header }, where),
      );
    }
  }
  return out;
}

function readRows<K extends string>(
  ws: ExcelJS.Worksheet,
  spec: Record<K, ColumnSpec>,
): SheetRow<K>[] | Problem {
  const rows: SheetRow<K>[] = [];
  const keys = Object.keys(spec) as K[];
  let tooMany = false;
  ws.eachRow({ includeEmpty: false }, (row, no) => {
    if (no < FIRST_DATA_ROW || tooMany) return;
    if (rows.length >= MAX_ROWS) {
      tooMany = true;
      return;
    }
    const cells = {} as Record<K, CellReading>;
    let empty = true;
    for (const k of keys) {
      const c = readCell(row.getCell(spec[k].no).value);
      cells[k] = c;
      if (c.kind !== 'empty') empty = false;
    }
    if (!empty) rows.push({ row: no, cells });
  });
  if (tooMany)
    return problem(
      'error',
      'survey.file.too_many_rows',
      { sheet: ws.name, max: MAX_ROWS },
      { sheet: ws.name },
    );
  return rows;
}

const isProblem = (v: unknown): v is Problem => typeof v === 'object' && v !== null && 'severity' in v;

/**
 * Reads a survey workbook, or says why it cannot be read.
 * @example await readSurveyWorkbook(bytes, '調査票.xlsx') // { ok: true, value: { meta, english, progress, kpi }, problems: [] }
 */
export async function readSurveyWorkbook(
  bytes: Uint8Array,
  file: string,
): Promise<ImportResult<SurveyWorkbook>> {
  const refused = checkSurveyBytes(bytes, file);
  if (refused) return { ok: false, problems: [refused] };
  const { default: Excel } = await import('exceljs');
  const wb = new Excel.Workbook();
  try {
    await wb.xlsx.load(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) as never);
  } catch (err) {
    const reason = String((err as Error)?.message ?? err).slice(0, 120);
    return { ok: false, problems: [fileProblem(file, 'corrupt', { reason })] };
  }
  const meta = readMeta(wb.getWorksheet(SHEETS.meta));
  if (isProblem(meta)) return { ok: false, problems: [meta] };
  const problems: Problem[] = [];
  const sheets = { progress: wb.getWorksheet(SHEETS.progress), kpi: wb.getWorksheet(SHEETS.kpi) };
  for (const [key, ws] of Object.entries(sheets)) {
    if (!ws) {
      const name = SHEETS[key as keyof typeof sheets];
      problems.push(problem('error', 'survey.sheet.missing', { sheet: name }, { sheet: name }));
    }
  }
  if (!sheets.progress || !sheets.kpi) return { ok: false, problems };
  problems.push(...checkHeaders(sheets.progress, PROGRESS), ...checkHeaders(sheets.kpi, KPI));
  if (problems.length) return { ok: false, problems };
  const english = headerText(sheets.progress, PROGRESS.textEn) !== '';
  const progress = readRows(sheets.progress, PROGRESS_READ);
  const kpi = readRows(sheets.kpi, KPI_READ);
  for (const r of [progress, kpi]) if (isProblem(r)) problems.push(r);
  if (isProblem(progress) || isProblem(kpi)) return { ok: false, problems };
  return { ok: true, value: { meta, english, progress, kpi }, problems: [] };
}
