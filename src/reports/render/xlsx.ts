/**
 * XLSX for people who work in Excel: a flat sheet of every initiative listing × cycle, one
 * sheet per pillar (this cycle), and a KPI sheet with one row per observation. Japanese
 * headers, frozen header row, auto-filter, fixed column widths, wrapped text; every string
 * cell is formula-neutralised. Written with exceljs's streaming writer: each row becomes XML
 * and goes into the zip as it is added, instead of a workbook of cell objects that is
 * zipped in memory at the end (which took 600 MB for the largest strategy).
 */
import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import { inLang, jaText, plainMarks } from '../japanese-only.ts';
import { periodLabel, unitText } from '../kpi.ts';
import { t } from '../messages.ts';
import type { LedgerRow, ReportDocument } from '../model.ts';
import { neutraliseFormula } from '../../domain/csv.ts';
import { defined } from '../../domain/defined.ts';

interface Column<R> {
  key: string;
  width: number;
  value: (row: R) => string | number | null;
}

const ledgerColumns: Column<LedgerRow>[] = [
  { key: 'report.col_fiscal_year', width: 11, value: (r) => r.fiscalYear },
  { key: 'report.col_node_code', width: 9, value: (r) => r.nodeCode },
  { key: 'report.col_node_path', width: 48, value: (r) => r.nodePath },
  { key: 'report.col_initiative_id', width: 13, value: (r) => r.initiativeId },
  { key: 'report.col_initiative', width: 36, value: (r) => r.initiative },
  { key: 'report.col_ministries', width: 18, value: (r) => r.ministries },
  { key: 'report.col_stage', width: 12, value: (r) => r.stage },
  { key: 'report.col_text', width: 70, value: (r) => r.text },
  { key: 'report.col_plans', width: 36, value: (r) => r.plans },
  { key: 'report.col_rating', width: 16, value: (r) => r.rating },
  { key: 'report.col_overview', width: 70, value: (r) => r.overview },
];

type KpiRow = ReportDocument['data']['indicators'][number] & {
  period: string | null;
  value: number | null;
  source: string;
};

const FONT = { name: 'Meiryo', size: 10 };
// Characters XML 1.0 cannot carry (exceljs escapes the rest).
// eslint-disable-next-line no-control-regex -- removing control characters is the point
const clean = (s: string): string => s.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '');

type Writer = ExcelJS.stream.xlsx.WorkbookWriter;

function style(row: ExcelJS.Row, header: boolean): void {
  row.eachCell((cell) => {
    cell.font = header ? { ...FONT, bold: true, color: { argb: 'FFFFFFFF' } } : FONT;
    cell.alignment = { vertical: 'top', wrapText: true };
    if (header) cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FF1F4E79' } };
  });
}

async function addSheet<R>(wb: Writer, doc: ReportDocument, name: string, cols: Column<R>[], rows: R[]) {
  // Printed on A4 landscape, each page as wide as the sheet, the header row on every page.
  const ws = wb.addWorksheet(name, {
    views: [{ state: 'frozen', ySplit: 1 }],
    pageSetup: {
      paperSize: 9,
      orientation: 'landscape',
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
      printTitlesRow: '1:1',
      margins: { left: 0.4, right: 0.4, top: 0.5, bottom: 0.5, header: 0.3, footer: 0.3 },
    },
    headerFooter: { oddFooter: `&L${clean(doc.meta.source).replace(/&/g, '&&')}&R&P / &N` },
  });
  ws.columns = cols.map((c) => ({ header: t(doc.lang, c.key), key: c.key, width: c.width }));
  style(ws.getRow(1), true);
  for (const row of rows) {
    const added = ws.addRow(
      cols.map((c) => {
        const v = c.value(row);
        return typeof v === 'string' ? neutraliseFormula(clean(v)) : v;
      }),
    );
    style(added, false);
    added.commit();
  }
  ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: cols.length } };
  ws.commit();
  // Let the zip take the sheet's XML before the next sheet is written.
  await new Promise((resolve) => setImmediate(resolve));
}

/** A sheet name Excel accepts: at most 31 characters, none of []:*?/\, unique in the book. */
export function sheetName(wanted: string, taken: Set<string>): string {
  const base =
    wanted
      .replace(/[[\]:*?/\\]/g, '・')
      .slice(0, 31)
      .replace(/^'+|'+$/g, '')
      .trim() || 'Sheet';
  let name = base;
  for (let i = 2; taken.has(name.toLowerCase()); i++)
    name = `${base.slice(0, 31 - String(i).length - 1)}_${i}`;
  taken.add(name.toLowerCase());
  return name;
}

interface CorrectionRow {
  revision: string;
  at: string;
  reason: string;
  subject: string;
  field: string;
  before: string;
  after: string;
  hash: string;
}

