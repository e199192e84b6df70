/**
 * Writes the survey workbook (調査票) a ministry fills in: 記入要領 (instructions),
 * 進捗調査票 (one row per initiative), KPI (figures of the ministry's indicators) and the
 * hidden _meta sheet. Input cells are unlocked and yellow; everything else is locked by
 * sheet protection without a password — a guard rail against slips, not a security
 * boundary: the importer checks every cell it reads whatever the protection says.
 */
import type ExcelJS from 'exceljs';
import type { Plan } from '../../domain/model.ts';
import { plansText, progressCells, rowDigest, xmlSafe } from './cells.ts';
import { guideLines } from './guide.ts';
import {
  BLANK_KPI_ROWS,
  FIRST_DATA_ROW,
  HEADER_ROW,
  KPI,
  META_KEYS,
  META_STAGE_COLUMN,
  PROGRESS,
  REVIEW_STATE_LABELS,
  SHEETS,
  TEMPLATE_KIND,
  TEMPLATE_VERSION,
  columnLetter,
  type ColumnSpec,
} from './layout.ts';

export interface SurveyProgressRow {
  entryId: string;
  version: number;
  path: string;
  initiative: string;
  owners: string;
  previous: string;
  text: string;
  /** The progress text in English ('' when not translated). */
  textEn: string;
  /** Stage label (already translated from its code), '' for none. */
  stage: string;
  plans: Plan[];
  reviewState: string;
  reviewComment: string;
  /** False when the entry is submitted or accepted: the row is shown but locked. */
  editable: boolean;
}

export interface SurveyObservationRow {
  id: string;
  version: number;
  /** As shown: 2023年度末 … */
  period: string;
  value: number;
  source: string;
  note: string;
  /** Which cycle reported it, for people: 今回 / 2022年度. */
  reported: string;
  /** Only figures of this cycle can be corrected. */
  editable: boolean;
}

export interface SurveyIndicator {
  id: string;
  name: string;
  unit: string;
  initiative: string;
  target: string;
  observations: SurveyObservationRow[];
}

export interface SurveyTemplateData {
  strategyId: string;
  strategyTitle: string;
  cycleId: string;
  /** e.g. 2023年度 */
  cycleLabel: string;
  deadline: string | null;
  organisationId: string;
  organisationName: string;
  stages: string[];
  rows: SurveyProgressRow[];
  indicators: SurveyIndicator[];
  generatedAt: string;
}

const FONT = { name: 'Meiryo', size: 10 };
const INPUT_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFF2CC' } };
const LOCKED_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFF2F2F2' } };
const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDDEBF7' } };
const WRAP: Partial<ExcelJS.Alignment> = { wrapText: true, vertical: 'top' };
/** Allowed on the protected sheets: select, resize rows (long texts), filter. No unhiding columns. */
const PROTECTION: Partial<ExcelJS.WorksheetProtection> = {
  selectLockedCells: true,
  selectUnlockedCells: true,
  formatRows: true,
  formatColumns: false,
  autoFilter: true,
};

/** The digest of a progress row's input cells as written (see cells.rowDigest). */
export function progressDigest(row: Pick<SurveyProgressRow, 'text' | 'textEn' | 'stage' | 'plans'>): string {
  return rowDigest(
    progressCells([xmlSafe(row.text), row.stage, xmlSafe(plansText(row.plans))], xmlSafe(row.textEn)),
  );
}

/** The digest of a KPI row's input cells as written. */
export function observationDigest(o: Pick<SurveyObservationRow, 'period' | 'value' | 'source' | 'note'>) {
  return rowDigest([o.period, String(o.value), xmlSafe(o.source), xmlSafe(o.note)]);
}

/** The workbook's title: its first line and its document property. */
const titleOf = (d: SurveyTemplateData): string =>
  `「${d.strategyTitle}」フォローアップ ${d.cycleLabel} 進捗調査票 — ${d.organisationName}`;

/**
 * Printed on A4 landscape, each page as wide as the sheet (fitToWidth needs the fitToPage
 * flag, or Excel ignores it), `titleRows` on every page, the title and page numbers below.
 */
function printed(d: SurveyTemplateData, titleRows?: string): Partial<ExcelJS.AddWorksheetOptions> {
  return {
    pageSetup: {
      paperSize: 9,
      orientation: 'landscape',
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
      ...(titleRows && { printTitlesRow: titleRows }),
      margins: { left: 0.4, right: 0.4, top: 0.5, bottom: 0.5, header: 0.3, footer: 0.3 },
    },
    headerFooter: { oddFooter: `&L${xmlSafe(titleOf(d)).replace(/&/g, '&&')}&R&P / &N` },
  };
}

