/**
 * Stage 1 of the report-text pipeline: text → classified lines. Each line keeps its number
 * in the file (1-based) so that everything the importer cannot place can be pointed at.
 */
import { flattenTables, hasMarkup, type RawLine } from './html.ts';
import { cleanInline } from './text.ts';

export type LineKind =
  | 'blank'
  /** A list item: '- ', '・', '●' … */
  | 'bullet'
  /** An indented list item under a bullet: a detail of that item (a KPI figure …). */
  | 'subbullet'
  /** A note under an item: '※…'. */
  | 'footnote'
  /** Column header of the progress column (主な進捗): starts a slide. */
  | 'progress-header'
  /** Column header of the overview column (概況). */
  | 'overview-header'
  /** Heading of the summary slide's per-pillar part (主な状況). */
  | 'summary-header'
  /** A table row: tab-separated cells, possibly holding HTML. */
  | 'row'
  | 'text';

export interface Line {
  no: number;
  kind: LineKind;
  /** The text without the bullet mark; raw for rows (cells still hold their markup). */
  text: string;
  cells?: string[];
}

const BULLET = /^(?:[-‐－–•・●○◦■□◆◇▪➢]|\*(?!\*))[ \t\u3000]*/;
const PROGRESS_HEADERS = new Set(['主な進捗', '主な取組', '主な進捗状況', '主な取組状況', '進捗']);
const OVERVIEW_HEADERS = new Set(['概況', '概況・評価', '評価', '総括評価']);
const SUMMARY_HEADERS = new Set(['主な状況', '柱ごとの状況', '柱別の状況']);

/** The kind of a header line, or null. Compared without spaces and markup. */
export function headerKind(text: string): LineKind | null {
  const key = cleanInline(text).replace(/\s/g, '');
  if (PROGRESS_HEADERS.has(key)) return 'progress-header';
  if (OVERVIEW_HEADERS.has(key)) return 'overview-header';
  if (SUMMARY_HEADERS.has(key)) return 'summary-header';
  return null;
}

function isRow(text: string): boolean {
  if (!text.includes('\t')) return false;
  const cells = text.split('\t').map((c) => c.trim());
  if (cells.filter((c) => c !== '').length < 2) return false;
  return hasMarkup(text) || cells.some((c) => headerKind(c) !== null);
}

function classify(raw: RawLine): Line {
  const text = raw.text.replace(/\r$/, '');
  if (text.trim() === '') return { no: raw.no, kind: 'blank', text: '' };
  if (isRow(text)) return { no: raw.no, kind: 'row', text, cells: text.split('\t').map((c) => c.trim()) };
  const trimmed = text.trim();
  const header = headerKind(trimmed);
  if (header) return { no: raw.no, kind: header, text: trimmed };
  if (trimmed.startsWith('※')) return { no: raw.no, kind: 'footnote', text: trimmed };
  const bullet = BULLET.exec(trimmed);
  if (bullet && trimmed.length > bullet[0].length && !/^[-‐－–]{2,}/.test(trimmed)) {
    const kind = /^[ \t\u3000]/.test(text) ? 'subbullet' : 'bullet';
    return { no: raw.no, kind, text: trimmed.slice(bullet[0].length) };
  }
  return { no: raw.no, kind: 'text', text: trimmed };
}

/**
 * Splits and classifies the lines of a report. Multi-line HTML tables become one row each.
 * @example toLines('主な進捗\n- 試作。（総務省）').map((l) => l.kind) // ['progress-header', 'bullet']
 */
export function toLines(text: string): Line[] {
  const raw = text
    .replace(/^\uFEFF/, '')
    .split(/\r\n|\r|\n/)
    .map((t, i) => ({ no: i + 1, text: t }));
  return flattenTables(raw).map(classify);
}

/** Whether a header cell row (e.g. '\t主な進捗\t概況') is a table's column header. */
export function isHeaderRow(cells: readonly string[]): boolean {
  return cells.some((c) => headerKind(c) === 'progress-header') && cells.every((c) => !hasMarkup(c));
}
