/**
 * A search query, read by the same tokenizer as the documents.
 *
 * Whitespace separates the query's *chunks*; every chunk must match (AND). Inside a chunk the
 * segments must appear in this order, next to each other, with only spaces or punctuation
 * between them (a phrase): 「デジタルツイン」 finds デジタル・ツイン but not デジタル庁 … ツイン.
 *
 * The engines only filter: they receive the chunk's tokens (`terms`) and return the
 * documents that hold all of them; the phrase is then checked in application code
 * (match.ts), as pg_bigm re-checks its bigram matches. Nothing from the query ever reaches
 * the SQL text: terms are bound as parameters and contain only token characters.
 */
import { segments, segmentTokens, tokenText, type Segment } from './tokenizer.ts';

/** At most this many distinct terms go to the engine; the phrase check still uses them all. */
export const MAX_TERMS = 32;
/** The query is read up to this many UTF-16 units (10,000-character queries cost nothing). */
export const MAX_QUERY_LENGTH = 1000;

export interface Term {
  /** Stored token form (see tokenText). */
  text: string;
  /** A one-character CJK chunk matches every token that starts with it. */
  prefix: boolean;
}

export interface ParsedQuery {
  /** Each chunk's segments, for the phrase check and highlighting. */
  chunks: Segment[][];
  /** Distinct engine terms (at most MAX_TERMS), in query order. */
  terms: Term[];
}

/** The engine terms of one segment when it stands in a query. */
function queryTerms(seg: Segment): Term[] {
  const [first, ...more] = seg.kind === 'cjk' ? seg.chars : [];
  if (first !== undefined && more.length === 0) return [{ text: tokenText(first), prefix: true }];
  // Drop the run-final unigram: 農業 in a query must not require the document's run to end there.
  const tokens = segmentTokens(seg);
  return (seg.kind === 'cjk' ? tokens.slice(0, -1) : tokens).map((text) => ({ text, prefix: false }));
}

/**
 * Reads a query. An empty `terms` list means the query can match nothing (empty, or only
 * punctuation, symbols or emoji).
 *
 * @example parseQuery('デジタル ツイン').terms.map((t) => t.text) // ['でじ', 'じた', 'たる', 'つい', 'いん']
 * @example parseQuery('農').terms // [{ text: '農', prefix: true }]
 */
export function parseQuery(query: string): ParsedQuery {
  // Cut on a code point boundary so that a cut never leaves half a surrogate pair.
  let text = query.slice(0, MAX_QUERY_LENGTH);
  if (/[\uD800-\uDBFF]$/.test(text)) text = text.slice(0, -1);
  const chunks = text
    .normalize('NFKC')
    .split(/\s+/u)
    .map((chunk) => segments(chunk))
    .filter((segs) => segs.length > 0);
  const seen = new Map<string, Term>();
  for (const chunk of chunks) {
    for (const seg of chunk) {
      for (const term of queryTerms(seg)) {
        const key = `${term.prefix ? '*' : '='}${term.text}`;
        if (!seen.has(key)) seen.set(key, term);
      }
    }
  }
  return { chunks, terms: [...seen.values()].slice(0, MAX_TERMS) };
}
