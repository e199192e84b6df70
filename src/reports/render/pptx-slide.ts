/**
 * One planned slide as PresentationML: text boxes and tables at exact line pitch, frames for
 * the KPI charts, and on every slide but the cover a footer with the source and the slide
 * number. Every run names Meiryo for Latin, East Asian and complex scripts.
 */
import { t } from '../messages.ts';
import type { ReportDocument } from '../model.ts';
import { escapeXml } from './escape.ts';
import { BULLET_PT, bulletIndent, CELL_MARGIN_H, CELL_MARGIN_V, LINE, type Para } from './pptx-grid.ts';
import { NS_A, NS_C, NS_P, NS_R, SP_TREE_HEAD, XML_HEAD } from './pptx-package.ts';
import {
  CONTENT_W,
  FOOTER_Y,
  MARGIN_X,
  SLIDE_W,
  type ChartPlacement,
  type SlidePlan,
  type TablePlacement,
  type TextBox,
} from './pptx-plan.ts';
import { defined } from '../../domain/defined.ts';

export const FONT = 'Meiryo';
const TEXT = '1A1A1A';
export const ACCENT = '1F4E79';
const MUTED = '595959';
const BORDER = 'A6A6A6';

/** Inches to EMU. */
export const emu = (inches: number): number => Math.round(inches * 914400);
/** Points to EMU. */
const ptEmu = (pt: number): number => Math.round(pt * 12700);
/** Points to hundredths of a point (font sizes, spacing). */
const centi = (pt: number): number => Math.round(pt * 100);

const FONTS = `<a:latin typeface="${FONT}"/><a:ea typeface="${FONT}"/><a:cs typeface="${FONT}"/>`;
const solidFill = (rgb: string): string => `<a:solidFill><a:srgbClr val="${rgb}"/></a:solidFill>`;
const xfrm = (x: number, y: number, w: number, h: number, tag = 'a:xfrm'): string =>
  `<${tag}><a:off x="${emu(x)}" y="${emu(y)}"/><a:ext cx="${emu(w)}" cy="${emu(h)}"/></${tag}>`;

/** What every slide's XML needs besides its plan. */
export interface SlideContext {
  doc: ReportDocument;
  /** ja-JP or en-GB */
  lang: string;
}

function runProps(p: Para, lang: string): string {
  const attrs =
    `lang="${lang}"${lang === 'ja-JP' ? ' altLang="en-US"' : ''} sz="${centi(p.size)}"` +
    `${p.bold ? ' b="1"' : ''}${p.italic ? ' i="1"' : ''} dirty="0"`;
  const highlight = p.highlight ? `<a:highlight><a:srgbClr val="${p.highlight}"/></a:highlight>` : '';
  return `<a:rPr ${attrs}>${solidFill(p.color ?? TEXT)}${highlight}${FONTS}</a:rPr>`;
}

function paraProps(p: Para, align?: 'left' | 'center'): string {
  const algn = align === 'center' ? ' algn="ctr"' : '';
  const spacing =
    `<a:lnSpc><a:spcPts val="${centi(p.size * LINE)}"/></a:lnSpc>` +
    (p.after ? `<a:spcAft><a:spcPts val="${centi(p.after)}"/></a:spcAft>` : '');
  if (p.bullet === undefined) return `<a:pPr${algn} indent="0" marL="0">${spacing}<a:buNone/></a:pPr>`;
  // A continued paragraph keeps its indent behind an invisible (ideographic space) bullet.
  const char = p.cont ? '&#x3000;' : p.bullet > 0 ? '&#x2013;' : '&#x2022;';
  const level = p.bullet > 0 ? ` lvl="${p.bullet}"` : '';
  return (
    `<a:pPr${level}${algn} marL="${ptEmu(bulletIndent(p))}" indent="${-ptEmu(BULLET_PT)}">${spacing}` +
    `<a:buSzPct val="100000"/><a:buChar char="${char}"/></a:pPr>`
  );
}

/** One paragraph of one run; a line break inside the text stays inside the paragraph. */
export function paragraphXml(p: Para, lang: string, align?: 'left' | 'center'): string {
  const rPr = runProps(p, lang);
  const runs = p.text
    .split(/\r?\n/)
    .map((line) => `<a:r>${rPr}<a:t>${escapeXml(line) || ' '}</a:t></a:r>`)
    .join(`<a:br>${rPr}</a:br>`);
  return `<a:p>${paraProps(p, align)}${runs}</a:p>`;
}

