/**
 * Text clean-up for reports extracted from slide decks: bold markers, letters spaced out
 * by the PDF layout ('A I'), spaces between Japanese characters, lines wrapped inside one
 * title. Pure string functions shared by every stage of the report-text pipeline.
 */

const NON_ASCII = String.raw`[^\x00-\x7F]`;
const SPACES_NEAR_CJK = new RegExp(
  String.raw`(?<=${NON_ASCII})[ \t\u3000]+|[ \t\u3000]+(?=${NON_ASCII})`,
  'gu',
);
/** Single capital letters spaced apart by the extraction: 'A I' → 'AI' (but not 'WISDOM X'). */
const SPACED_LETTERS = /(?<![A-Za-z])([A-Z])[ \u3000](?=[A-Z](?![A-Za-z]))/g;

/**
 * One line or paragraph as people should read it: no '**', no spaced-out letters, no
 * spaces next to Japanese characters, single spaces between Latin words.
 * @example cleanInline('政府における A I 利活用の **推進**') // '政府におけるAI利活用の推進'
 */
export function cleanInline(text: string): string {
  return text
    .replaceAll('**', '')
    .replace(SPACED_LETTERS, '$1')
    .replace(SPACES_NEAR_CJK, '')
    .replace(/[ \t\u3000]{2,}/g, ' ')
    .trim();
}

/**
 * Joins the lines of one wrapped paragraph: Japanese lines join without a space, two Latin
 * words across a line break keep one.
 * @example joinWrapped(['AIによる利活用の', '基礎となるデジタル・', 'ツインの構築']) // 'AIによる利活用の基礎となるデジタル・ツインの構築'
 */
export function joinWrapped(lines: readonly string[]): string {
  let out = '';
  for (const raw of lines) {
    const line = raw.trim();
    if (line === '') continue;
    const needsSpace = /[A-Za-z0-9,.]$/.test(out) && /^[A-Za-z0-9]/.test(line);
    out += (needsSpace ? ' ' : '') + line;
  }
  return cleanInline(out);
}

/**
 * The key two texts are compared by when looking for repeats: NFKC, without spaces, bold
 * markers, middle dots, Japanese punctuation and quotes, so that 'デジタル・ツイン' in one
 * place and 'デジタルツイン' in another are the same.
 * @example matchKey('**A I** の活用。') === matchKey('AIの活用') // true
 */
export function matchKey(text: string): string {
  return text
    .normalize('NFKC')
    .replace(/[\s*・、,。.「」『』"'`]/g, '')
    .toLowerCase();
}

/** Whether a paragraph reads as a sentence (an overview) rather than a heading. */
export function isSentence(text: string): boolean {
  const t = text.trim();
  if (/[。．]/.test(t.slice(0, -1)) && t.length > 20) return true;
  return /(?:[。．]|(?:いる|ている|れる|られる|った|した|する|ある|ない|なる|見通し|予定|見込み|方針|ます|です|取り組む|図る|進む))$/.test(
    t,
  );
}

/** Cuts a text to at most `max` characters, preferring a break after '、'. */
export function shorten(text: string, max: number): string {
  const chars = [...text];
  if (chars.length <= max) return text;
  const head = chars.slice(0, max - 1).join('');
  const comma = head.lastIndexOf('、');
  return `${comma >= max / 2 ? head.slice(0, comma) : head}…`;
}

/** Lowercase ASCII letters and digits of a text, for ids: 'AI戦略2022' → 'ai2022'. */
export function asciiSlug(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '');
}