function setColumns(ws: ExcelJS.Worksheet, spec: Record<string, ColumnSpec>): void {
  for (const c of Object.values(spec)) {
    const column = ws.getColumn(c.no);
    column.width = c.width;
    column.font = FONT;
    if (c.hidden) column.hidden = true;
    const header = ws.getCell(HEADER_ROW, c.no);
    header.value = c.header;
    header.font = { ...FONT, bold: true };
    header.fill = HEADER_FILL;
    header.alignment = { wrapText: true, vertical: 'middle' };
  }
}

function heading(ws: ExcelJS.Worksheet, lines: string[]): void {
  lines.forEach((text, i) => {
    const cell = ws.getCell(i + 1, 1);
    cell.value = text;
    cell.font = { ...FONT, bold: i === 0, size: i === 0 ? 12 : 10 };
  });
}

function inputCell(cell: ExcelJS.Cell, editable: boolean): void {
  cell.alignment = WRAP;
  cell.fill = editable ? INPUT_FILL : LOCKED_FILL;
  if (editable) cell.protection = { locked: false };
}

function progressSheet(wb: ExcelJS.Workbook, d: SurveyTemplateData): ExcelJS.Worksheet {
  const ws = wb.addWorksheet(SHEETS.progress, {
    views: [{ state: 'frozen', ySplit: HEADER_ROW, xSplit: 3 }],
    ...printed(d, `${HEADER_ROW}:${HEADER_ROW}`),
  });
  heading(ws, [
    titleOf(d),
    `提出期限: ${d.deadline ?? '（事務局からの連絡による）'}\u3000作成日時: ${d.generatedAt}`,
    '黄色のセルに記入してください。灰色のセルは変更できません。記入方法は「記入要領」シートを参照してください。',
  ]);
  setColumns(ws, PROGRESS);
  const stageColumn = columnLetter(META_STAGE_COLUMN);
  const stageRange = `'${SHEETS.meta}'!$${stageColumn}$1:$${stageColumn}$${Math.max(1, d.stages.length)}`;
  d.rows.forEach((r, i) => {
    const row = ws.getRow(FIRST_DATA_ROW + i);
    const state =
      r.reviewState === 'returned' && r.reviewComment
        ? `${REVIEW_STATE_LABELS.returned}: ${r.reviewComment}`
        : (REVIEW_STATE_LABELS[r.reviewState] ?? r.reviewState);
    row.getCell(PROGRESS.no.no).value = i + 1;
    row.getCell(PROGRESS.path.no).value = xmlSafe(r.path);
    row.getCell(PROGRESS.initiative.no).value = xmlSafe(r.initiative);
    row.getCell(PROGRESS.owners.no).value = r.owners;
    row.getCell(PROGRESS.previous.no).value = xmlSafe(r.previous);
    row.getCell(PROGRESS.text.no).value = xmlSafe(r.text);
    row.getCell(PROGRESS.textEn.no).value = xmlSafe(r.textEn);
    row.getCell(PROGRESS.stage.no).value = r.stage;
    row.getCell(PROGRESS.plans.no).value = xmlSafe(plansText(r.plans));
    row.getCell(PROGRESS.state.no).value = xmlSafe(state);
    row.getCell(PROGRESS.entryId.no).value = r.entryId;
    row.getCell(PROGRESS.version.no).value = r.version;
    row.getCell(PROGRESS.digest.no).value = progressDigest(r);
    for (const c of [
      PROGRESS.path,
      PROGRESS.initiative,
      PROGRESS.owners,
      PROGRESS.previous,
      PROGRESS.state,
    ]) {
      row.getCell(c.no).alignment = WRAP;
    }
    for (const c of [PROGRESS.text, PROGRESS.stage, PROGRESS.plans, PROGRESS.textEn])
      inputCell(row.getCell(c.no), r.editable);
    if (r.editable) {
      row.getCell(PROGRESS.stage.no).dataValidation = {
        type: 'list',
        allowBlank: true,
        formulae: [stageRange],
        showErrorMessage: true,
        errorStyle: 'stop',
        errorTitle: '段階',
        error: '一覧から選んでください',
      };
    }
  });
  return ws;
}

