/**
 * The bits of HTML a slide-deck extraction leaves in the text: tables as tab-separated rows
 * whose cells hold <ul>/<li> lists and <p> paragraphs (the seed's pillar-3 slide), or whole
 * <table>…</table> blocks over several lines. Everything here is string work, no DOM.
 */
import { defined } from '../../domain/defined.ts';

export interface RawLine {
  no: number;
  text: string;
}

const MAX_TABLE_LINES = 5_000;

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

export function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]{1,6}|#\d{1,7}|[a-z]{2,6});/gi, (m, name: string) => {
    if (name.startsWith('#')) {
      const code = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : Number(name.slice(1));
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : m;
    }
    return ENTITIES[name.toLowerCase()] ?? m;
  });
}

export const stripTags = (html: string): string => decodeEntities(html.replace(/<[^<>]{0,500}>/g, ''));

export const hasMarkup = (text: string): boolean =>
  /<\/?(?:ul|ol|li|p|br|td|th|tr|table|div|span)\b/i.test(text);

/**
 * Replaces every multi-line <table>…</table> by one tab-separated line per <tr>, numbered
 * with the line the row starts on. Lines outside tables pass through unchanged.
 */
export function flattenTables(lines: readonly RawLine[]): RawLine[] {
  const out: RawLine[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = defined(lines[i], `line ${i}`);
    if (!/<table\b/i.test(line.text)) {
      out.push(line);
      continue;
    }
    let end = i;
    while (end < lines.length - 1 && end - i < MAX_TABLE_LINES && !/<\/table>/i.test(lines[end]?.text ?? ''))
      end++;
    out.push(...tableRows(lines.slice(i, end + 1)));
    i = end;
  }
  return out;
}

function tableRows(block: readonly RawLine[]): RawLine[] {
  const rows: RawLine[] = [];
  let current: { no: number; html: string } | null = null;
  const flush = () => {
    if (current && /<t[dh]\b/i.test(current.html)) rows.push({ no: current.no, text: rowText(current.html) });
    current = null;
  };
  for (const line of block) {
    const parts = line.text.split(/(?=<tr\b)/i);
    for (const part of parts) {
      if (/^<tr\b/i.test(part)) {
        flush();
        current = { no: line.no, html: part };
      } else if (current) current.html += `\n${part}`;
    }
  }
  flush();
  return rows;
}

/** One <tr>…</tr> as tab-separated cells, each cell's inner HTML on one line. */
function rowText(html: string): string {
  return html
    .split(/<t[dh]\b[^>]*>/i)
    .slice(1)
    .map((cell) =>
      cell
        .replace(/<\/t[dhr]>|<\/?(?:tbody|thead|table)[^>]*>/gi, '')
        .replace(/[\t\r\n]+/g, ' ')
        .trim(),
    )
    .join('\t');
}

/**
 * The items of a list cell: one string per <li>, or, when the cell has no <li> (as in the
 * seed, where the extraction dropped them), the whole cell as one string for the caller to
 * split at ministry tags.
 */
export function listCellItems(html: string): string[] {
  const body = html.replace(/<\/?(?:ul|ol)\b[^>]*>/gi, '\n');
  const pieces = /<li\b/i.test(body) ? body.split(/<li\b[^>]*>/i) : [body];
  return pieces.map((p) => stripTags(p.replace(/<\/li>/gi, ' ')).trim()).filter((p) => p !== '');
}

/** The paragraphs of a text cell: <p>, <br> and line breaks separate them. */
export function textCellParagraphs(html: string): string[] {
  return html
    .split(/<\/?p\b[^>]*>|<br\s*\/?>|\n/i)
    .map((p) => stripTags(p).trim())
    .filter((p) => p !== '');
}
