/**
 * English beside Japanese (issue #22): every published text has an optional English twin.
 * English pages and reports show the English when there is some, else the Japanese marked
 * "Japanese only / 日本語のみ". Records stored before the English text existed have no
 * English field at all, so these helpers take `undefined` as "not translated".
 */

/** The English text, or '' when there is none. `englishOf('  ')` → `''`. */
export function englishOf(en: string | null | undefined): string {
  return typeof en === 'string' && en.trim() !== '' ? en : '';
}

/** English lines, or [] when there are none (every line blank counts as none). */
export function englishLines(en: readonly string[] | null | undefined): string[] {
  return Array.isArray(en) && en.some((l) => l.trim() !== '') ? [...en] : [];
}

/** A text as a page or report in `lang` shows it, and whether it fell back to the Japanese. */
export interface Shown {
  text: string;
  /** English was asked for and there was none: the text is the Japanese. */
  jaOnly: boolean;
}

/**
 * The text to show in `lang`: the Japanese for 'ja'; for 'en' the English, or the Japanese
 * marked as Japanese only. `shown('en', '進捗', '')` → `{ text: '進捗', jaOnly: true }`.
 */
export function shown(lang: 'ja' | 'en', ja: string, en: string | null | undefined): Shown {
  if (lang === 'ja' || ja.trim() === '') return { text: ja, jaOnly: false };
  const english = englishOf(en);
  return english ? { text: english, jaOnly: false } : { text: ja, jaOnly: true };
}
