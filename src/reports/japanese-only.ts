/**
 * Japanese-only text in an English report. The document marks a text that has no English
 * (it fell back to the Japanese) by enclosing it in two private-use characters; each
 * renderer turns the enclosure into its visible "Japanese only / 日本語のみ" mark — HTML and
 * Markdown with `lang="ja"` on the text, the office formats as a bracketed prefix — so
 * that no renderer can show a fallback unmarked.
 */
import { shown } from '../domain/english.ts';
import { t, type Lang } from './messages.ts';

const OPEN = '\uE000';
const CLOSE = '\uE001';
const MARKED = /\uE000([\s\S]*?)\uE001/g;

/** Marks a text as Japanese only (blank text stays as it is). */
export function jaOnly(text: string): string {
  return text.trim() === '' ? text : `${OPEN}${text}${CLOSE}`;
}

/**
 * A text in the report's language: the Japanese for 'ja'; for 'en' the English, or the
 * Japanese marked. `inLang('en', '進捗', '')` → the marked '進捗'.
 */
export function inLang(lang: Lang, ja: string, en: string | null | undefined): string {
  const s = shown(lang, ja, en);
  return s.jaOnly ? jaOnly(s.text) : s.text;
}

/** A text that has no English twin (a note, a plan, a remark): marked in an English report. */
export function jaText(lang: Lang, ja: string): string {
  return lang === 'en' ? jaOnly(ja) : ja;
}

/** Lines in the report's language: the English lines when there are any, else the Japanese, marked. */
export function linesInLang(lang: Lang, ja: readonly string[], en: readonly string[] | undefined): string[] {
  if (lang === 'ja') return [...ja];
  const english = (en ?? []).filter((l) => l.trim() !== '');
  return english.length > 0 ? english : ja.map(jaOnly);
}

const mark = (): string => `[${t('en', 'report.japanese_only')}]`;

/** Plain text: `[Japanese only / 日本語のみ] 原文`. */
export function plainMarks(text: string): string {
  return text.replace(MARKED, (_, s: string) => `${mark()} ${s}`);
}

/** HTML already escaped (the mark characters pass escaping unchanged): the mark and lang="ja". */
export function htmlMarks(html: string): string {
  return html.replace(
    MARKED,
    (_, s: string) =>
      `<span class="ja-only"><span class="ja-only-mark">${mark()}</span> <span lang="ja">${s}</span></span>`,
  );
}

/** Markdown already escaped: the mark, and the text in a span with lang="ja". */
export function markdownMarks(md: string): string {
  return md.replace(MARKED, (_, s: string) => `${mark()} <span lang="ja">${s}</span>`);
}

/** Every string of a value with its marks as plain text (for the office formats). */
export function withPlainMarks<T>(value: T): T {
  if (typeof value === 'string') return plainMarks(value) as T;
  if (Array.isArray(value)) return value.map((v: unknown) => withPlainMarks(v)) as T;
  if (value !== null && typeof value === 'object' && !Buffer.isBuffer(value))
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withPlainMarks(v)])) as T;
  return value;
}
