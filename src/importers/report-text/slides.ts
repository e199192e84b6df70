/**
 * Stage 3 of the report-text pipeline: blocks → regions of the deck. A progress slide starts
 * at a 主な進捗 header (a line or a table's header row) and carries its pillar's name just
 * before it; the summary slide starts where the cover title repeats or at a まとめ/総括
 * heading; whatever comes before both is the cover.
 */
import type { Block } from './blocks.ts';
import { isHeaderRow } from './lines.ts';
import { isSentence, matchKey } from './text.ts';
import { defined } from '../../domain/defined.ts';

export interface Slide {
  pillar: string | null;
  /** Line of the pillar name, or of the header when the slide repeats no pillar name. */
  line: number;
  blocks: Block[];
}

export interface Deck {
  cover: Block[];
  summaries: Block[][];
  slides: Slide[];
}

const SUMMARY_TITLES = new Set(
  ['まとめ', '総括', '全体概況', '全体の状況', '概要', '全体概要'].map(matchKey),
);

const isSlideHeader = (b: Block): boolean =>
  b.kind === 'progress-header' || (b.kind === 'row' && isHeaderRow(b.cells));

/** Index of the pillar name of the slide whose header is at `h`, or -1 if it names none. */
function pillarIndex(blocks: readonly Block[], h: number): number {
  let i = h - 1;
  while (i >= 0 && blocks[i]?.kind === 'overview-header') i--;
  const b = blocks[i];
  return b?.kind === 'para' && !isSentence(b.text) ? i : -1;
}

function summaryStarts(blocks: readonly Block[], coverIndex: number): Set<number> {
  const starts = new Set<number>();
  const cover = blocks[coverIndex];
  const titleKey = cover?.kind === 'para' ? matchKey(cover.text) : null;
  let inSummary = false;
  blocks.forEach((b, i) => {
    if (isSlideHeader(b)) inSummary = false;
    const repeat = b.kind === 'para' && i > coverIndex && matchKey(b.text) === titleKey;
    const heading = b.kind === 'para' && SUMMARY_TITLES.has(matchKey(b.text));
    if (repeat || heading || (b.kind === 'summary-header' && !inSummary)) {
      starts.add(i);
      inSummary = true;
    }
  });
  return starts;
}

/**
 * Cuts the blocks of a report into cover, summary slide(s) and progress slides.
 * @example toDeck(toBlocks(toLines(seedText))).slides.length // 7
 */
export function toDeck(blocks: readonly Block[]): Deck {
  const headers = blocks.flatMap((b, i) => (isSlideHeader(b) ? [i] : []));
  const firstPara = blocks.findIndex((b) => b.kind === 'para');
  const summaries = summaryStarts(blocks, firstPara < (headers[0] ?? blocks.length) ? firstPara : -1);
  // Each slide starts at its pillar name (or its header); the front matter ends at the first start.
  const slideStarts = headers.map((h) => {
    const p = pillarIndex(blocks, h);
    return { start: p >= 0 ? p : h, header: h, pillar: p >= 0 ? p : -1 };
  });
  const boundaries = [...slideStarts.map((s) => s.start), ...summaries].sort((a, b) => a - b);
  const nextBoundary = (i: number): number => boundaries.find((b) => b > i) ?? blocks.length;

  const deck: Deck = { cover: blocks.slice(0, boundaries[0] ?? blocks.length), summaries: [], slides: [] };
  for (const s of [...summaries].sort((a, b) => a - b)) deck.summaries.push(blocks.slice(s, nextBoundary(s)));
  let previousPillar: string | null = null;
  for (const s of slideStarts) {
    const name: string | null = s.pillar >= 0 ? (blocks[s.pillar] as { text: string }).text : previousPillar;
    const body = blocks.slice(s.header + 1, nextBoundary(s.header));
    deck.slides.push({ pillar: name, line: defined(blocks[s.start], `block ${s.start}`).line, blocks: body });
    previousPillar = name;
  }
  return deck;
}
