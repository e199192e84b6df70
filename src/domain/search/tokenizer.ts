/**
 * The one search tokenizer: used to index documents, to parse queries, to re-check and
 * highlight hits and to compare texts (TF-IDF). Pure; no database.
 *
 * Text is normalised first (normalize.ts: NFKC, lower case, katakana → hiragana), then cut
 * into segments:
 * - a **CJK run** (kanji, kana, Hangul, ー々〆〇) becomes overlapping character bigrams plus
 *   the run's last character as a unigram: 農業分野 → 農業 業分 分野 野. Every character of
 *   the run thus starts some token, so a one-character query is a *prefix* query (農* finds
 *   農業, 業* finds 業分 and the 業 that ends 農業). This is pg_bigm's scheme (it pads runs
 *   with a space, giving the trailing "野␣"), and Lucene's CJK bigrams for longer queries.
 * - a **word** of other letters and digits (Latin, Cyrillic …) becomes one token: ai, gosat,
 *   2025. Words longer than MAX_WORD characters are cut there (PostgreSQL refuses lexemes
 *   over 2047 bytes).
 * - anything else (spaces, punctuation, symbols, emoji, control characters, lone
 *   surrogates) separates segments. Two exceptions keep Japanese spellings together: a
 *   single middle dot ・ between CJK characters is skipped (デジタル・ツイン is indexed and
 *   queried as デジタルツイン, so either spelling finds the other), and combining marks after
 *   a CJK character (e.g. ideographic variation selectors) are ignored, so 葛󠄀 indexes as 葛.
 *
 * The engines see the tokens joined by spaces. So that SQLite FTS5 (unicode61) and
 * PostgreSQL read each token exactly as written, a token keeps readable only characters both
 * treat as plain letters (a–z, 0–9, kana and kanji of Unicode 6.1, which is what unicode61
 * knows); any other character is escaped as U+E000 followed by the hex of its UTF-8 bytes.
 * The escape preserves byte prefixes, so prefix queries stay correct.
 */
import { normalize } from './normalize.ts';
import { defined } from '../defined.ts';

export const MAX_WORD = 64;

export type SegmentKind = 'cjk' | 'word';

/** A CJK run or a word, in normalised form, with its span in the original text. */
export interface Segment {
  kind: SegmentKind;
  /** Normalised characters (code points) of the segment. */
  chars: string[];
  /** Where each character's source starts in the original text (UTF-16 offset). */
  starts: number[];
  /** Where each character's source ends in the original text. */
  ends: number[];
}

/** 中黒: inside a CJK run it joins the run (デジタル・ツイン reads as デジタルツイン). */
const MIDDLE_DOT = '\u30FB';
const CJK = /^[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\u30FC\u3006]$/u;
const LETTER = /^[\p{L}\p{N}]$/u;
const MARK = /^\p{M}$/u;

/** What a normalised character is part of: a CJK run, a word, or neither. */
function kindOf(ch: string): SegmentKind | null {
  const c = ch.charCodeAt(0);
  if (c < 0x80)
    return (c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) ? 'word' : null;
  // Kana and kanji of the basic blocks, the common case, without a regular expression.
  if ((c >= 0x3041 && c <= 0x3096) || (c >= 0x30a1 && c <= 0x30fa) || (c >= 0x4e00 && c <= 0x9fcb))
    return 'cjk';
  return CJK.test(ch) && LETTER.test(ch) ? 'cjk' : LETTER.test(ch) ? 'word' : null;
}

/** Characters both engines treat as plain token characters (see the module comment). */
function isPlain(c: number): boolean {
  return (
    (c >= 0x61 && c <= 0x7a) ||
    (c >= 0x30 && c <= 0x39) ||
    (c >= 0x3041 && c <= 0x3096) ||
    (c >= 0x309d && c <= 0x309f) ||
    (c >= 0x30a1 && c <= 0x30fa) ||
    (c >= 0x30fc && c <= 0x30ff) ||
    (c >= 0x3005 && c <= 0x3007) ||
    (c >= 0x3400 && c <= 0x4db5) ||
    (c >= 0x4e00 && c <= 0x9fcb) ||
    (c >= 0xac00 && c <= 0xd7a3)
  );
}

const ESCAPE = '\uE000';

/**
 * Stored between the tokens of a document's fields (title, body, context) so that ranking
 * can tell them apart without tokenising again. A private-use character: the tokenizer
 * never produces it and no query can contain it, and both engines keep it as a token.
 */
export const FIELD_SEPARATOR = '\uE001';
const encoder = new TextEncoder();
const decoder = new TextDecoder();

/**
 * The form of a token the engines store: plain characters as they are, others escaped.
 * @example tokenText('農業') // '農業'
 * @example tokenText('é') // '\uE000c3a9'
 */
