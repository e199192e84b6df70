/**
 * Stage 4a of the report-text pipeline: the blocks of one slide → a sequence of title runs
 * and units. A unit is one list of progress items with the overview (概況) written beside it;
 * a title run is the headings printed before (or, in the seed's pillar-1 slides, after) it.
 */
import type { Block } from './blocks.ts';
import { listCellItems, textCellParagraphs } from './html.ts';
import { isHeaderRow } from './lines.ts';
import { bulletItem, splitRunTogether, type OrganisationIndex, type RawItem } from './ministries.ts';
import { cleanInline, isSentence } from './text.ts';
import { defined } from '../../domain/defined.ts';

export interface Title {
  text: string;
  note: string;
  line: number;
  /** Depth below the pillar given by a numbering style (1. → 1, （1） → 2 …); null if unnumbered. */
  numbered: string | null;
}

export interface Para {
  text: string;
  line: number;
}

export interface Unit {
  items: RawItem[];
  narratives: Para[];
  remarks: Para[];
  /** Lines of the list that name no ministry: KPI figures and targets of the node itself. */
  kpiLines: string[];
  /** The rating label a badge printed (評価：着実に進展), when the layout has one. */
  rating?: string;
  line: number;
}

export type Element = { kind: 'titles'; titles: Title[] } | { kind: 'unit'; unit: Unit };

/** Numbering styles of headings, each a level: １．, （１）, ①, ア. */
const NUMBERING: readonly { style: string; pattern: RegExp }[] = [
  { style: 'dot', pattern: /^(?:第)?[0-9０-９]{1,2}[.．、](?![0-9０-９])\s*/u },
  { style: 'paren', pattern: /^[（(][0-9０-９]{1,2}[)）]\s*/u },
  { style: 'circled', pattern: /^[①-⑳]\s*/u },
  { style: 'kana', pattern: /^[ア-ン][.．、)）]\s*/u },
];

function toTitle(text: string, line: number): Title {
  for (const n of NUMBERING) {
    const m = n.pattern.exec(text);
    if (m && text.length > m[0].length)
      return { text: text.slice(m[0].length), note: '', line, numbered: n.style };
  }
  return { text, note: '', line, numbered: null };
}

