/**
 * A PDF report → lines with roles. pdfjs gives each run of text with its position and size;
 * from those: lines (same baseline), columns (a wide gap between runs of one line), headings
 * (text larger than the body, levelled by size), paragraphs (a gap larger than the line
 * pitch), and tables whose header row names 主な進捗 and 概況 (or two-column label | list
 * areas such as a summary page). Encrypted, image-only and broken files are refused.
 */
import type * as PdfJs from 'pdfjs-dist/legacy/build/pdf.mjs';
import { defined } from '../../domain/defined.ts';
import { problem, type ImportResult } from '../problems.ts';
import { tableRoles, type CellPara } from './markup.ts';
import { columnRole, isPageNumber, markFurniture, roleLine, type RoleLine } from './roles.ts';
import { joinWrapped } from './text.ts';

interface Run {
  x: number;
  y: number;
  size: number;
  width: number;
  text: string;
}

interface Seg {
  x: number;
  end: number;
  y: number;
  size: number;
  text: string;
}

/** Text lines shorter than this in a whole document: a scan or a drawing, not a report. */
const MIN_TEXT = 40;
const MAX_PAGES = 500;

type PdfModule = typeof PdfJs;
let pdfjs: Promise<PdfModule> | null = null;

/**
 * Reads a PDF's text into lines with roles, or says why it cannot.
 * @example (await pdfRoles(bytes, 'followup.pdf')).ok // true for a text PDF
 */
export async function pdfRoles(bytes: Uint8Array, file: string): Promise<ImportResult<RoleLine[]>> {
  const where = { sheet: file };
  pdfjs ??= import('pdfjs-dist/legacy/build/pdf.mjs');
  const lib = await pdfjs;
  let doc: Awaited<ReturnType<PdfModule['getDocument']>['promise']>;
  try {
    doc = await lib.getDocument({
      data: new Uint8Array(bytes),
      isEvalSupported: false,
      useSystemFonts: false,
      disableFontFace: true,
      verbosity: 0,
    }).promise;
  } catch (err) {
    const name = (err as Error).name;
    const code = name === 'PasswordException' ? 'report.pdf_encrypted' : 'report.pdf_unreadable';
    return { ok: false, problems: [problem('error', code, { file }, where)] };
  }
  try {
    const pages: Run[][][] = [];
    for (let p = 1; p <= Math.min(doc.numPages, MAX_PAGES); p++) {
      const page = await doc.getPage(p);
      const content = await page.getTextContent();
      const runs: Run[] = [];
      for (const item of content.items) {
        if (!('str' in item) || item.str.trim() === '') continue;
        const [a = 0, b = 0, , d = 0, x = 0, y = 0] = item.transform as number[];
        runs.push({
          x,
          y,
          size: Math.hypot(a, b) || Math.abs(d),
          width: item.width,
          text: compat(item.str),
        });
      }
      pages.push(toLines(runs));
      page.cleanup();
    }
    const chars = pages.flat(2).reduce((n, r) => n + r.text.trim().length, 0);
    if (chars < MIN_TEXT)
      return { ok: false, problems: [problem('error', 'report.pdf_no_text', { file }, where)] };
    return { ok: true, value: layoutRoles(pages), problems: [] };
  } catch {
    return { ok: false, problems: [problem('error', 'report.pdf_unreadable', { file }, where)] };
  } finally {
    await doc.destroy();
  }
}

/**
 * Runs → lines (top to bottom), each line cut into segments at wide gaps and, once a table's
 * columns are known, at every column's left edge (cells of neighbouring columns can touch).
 */
function toLines(runs: Run[]): Run[][] {
  runs.sort((a, b) => b.y - a.y || a.x - b.x);
  const lines: Run[][] = [];
  for (const r of runs) {
    const line = lines.find(([head]) => head && Math.abs(head.y - r.y) < Math.min(head.size, r.size) * 0.4);
    if (line) line.push(r);
    else lines.push([r]);
  }
  for (const l of lines) l.sort((a, b) => a.x - b.x);
  return lines;
}

function segments(line: readonly Run[], cols: readonly number[] | null, body: number): Seg[] {
  const segs: Seg[] = [];
  const colOf = (x: number) => (cols ? cols.filter((c) => x >= c - body * 0.8).length : 0);
  for (const r of line) {
    const last = segs.at(-1);
    if (last && r.x - last.end < r.size * 2 && colOf(r.x) === colOf(last.x)) {
      last.text += r.x - last.end > r.size * 0.6 && /[A-Za-z0-9]$/.test(last.text) ? ` ${r.text}` : r.text;
      last.end = Math.max(last.end, r.x + r.width);
      last.size = Math.max(last.size, r.size);
    } else segs.push({ x: r.x, end: r.x + r.width, y: r.y, size: r.size, text: r.text });
  }
  return segs;
}

