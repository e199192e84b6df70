/**
 * Text, Markdown and HTML → lines with roles. Markdown and HTML give heading levels outright
 * (#, <h2>); plain text gives them by its heading marks (■, ◆, 【…】, 第1, Ⅰ., 1., （1）, ①),
 * each mark one level in the order the marks first appear. Tables become a row label, the
 * 主な進捗 list and the 概況 text (tableRoles), whatever the order of their columns.
 */
import { decodeEntities } from './html.ts';
import { columnRole, isPageNumber, markFurniture, ratingLabel, roleLine, type RoleLine } from './roles.ts';
import { cleanInline } from './text.ts';

export interface CellPara {
  text: string;
  kind: 'item' | 'subitem' | 'text';
}

/**
 * One table → roles. A header row naming 主な進捗 and 概況 says which column is which;
 * without one, the first column labels the row and the others are its list.
 */
export function tableRoles(rows: readonly CellPara[][][], line: (i: number) => number): RoleLine[] {
  const out: RoleLine[] = [];
  let roles: ('label' | 'progress' | 'overview' | 'list')[] | null = null;
  rows.forEach((cells, r) => {
    const kinds = cells.map((c) => (c.length === 1 && c[0] ? columnRole(c[0].text) : null));
    if (kinds.some((k) => k !== null)) {
      roles = kinds.map((k, i) =>
        k === 'progress-header'
          ? 'progress'
          : k === 'overview-header'
            ? 'overview'
            : i === 0
              ? 'label'
              : 'list',
      );
      return;
    }
    const cols = roles ?? cells.map((_, i) => (i === 0 && cells.length > 1 ? 'label' : 'list'));
    const at = line(r);
    const label = cells[cols.indexOf('label')] ?? [];
    for (const p of label) out.push(roleLine('row-label', p.text, at));
    for (const want of ['progress', 'list', 'overview'] as const) {
      cols.forEach((c, i) => {
        if (c !== want) return;
        if (want === 'progress') out.push(roleLine('progress-header', '主な進捗', at));
        if (want === 'overview') out.push(roleLine('overview-header', '概況', at));
        for (const p of cells[i] ?? []) {
          const kind = want === 'overview' ? 'text' : p.kind === 'text' ? 'item' : p.kind;
          out.push(roleLine(kind, p.text, at));
        }
      });
    }
  });
  return out;
}