export function tokenText(token: string): string {
  let out = '';
  for (const ch of token) {
    if (isPlain(ch.codePointAt(0) ?? 0)) out += ch;
    else out += ESCAPE + Array.from(encoder.encode(ch), (b) => b.toString(16).padStart(2, '0')).join('');
  }
  return out;
}

/**
 * The readable form of a stored token (inverse of tokenText).
 * @example displayToken('\uE000c3a9') // 'é'
 */
export function displayToken(stored: string): string {
  let out = '';
  for (let i = 0; i < stored.length;) {
    if (stored[i] !== ESCAPE) {
      out += stored[i++];
      continue;
    }
    // UTF-8 is self-delimiting: the lead byte says how many bytes follow.
    const lead = parseInt(stored.slice(i + 1, i + 3), 16);
    const size = lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc0 ? 2 : 1;
    const hex = stored.slice(i + 1, i + 1 + size * 2);
    out += decoder.decode(new Uint8Array(hex.match(/../g)?.map((h) => parseInt(h, 16)) ?? []));
    i += 1 + size * 2;
  }
  return out;
}

/**
 * Cuts a text into CJK runs and words (normalised), each with its span in the original.
 * @example segments('AI戦略2022').map((s) => s.chars.join('')) // ['ai', '戦略', '2022']
 */
export function segments(original: string): Segment[] {
  const { text, from, to } = normalize(original);
  const out: Segment[] = [];
  let current: Segment | null = null;
  let bridged = false;
  let unit = 0;
  for (const ch of text) {
    const start = defined(from[unit], 'the start of a character');
    const end = defined(to[unit + ch.length - 1], 'the end of a character');
    unit += ch.length;
    const kind = kindOf(ch);
    if (ch === MIDDLE_DOT && current?.kind === 'cjk' && !bridged) {
      bridged = true;
      continue;
    }
    if (bridged) {
      bridged = false;
      if (kind !== 'cjk') current = null;
    }
    if (kind === null && MARK.test(ch) && current !== null) {
      // A mark continues a word (é written as e + U+0301); after a CJK character it is dropped.
      const last = current.chars.length - 1;
      if (current.kind === 'word') current.chars[last] += ch;
      current.ends[last] = end;
      continue;
    }
    if (kind === null) {
      current = null;
      continue;
    }
    if (current === null || current.kind !== kind) {
      current = { kind, chars: [], starts: [], ends: [] };
      out.push(current);
    }
    // Several normalised characters can share one original cluster (㍿ → 株式会社): each of
    // them maps to the whole cluster.
    current.chars.push(ch);
    current.starts.push(start);
    current.ends.push(end);
  }
  return out;
}

/** The tokens of one segment, in the form the engines store. */
export function segmentTokens(seg: Segment): string[] {
  if (seg.kind === 'word') return [tokenText(seg.chars.slice(0, MAX_WORD).join(''))];
  const tokens: string[] = [];
  for (let i = 0; i + 1 < seg.chars.length; i++) tokens.push(tokenText(seg.chars.slice(i, i + 2).join('')));
  tokens.push(tokenText(seg.chars.slice(-1).join('')));
  return tokens;
}

/**
 * The tokens of a text, in order, as the index stores them.
 * @example tokenize('農業分野のAI') // ['農業', '業分', '分野', '野の', 'の', 'ai']
 */
export function tokenize(text: string): string[] {
  return segments(text).flatMap(segmentTokens);
}

/**
 * The segments (characters only; offsets are character indexes) that stored tokens came
 * from — the inverse of tokenize, used to check phrases without normalising texts again.
 * A word is returned as one "character" holding the whole (possibly cut) word.
 *
 * @example segmentsOfTokens(tokenize('農業分野のAI')).map((s) => s.chars.join('')) // ['農業分野の', 'ai']
 */
export function segmentsOfTokens(tokens: readonly string[]): Segment[] {
  const out: Segment[] = [];
  let run: string[] | null = null;
  const emit = (kind: SegmentKind, chars: string[]) => {
    const index = chars.map((_c, i) => i);
    out.push({ kind, chars, starts: index, ends: index.map((i) => i + 1) });
  };
  for (const token of tokens) {
    if (token === '') continue;
    const chars = Array.from(token.includes(ESCAPE) ? displayToken(token) : token);
    if (kindOf(chars[0] ?? '') !== 'cjk') {
      emit('word', [chars.join('')]);
      continue;
    }
    // A run c1…cn was stored as c1c2 … c(n-1)cn followed by cn alone.
    if (run === null) run = chars;
    else if (chars.length === 2) run.push(...chars.slice(1));
    if (chars.length === 1) {
      emit('cjk', run);
      run = null;
    }
  }
  return out;
}
