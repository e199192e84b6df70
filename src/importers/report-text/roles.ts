/**
 * Lines with roles: what every input format (text, Markdown, HTML, PDF, PPTX) is read into
 * before the outline is built (outline.ts). A role says what a line is for in a follow-up
 * report — a heading of some level, the 主な進捗/概況 column headers, a progress item, an
 * overview sentence, a rating badge — never how it was printed. Page furniture (page
 * numbers, running headers and footers) is recognised here and kept out of the outline.
 */
import { cleanInline } from './text.ts';

export type Role =
  /** A section title; `level` 1 is the biggest. */
  | 'heading'
  /** The first cell of a table row: a node one below the open headings. */
  | 'row-label'
  | 'progress-header'
  | 'overview-header'
  /** A progress item (a bullet, or a paragraph of the progress column). */
  | 'item'
  /** A detail under the item before it: a KPI figure, a plan. */
  | 'subitem'
  | 'text'
  /** An assessment badge: 評価：着実に進展. */
  | 'rating'
  | 'furniture';

export interface RoleLine {
  role: Role;
  text: string;
  level: number;
  /** Line in the file, or page × 1000 + position on the page for PDF and PPTX. */
  line: number;
}

export const roleLine = (role: Role, text: string, line: number, level = 0): RoleLine => ({
  role,
  text: cleanInline(text),
  level,
  line,
});

const PROGRESS =
  /^(?:主な(?:進捗|取組|成果|実績)(?:状況)?|進捗(?:状況)?|取組(?:状況|実績)|これまでの(?:主な)?(?:進捗|取組))$/u;
const OVERVIEW = /^(?:概況|概況・評価|評価|総括評価|全体評価|所見|評価・課題|課題と評価)$/u;

/** The column header a text is, if any: 主な進捗 (progress) or 概況 (overview). */
export function columnRole(text: string): 'progress-header' | 'overview-header' | null {
  const key = cleanInline(text)
    .normalize('NFKC')
    .replace(/[\s【】［］[\]〈〉<>■◆●◇○：:]/gu, '');
  if (PROGRESS.test(key)) return 'progress-header';
  if (OVERVIEW.test(key)) return 'overview-header';
  return null;
}

/** A rating badge's label: '［評価：着実に進展］' → '着実に進展'. */
export function ratingLabel(text: string): string | null {
  const m = /^[［[【(（]?\s*(?:評価|判定|進捗評価)\s*[：:]\s*([^］\]】)）]{1,30})[］\]】)）]?$/u.exec(
    text.trim(),
  );
  return m?.[1]?.trim() ?? null;
}

/** Page numbers in their common shapes: 12, - 12 -, －12－, 12 / 40, p.12, 12ページ. */
const PAGE_NUMBER =
  /^(?:[-－‐―—–]\s*\d{1,4}\s*[-－‐―—–]|\d{1,4}(?:\s*[/／]\s*\d{1,4})?|p\.?\s*\d{1,4}|\d{1,4}\s*(?:ページ|頁)|[（(]\d{1,4}[)）])$/iu;

export const isPageNumber = (text: string): boolean => PAGE_NUMBER.test(text.normalize('NFKC').trim());

/** A source credit or a rule printed at a page's foot: 出典：…, 資料：…, ---. */
export const isCredit = (text: string): boolean =>
  /^(?:(?:出典|出所|資料出所)\s*[：:]|[-―─_=]{3,}$)/u.test(text.trim());

/**
 * Marks page furniture: page numbers, and short lines printed on at least three pages at a
 * page's edge (the first or last two lines), such as a running header or a source footer.
 * `pages` groups the lines of each page in reading order; lines are changed in place.
 */
export function markFurniture(pages: readonly RoleLine[][]): void {
  const edges = new Map<string, number>();
  const keyOf = (l: RoleLine) => l.text.normalize('NFKC').replace(/\d+/g, '#').replace(/\s/g, '');
  const edgeLines = (page: readonly RoleLine[]) => {
    const content = page.filter((l) => l.role !== 'furniture');
    return new Set([...content.slice(0, 2), ...content.slice(-2)]);
  };
  for (const page of pages) {
    for (const l of page) if (isPageNumber(l.text) || isCredit(l.text)) l.role = 'furniture';
    for (const key of new Set([...edgeLines(page)].map(keyOf))) edges.set(key, (edges.get(key) ?? 0) + 1);
  }
  const threshold = Math.max(3, Math.ceil(pages.length * 0.4));
  for (const page of pages) {
    for (const l of edgeLines(page)) {
      // Only plain text repeats as furniture: headings, column headers and items repeat for a reason.
      if (l.role === 'text' && l.text.length <= 80 && (edges.get(keyOf(l)) ?? 0) >= threshold)
        l.role = 'furniture';
    }
  }
}

/** What a heading's label says it is: 柱 1, 第2の柱, Ⅲ → pillar; 目標 1.2 → goal. */
export type Label = 'pillar' | 'goal' | null;

const PILLAR_LABEL =
  /^(?:柱\s*[0-9０-９一二三四五六七八九十]+(?![0-9０-９.．年])|第\s*[0-9０-９一二三四五六七八九十]+\s*の?柱|[ⅠⅡⅢⅣⅤⅥⅦⅧⅨⅩ](?=[.．、:：\s]|$))[.．、:：\s]*/u;
const GOAL_LABEL = /^目標\s*[0-9０-９]+(?:[.．\-－][0-9０-９]+)*(?![0-9０-９.．年])[.．、:：\s]*/u;

/**
 * A heading's label and its title without the label.
 * @example splitLabel('柱 1 差し迫った危機への対処') // { label: 'pillar', title: '差し迫った危機への対処' }
 */
export function splitLabel(text: string): { label: Label; title: string } {
  const t = text.trim();
  const p = PILLAR_LABEL.exec(t);
  if (p) return { label: 'pillar', title: t.slice(p[0].length).trim() };
  const g = GOAL_LABEL.exec(t);
  if (g) return { label: 'goal', title: t.slice(g[0].length).trim() };
  return { label: null, title: t };
}

/** A line that is only a label, printed above its title (PDF and PPTX covers of a section). */
export const isBareLabel = (text: string): boolean => {
  const { label, title } = splitLabel(text);
  return label !== null && title === '';
};
