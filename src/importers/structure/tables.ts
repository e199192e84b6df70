/**
 * One table per kind of record, from a CSV file or an XLSX sheet: a header of column names
 * and rows of cells that remember where they came from (sheet or file, row, column letter).
 */
import { parseCsv } from './csv.ts';
import type { ImportResult } from '../problems.ts';

export interface Cell {
  /** What the cell shows, trimmed ('' when empty). */
  text: string;
  /** Set when the cell holds a number (XLSX) — CSV cells are always text. */
  number?: number;
  /** Set when the cell holds a formula: formulas are refused, values are wanted. */
  formula?: string;
  /** Set when the cell holds an error value (#N/A, #REF! …). */
  error?: string;
}

export interface Table {
  /** The sheet name or file name, as messages name it. */
  source: string;
  /** Lowercased sheet name or file stem, used to tell the kind of the table. */
  name: string;
  header: string[];
  rows: { no: number; cells: Cell[] }[];
}

/** Spreadsheet column letters: 0 → A, 26 → AA. */
export function columnLetter(index: number): string {
  let n = index + 1;
  let s = '';
  while (n > 0) {
    const r = (n - 1) % 26;
    s = String.fromCharCode(65 + r) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

export const stemOf = (file: string): string =>
  (file.split(/[\\/]/).at(-1) ?? file).replace(/\.[^.]+$/, '').toLowerCase();

/** A CSV file as a table: the first record is the header. */
export function csvTable(text: string, file: string): ImportResult<Table> {
  const parsed = parseCsv(text, file);
  if (!parsed.ok) return parsed;
  const [head, ...rest] = parsed.value;
  const source = file.split(/[\\/]/).at(-1) ?? file;
  return {
    ok: true,
    value: {
      source,
      name: stemOf(file),
      header: (head?.cells ?? []).map((h) => h.trim()),
      rows: rest.map((r) => ({ no: r.line, cells: r.cells.map((c) => ({ text: c.trim() })) })),
    },
    problems: [],
  };
}