// A text body needs at least one paragraph (a cell continued from the previous slide may
// have nothing left in one of its columns).
const paragraphs = (paras: Para[], lang: string, align?: 'left' | 'center'): string =>
  paras.length === 0 ? '<a:p/>' : paras.map((p) => paragraphXml(p, lang, align)).join('');

/** Hands out the shape ids of one slide (1 is the shape tree itself). */
class Ids {
  #next = 2;
  take(): number {
    return this.#next++;
  }
}

function textBoxXml(
  ids: Ids,
  name: string,
  box: { x: number; y: number; w: number; h: number },
  anchor: 't' | 'ctr',
  body: string,
): string {
  const id = ids.take();
  return (
    `<p:sp><p:nvSpPr><p:cNvPr id="${id}" name="${name} ${id}"/><p:cNvSpPr txBox="1"/><p:nvPr/></p:nvSpPr>` +
    `<p:spPr>${xfrm(box.x, box.y, box.w, box.h)}<a:prstGeom prst="rect"><a:avLst/></a:prstGeom><a:noFill/></p:spPr>` +
    `<p:txBody><a:bodyPr wrap="square" lIns="0" tIns="0" rIns="0" bIns="0" rtlCol="0" anchor="${anchor}"/>` +
    `<a:lstStyle/>${body}</p:txBody></p:sp>`
  );
}

function boxXml(ids: Ids, b: TextBox, lang: string): string {
  return textBoxXml(ids, 'Text', b, b.valign === 'middle' ? 'ctr' : 't', paragraphs(b.paras, lang, b.align));
}

/** The accent bar across the top of every slide. */
function barXml(ids: Ids): string {
  const id = ids.take();
  return (
    `<p:sp><p:nvSpPr><p:cNvPr id="${id}" name="Bar ${id}"/><p:cNvSpPr/><p:nvPr/></p:nvSpPr>` +
    `<p:spPr>${xfrm(0, 0, SLIDE_W, 0.08)}<a:prstGeom prst="rect"><a:avLst/></a:prstGeom>${solidFill(ACCENT)}` +
    `<a:ln w="12700">${solidFill(ACCENT)}</a:ln></p:spPr></p:sp>`
  );
}

const CELL_BORDERS = ['lnL', 'lnR', 'lnT', 'lnB']
  .map(
    (side) =>
      `<a:${side} w="${ptEmu(0.75)}" cap="flat" cmpd="sng" algn="ctr">${solidFill(BORDER)}` +
      '<a:prstDash val="solid"/><a:round/><a:headEnd type="none" w="med" len="med"/>' +
      `<a:tailEnd type="none" w="med" len="med"/></a:${side}>`,
  )
  .join('');
const CELL_MARGINS =
  `marL="${emu(CELL_MARGIN_H)}" marR="${emu(CELL_MARGIN_H)}" ` +
  `marT="${emu(CELL_MARGIN_V)}" marB="${emu(CELL_MARGIN_V)}"`;

function cellXml(paras: Para[], lang: string, anchor: 't' | 'ctr', fill: string | undefined): string {
  return (
    `<a:tc><a:txBody><a:bodyPr/><a:lstStyle/>${paragraphs(paras, lang)}</a:txBody>` +
    `<a:tcPr ${CELL_MARGINS} anchor="${anchor}">${CELL_BORDERS}${fill ? solidFill(fill) : ''}</a:tcPr></a:tc>`
  );
}

