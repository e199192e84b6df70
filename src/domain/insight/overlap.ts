/**
 * Possible overlaps: initiatives of different ministries whose texts are alike. Pure.
 *
 * Each initiative's text (title and this cycle's progress) is cut by the search tokenizer;
 * tokens are weighted by TF-IDF (sublinear tf: 1 + ln tf; idf: ln(N / df), so a token every
 * text has weighs nothing) and texts compared by cosine similarity. Only pairs without a
 * shared owner are listed — overlap inside one ministry is that ministry's own business.
 */
import { defined } from '../defined.ts';
import { segments, segmentTokens, tokenize } from '../search/tokenizer.ts';

export interface OverlapText {
  id: string;
  organisationIds: readonly string[];
  /** Title and progress text. */
  text: string;
}

export interface OverlapPair {
  a: string;
  b: string;
  similarity: number;
  /** Passages of the first text made of shared tokens, strongest first (at most five). */
  sharedTerms: string[];
}

export const DEFAULT_THRESHOLD = 0.3;

/** Unit-length TF-IDF vectors, one per text. */
export function tfidf(tokenLists: readonly (readonly string[])[]): Map<string, number>[] {
  const df = new Map<string, number>();
  const counts = tokenLists.map((tokens) => {
    const c = new Map<string, number>();
    for (const token of tokens) c.set(token, (c.get(token) ?? 0) + 1);
    for (const token of c.keys()) df.set(token, (df.get(token) ?? 0) + 1);
    return c;
  });
  return counts.map((c) => {
    const v = new Map<string, number>();
    let norm = 0;
    for (const [token, tf] of c) {
      const w = (1 + Math.log(tf)) * Math.log(tokenLists.length / (df.get(token) ?? 1));
      if (w <= 0) continue;
      v.set(token, w);
      norm += w * w;
    }
    const len = Math.sqrt(norm);
    for (const [token, w] of v) v.set(token, w / len);
    return v;
  });
}

/**
 * Pairs of texts with no common owner and a cosine similarity at or above `threshold`,
 * most similar first (then by ids).
 *
 * @example findOverlaps(texts, 0.3)[0] // { a: 'i04', b: 'i05', similarity: 0.41, sharedTerms: ['農業', …] }
 */
export function findOverlaps(texts: readonly OverlapText[], threshold = DEFAULT_THRESHOLD): OverlapPair[] {
  const vectors = tfidf(texts.map((t) => tokenize(t.text)));
  // An inverted index keeps the work proportional to shared tokens, not to all pairs.
  const postings = new Map<string, { doc: number; w: number }[]>();
  vectors.forEach((v, doc) => {
    for (const [token, w] of v) {
      const list = postings.get(token);
      if (list) list.push({ doc, w });
      else postings.set(token, [{ doc, w }]);
    }
  });
  const dots = new Map<number, number>();
  const key = (i: number, j: number) => i * texts.length + j;
  for (const list of postings.values()) {
    for (let x = 0; x < list.length; x++) {
      for (let y = x + 1; y < list.length; y++) {
        const [p, q] = [list[x], list[y]];
        if (!p || !q) continue;
        const k = key(p.doc, q.doc);
        dots.set(k, (dots.get(k) ?? 0) + p.w * q.w);
      }
    }
  }
  const pairs: OverlapPair[] = [];
  for (const [k, dot] of dots) {
    if (dot < threshold - 1e-12) continue;
    const i = Math.floor(k / texts.length);
    const j = k % texts.length;
    const [ta, tb] = [defined(texts[i], `text ${i}`), defined(texts[j], `text ${j}`)];
    if (ta.organisationIds.some((o) => tb.organisationIds.includes(o))) continue;
    const [va, vb] = [defined(vectors[i], `vector ${i}`), defined(vectors[j], `vector ${j}`)];
    const shared = new Map<string, number>();
    for (const [t, w] of va) {
      const wb = vb.get(t);
      if (wb !== undefined) shared.set(t, w * wb);
    }
    const [a, b] = ta.id < tb.id ? [ta, tb] : [tb, ta];
    pairs.push({
      a: a.id,
      b: b.id,
      similarity: Math.min(1, dot),
      sharedTerms: sharedPassages(a.text, shared),
    });
  }
  return pairs.sort(
    (p, q) => q.similarity - p.similarity || (p.a < q.a ? -1 : p.a > q.a ? 1 : p.b < q.b ? -1 : 1),
  );
}

/**
 * The passages of `text` covered by shared tokens, as the reader wrote them (bigrams that
 * touch merge: プラ + ラッ + ット → プラット), ordered by their share of the similarity.
 * @example sharedPassages('創薬プラットフォーム', weights) // ['プラットフォーム']
 */
export function sharedPassages(text: string, weights: ReadonlyMap<string, number>, max = 5): string[] {
  const found = new Map<string, number>();
  for (const seg of segments(text)) {
    const tokens = segmentTokens(seg);
    const covered = new Array<number>(seg.chars.length).fill(0);
    tokens.forEach((token, i) => {
      const w = weights.get(token) ?? 0;
      if (w === 0) return;
      // Word: one token for the segment. CJK: bigram i covers i, i+1; the last is the unigram.
      const span = seg.kind === 'word' ? seg.chars.length : i === tokens.length - 1 ? 1 : 2;
      const start = seg.kind === 'word' ? 0 : i === tokens.length - 1 ? seg.chars.length - 1 : i;
      for (let c = start; c < start + span; c++) covered[c] = Math.max(covered[c] ?? 0, w);
    });
    for (let i = 0; i < covered.length;) {
      if (covered[i] === 0) {
        i++;
        continue;
      }
      let j = i;
      let weight = 0;
      for (let c = covered[j] ?? 0; c > 0; c = covered[j] ?? 0) {
        weight += c;
        j++;
      }
      const passage = text.slice(seg.starts[i], seg.ends[j - 1]);
      // A lone character is rarely telling; keep passages of two or more characters.
      if (j - i >= 2) found.set(passage, Math.max(found.get(passage) ?? 0, weight));
      i = j;
    }
  }
  return [...found]
    .sort((p, q) => q[1] - p[1] || (p[0] < q[0] ? -1 : 1))
    .slice(0, max)
    .map(([p]) => p);
}