/**
 * Fonts often map ideographs to their compatibility forms (Kangxi radicals ⼦ for 子) and the
 * middle dot to a hyphenation point; those become the characters a reader sees.
 */
const RADICALS: Record<string, string> = {
  '\u2E9C': '日',
  '\u2EA0': '民',
  '\u2ECC': '辶',
  '\u2ED1': '長',
  '\u2ED8': '青',
  '\u2EDD': '食',
  '\u2EE9': '黄',
  '\u2EEB': '斉',
  '\u2EED': '歯',
  '\u2EEF': '竜',
  '\u2EF2': '亀',
};
const compat = (text: string): string =>
  text
    .replace(/[\u2E80-\u2FDF\uF900-\uFAFF]/gu, (c) => RADICALS[c] ?? c.normalize('NFKC'))
    .replace(/\u2027/g, '・');

const round = (n: number): number => Math.round(n * 2) / 2;

function bodySize(pages: Run[][][]): number {
  const weight = new Map<number, number>();
  for (const s of pages.flat(2)) weight.set(round(s.size), (weight.get(round(s.size)) ?? 0) + s.text.length);
  return [...weight].sort((a, b) => b[1] - a[1])[0]?.[0] ?? 10;
}

interface Row {
  cells: Seg[][];
  labelled: boolean;
}

interface Table {
  cols: number[];
  header: Seg[];
  rows: Row[];
}

/** Lines of every page → roles. A table carries on over page breaks until a heading ends it. */
function layoutRoles(pages: Run[][][]): RoleLine[] {
  const body = bodySize(pages);
  const isHeading = (s: Seg | Run) => round(s.size) > body * 1.15;
  const sizes = [
    ...new Set(
      pages
        .flat(2)
        .filter(isHeading)
        .map((s) => round(s.size)),
    ),
  ].sort((a, b) => b - a);
  const level = (s: Seg) => sizes.indexOf(round(s.size)) + 1;
  const out: RoleLine[][] = [];
  let table: Table | null = null;
  let tableAt = 0;
  pages.forEach((runLines, p) => {
    const roles: RoleLine[] = [];
    out.push(roles);
    const at = (i: number) => (p + 1) * 1000 + i;
    let para: Seg[] = [];
    const flushPara = () => {
      const first = para[0];
      if (!first) return;
      const text = joinWrapped(para.map((s) => s.text));
      // A sentence in large type (a summary's verdict) is still a sentence, not a heading.
      const heading = isHeading(first) && !/[。．]$/u.test(text);
      roles.push(
        heading
          ? roleLine('heading', text, at(roles.length), level(first))
          : roleLine('text', text, at(roles.length)),
      );
      para = [];
    };
    let region: Seg[][] = [];
    const flushRegion = () => {
      if (table && region.length > 0) addRows(table, region, body);
      region = [];
    };
    const endTable = () => {
      flushRegion();
      if (table)
        defined(out[tableAt], 'the page a table started on').push(
          ...tableRoles(cellRows(table, body), () => (tableAt + 1) * 1000 + 999),
        );
      table = null;
    };
    for (const runs of runLines) {
      // A page number is furniture wherever it stands, even inside a table's area.
      if (isPageNumber(runs.map((r) => r.text).join(''))) {
        roles.push(roleLine('furniture', runs.map((r) => r.text).join(''), at(roles.length)));
        continue;
      }
      const line = segments(runs, table?.cols ?? null, body);
      const header = line.length >= 2 && line.some((s) => columnRole(s.text) === 'progress-header');
      if (header) {
        flushPara();
        flushRegion();
        const cols = line.map((s) => s.x);
        const same =
          table !== null &&
          table.header.length > 0 &&
          cols.every((x, i) => Math.abs(x - (table?.cols[i] ?? Number.NaN)) < 2);
        if (!same) {
          endTable();
          table = { cols, header: line, rows: [] };
          tableAt = p;
        }
        continue;
      }
      if (line.some(isHeading)) {
        flushPara();
        endTable();
      }
      const [left, right] = line;
      const twoColumns = !!left && !!right && right.x - left.end > body * 3 && !line.some(isHeading);
      if (!table && twoColumns) {
        flushPara();
        table = { cols: line.map((s) => s.x), header: [], rows: [] };
        tableAt = p;
      }
      if (table && !line.some(isHeading)) {
        region.push(line);
        continue;
      }
      // Outside tables: lines join into paragraphs while the gap and the size stay the same.
      const seg = defined(line[0], 'a segment of the line');
      const prev = para.at(-1);
      const joins =
        prev !== undefined &&
        round(prev.size) === round(seg.size) &&
        prev.y - seg.y < seg.size * 1.85 &&
        Math.abs(prev.x - seg.x) < seg.size * 2 &&
        !/[。]$/u.test(prev.text);
      if (!joins) flushPara();
      para.push({ ...seg, text: line.map((s) => s.text).join(' ') });
    }
    flushPara();
    flushRegion();
    // The roles of a table are written where it started, once it ends (on this page or later).
    if (p === pages.length - 1) endTable();
  });
  markFurniture(out);
  return out.flat();
}

