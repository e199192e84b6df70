/**
 * The exact check behind the engines' token filter: does a text hold a query chunk as a
 * phrase, and where (for highlighting). See query.ts for the matching rules.
 */
import type { Segment } from './tokenizer.ts';
import { MAX_WORD } from './tokenizer.ts';
import { defined } from '../defined.ts';

/** A span of the original text, in UTF-16 offsets [start, end). */
export interface Span {
  start: number;
  end: number;
}

const sameWord = (a: Segment, b: Segment): boolean =>
  a.chars.slice(0, MAX_WORD).join('') === b.chars.slice(0, MAX_WORD).join('');

/** Every index where `needle` occurs in `hay` (arrays of characters). */
function occurrences(hay: string[], needle: string[]): number[] {
  const found: number[] = [];
  outer: for (let i = 0; i + needle.length <= hay.length; i++) {
    for (let k = 0; k < needle.length; k++) if (hay[i + k] !== needle[k]) continue outer;
    found.push(i);
  }
  return found;
}

function endsWith(hay: string[], needle: string[]): boolean {
  const off = hay.length - needle.length;
  return off >= 0 && needle.every((c, k) => hay[off + k] === c);
}

function startsWith(hay: string[], needle: string[]): boolean {
  return needle.length <= hay.length && needle.every((c, k) => hay[k] === c);
}

/** The span from character `from` of one segment to character `to` of another (or the same). */
function spanOf(first: Segment, from: number, last: Segment, to: number): Span {
  return {
    start: defined(first.starts[from], 'a character start'),
    end: defined(last.ends[to], 'a character end'),
  };
}

/** Hits of a single-segment chunk: a CJK run anywhere inside a run, a word as a whole word. */
function singleHits(doc: Segment[], unit: Segment): Span[] {
  const spans: Span[] = [];
  for (const seg of doc) {
    if (seg.kind !== unit.kind) continue;
    if (unit.kind === 'word') {
      if (sameWord(seg, unit)) spans.push(spanOf(seg, 0, seg, seg.ends.length - 1));
      continue;
    }
    for (const i of occurrences(seg.chars, unit.chars)) {
      spans.push(spanOf(seg, i, seg, i + unit.chars.length - 1));
    }
  }
  return spans;
}

/**
 * Hits of a chunk of several segments: consecutive document segments where the first ends
 * with the chunk's first segment, the middle ones are equal and the last starts with the
 * chunk's last segment (whole words must be equal).
 */
function phraseHits(doc: Segment[], chunk: Segment[]): Span[] {
  const spans: Span[] = [];
  const k = chunk.length;
  for (let j = 0; j + k <= doc.length; j++) {
    const ok = chunk.every((unit, u) => {
      const seg = doc[j + u];
      if (seg?.kind !== unit.kind) return false;
      if (unit.kind === 'word') return sameWord(seg, unit);
      if (u === 0) return endsWith(seg.chars, unit.chars);
      if (u === k - 1) return startsWith(seg.chars, unit.chars);
      return seg.chars.join('') === unit.chars.join('');
    });
    const [first, last, head, tail] = [doc[j], doc[j + k - 1], chunk[0], chunk[k - 1]];
    if (!ok || !first || !last || !head || !tail) continue;
    const startIndex = head.kind === 'cjk' ? first.chars.length - head.chars.length : 0;
    const endIndex = tail.kind === 'cjk' ? tail.chars.length - 1 : last.chars.length - 1;
    spans.push(spanOf(first, startIndex, last, endIndex));
  }
  return spans;
}

/**
 * Where a query chunk occurs in a text's segments (empty when it does not).
 *
 * @example chunkHits(segments('デジタル・ツインの構築'), segments('デジタルツイン')) // [{ start: 0, end: 8 }]
 */
export function chunkHits(doc: Segment[], chunk: Segment[]): Span[] {
  const [only, ...more] = chunk;
  if (only === undefined) return [];
  return more.length === 0 ? singleHits(doc, only) : phraseHits(doc, chunk);
}

/**
 * Sorts spans and merges those that overlap or touch.
 * @example mergeSpans([{ start: 4, end: 6 }, { start: 0, end: 5 }]) // [{ start: 0, end: 6 }]
 */
export function mergeSpans(spans: readonly Span[]): Span[] {
  const sorted = [...spans].sort((a, b) => a.start - b.start || a.end - b.end);
  const out: Span[] = [];
  for (const s of sorted) {
    const last = out[out.length - 1];
    if (last && s.start <= last.end) last.end = Math.max(last.end, s.end);
    else out.push({ ...s });
  }
  return out;
}
