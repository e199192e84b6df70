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
    const c = ch.codePointAt(0) ?? 0;
    // ァ..ヶ and ヽヾ sit exactly 0x60 above their hiragana twins.
    out += (c >= 0x30a1 && c <= 0x30f6) || c === 0x30fd || c === 0x30fe ? String.fromCodePoint(c - 0x60) : ch;
  }
  return out;
}

/**
 * Characters (UTF-16 units) that NFKC leaves as they are and that fold without a table:
 * printable ASCII, common Japanese punctuation, kana, and kanji of the basic blocks. They
 * take a fast path; everything else goes through String.prototype.normalize.
 */
function plain(c: number): boolean {
  return (
    (c >= 0x20 && c <= 0x7e) ||
    (c >= 0x3001 && c <= 0x3007) ||
    (c >= 0x3041 && c <= 0x3096) ||
    (c >= 0x309d && c <= 0x309e) ||
    (c >= 0x30a1 && c <= 0x30fe) ||
    (c >= 0x3400 && c <= 0x4db5) ||
    (c >= 0x4e00 && c <= 0x9fcb)
  );
}

const fold = (c: number): number =>
  c >= 0x41 && c <= 0x5a
    ? c + 32
    : (c >= 0x30a1 && c <= 0x30f6) || c === 0x30fd || c === 0x30fe
      ? c - 0x60
      : c;

/** Whether the code point at `i` attaches to the character before it. */
function attachedAt(s: string, i: number): boolean {
  const c = s.codePointAt(i);
  if (c === undefined || plain(s.charCodeAt(i))) return false;
  return ATTACHED.test(String.fromCodePoint(c));
}

/** How many UTF-16 units the code point at `i` takes (2 for a surrogate pair). */
const unitsAt = (s: string, i: number): number => ((s.codePointAt(i) ?? 0) > 0xffff ? 2 : 1);

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
  for (let i = 0; i < original.length;) {
    const c = original.charCodeAt(i);
    if (plain(c) && !attachedAt(original, i + 1)) {
      text += String.fromCharCode(fold(c));
      from.push(i);
      to.push(i + 1);
      i++;
      continue;
    }
    let j = i + unitsAt(original, i);
    while (attachedAt(original, j)) j += unitsAt(original, j);
    const out = foldKana(original.slice(i, j).normalize('NFKC').toLowerCase());
    for (let k = 0; k < out.length; k++) {
      from.push(i);
      to.push(j);
    }
    text += out;
    i = j;
  }
  return { text, from, to };
}