/**
 * One page's part of a table → its rows. A label paragraph opens a row unless the content
 * columns run on right above it (then it is a second label of the same row, as when targets
 * share one list); lines before any label continue the last row of the page before.
 */
function addRows(table: Table, lines: Seg[][], body: number): void {
  const { cols } = table;
  const colOf = (s: Seg) => Math.max(0, cols.filter((x) => s.x >= x - body * 0.8).length - 1);
  const pageRows: Row[] = [];
  const content: Seg[] = [];
  let lastLabel: Seg | null = null;
  for (const l of lines) {
    for (const s of l) {
      const c = colOf(s);
      if (c === 0 && cols.length > 1) {
        const startsParagraph = lastLabel === null || lastLabel.y - s.y > s.size * 1.85;
        const runsOn = content.some((x) => x.y > s.y + s.size * 0.5 && x.y - s.y <= s.size * 1.85);
        if (startsParagraph && !runsOn) pageRows.push({ cells: cols.map(() => []), labelled: true });
        lastLabel = s;
      }
      if (pageRows.length === 0) pageRows.push({ cells: cols.map(() => []), labelled: false });
      if (c > 0) content.push(s);
      pageRows.at(-1)?.cells[c]?.push(s);
    }
  }
  const [first, ...rest] = pageRows;
  const previous = table.rows.at(-1);
  if (first && !first.labelled && previous)
    first.cells.forEach((segs, i) => previous.cells[i]?.push(...segs));
  else if (first) table.rows.push(first);
  table.rows.push(...rest);
}

function cellRows(table: Table, body: number): CellPara[][][] {
  const colOf = (s: Seg) => Math.max(0, table.cols.filter((x) => s.x >= x - body * 0.8).length - 1);
  const out: CellPara[][][] = [];
  if (table.header.length > 0)
    out.push(
      table.cols.map((_, i) =>
        table.header.filter((s) => colOf(s) === i).map((s) => ({ text: s.text, kind: 'text' as const })),
      ),
    );
  for (const r of table.rows)
    out.push(r.cells.map((segs, i) => paragraphs(segs, body, i === 0 && table.cols.length > 1)));
  return out;
}

const GLYPH = /^[–‒—・•●○◦▪■-]\s*/u;

/**
 * A cell's lines → paragraphs: a wide gap, a bullet glyph, an indent or a line ending in a
 * closing parenthesis (a ministry tag) ends one. Indented or dash-marked ones are details.
 */
function paragraphs(segs: Seg[], body: number, label: boolean): CellPara[] {
  const out: CellPara[] = [];
  if (segs.length === 0) return out;
  const x0 = Math.min(...segs.map((s) => s.x));
  let cur: string[] = [];
  let kind: CellPara['kind'] = 'text';
  const flush = () => {
    if (cur.length > 0) out.push({ text: joinWrapped(cur), kind });
    cur = [];
  };
  segs.forEach((s, i) => {
    const prev = segs[i - 1];
    const glyph = GLYPH.exec(s.text);
    const indented = s.x - x0 > body * 0.3;
    const pageBreak = prev !== undefined && s.y > prev.y;
    const breaks =
      prev === undefined ||
      glyph !== null ||
      (!pageBreak && prev.y - s.y > s.size * 1.85) ||
      (!label && /[）)]$/u.test(prev.text) && !indented) ||
      (!indented && kind === 'subitem') ||
      round(prev.size) !== round(s.size);
    if (breaks) {
      flush();
      kind = glyph
        ? indented || /^[–‒—]/u.test(s.text)
          ? 'subitem'
          : 'item'
        : indented && !label
          ? 'subitem'
          : 'text';
    }
    cur.push(glyph ? s.text.slice(glyph[0].length) : s.text);
  });
  flush();
  return out;
}