const correctionColumns: Column<CorrectionRow>[] = [
  { key: 'report.col_revision', width: 22, value: (r) => r.revision },
  { key: 'report.col_corrected_at', width: 20, value: (r) => r.at },
  { key: 'report.col_reason', width: 40, value: (r) => r.reason },
  { key: 'report.col_subject', width: 36, value: (r) => r.subject },
  { key: 'report.col_field', width: 14, value: (r) => r.field },
  { key: 'report.col_before', width: 50, value: (r) => r.before },
  { key: 'report.col_after', width: 50, value: (r) => r.after },
  { key: 'report.col_content_hash', width: 20, value: (r) => r.hash },
];

/** The edition this workbook shows first, then one row per corrected field up to it. */
function correctionRows(doc: ReportDocument): CorrectionRow[] {
  const ed = defined(doc.edition, 'the edition of a correction');
  const { lang } = doc;
  const edition: CorrectionRow = {
    revision: ed.label,
    at: t(lang, 'report.published_on', { date: ed.publishedOn }),
    reason: ed.corrections.length === 0 ? t(lang, 'report.corrections_none') : '',
    subject: doc.meta.title,
    field: '',
    before: '',
    after: '',
    hash: ed.contentHash,
  };
  return [
    edition,
    ...ed.corrections.flatMap((c) =>
      c.changes.map((x) => ({
        revision: c.heading,
        at: c.correctedAt,
        reason: c.reason,
        subject: x.subject,
        field: x.field,
        before: x.before,
        after: x.after,
        hash: '',
      })),
    ),
  ];
}

function kpiRows(doc: ReportDocument): KpiRow[] {
  return doc.data.indicators.flatMap((k): KpiRow[] =>
    k.observations.length === 0
      ? [{ ...k, period: null, value: null, source: '' }]
      : k.observations.map((o) => ({ ...k, period: o.period, value: o.value, source: o.source })),
  );
}

export async function renderXlsx(doc: ReportDocument): Promise<Buffer> {
  const { lang } = doc;
  const chunks: Buffer[] = [];
  const stream = new PassThrough().on('data', (chunk: Buffer) => chunks.push(chunk));
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream, useStyles: true, useSharedStrings: true });
  wb.creator = clean(doc.meta.issuer) || 'shinchoku';
  wb.title = clean(doc.meta.title);
  // The revision's date: the same revision always gives the same properties.
  wb.created = new Date(doc.meta.issuedAt);
  wb.modified = new Date(doc.meta.issuedAt);
  wb.lastModifiedBy = wb.creator;
  const taken = new Set<string>();
  await addSheet(wb, doc, sheetName(t(lang, 'report.sheet_all'), taken), ledgerColumns, doc.ledger);
  const current = doc.ledger.filter((r) => r.cycleId === doc.meta.cycleId);
  for (const s of doc.sections) {
    const rows = current.filter((r) => r.pillarId === s.nodeId);
    await addSheet(wb, doc, sheetName(`${s.code} ${s.title}`, taken), ledgerColumns, rows);
  }
  const period = (p: string | null) => (p === null ? '' : periodLabel(p, lang));
  // The KPI rows come from the open data (both languages): an English sheet picks the English
  // and marks what has none, as the rest of the document is marked before it gets here.
  const marked = (ja: string, en: string | null) =>
    plainMarks(en === null ? jaText(lang, ja) : inLang(lang, ja, en));
  const kpiColumns: Column<KpiRow>[] = [
    { key: 'report.col_indicator_id', width: 12, value: (k) => k.id },
    { key: 'report.col_indicator', width: 56, value: (k) => marked(k.name, k.nameEn) },
    { key: 'report.col_unit', width: 8, value: (k) => plainMarks(unitText(k.unit, lang)).trim() },
    { key: 'report.col_baseline', width: 10, value: (k) => k.baselineValue },
    { key: 'report.col_baseline_period', width: 14, value: (k) => period(k.baselinePeriod) },
    { key: 'report.col_target', width: 10, value: (k) => k.targetValue },
    { key: 'report.col_target_text', width: 16, value: (k) => marked(k.targetText, null) },
    { key: 'report.col_target_period', width: 14, value: (k) => period(k.targetPeriod) },
    { key: 'report.col_period', width: 14, value: (k) => period(k.period) },
    { key: 'report.col_value', width: 10, value: (k) => k.value },
    { key: 'report.col_source', width: 30, value: (k) => marked(k.source, null) },
  ];
  await addSheet(wb, doc, sheetName(t(lang, 'report.sheet_kpi'), taken), kpiColumns, kpiRows(doc));
  if (doc.edition) {
    const sheet = sheetName(t(lang, 'report.sheet_corrections'), taken);
    await addSheet(wb, doc, sheet, correctionColumns, correctionRows(doc));
  }
  await wb.commit();
  return Buffer.concat(chunks);
}