function tableXml(ids: Ids, table: TablePlacement, lang: string): string {
  const rows: string[] = [];
  if (table.header) {
    const cells = table.header.map((text) =>
      cellXml([{ text, size: table.headerSize, bold: true, color: 'FFFFFF' }], lang, 'ctr', ACCENT),
    );
    rows.push(`<a:tr h="${emu(table.headerH)}">${cells.join('')}</a:tr>`);
  }
  for (const row of table.rows) {
    const cells = row.cells.map((cell, i) => cellXml(cell, lang, 't', row.fills?.[i]));
    rows.push(`<a:tr h="${emu(row.h)}">${cells.join('')}</a:tr>`);
  }
  if (rows.length === 0) return ''; // a page with nothing to tabulate (e.g. a goal with no items yet)
  const width = table.colW.reduce((a, b) => a + b, 0);
  const height = table.headerH + table.rows.reduce((s, r) => s + r.h, 0);
  const id = ids.take();
  return (
    `<p:graphicFrame><p:nvGraphicFramePr><p:cNvPr id="${id}" name="Table ${id}"/>` +
    '<p:cNvGraphicFramePr><a:graphicFrameLocks noGrp="1"/></p:cNvGraphicFramePr><p:nvPr/></p:nvGraphicFramePr>' +
    xfrm(table.x, table.y, width, height, 'p:xfrm') +
    '<a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/table"><a:tbl><a:tblPr/>' +
    `<a:tblGrid>${table.colW.map((w) => `<a:gridCol w="${emu(w)}"/>`).join('')}</a:tblGrid>` +
    `${rows.join('')}</a:tbl></a:graphicData></a:graphic></p:graphicFrame>`
  );
}

function chartFrameXml(ids: Ids, c: ChartPlacement, relId: string, ctx: SlideContext): string {
  const id = ids.take();
  const alt = t(ctx.doc.lang, 'report.kpi_chart_alt', { name: c.kpi.name, figure: c.kpi.figure });
  return (
    `<p:graphicFrame><p:nvGraphicFramePr><p:cNvPr id="${id}" name="Chart ${id}" descr="${escapeXml(alt)}"/>` +
    '<p:cNvGraphicFramePr/><p:nvPr/></p:nvGraphicFramePr>' +
    xfrm(c.x, c.y, c.w, c.h, 'p:xfrm') +
    `<a:graphic><a:graphicData uri="${NS_C}"><c:chart xmlns:c="${NS_C}" r:id="${relId}"/></a:graphicData>` +
    '</a:graphic></p:graphicFrame>'
  );
}

// Any GUID will do: PowerPoint only needs the field to have one.
const SLIDE_NUMBER_FIELD = '{3C1F7A52-6E0B-4B8E-9D27-5A4F0E2C8B61}';

function footerXml(ids: Ids, ctx: SlideContext, slideNo: number): string {
  const { doc, lang } = ctx;
  const base = doc.meta.draft ? `【${t(doc.lang, 'report.draft')}】 ${doc.meta.source}` : doc.meta.source;
  const source = doc.edition ? `${base}（${doc.edition.label}）` : base;
  const para: Para = { text: source, size: 9, color: MUTED };
  const footer = textBoxXml(
    ids,
    'Footer',
    { x: MARGIN_X, y: FOOTER_Y, w: CONTENT_W - 1, h: 0.25 },
    'ctr',
    paragraphXml(para, lang),
  );
  const number =
    `<a:p><a:pPr algn="r"/><a:fld id="${SLIDE_NUMBER_FIELD}" type="slidenum">${runProps(para, lang)}` +
    `<a:t>${slideNo}</a:t></a:fld></a:p>`;
  const box = { x: SLIDE_W - MARGIN_X - 0.8, y: FOOTER_Y, w: 0.8, h: 0.25 };
  return footer + textBoxXml(ids, 'Slide Number', box, 'ctr', number);
}

/**
 * The XML of slide `slideNo` (1-based); `chartRelIds` are the relationship ids of its
 * charts, in plan order.
 */
export function slideXml(ctx: SlideContext, plan: SlidePlan, slideNo: number, chartRelIds: string[]): string {
  const ids = new Ids();
  const shapes = [barXml(ids)];
  for (const b of plan.boxes) shapes.push(boxXml(ids, b, ctx.lang));
  if (plan.table) shapes.push(tableXml(ids, plan.table, ctx.lang));
  plan.charts.forEach((c, i) =>
    shapes.push(chartFrameXml(ids, c, defined(chartRelIds[i], `the relation of chart ${i}`), ctx)),
  );
  if (plan.kind !== 'cover') shapes.push(footerXml(ids, ctx, slideNo));
  return (
    `${XML_HEAD}<p:sld xmlns:a="${NS_A}" xmlns:r="${NS_R}" xmlns:p="${NS_P}">` +
    `<p:cSld name="Slide ${slideNo}"><p:spTree>${SP_TREE_HEAD}${shapes.join('')}</p:spTree></p:cSld>` +
    '<p:clrMapOvr><a:masterClrMapping/></p:clrMapOvr></p:sld>'
  );
}
