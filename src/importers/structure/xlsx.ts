/**
 * An XLSX workbook → one table per sheet. Refuses, with one message each, what is not an
 * XLSX file, a password-protected (encrypted) or legacy .xls workbook, a corrupt or
 * truncated one, and a zip bomb (checked before exceljs unpacks anything).
 */
import type ExcelJS from 'exceljs';
import { problem, type ImportResult } from '../problems.ts';
import { inspectXlsx, ZIP_LIMITS } from '../survey/zip.ts';
import type { Cell, Table } from './tables.ts';

export const MAX_XLSX_BYTES = 20 * 1024 * 1024;
/** What all entries of a workbook may unpack to together. */
export const MAX_XLSX_UNPACKED = 100 * 1024 * 1024;
const MAX_ROWS = 50_000;
const MAX_COLUMNS = 100;

const ZIP = [0x50, 0x4b, 0x03, 0x04];
/** OLE compound file: what Excel writes for encrypted .xlsx and for old .xls. */
const CFB = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
const startsWith = (bytes: Uint8Array, sig: number[]): boolean => sig.every((b, i) => bytes[i] === b);

type Value = ExcelJS.CellValue;

function toCell(v: Value): Cell {
  if (v === null || v === undefined) return { text: '' };
  if (typeof v === 'number') return { text: String(v), number: v };
  if (typeof v === 'string') return { text: v.trim() };
  if (typeof v === 'boolean') return { text: v ? 'TRUE' : 'FALSE' };
  if (v instanceof Date) return { text: Number.isNaN(v.getTime()) ? '' : v.toISOString().slice(0, 10) };
  if ('error' in v) return { text: String(v.error), error: String(v.error) };
  if ('richText' in v)
    return {
      text: v.richText
        .map((r) => r.text)
        .join('')
        .trim(),
    };
  if ('hyperlink' in v) return { text: String(v.text ?? '').trim() };
  if ('formula' in v || 'sharedFormula' in v) {
    const f = 'formula' in v && v.formula ? v.formula : 'sharedFormula' in v ? v.sharedFormula : '';
    return { text: '', formula: String(f) };
  }
  return { text: '' };
}

/**
 * Reads every sheet of a workbook.
 * @example await readWorkbook(bytes, 'strategy.xlsx') // { ok: true, value: [{ source: 'nodes', … }] }
 */
export async function readWorkbook(bytes: Uint8Array, file: string): Promise<ImportResult<Table[]>> {
  const fail = (code: string, params: Record<string, string> = {}): ImportResult<Table[]> => ({
    ok: false,
    problems: [problem('error', code, { file, ...params }, { sheet: file })],
  });
  if (bytes.length === 0) return fail('file.empty');
  if (bytes.length > MAX_XLSX_BYTES)
    return fail('file.too_large', { size: mb(bytes.length), limit: mb(MAX_XLSX_BYTES) });
  if (startsWith(bytes, CFB)) return fail('xlsx.encrypted');
  if (!startsWith(bytes, ZIP)) return fail('xlsx.not_xlsx');
  // A zip bomb stops here: each entry is inflated with a hard cap, nothing else unpacked yet.
  const zip = inspectXlsx(bytes, { ...ZIP_LIMITS, maxUnpacked: MAX_XLSX_UNPACKED });
  if (!zip.ok) {
    if (zip.code === 'too_large_unpacked')
      return fail('file.too_large', { size: mb(zip.size), limit: mb(zip.limit) });
    if (zip.code === 'ratio')
      return fail('xlsx.corrupt', { reason: `${zip.entry} unpacks to ${zip.ratio} times its size` });
    return zip.code === 'corrupt' ? fail('xlsx.corrupt', { reason: zip.reason }) : fail(`xlsx.${zip.code}`);
  }
  // Loaded on first use: exceljs is large, and most commands never read a workbook.
  const { default: Excel } = await import('exceljs');
  const workbook = new Excel.Workbook();
  try {
    await workbook.xlsx.load(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) as never);
  } catch (err) {
    return fail('xlsx.corrupt', { reason: String((err as Error).message ?? err).slice(0, 120) });
  }
  const tables: Table[] = [];
  for (const ws of workbook.worksheets) {
    const rows: Table['rows'] = [];
    let header: string[] = [];
    let tooMany = false;
    ws.eachRow({ includeEmpty: false }, (row, no) => {
      if (rows.length >= MAX_ROWS) {
        tooMany = true;
        return;
      }
      const width = Math.min(MAX_COLUMNS, Math.max(row.cellCount, header.length));
      const cells = Array.from({ length: width }, (_, i) => toCell(row.getCell(i + 1).value));
      if (header.length === 0) header = cells.map((c) => c.text);
      else if (cells.some((c) => c.text !== '' || c.formula !== undefined)) rows.push({ no, cells });
    });
    if (tooMany) return fail('structure.too_many_rows', { sheet: ws.name, max: String(MAX_ROWS) });
    tables.push({ source: ws.name, name: ws.name.trim().toLowerCase(), header, rows });
  }
  return { ok: true, value: tables, problems: [] };
}

const mb = (n: number): string => `${(n / 1024 / 1024).toFixed(1)} MB`;
