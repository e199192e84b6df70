/**
 * Checks of rendered documents for the XSS tests: markup scanned for what a stored text
 * could have smuggled in (script and frame elements, event-handler attributes, javascript:
 * URLs), and the XML parts of PPTX/XLSX files parsed strictly.
 */
import JSZip from 'jszip';
import { SaxesParser } from 'saxes';

/** Elements no report may contain: each would mean stored text became markup. */
const FORBIDDEN = new Set([
  'script',
  'iframe',
  'frame',
  'object',
  'embed',
  'img',
  'math',
  'form',
  'input',
  'textarea',
  'base',
  'link',
  'foreignobject',
]);
const URL_ATTRIBUTES = new Set(['href', 'src', 'xlink:href', 'action', 'formaction']);

/**
 * Problems in an HTML document: forbidden elements, on* attributes, script URLs. Style
 * blocks are skipped (CSS holds no markup).
 */
export function htmlProblems(html: string): string[] {
  const problems: string[] = [];
  const markup = html.replace(/<style[^>]*>[\s\S]*?<\/style>/g, '<style></style>');
  for (const tag of markup.matchAll(/<\/?([a-zA-Z][\w:-]*)([^>]*)>/g)) {
    const name = tag[1]!.toLowerCase();
    if (FORBIDDEN.has(name)) problems.push(`element <${name}>`);
    for (const attr of tag[2]!.matchAll(/([^\s=/]+)\s*(?:=\s*("[^"]*"|'[^']*'|[^\s>]+))?/g)) {
      const key = attr[1]!.toLowerCase();
      const value = (attr[2] ?? '')
        .replace(/^["']|["']$/g, '')
        .trim()
        .toLowerCase();
      if (key.startsWith('on')) problems.push(`attribute ${key} on <${name}>`);
      if (URL_ATTRIBUTES.has(key) && /^(javascript|vbscript|data):/.test(value)) {
        problems.push(`${key}="${value.slice(0, 40)}" on <${name}>`);
      }
    }
  }
  if (/<!\[CDATA\[|<!--/.test(markup)) problems.push('comment or CDATA section outside a style block');
  return problems;
}

export interface XmlPart {
  name: string;
  /** Character data of the part, all text nodes joined. */
  text: string;
  problems: string[];
}

/** Namespaces an OOXML part may use; an element outside them was not written by the renderer. */
const KNOWN_NAMESPACE =
  /^(http:\/\/schemas\.openxmlformats\.org\/|http:\/\/schemas\.microsoft\.com\/|http:\/\/purl\.org\/dc\/|http:\/\/www\.w3\.org\/|urn:schemas-microsoft-com:)/;

/** Parses one XML document strictly (saxes, namespaces on); element and attribute checks. */
export function xmlPart(name: string, xml: string): XmlPart {
  const problems: string[] = [];
  const text: string[] = [];
  const parser = new SaxesParser({ xmlns: true });
  parser.on('error', (err) => problems.push(`not well-formed: ${err.message}`));
  parser.on('text', (t) => text.push(t));
  parser.on('opentag', (tag) => {
    const local = tag.local.toLowerCase();
    if (FORBIDDEN.has(local)) problems.push(`element <${tag.name}>`);
    if (tag.uri !== '' ? !KNOWN_NAMESPACE.test(tag.uri) : !name.endsWith('.svg')) {
      problems.push(`element <${tag.name}> in namespace "${tag.uri}"`);
    }
    for (const attr of Object.values(tag.attributes)) {
      if (typeof attr === 'string') continue;
      if (attr.local.toLowerCase().startsWith('on')) problems.push(`attribute ${attr.name} on <${tag.name}>`);
    }
  });
  try {
    parser.write(xml).close();
  } catch (err) {
    problems.push(`not well-formed: ${(err as Error).message}`);
  }
  if (/<script/i.test(xml)) problems.push('raw <script in the XML');
  return { name, text: text.join(''), problems };
}

/** Every XML part (.xml, .rels, .svg) of an OOXML package, parsed. */
export async function ooxmlParts(file: Buffer): Promise<XmlPart[]> {
  const zip = await JSZip.loadAsync(file);
  const parts: XmlPart[] = [];
  for (const [name, entry] of Object.entries(zip.files)) {
    if (entry.dir || !/\.(xml|rels|svg)$/i.test(name)) continue;
    parts.push(xmlPart(name, await entry.async('string')));
  }
  return parts;
}

/** A strict RFC 4180 reader (CRLF rows, doubled quotes), enough for our own CSV output. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else field += c;
  }
  if (field !== '' || row.length > 0) rows.push([...row, field]);
  return rows;
}
