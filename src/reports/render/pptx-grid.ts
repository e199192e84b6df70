/**
 * Tables measured before they are drawn: every paragraph's height comes from the width
 * model (measure.ts) at an exact line pitch, so the deck can be paginated here and a row
 * that does not fit continues on the next slide instead of running off the bottom.
 */
import { wrapText } from '../measure.ts';
import { defined } from '../../domain/defined.ts';

/** Line pitch as a multiple of the font size; written into the deck as exact spacing. */
export const LINE = 1.3;
/** Cell margins in inches: top/bottom, left/right. */
export const CELL_MARGIN_V = 0.05;
export const CELL_MARGIN_H = 0.08;
const PT = 72;

/**
 * One paragraph in one format, written as one run (pptx-slide.ts): the width model measures
 * a paragraph in a single font size and weight.
 */
export interface Para {
  text: string;
  size: number;
  /** Bullet level: undefined for none, 0 for a bullet, 1 for a sub-bullet. */
  bullet?: number;
  /** The rest of a bulleted paragraph split across slides: indented, without a bullet. */
  cont?: boolean;
  bold?: boolean;
  italic?: boolean;
  color?: string;
  /** Background of the text (the rating badge). */
  highlight?: string;
  /** Space after the paragraph in points. */
  after?: number;
}

export type Cell = Para[];

export interface GridRow {
  cells: Cell[];
  /** Fill colours of cells, by column (label columns are shaded). */
  fills?: (string | undefined)[];
}

export interface Grid {
  colW: number[];
  header: string[] | null;
  headerSize: number;
  rows: GridRow[];
}

export interface PlacedRow extends GridRow {
  /** Height in inches, measured. */
  h: number;
}

export interface GridPage {
  rows: PlacedRow[];
  /** Height of the header row in inches (0 without a header). */
  headerH: number;
  continued: boolean;
}

/** Hanging indent of one bullet level in points; level n starts at (n + 1) × this. */
export const BULLET_PT = 13;

/** Left margin of a paragraph's text in points. */
export const bulletIndent = (p: Para): number => (p.bullet === undefined ? 0 : BULLET_PT * (p.bullet + 1));

/** Text width available to a paragraph in a cell `w` inches wide, in em of its font. */
export function paraWidthEm(p: Para, w: number): number {
  return ((w - 2 * CELL_MARGIN_H) * PT - bulletIndent(p)) / p.size;
}

/** Height of one paragraph in points. */
export function paraHeight(p: Para, w: number): number {
  return wrapText(p.text, paraWidthEm(p, w)).length * p.size * LINE + (p.after ?? 0);
}

/** Height of a cell in inches, margins included. */
export function cellHeight(cell: Cell, w: number): number {
  const pts = cell.reduce((sum, p) => sum + paraHeight(p, w), 0);
  return pts / PT + 2 * CELL_MARGIN_V;
}

export function rowHeight(row: GridRow, colW: number[]): number {
  return Math.max(...row.cells.map((c, i) => cellHeight(c, colW[i] ?? 1)));
}

export function headerHeight(grid: Grid): number {
  if (!grid.header) return 0;
  const cells = grid.header.map((text) => [{ text, size: grid.headerSize, bold: true }]);
  return rowHeight({ cells }, grid.colW);
}

/**
 * Cuts a cell so that its first part is at most `maxH` inches tall: whole paragraphs
 * first, then a paragraph split between lines. Returns [fits, rest].
 */
function splitCell(cell: Cell, w: number, maxH: number): [Cell, Cell] {
  let budget = (maxH - 2 * CELL_MARGIN_V) * PT;
  const head: Cell = [];
  for (let i = 0; i < cell.length; i++) {
    const p = defined(cell[i], 'a paragraph of the cell');
    const h = paraHeight(p, w);
    if (h <= budget) {
      head.push(p);
      budget -= h;
      continue;
    }
    const lines = wrapText(p.text, paraWidthEm(p, w));
    const fit = Math.floor(budget / (p.size * LINE));
    if (fit < 1) return [head, cell.slice(i)];
    // wrapText keeps every character but trailing spaces, so the cut is found by length.
    const cut = lines.slice(0, fit).join('').length;
    return [
      [...head, { ...p, text: p.text.slice(0, cut), after: 0 }],
      [{ ...p, text: p.text.slice(cut).trimStart(), cont: true }, ...cell.slice(i + 1)],
    ];
  }
  return [head, []];
}

/**
 * Places rows on pages of `firstH` inches (the first page) and `nextH` (the others). A row
 * that does not fit moves to a new page; a row taller than a whole page is split, its
 * label cells (`repeat` columns) repeated on each part.
 */
export function paginateGrid(grid: Grid, firstH: number, nextH: number, repeat: number[] = []): GridPage[] {
  const headerH = headerHeight(grid);
  const pages: GridPage[] = [{ rows: [], headerH, continued: false }];
  let room = firstH - headerH;
  const newPage = () => {
    pages.push({ rows: [], headerH, continued: true });
    room = nextH - headerH;
  };
  const queue = [...grid.rows];
  for (let row = queue.shift(); row !== undefined; row = queue.shift()) {
    const current = defined(pages.at(-1), 'the current page');
    const h = rowHeight(row, grid.colW);
    if (h <= room) {
      current.rows.push({ ...row, h });
      room -= h;
      continue;
    }
    if (current.rows.length > 0 && (h <= nextH - headerH || room < 1)) {
      newPage();
      queue.unshift(row);
      continue;
    }
    const parts = row.cells.map((c, i): [Cell, Cell] =>
      repeat.includes(i) ? [c, c] : splitCell(c, defined(grid.colW[i], `the width of column ${i}`), room),
    );
    const head: GridRow = { ...row, cells: parts.map((p) => p[0]) };
    const rest: GridRow = { ...row, cells: parts.map((p) => p[1]) };
    const restEmpty = rest.cells.every((c, i) => repeat.includes(i) || c.length === 0);
    current.rows.push({ ...head, h: Math.min(rowHeight(head, grid.colW), room) });
    newPage();
    if (!restEmpty) queue.unshift(rest);
  }
  return pages;
}
