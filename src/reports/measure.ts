/**
 * A width model for laying out text on slides without a font engine: CJK characters are
 * 1 em wide, Latin letters and digits about half that (Meiryo's Latin is wide, so the
 * figures err on the generous side). Lines wrap anywhere between CJK characters and at
 * spaces between Latin words, as PowerPoint does for Japanese text.
 */

/**
 * Width of one character in em.
 * @example charWidth('科') // 1
 * @example charWidth('a') // 0.56
 */
export function charWidth(ch: string): number {
  const c = ch.codePointAt(0) ?? 0;
  if (c >= 0xff61 && c <= 0xff9f) return 0.5; // half-width katakana
  if (c >= 0x1100) return 1; // CJK, kana, full-width forms, arrows, symbols
  if (c === 0x20) return 0.33;
  if (/[.,:;'!|il[\]()]/.test(ch)) return 0.32;
  if (/[A-Z]/.test(ch)) return 0.7;
  if (c >= 0x80 && c < 0x1100) return 0.65;
  return 0.58;
}

/** Width of a string in em. */
export function textWidth(text: string): number {
  let w = 0;
  for (const ch of text) w += charWidth(ch);
  return w;
}

/** Breakable units: a CJK character alone, or a Latin word with its trailing spaces. */
function units(text: string): string[] {
  const out: string[] = [];
  let word = '';
  for (const ch of text) {
    if ((ch.codePointAt(0) ?? 0) >= 0x1100) {
      if (word !== '') out.push(word);
      out.push(ch);
      word = '';
    } else if (/\s/.test(ch) || !/\s$/.test(word)) {
      word += ch;
    } else {
      out.push(word);
      word = ch;
    }
  }
  if (word !== '') out.push(word);
  return out;
}

// Japanese line breaking keeps closing punctuation on the line before it (kinsoku shori),
// which can push one character over; the safety margin covers that.
const SAFETY = 0.96;

/**
 * Splits a paragraph into the lines it occupies in a box `widthEm` wide.
 * @example wrapText('あいうえお', 2) // ['あい', 'うえ', 'お']
 */
export function wrapText(text: string, widthEm: number): string[] {
  const limit = Math.max(1, widthEm * SAFETY);
  const lines: string[] = [];
  for (const para of text.split('\n')) {
    let line = '';
    let width = 0;
    for (const unit of units(para)) {
      const w = textWidth(unit.trimEnd());
      if (width + w > limit && line !== '') {
        lines.push(line.trimEnd());
        line = '';
        width = 0;
      }
      if (w > limit) {
        // A word longer than the line breaks character by character.
        for (const ch of unit) {
          const cw = charWidth(ch);
          if (width + cw > limit && line !== '') {
            lines.push(line);
            line = '';
            width = 0;
          }
          line += ch;
          width += cw;
        }
        continue;
      }
      line += unit;
      width += textWidth(unit);
    }
    lines.push(line.trimEnd());
  }
  return lines;
}

/** How many lines a paragraph takes in a box `widthEm` wide. */
export function lineCount(text: string, widthEm: number): number {
  return wrapText(text, widthEm).length;
}