const BULLET = /^(\s*)(?:[-*+]|[・●○◦•▪➢◎])\s+|^(\s*)[・●○◦•▪➢◎]/u;
const MD_HEADING = /^(#{1,6})\s+(.*?)\s*#*\s*$/u;
const unescapeMd = (s: string): string => decodeEntities(s.replace(/\\([\\`*_[\]|~#>+\-.!])/g, '$1'));

/** Plain-text heading marks; each distinct mark is one level, in order of first use. */
const MARKS: readonly { style: string; pattern: RegExp }[] = [
  { style: 'square', pattern: /^[■□]\s*/u },
  { style: 'diamond', pattern: /^[◆◇]\s*/u },
  { style: 'lenticular', pattern: /^【(?=[^】]+】\s*$)/u },
  { style: 'chapter', pattern: /^第\s*[0-9０-９一二三四五六七八九十]+\s*(?:章|節|部)?[\s\u3000]+/u },
  { style: 'roman', pattern: /^[ⅠⅡⅢⅣⅤⅥⅦⅧⅨⅩ][.．、\s\u3000]\s*/u },
  { style: 'pillar', pattern: /^柱\s*[0-9０-９]+[.．、:：\s\u3000]\s*/u },
  { style: 'goal', pattern: /^目標\s*[0-9０-９]+(?:[.．\-－][0-9０-９]+)*[.．、:：\s\u3000]\s*/u },
  { style: 'dotted', pattern: /^[0-9０-９]{1,2}[.．](?![0-9０-９])\s*/u },
  { style: 'hyphen', pattern: /^[0-9０-９]{1,2}[-－‐][0-9０-９]{1,2}[.．\s\u3000]\s*/u },
  { style: 'paren', pattern: /^[（(][0-9０-９]{1,2}[)）]\s*/u },
  { style: 'circled', pattern: /^[①-⑳]\s*/u },
];

/** Whether a text reads as a report with heading marks or Markdown headings at all. */
export function hasHeadingMarks(text: string): boolean {
  let marked = 0;
  for (const raw of text.split(/\r\n|\r|\n/)) {
    const t = raw.trim();
    if (MD_HEADING.test(t) || MARKS.some((m) => m.pattern.test(t))) marked++;
  }
  return marked >= 3;
}

/**
 * Markdown or marked plain text → lines with roles. Form feeds separate pages (for furniture).
 * @example markdownRoles('## 柱 1 安全\n**主な進捗**\n- 実証（総務省）').map((l) => l.role) // ['heading', 'progress-header', 'item']
 */
export function markdownRoles(text: string): RoleLine[] {
  const styles = new Map<string, number>();
  let out: RoleLine[] = [];
  const pages: RoleLine[][] = [out];
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
  let table: { cells: CellPara[][][]; first: number } | null = null;
  const flushTable = () => {
    if (table) {
      const first = table.first;
      out.push(...tableRoles(table.cells, () => first));
    }
    table = null;
  };
  lines.forEach((raw, i) => {
    const no = i + 1;
    const page = out;
    if (raw.includes('\f')) {
      out = [];
      pages.push(out);
    }
    const t = raw.replace(/\f/g, '').trimEnd();
    if (/^\s*\|.*\|\s*$/.test(t)) {
      if (/^\s*\|[\s:|-]+\|\s*$/.test(t)) return;
      const cells = t
        .trim()
        .slice(1, -1)
        .split(/(?<!\\)\|/)
        .map((c) => cellParas(unescapeMd(c.replace(/<br\s*\/?>/gi, '\n'))));
      table ??= { cells: [], first: no };
      table.cells.push(cells);
      return;
    }
    flushTable();
    if (t.trim() === '') return;
    const h = MD_HEADING.exec(t.trim());
    if (h) {
      page.push(roleLine('heading', unescapeMd(h[2] ?? ''), no, (h[1] ?? '').length));
      return;
    }
    const plain = unescapeMd(t.trim());
    const bolded = /^\*\*(.+)\*\*$/u.exec(t.trim());
    const column = columnRole(bolded?.[1] ?? plain);
    if (column) {
      page.push(roleLine(column, plain, no));
      return;
    }
    const inline = /^[【［[<＜]?\s*(主な進捗|主な取組|概況|評価)\s*[】］\]>＞]?\s*[：:]\s*(.+)$/u.exec(plain);
    const [, label = '', rest = ''] = inline ?? [];
    const labelRole = inline ? columnRole(label) : null;
    if (labelRole && ratingLabel(plain) === null) {
      page.push(roleLine(labelRole, label, no), roleLine('text', rest, no));
      return;
    }
    const bullet = BULLET.exec(t);
    if (bullet) {
      const indent = (bullet[1] ?? bullet[2] ?? '').replace(/\t/g, '  ').replace(/\u3000/g, '  ').length;
      page.push(roleLine(indent >= 2 ? 'subitem' : 'item', unescapeMd(t.slice(bullet[0].length)), no));
      return;
    }
    for (const m of MARKS) {
      const found = m.pattern.exec(plain);
      if (found && plain.length > found[0].length && plain.length <= 120 && !/[。]$/u.test(plain)) {
        const level = styles.get(m.style) ?? styles.size + 1;
        styles.set(m.style, level);
        const title = m.style === 'lenticular' ? plain.slice(1, -1) : plain.slice(found[0].length);
        const keep = m.style === 'pillar' || m.style === 'goal' || m.style === 'roman';
        page.push(roleLine('heading', keep ? plain : title, no, 10 + level));
        return;
      }
    }
    page.push(roleLine(isPageNumber(plain) ? 'furniture' : 'text', plain, no));
  });
  flushTable();
  markFurniture(pages);
  return pages.flat();
}

function cellParas(text: string): CellPara[] {
  return text
    .split('\n')
    .map((s) => s.trim())
    .filter((s) => s !== '')
    .map((s) => {
      const b = /^(?:[-・●]\s*)/u.exec(s);
      return { text: cleanInline(b ? s.slice(b[0].length) : s), kind: b ? 'item' : 'text' } as CellPara;
    });
}

const SKIPPED = /^(?:style|script|svg|caption|nav|head|template|figure)$/i;
const BLOCK = /^(?:h[1-6]|p|li|th|td|tr|table|div|section|header|footer|br|ul|ol|dt|dd)$/i;

/**
 * HTML → lines with roles: h1–h6 headings, list items (nested ones are details of the item
 * above), paragraphs, and tables through tableRoles. Hidden captions, charts and navigation are skipped.
 */
export function htmlRoles(html: string): RoleLine[] {
  const out: RoleLine[] = [];
  const tokens = html.matchAll(/<(\/?)([a-zA-Z][a-zA-Z0-9]*)\b([^>]*)>|([^<]+)/g);
  let skip = 0;
  let hidden = 0;
  const stack: string[] = [];
  let buf = '';
  let kind: { role: 'heading' | 'item' | 'subitem' | 'text'; level: number } | null = null;
  let listDepth = 0;
  let rows: CellPara[][][] | null = null;
  let cell: CellPara[] | null = null;
  let n = 0;
  const flush = () => {
    const text = cleanInline(decodeEntities(buf).replace(/\s+/g, ' '));
    buf = '';
    if (text === '' || kind === null) return;
    if (cell) cell.push({ text, kind: kind.role === 'heading' ? 'text' : (kind.role as CellPara['kind']) });
    else out.push(roleLine(kind.role, text, ++n, kind.level));
  };
  for (const m of tokens) {
    const [, close, rawTag, attrs, text] = m;
    if (text !== undefined) {
      if (skip === 0 && hidden === 0) buf += text;
      continue;
    }
    const tag = (rawTag ?? '').toLowerCase();
    if (SKIPPED.test(tag)) {
      skip += close ? -1 : 1;
      continue;
    }
    if (/\bvisually-hidden\b/.test(attrs ?? '') && !close) {
      hidden++;
      stack.push(`hidden:${tag}`);
      continue;
    }
    if (close && stack.at(-1) === `hidden:${tag}`) {
      stack.pop();
      hidden--;
      continue;
    }
    if (skip > 0 || !BLOCK.test(tag)) continue;
    if (!close) flush();
    else if (tag !== 'ul' && tag !== 'ol' && tag !== 'table' && tag !== 'tr') flush();
    if (tag === 'ul' || tag === 'ol') listDepth += close ? -1 : 1;
    else if (tag === 'table') {
      if (!close) rows = [];
      else if (rows) {
        const first = n + 1;
        out.push(...tableRoles(rows, () => first));
        n += 1;
        rows = null;
      }
    } else if (tag === 'tr' && rows && !close) rows.push([]);
    else if ((tag === 'td' || tag === 'th') && rows) {
      if (!close) {
        cell = [];
        rows.at(-1)?.push(cell);
        kind = { role: 'text', level: 0 };
      } else cell = null;
    } else if (/^h[1-6]$/.test(tag)) kind = close ? null : { role: 'heading', level: Number(tag[1]) };
    else if (tag === 'li') kind = close ? null : { role: listDepth > 1 ? 'subitem' : 'item', level: 0 };
    else if (!close) kind = { role: 'text', level: 0 };
  }
  flush();
  return out;
}
