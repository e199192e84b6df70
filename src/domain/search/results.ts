/**
 * From the engine's candidates to ranked, highlighted hits — pure, so both engines' answers
 * go through exactly the same code: phrase check (match.ts), BM25 (rank.ts), snippets.
 */
import { z } from 'zod';
import { chunkHits, type Span } from './match.ts';
import type { ParsedQuery } from './query.ts';
import { bm25, rankOrder, type CorpusStats } from './rank.ts';
import { highlight, snippet } from './snippet.ts';
import {
  FIELD_SEPARATOR,
  segments,
  segmentsOfTokens,
  segmentTokens,
  tokenize,
  type Segment,
} from './tokenizer.ts';
import { DOCUMENT_KINDS } from './documents.ts';

/** What the ranking needs of a stored document. */
export interface Candidate {
  id: string;
  title: string;
  body: string;
  /** Searched, never shown (owners' full names). */
  context: string;
  /** The stored tokens of title, body and context, space-separated. */
  tokens: string;
}

export interface Ranked<T extends Candidate> {
  doc: T;
  score: number;
}

/** Title, body and context tokens of a stored document. */
function fields(doc: Candidate): [string[], string[], string[]] {
  const all = doc.tokens === '' ? [] : doc.tokens.split(' ');
  const first = all.indexOf(FIELD_SEPARATOR);
  const second = all.indexOf(FIELD_SEPARATOR, first + 1);
  if (first >= 0 && second >= 0)
    return [all.slice(0, first), all.slice(first + 1, second), all.slice(second + 1)];
  // Rows indexed before fields were marked: cut by the fields' own token counts.
  const t = tokenize(doc.title).length;
  const c = tokenize(doc.context).length;
  return [all.slice(0, t), all.slice(t, all.length - c), all.slice(all.length - c)];
}

/**
 * Whether the engines' answer needs the phrase check: a chunk of one word, or of one CJK run
 * of at most two characters, is exactly "holds this token" (or "a token starting with this
 * character"), which is what the engines already checked.
 */
export function needsPhraseCheck(query: ParsedQuery): boolean {
  return query.chunks.some((c) => c.length > 1 || (c[0]!.kind === 'cjk' && c[0]!.chars.length > 2));
}

/**
 * The bigram tokens a chunk made of one CJK run of two or more characters stands for, or
 * null for any other chunk. Such a chunk occurs in a field exactly when the field's stored
 * tokens hold these bigrams one after another: a stored run always ends in its one-character
 * token, so consecutive bigrams never straddle two runs.
 * @example runBigrams(parseQuery('データ基盤').chunks[0]!) // ['でー', 'ーた', 'た基', '基盤']
 */
export function runBigrams(chunk: readonly Segment[]): string[] | null {
  const seg = chunk[0];
  if (chunk.length !== 1 || seg?.kind !== 'cjk' || seg.chars.length < 2) return null;
  return segmentTokens(seg).slice(0, -1);
}

/** Whether `tokens` holds `sequence` as consecutive elements. */
function holdsSequence(tokens: readonly string[], sequence: readonly string[]): boolean {
  const first = sequence[0]!;
  for (let i = tokens.indexOf(first); i >= 0; i = tokens.indexOf(first, i + 1)) {
    if (i + sequence.length > tokens.length) return false;
    let k = 1;
    while (k < sequence.length && tokens[i + k] === sequence[k]) k++;
    if (k === sequence.length) return true;
  }
  return false;
}

/**
 * Keeps the candidates where every chunk of the query occurs (in the title, body or
 * context) and orders them by BM25 score, then id. Works on the stored tokens, so no text
 * is normalised again here; each field is checked on its own (a phrase never spans two).
 * A CJK run (the common Japanese query) is checked on the token lists directly; other
 * chunks on the fields' segments, rebuilt only when such a chunk is present.
 *
 * @example rankCandidates(parseQuery('農業'), rows, stats)[0]?.doc.id
 */
export function rankCandidates<T extends Candidate>(
  query: ParsedQuery,
  candidates: readonly T[],
  stats: CorpusStats,
): Ranked<T>[] {
  const check = needsPhraseCheck(query);
  const runs = query.chunks.map(runBigrams);
  const out: Ranked<T>[] = [];
  for (const doc of candidates) {
    const [title, body, context] = fields(doc);
    if (check) {
      const tokenLists = [title, body, context];
      let segs: Segment[][] | undefined;
      const holds = (chunk: Segment[], i: number): boolean => {
        const run = runs[i];
        if (run) return tokenLists.some((tokens) => holdsSequence(tokens, run));
        segs ??= tokenLists.map(segmentsOfTokens);
        return segs.some((f) => chunkHits(f, chunk).length > 0);
      };
      if (!query.chunks.every(holds)) continue;
    }
    out.push({ doc, score: bm25(query.terms, title, [...body, ...context], stats) });
  }
  return out.sort((a, b) => rankOrder({ id: a.doc.id, score: a.score }, { id: b.doc.id, score: b.score }));
}

export const SnippetPart = z.object({ text: z.string(), hit: z.boolean() }).meta({ id: 'SnippetPart' });

export const SearchHit = z
  .object({
    id: z.string(),
    kind: z.enum(DOCUMENT_KINDS),
    refId: z.string(),
    strategyId: z.string(),
    cycleId: z.string().nullable(),
    organisationIds: z.array(z.string()),
    nodeIds: z.array(z.string()),
    stage: z.string().nullable(),
    rating: z.string().nullable(),
    score: z.number(),
    /** The title with hits marked. */
    title: z.array(SnippetPart),
    /** About 120 characters of the body around the first hit, hits marked. */
    snippet: z.array(SnippetPart),
  })
  .meta({ id: 'SearchHit' });
export type SearchHit = z.infer<typeof SearchHit>;

export const SearchResult = z
  .object({
    total: z.number().int(),
    /** More documents held the terms than were examined; `total` counts the examined ones. */
    truncated: z.boolean(),
    hits: z.array(SearchHit),
  })
  .meta({ id: 'SearchResult' });
export type SearchResult = z.infer<typeof SearchResult>;

/** The title with hits marked and a snippet of the body around the first hit. */
export function hitText(query: ParsedQuery, doc: Candidate): Pick<SearchHit, 'title' | 'snippet'> {
  const title = segments(doc.title);
  const body = segments(doc.body);
  const spans = (segs: Segment[]): Span[] => query.chunks.flatMap((chunk) => chunkHits(segs, chunk));
  return { title: highlight(doc.title, spans(title)), snippet: snippet(doc.body, spans(body)) };
}
