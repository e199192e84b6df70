/**
 * Text normalisation for search, with a map back to the original text so that hits can be
 * highlighted where the reader sees them.
 *
 * Steps, applied per cluster (a base character and the combining marks after it, so that
 * half-width ｶﾞ becomes ガ and not カ + a loose mark):
 * 1. NFKC: full-width Ａ１ → A1, half-width ｶﾀｶﾅ → カタカナ, ① → 1, ㈱ → (株).
 * 2. lower case: AI → ai.
 * 3. katakana → hiragana (ア→あ, ヴ→ゔ, ヵ→ゕ, ヽ→ゝ): a reader who types でーた finds データ.
 *    The long-vowel mark ー and the katakana without a hiragana twin (ヷ…ヺ) stay as they are.
 *    Folding costs a little precision (a hiragana word also finds its katakana spelling),
 *    which Japanese search engines accept for the same reason.
 */

export interface Normalized {
  /** The normalised text. */
  text: string;
  /** For each UTF-16 unit of `text`: where its source cluster starts in the original. */
  from: number[];
  /** For each UTF-16 unit of `text`: where its source cluster ends in the original. */
  to: number[];
}

/** Marks that belong to the character before them (combining marks, half-width (han)dakuten). */
const ATTACHED = /^[\p{M}\uFF9E\uFF9F]$/u;

/**
 * Folds one normalised character's katakana to hiragana.
 * @example foldKana('データ') // 'でーた'
 */
export function foldKana(s: string): string {
  let out = '';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    // ァ..ヶ and ヽヾ sit exactly 0x60 above their hiragana twins.
    out += (c >= 0x30a1 && c <= 0x30f6) || c === 0x30fd || c === 0x30fe ? String.fromCodePoint(c - 0x60) : ch;
  }
  return out;
}

/**
 * Normalises text for indexing and querying (NFKC, lower case, kana folding) and remembers
 * where each normalised unit came from.
 *
 * @example normalize('ＡＩ').text // 'ai'
 * @example normalize('ﾃﾞｰﾀ').text // 'でーた'
 */
export function normalize(original: string): Normalized {
  const from: number[] = [];
  const to: number[] = [];
  let text = '';
  const chars = Array.from(original);
  let offset = 0;
  for (let i = 0; i < chars.length;) {
    let cluster = chars[i]!;
    let j = i + 1;
    while (j < chars.length && ATTACHED.test(chars[j]!)) cluster += chars[j++]!;
    const out = foldKana(cluster.normalize('NFKC').toLowerCase());
    const end = offset + cluster.length;
    for (let k = 0; k < out.length; k++) {
      from.push(offset);
      to.push(end);
    }
    text += out;
    offset = end;
    i = j;
  }
  return { text, from, to };
}