const isParenthetical = (t: string): boolean => /^[（(][^]*[）)]$/u.test(t);
const isRemark = (t: string): boolean => /^[（(](?:なお|注|※|参考)/u.test(t);

const emptyUnit = (line: number): Unit => ({ items: [], narratives: [], remarks: [], kpiLines: [], line });

/**
 * Reads one slide into elements. Table rows give a title run and a unit each.
 * @example toElements(slide.blocks, orgs) // [{ kind: 'titles', … }, { kind: 'unit', … }]
 */
export function toElements(blocks: readonly Block[], orgs: OrganisationIndex): Element[] {
  const out: Element[] = [];
  let unit: Unit | null = null;
  const closeUnit = () => {
    if (unit) out.push({ kind: 'unit', unit });
    unit = null;
  };
  const lastTitles = (): Title[] | null => {
    const last = out.at(-1);
    return unit === null && last?.kind === 'titles' ? last.titles : null;
  };
  for (const b of blocks) {
    if (b.kind === 'para') {
      const titles = lastTitles();
      if (isParenthetical(b.text) && !isRemark(b.text) && titles) {
        const t = defined(titles.at(-1), 'the last title');
        t.note = t.note ? `${t.note}${b.text}` : b.text;
      } else if (isParenthetical(b.text) || isRemark(b.text)) {
        (unit ?? lastUnit(out) ?? (unit = emptyUnit(b.line))).remarks.push({ text: b.text, line: b.line });
      } else if (isSentence(b.text)) {
        unit ??= emptyUnit(b.line);
        unit.narratives.push({ text: b.text, line: b.line });
      } else {
        closeUnit();
        if (titles) titles.push(toTitle(b.text, b.line));
        else out.push({ kind: 'titles', titles: [toTitle(b.text, b.line)] });
      }
    } else if (b.kind === 'bullet') {
      if (unit && (unit.narratives.length > 0 || unit.remarks.length > 0)) closeUnit();
      unit ??= emptyUnit(b.line);
      unit.items.push(bulletItem(b.text, b.line, orgs));
    } else if (b.kind === 'subbullet') {
      const item = (unit ?? lastUnit(out))?.items.at(-1);
      if (item) item.subLines.push(cleanInline(b.text));
    } else if (b.kind === 'footnote') {
      const item = (unit ?? lastUnit(out))?.items.at(-1);
      if (item) item.footnotes.push(cleanInline(b.text));
      else (unit ??= emptyUnit(b.line)).remarks.push({ text: cleanInline(b.text), line: b.line });
    } else if (b.kind === 'row' && !isHeaderRow(b.cells)) {
      closeUnit();
      rowElements(b.cells, b.line, orgs, out);
    }
  }
  closeUnit();
  return mergeSplitUnits(out);
}

function lastUnit(out: Element[]): Unit | null {
  const last = out.at(-1);
  return last?.kind === 'unit' ? last.unit : null;
}

function rowElements(cells: readonly string[], line: number, orgs: OrganisationIndex, out: Element[]): void {
  const [head = '', ...rest] = cells;
  const listIndex = Math.max(
    0,
    rest.findIndex((c) => /<(?:ul|ol|li)\b/i.test(c)),
  );
  const items = listCellItems(rest[listIndex] ?? '').flatMap((text) => splitRunTogether(text, line, orgs));
  // A piece without a tag continues the item before it (a nested line, a KPI figure).
  const merged: RawItem[] = [];
  for (const item of items) {
    const prev = merged.at(-1);
    if (item.names === null && prev) prev.subLines.push(item.text, ...item.subLines);
    else merged.push(item);
  }
  const narratives = rest
    .filter((_, i) => i !== listIndex)
    .flatMap((c) => textCellParagraphs(c))
    .map((text) => ({ text: cleanInline(text), line }));
  const unit: Unit = { items: merged, narratives, remarks: [], kpiLines: [], line };
  const title = cleanInline(head);
  const previous = lastUnit(out);
  if (title === '' && previous) {
    previous.items.push(...unit.items);
    previous.narratives.push(...unit.narratives);
    return;
  }
  if (title !== '') out.push({ kind: 'titles', titles: [toTitle(title, line)] });
  out.push({ kind: 'unit', unit });
}

/**
 * Puts back together a unit the extraction split in two: items, then the title, then the
 * overview (the seed's last slide), or the overview printed before the items.
 */
function mergeSplitUnits(elements: Element[]): Element[] {
  const out: Element[] = [];
  for (let i = 0; i < elements.length; i++) {
    const a = defined(elements[i], `element ${i}`);
    const b = elements[i + 1];
    const c = elements[i + 2];
    const itemsOnly = (e: Element | undefined) =>
      e?.kind === 'unit' && e.unit.items.length > 0 && e.unit.narratives.length === 0;
    const textOnly = (e: Element | undefined) =>
      e?.kind === 'unit' && e.unit.items.length === 0 && e.unit.narratives.length > 0;
    if (itemsOnly(a) && b?.kind === 'titles' && textOnly(c) && a.kind === 'unit' && c?.kind === 'unit') {
      out.push(b, {
        kind: 'unit',
        unit: { ...a.unit, narratives: c.unit.narratives, remarks: c.unit.remarks },
      });
      i += 2;
    } else if (textOnly(a) && itemsOnly(b) && a.kind === 'unit' && b?.kind === 'unit') {
      out.push({ kind: 'unit', unit: { ...b.unit, narratives: a.unit.narratives, remarks: a.unit.remarks } });
      i += 1;
    } else out.push(a);
  }
  return out;
}
