/**
 * Every submission of a cycle with its review state, as one worksheet (提出状況一覧): the
 * secretariat's overview to sort, filter and print. A4 landscape, fitted to the page width,
 * the header row repeated on every printed page.
 */
import type ExcelJS from 'exceljs';
import { xmlSafe as cellText } from '../../importers/survey/cells.ts';
import { t, type Lang } from '../messages.ts';

export interface SubmissionRow {
  entryId: string;
  /** 柱 › 目標 › 具体目標 of the first listing */
  target: string;
  initiative: string;
  ministries: string;
  /** The state's label in the sheet's language. */
  state: string;
  stage: string;
  text: string;
  plans: string;
  submittedAt: string;
  updatedAt: string;
  updatedBy: string;
  reviewComment: string;
}

const COLUMNS: { key: keyof SubmissionRow; width: number }[] = [
  { key: 'target', width: 30 },
  { key: 'initiative', width: 30 },
  { key: 'ministries', width: 14 },
  { key: 'state', width: 14 },
  { key: 'stage', width: 12 },
  { key: 'text', width: 60 },
  { key: 'plans', width: 30 },
  { key: 'submittedAt', width: 18 },
  { key: 'updatedAt', width: 18 },
  { key: 'updatedBy', width: 16 },
  { key: 'reviewComment', width: 30 },
  { key: 'entryId', width: 28 },
];

/** The workbook: one sheet, a row per entry, the labels in `lang`. */
export async function submissionsWorkbook(lang: Lang, title: string, rows: SubmissionRow[]): Promise<Buffer> {
  // Loaded on first use: exceljs is large, and most requests never write a workbook.
  const { default: Excel } = await import('exceljs');
  const workbook: ExcelJS.Workbook = new Excel.Workbook();
  const sheet = workbook.addWorksheet(t(lang, 'report.submissions.sheet'), {
    pageSetup: {
      paperSize: 9, // A4
      orientation: 'landscape',
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
      printTitlesRow: '1:1',
    },
    views: [{ state: 'frozen', ySplit: 1 }],
    headerFooter: { oddHeader: `&L${cellText(title).replace(/&/g, '&&')}`, oddFooter: '&C&P / &N' },
  });
  sheet.columns = COLUMNS.map((c) => ({
    key: c.key,
    width: c.width,
    header: t(lang, `report.submissions.col.${c.key}`),
  }));
  sheet.getRow(1).font = { bold: true };
  for (const r of rows) {
    const row = sheet.addRow(Object.fromEntries(COLUMNS.map((c) => [c.key, cellText(r[c.key])])));
    row.alignment = { vertical: 'top', wrapText: true };
  }
  sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: COLUMNS.length } };
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
