/**
 * Small judgements on the cells of a data row, shared by both sheets' validation: where a
 * cell is, formula and error cells refused, ids and versions read from hidden cells, texts
 * held to a length.
 */
import { problem, type Problem } from '../problems.ts';
import { cellText, clip, parseNumber, type CellReading } from './cells.ts';
import { columnLetter } from './layout.ts';
import type { SheetRow } from './read.ts';

export const MAX_TEXT = 20_000;
export const MAX_LABEL = 1_000;

export type Where = { sheet: string; row: number; column: string };
export const at = (sheet: string, row: number, no: number): Where => ({
  sheet,
  row,
  column: columnLetter(no),
});

/** Formula and error cells are refused wherever they are: no computed value is taken. */
export function cellProblems<K extends string>(
  sheet: string,
  r: SheetRow<K>,
  columns: Record<K, { no: number; hidden?: boolean }>,
): Problem[] {
  const out: Problem[] = [];
  for (const key of Object.keys(r.cells) as K[]) {
    const c = r.cells[key];
    // a clerk cannot see a hidden column: the row is named, never the column
    const spec = columns[key];
    const where = spec.hidden ? { sheet, row: r.row } : at(sheet, r.row, spec.no);
    if (c.kind === 'formula')
      out.push(problem('error', 'survey.cell.formula', { formula: clip(c.formula) }, where));
    if (c.kind === 'error') out.push(problem('error', 'survey.cell.error', { error: c.error }, where));
  }
  return out;
}

export function idOf(c: CellReading): string | null {
  const text = cellText(c).trim();
  return /^[A-Za-z0-9][A-Za-z0-9._-]{0,199}$/.test(text) ? text : null;
}

export function versionOf(c: CellReading): number | null {
  const n = parseNumber(c);
  return n !== null && Number.isInteger(n) && n >= 1 ? n : null;
}

export function tooLong(text: string, max: number, where: Where): Problem | null {
  const length = [...text].length;
  return length > max ? problem('error', 'survey.cell.too_long', { max, length }, where) : null;
}
