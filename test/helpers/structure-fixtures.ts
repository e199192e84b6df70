/**
 * The structure-import fixture (test/fixtures/structure/dx, a small fictional strategy) as
 * input files: the CSV files themselves, or the same tables in one XLSX workbook.
 */
import { readdirSync, readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import { parseCsv } from '../../src/importers/structure/csv.ts';
import type { InputFile } from '../../src/importers/structure/index.ts';

const FIXTURES = new URL('../fixtures/structure/dx/', import.meta.url);

export const dxFiles = (): InputFile[] =>
  readdirSync(FIXTURES)
    .sort()
    .map((name) => ({ name, bytes: readFileSync(new URL(name, FIXTURES)) }));

/** The same tables as one workbook (numbers stored as numbers); `edit` may change it first. */
export async function dxWorkbook(edit?: (wb: ExcelJS.Workbook) => void): Promise<InputFile> {
  const wb = new ExcelJS.Workbook();
  for (const f of dxFiles()) {
    const parsed = parseCsv(Buffer.from(f.bytes).toString('utf8'), f.name);
    if (!parsed.ok) throw new Error(`cannot read fixture ${f.name}`);
    const ws = wb.addWorksheet(f.name.replace(/\.csv$/, ''));
    for (const r of parsed.value) ws.addRow(r.cells.map((c) => (/^\d+(\.\d+)?$/.test(c) ? Number(c) : c)));
  }
  edit?.(wb);
  return { name: 'dx.xlsx', bytes: new Uint8Array(await wb.xlsx.writeBuffer()) };
}
