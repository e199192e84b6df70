/**
 * A PPTX deck → lines with roles, from the slide XML: text boxes give paragraphs with their
 * size, bullet and indent level; tables give rows of cells directly (tableRoles). Headings
 * are paragraphs larger than the body text, levelled by size; a title placeholder is one
 * too. Footers, slide numbers and dates are page furniture.
 */
import { problem, type ImportResult } from '../problems.ts';
import { unpackZip } from '../survey/zip.ts';
import { decodeEntities } from './html.ts';
import { tableRoles, type CellPara } from './markup.ts';
import { markFurniture, roleLine, type RoleLine } from './roles.ts';
import { cleanInline } from './text.ts';

interface Para {
  text: string;
  size: number | null;
  bullet: boolean;
  level: number;
}

type Shape =
  | { kind: 'text'; y: number; x: number; paras: Para[]; title: boolean; furniture: boolean }
  | { kind: 'table'; y: number; x: number; rows: Para[][][] };

const SLIDE = /^ppt\/slides\/slide(\d+)\.xml$/;
/** The number in a slide part's name (`ppt/slides/slide12.xml` → 12). */
const slideNumber = (name: string): number => Number(SLIDE.exec(name)?.[1] ?? 0);
const FURNITURE_PH = /^(?:ftr|sldNum|dt|hdr)$/;
const FURNITURE_NAME = /^(?:Footer|Slide Number|Date|フッター|スライド番号|日付)/i;

/**
 * Reads a deck into lines with roles, or says why it cannot.
 * @example pptxRoles(bytes, 'deck.pptx').ok // true for a deck with text
 */
export function pptxRoles(bytes: Uint8Array, file: string): ImportResult<RoleLine[]> {
  const where = { sheet: file };
  const fail = (code: string): ImportResult<RoleLine[]> => ({
    ok: false,
    problems: [problem('error', code, { file }, where)],
  });
  const zip = unpackZip(
    bytes,
    (n) =>
      n === '[Content_Types].xml' ||
      n === 'ppt/_rels/presentation.xml.rels' ||
      n === 'ppt/presentation.xml' ||
      SLIDE.test(n),
  );
  if (!zip.ok) return fail(zip.code === 'encrypted' ? 'report.pptx_encrypted' : 'report.pptx_unreadable');
  const types = zip.parts.get('[Content_Types].xml')?.toString('utf8') ?? '';
  if (!types.includes('presentationml')) return fail('report.not_a_report_file');
  const slides = slideOrder(zip.parts);
  const pages: RoleLine[][] = [];
  const shapesBySlide = slides.map((name) => readShapes(zip.parts.get(name)?.toString('utf8') ?? ''));
  const body = bodySize(shapesBySlide.flat());
  const sizes = [
    ...new Set(
      shapesBySlide
        .flat()
        .flatMap((s) => (s.kind === 'text' ? s.paras : []))
        .flatMap((p) => (p.size !== null && p.size > body * 1.15 ? [p.size] : [])),
    ),
  ].sort((a, b) => b - a);
  shapesBySlide.forEach((shapes, i) => {
    const roles: RoleLine[] = [];
    const at = () => (i + 1) * 1000 + roles.length;
    shapes.sort((a, b) => a.y - b.y || a.x - b.x);
    shapes.forEach((shape, k) => {
      if (shape.kind === 'table') {
        const rows: CellPara[][][] = shape.rows.map((cells) => cells.map((paras) => paras.map(cellPara)));
        const first = at();
        roles.push(...tableRoles(rows, () => first));
        return;
      }
      for (const p of shape.paras) {
        const big = p.size !== null && p.size > body * 1.15;
        const crumb = k === 0 && /[｜|]/u.test(p.text) && p.text.length < 80;
        if (shape.furniture) roles.push(roleLine('furniture', p.text, at()));
        else if ((big || shape.title || crumb) && !/[。．]$/u.test(p.text))
          roles.push(roleLine('heading', p.text, at(), p.size === null ? 2 : sizes.indexOf(p.size) + 1));
        else if (p.bullet || p.level > 0)
          roles.push(roleLine(p.level > 0 ? 'subitem' : 'item', p.text, at()));
        else roles.push(roleLine('text', p.text, at()));
      }
    });
    pages.push(roles);
  });
  markFurniture(pages);
  const lines = pages.flat();
  if (lines.filter((l) => l.role !== 'furniture').length === 0) return fail('report.pptx_no_text');
  return { ok: true, value: lines, problems: [] };
}

