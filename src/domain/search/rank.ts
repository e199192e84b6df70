/**
 * Ranking, computed in application code so that SQLite and PostgreSQL rank alike: the
 * engines only say which documents hold the query's terms and how many documents hold each
 * term; the scores below use nothing else, and ties are broken by document id.
 *
 * Okapi BM25 (k1 = 1.2, b = 0.75) over the query's distinct terms, with title tokens counted
 * TITLE_WEIGHT times: a document whose title names the query ranks above one that only
 * mentions it.
 */
import type { Term } from './query.ts';

export const K1 = 1.2;
export const B = 0.75;
export const TITLE_WEIGHT = 2;

/** Collection statistics over the documents the caller may see. */
export interface CorpusStats {
  /** Number of documents. */
  documents: number;
  /** Sum of their token counts. */
  tokens: number;
  /** For each term (same order as the query's terms): how many documents hold it. */
  documentFrequency: number[];
}

/** How often a term occurs in a token list (a prefix term counts every token it starts). */
export function termFrequency(tokens: readonly string[], term: Term): number {
  let n = 0;
  for (const t of tokens) if (term.prefix ? t.startsWith(term.text) : t === term.text) n++;
  return n;
}

/**
 * BM25 inverse document frequency, never negative.
 * @example idf(100, 1) > idf(100, 50) // true
 */
export function idf(documents: number, df: number): number {
  return Math.log(1 + (documents - df + 0.5) / (df + 0.5));
}

/**
 * The BM25 score of one document.
 *
 * @example bm25([{ text: '農業', prefix: false }], ['農業'], ['農業', '業'], stats)
 */
export function bm25(
  terms: readonly Term[],
  titleTokens: readonly string[],
  /** Every other token of the document (body and context). */
  bodyTokens: readonly string[],
  stats: CorpusStats,
): number {
  return bm25Of(
    terms.map((term) => TITLE_WEIGHT * termFrequency(titleTokens, term) + termFrequency(bodyTokens, term)),
    titleTokens.length + bodyTokens.length,
    stats,
  );
}

/**
 * The BM25 score from each term's weighted frequency in the document (title occurrences
 * counted TITLE_WEIGHT times) and the document's length in tokens.
 */
export function bm25Of(frequencies: readonly number[], length: number, stats: CorpusStats): number {
  const average = stats.documents > 0 ? stats.tokens / stats.documents : 1;
  const norm = K1 * (1 - B + (B * length) / Math.max(average, 1));
  let score = 0;
  frequencies.forEach((tf, i) => {
    if (tf === 0) return;
    const df = stats.documentFrequency[i] ?? 0;
    score += (idf(stats.documents, df) * (tf * (K1 + 1))) / (tf + norm);
  });
  return score;
}

/**
 * Orders scored items: higher score first, then id (a stable, engine-independent tiebreak).
 * @example rankOrder({ id: 'b', score: 1 }, { id: 'a', score: 1 }) // 1 (a first)
 */
export function rankOrder(a: { id: string; score: number }, b: { id: string; score: number }): number {
  if (a.score !== b.score) return b.score - a.score;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}