function kpiSheet(wb: ExcelJS.Workbook, d: SurveyTemplateData): ExcelJS.Worksheet {
  const ws = wb.addWorksheet(SHEETS.kpi, {
    views: [{ state: 'frozen', ySplit: HEADER_ROW }],
    ...printed(d, `${HEADER_ROW}:${HEADER_ROW}`),
  });
  heading(ws, [
    `KPI 実績値 — ${d.organisationName}（${d.cycleLabel}）`,
    '新しい期間の値は、各指標の下の空いている黄色の行に「期間」「値」を記入してください（出典・備考は任意）。',
    '期間の例: 2023年度末、2023年度、R5年度末、2024年3月。値は数値だけを入れてください（単位は不要）。',
  ]);
  setColumns(ws, KPI);
  ws.getColumn(KPI.period.no).numFmt = '@';
  let at = FIRST_DATA_ROW;
  for (const ind of d.indicators) {
    const rows: (SurveyObservationRow | null)[] = [
      ...ind.observations,
      ...Array.from({ length: BLANK_KPI_ROWS }, () => null),
    ];
    for (const o of rows) {
      const row = ws.getRow(at++);
      row.getCell(KPI.indicator.no).value = xmlSafe(ind.name);
      row.getCell(KPI.unit.no).value = xmlSafe(ind.unit);
      row.getCell(KPI.initiative.no).value = xmlSafe(ind.initiative);
      row.getCell(KPI.target.no).value = xmlSafe(ind.target);
      row.getCell(KPI.indicatorId.no).value = ind.id;
      for (const c of [KPI.indicator, KPI.initiative, KPI.target]) row.getCell(c.no).alignment = WRAP;
      const period = row.getCell(KPI.period.no);
      period.numFmt = '@';
      if (o) {
        period.value = o.period;
        row.getCell(KPI.value.no).value = o.value;
        row.getCell(KPI.source.no).value = xmlSafe(o.source);
        row.getCell(KPI.note.no).value = xmlSafe(o.note);
        row.getCell(KPI.reported.no).value = o.reported;
        row.getCell(KPI.observationId.no).value = o.id;
        row.getCell(KPI.version.no).value = o.version;
        row.getCell(KPI.digest.no).value = observationDigest(o);
        // The period names the figure: a figure of a new period goes on a blank row.
        inputCell(period, false);
        for (const c of [KPI.value, KPI.source, KPI.note]) inputCell(row.getCell(c.no), o.editable);
      } else {
        for (const c of [KPI.period, KPI.value, KPI.source, KPI.note]) inputCell(row.getCell(c.no), true);
      }
    }
  }
  return ws;
}

function guideSheet(wb: ExcelJS.Workbook, d: SurveyTemplateData): void {
  const ws = wb.addWorksheet(SHEETS.guide, printed(d));
  ws.getColumn(1).width = 110;
  guideLines(d).forEach((text, i) => {
    const cell = ws.getCell(i + 1, 1);
    cell.value = text;
    cell.font = { ...FONT, bold: i === 0 || /^■/.test(text), size: i === 0 ? 12 : 10 };
    cell.alignment = { wrapText: true, vertical: 'top' };
  });
}

function metaSheet(wb: ExcelJS.Workbook, d: SurveyTemplateData): void {
  const ws = wb.addWorksheet(SHEETS.meta, { state: 'veryHidden' });
  const pairs: [string, string | number][] = [
    [META_KEYS.kind, TEMPLATE_KIND],
    [META_KEYS.version, TEMPLATE_VERSION],
    [META_KEYS.strategyId, d.strategyId],
    [META_KEYS.cycleId, d.cycleId],
    [META_KEYS.organisationId, d.organisationId],
    [META_KEYS.generatedAt, d.generatedAt],
  ];
  pairs.forEach(([k, v], i) => {
    ws.getCell(i + 1, 1).value = k;
    ws.getCell(i + 1, 2).value = v;
  });
  d.stages.forEach((label, i) => (ws.getCell(i + 1, META_STAGE_COLUMN).value = label));
}

/**
 * The workbook as bytes.
 * @example await writeSurveyTemplate(data) // Buffer of an .xlsx file
 */
export async function writeSurveyTemplate(d: SurveyTemplateData): Promise<Buffer> {
  // Loaded on first use: exceljs is large, and most commands never write a workbook.
  const { default: Excel } = await import('exceljs');
  const wb = new Excel.Workbook();
  // The properties a file manager shows: the sheet's own title and its creation time.
  wb.creator = 'shinchoku';
  wb.lastModifiedBy = wb.creator;
  wb.title = xmlSafe(titleOf(d));
  wb.created = new Date(d.generatedAt);
  wb.modified = wb.created;
  guideSheet(wb, d);
  const progress = progressSheet(wb, d);
  const kpi = kpiSheet(wb, d);
  metaSheet(wb, d);
  wb.views = [
    { x: 0, y: 0, width: 20000, height: 12000, firstSheet: 0, activeTab: 1, visibility: 'visible' },
  ];
  await progress.protect('', PROTECTION);
  await kpi.protect('', PROTECTION);
  return Buffer.from(await wb.xlsx.writeBuffer());
}
