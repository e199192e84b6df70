/**
 * Highlighted text as data: a list of parts [{text, hit}], never HTML, so a front end can
 * render hits with <mark> without any risk of injection.
 */
import { mergeSpans, type Span } from './match.ts';

export interface SnippetPart {
  text: string;
  hit: boolean;
}

/** Characters (UTF-16 units) of context shown before the first hit. */
export const CONTEXT_BEFORE = 30;
/** Length of a snippet window. */
export const SNIPPET_LENGTH = 120;
const ELLIPSIS = '…';

/** Moves an offset off the second half of a surrogate pair. */
function boundary(text: string, i: number): number {
  const c = text.charCodeAt(i);
  return i > 0 && i < text.length && c >= 0xdc00 && c <= 0xdfff ? i - 1 : i;
}

/**
 * Splits `text[from, to)` into parts, marking the spans (clipped to the window).
 * @example highlight('農業分野', [{ start: 0, end: 2 }]) // [{ text: '農業', hit: true }, { text: '分野', hit: false }]
 */
export function highlight(text: string, spans: readonly Span[], from = 0, to = text.length): SnippetPart[] {
  const parts: SnippetPart[] = [];
  let at = from;
  for (const s of mergeSpans(spans)) {
    const start = Math.max(s.start, from);
    const end = Math.min(s.end, to);
    if (end <= start) continue;
    if (start > at) parts.push({ text: text.slice(at, start), hit: false });
    parts.push({ text: text.slice(start, end), hit: true });
    at = end;
  }
  if (at < to) parts.push({ text: text.slice(at, to), hit: false });
  return parts;
}

/**
 * A window of about SNIPPET_LENGTH characters around the first hit (or the start of the text
 * when there is none), hits marked, with an ellipsis where the text was cut.
 *
 * @example snippet('…長い本文…', spans)
 */
export function snippet(text: string, spans: readonly Span[]): SnippetPart[] {
  const merged = mergeSpans(spans);
  const first = merged[0];
  let from = first ? Math.max(0, first.start - CONTEXT_BEFORE) : 0;
  let to = Math.min(text.length, from + SNIPPET_LENGTH);
  if (to - from < SNIPPET_LENGTH) from = Math.max(0, to - SNIPPET_LENGTH);
  from = boundary(text, from);
  to = boundary(text, to);
  const parts = highlight(text, merged, from, to);
  if (from > 0) parts.unshift({ text: ELLIPSIS, hit: false });
  if (to < text.length) parts.push({ text: ELLIPSIS, hit: false });
  return parts;
}
