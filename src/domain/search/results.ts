/**
 * From the engine's candidates to ranked, highlighted hits — pure, so both engines' answers
 * go through exactly the same code: phrase check (match.ts), BM25 (rank.ts), snippets.
 */
import { z } from 'zod';
import { chunkHits, type Span } from './match.ts';
import type { ParsedQuery } from './query.ts';
import { bm25, rankOrder, type CorpusStats } from './rank.ts';
import { highlight, snippet } from './snippet.ts';
import { segments, segmentTokens } from './tokenizer.ts';
import { DOCUMENT_KINDS } from './documents.ts';

/** What the ranking needs of a stored document. */
export interface Candidate {
  id: string;
  title: string;
  body: string;
  /** Searched, never shown (owners' full names). */
  context: string;
}

export interface Ranked<T extends Candidate> {
  doc: T;
  score: number;
  titleSpans: Span[];
  bodySpans: Span[];
}

/**
 * Keeps the candidates where every chunk of the query occurs (in the title, body or context) and
 * orders them by BM25 score, then id.
 *
 * @example rankCandidates(parseQuery('農業'), rows, stats)[0]?.doc.id
 */
export function rankCandidates<T extends Candidate>(
  query: ParsedQuery,
  candidates: readonly T[],
  stats: CorpusStats,
): Ranked<T>[] {
  const out: Ranked<T>[] = [];
  for (const doc of candidates) {
    const title = segments(doc.title);
    const body = segments(doc.body);
    const context = segments(doc.context);
    const titleSpans: Span[] = [];
    const bodySpans: Span[] = [];
    let all = true;
    for (const chunk of query.chunks) {
      const t = chunkHits(title, chunk);
      const b = chunkHits(body, chunk);
      if (t.length === 0 && b.length === 0 && chunkHits(context, chunk).length === 0) {
        all = false;
        break;
      }
      titleSpans.push(...t);
      bodySpans.push(...b);
    }
    if (!all) continue;
    const rest = [...body, ...context].flatMap(segmentTokens);
    const score = bm25(query.terms, title.flatMap(segmentTokens), rest, stats);
    out.push({ doc, score, titleSpans, bodySpans });
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

/** The parts of a hit computed from the text (title highlight and body snippet). */
export function hitText(r: Ranked<Candidate>): Pick<SearchHit, 'title' | 'snippet'> {
  return { title: highlight(r.doc.title, r.titleSpans), snippet: snippet(r.doc.body, r.bodySpans) };
}