const cellPara = (p: Para): CellPara => ({
  text: p.text,
  kind: p.level > 0 ? 'subitem' : p.bullet ? 'item' : 'text',
});

/** Slides in the deck's order (presentation.xml), else by their number. */
function slideOrder(parts: Map<string, Buffer>): string[] {
  const rels = parts.get('ppt/_rels/presentation.xml.rels')?.toString('utf8') ?? '';
  const pres = parts.get('ppt/presentation.xml')?.toString('utf8') ?? '';
  const target = new Map<string, string>();
  for (const [, id = '', to = ''] of rels.matchAll(
    /<Relationship\b[^>]*\bId="([^"]+)"[^>]*\bTarget="([^"]+)"/g,
  ))
    target.set(id, `ppt/${to.replace(/^\/?ppt\//, '')}`);
  const ordered = [...pres.matchAll(/<p:sldId\b[^>]*\br:id="([^"]+)"/g)]
    .map(([, id = '']) => target.get(id))
    .filter((n): n is string => n !== undefined && parts.has(n));
  if (ordered.length > 0) return ordered;
  return [...parts.keys()].filter((n) => SLIDE.test(n)).sort((a, b) => slideNumber(a) - slideNumber(b));
}

function bodySize(shapes: readonly Shape[]): number {
  const weight = new Map<number, number>();
  const add = (p: Para) => {
    if (p.size !== null) weight.set(p.size, (weight.get(p.size) ?? 0) + p.text.length);
  };
  for (const s of shapes) {
    if (s.kind === 'text') s.paras.forEach(add);
    else s.rows.flat(2).forEach(add);
  }
  return [...weight].sort((a, b) => b[1] - a[1])[0]?.[0] ?? 18;
}

const offset = (xml: string): { x: number; y: number } => {
  const m = /<a:off\b[^>]*\bx="(-?\d+)"[^>]*\by="(-?\d+)"/.exec(xml);
  return { x: Number(m?.[1] ?? 0), y: Number(m?.[2] ?? 0) };
};

function readShapes(xml: string): Shape[] {
  const shapes: Shape[] = [];
  for (const m of xml.matchAll(/<p:sp\b[\s\S]*?<\/p:sp>|<p:graphicFrame\b[\s\S]*?<\/p:graphicFrame>/g)) {
    const part = m[0];
    const { x, y } = offset(part);
    if (part.startsWith('<p:graphicFrame')) {
      const rows = [...part.matchAll(/<a:tr\b[\s\S]*?<\/a:tr>/g)].map((tr) =>
        [...tr[0].matchAll(/<a:tc\b[^>]*?(?:\/>|>([\s\S]*?)<\/a:tc>)/g)].map((tc) => paragraphs(tc[1] ?? '')),
      );
      if (rows.length > 0) shapes.push({ kind: 'table', x, y, rows });
      continue;
    }
    const ph = /<p:ph\b[^>]*?(?:\btype="([^"]+)")?[^>]*\/?>/.exec(part);
    const name = /<p:cNvPr\b[^>]*\bname="([^"]*)"/.exec(part)?.[1] ?? '';
    const paras = paragraphs(part);
    if (paras.length === 0) continue;
    shapes.push({
      kind: 'text',
      x,
      y,
      paras,
      title: ph !== null && /^(?:title|ctrTitle)$/.test(ph[1] ?? ''),
      furniture: (ph !== null && FURNITURE_PH.test(ph[1] ?? '')) || FURNITURE_NAME.test(name),
    });
  }
  return shapes;
}

function paragraphs(xml: string): Para[] {
  const out: Para[] = [];
  for (const m of xml.matchAll(/<a:p>([\s\S]*?)<\/a:p>|<a:p\b[^>]*>([\s\S]*?)<\/a:p>/g)) {
    const p = m[1] ?? m[2] ?? '';
    const text = cleanInline(
      [...p.matchAll(/<a:t>([^<]*)<\/a:t>|<a:br\s*\/>/g)]
        .map((t) => (t[1] === undefined ? ' ' : decodeEntities(t[1])))
        .join(''),
    );
    if (text === '') continue;
    const size = /<a:rPr\b[^>]*\bsz="(\d+)"/.exec(p)?.[1];
    const ppr = /<a:pPr\b[^>]*>/.exec(p)?.[0] ?? '';
    out.push({
      text,
      size: size === undefined ? null : Number(size) / 100,
      bullet: /<a:bu(?:Char|AutoNum)\b/.test(p),
      level: Number(/\blvl="(\d)"/.exec(ppr)?.[1] ?? 0),
    });
  }
  return out;
}
