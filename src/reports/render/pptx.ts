/**
 * PPTX (16:9) drawn from the measured slide plan with pptxgenjs: text boxes and tables at
 * exact line pitch, KPI charts as native charts, a footer with the source and the slide
 * number on every slide but the cover. Fonts: Meiryo, with the theme's Japanese fallback.
 */
import pptxModule from 'pptxgenjs';
import type * as P from 'pptxgenjs';
import { t } from '../messages.ts';
import type { ReportDocument } from '../model.ts';
import { escapeHtml } from './escape.ts';
import { BULLET_PT, CELL_MARGIN_H, CELL_MARGIN_V, LINE, type Para } from './pptx-grid.ts';
import {
  CONTENT_W,
  FOOTER_Y,
  MARGIN_X,
  planDeck,
  SLIDE_W,
  type ChartPlacement,
  type SlidePlan,
  type TablePlacement,
  type TextBox,
} from './pptx-plan.ts';

// The typings describe a CommonJS module, while Node loads the ES build whose default
// export is the class itself; accept both shapes.
type Pptx = P.default;
const PptxGenJS = ((pptxModule as unknown as { default?: unknown }).default ?? pptxModule) as new () => Pptx;

export const FONT = 'Meiryo';
const TEXT = '1A1A1A';
const ACCENT = '1F4E79';
const BORDER = { type: 'solid' as const, pt: 0.75, color: 'A6A6A6' };

// Characters XML 1.0 cannot carry; user text is otherwise escaped by pptxgenjs.
// eslint-disable-next-line no-control-regex -- removing control characters is the point
const clean = (s: string): string => s.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '');

function textProps(paras: Para[], lang: string, align?: 'left' | 'center'): P.default.TextProps[] {
  return paras.map((p, i) => {
    const bullet =
      p.bullet === undefined
        ? false
        : {
            indent: BULLET_PT,
            // A continued paragraph keeps the indent behind an invisible (ideographic space) bullet.
            ...(p.cont ? { characterCode: '3000' } : p.bullet > 0 ? { characterCode: '2013' } : {}),
          };
    return {
      text: clean(p.text) || ' ',
      options: {
        fontFace: FONT,
        fontSize: p.size,
        bold: p.bold ?? false,
        italic: p.italic ?? false,
        color: p.color ?? TEXT,
        ...(p.highlight ? { highlight: p.highlight } : {}),
        lang,
        lineSpacing: p.size * LINE,
        paraSpaceAfter: p.after ?? 0,
        bullet,
        indentLevel: p.bullet ?? 0,
        ...(align ? { align } : {}),
        breakLine: i < paras.length - 1,
      },
    };
  });
}

function drawBox(slide: P.default.Slide, b: TextBox, lang: string): void {
  slide.addText(textProps(b.paras, lang, b.align), {
    x: b.x,
    y: b.y,
    w: b.w,
    h: b.h,
    margin: 0,
    valign: b.valign ?? 'top',
    fit: 'none',
  });
}

function drawTable(slide: P.default.Slide, table: TablePlacement, lang: string): void {
  const rows: P.default.TableRow[] = [];
  const rowH: number[] = [];
  if (table.header) {
    rows.push(
      table.header.map((text) => ({
        text: textProps([{ text, size: table.headerSize, bold: true, color: 'FFFFFF' }], lang),
        options: { fill: { color: ACCENT }, valign: 'middle' as const },
      })),
    );
    rowH.push(table.headerH);
  }
  for (const row of table.rows) {
    rows.push(
      row.cells.map((cell, i) => {
        const fill = row.fills?.[i];
        return {
          text: textProps(cell, lang),
          options: { valign: 'top' as const, ...(fill ? { fill: { color: fill } } : {}) },
        };
      }),
    );
    rowH.push(row.h);
  }
  if (rows.length === 0) return; // a page with nothing to tabulate (e.g. a goal with no items yet)
  slide.addTable(rows, {
    x: table.x,
    y: table.y,
    w: table.colW.reduce((a, b) => a + b, 0),
    colW: table.colW,
    rowH,
    border: BORDER,
    margin: [CELL_MARGIN_V, CELL_MARGIN_H, CELL_MARGIN_V, CELL_MARGIN_H],
    fontFace: FONT,
  });
}

function drawChart(pres: Pptx, slide: P.default.Slide, doc: ReportDocument, c: ChartPlacement): void {
  const labels = c.kpi.points.map((p) => clean(p.label));
  const observed = {
    name: t(doc.lang, 'report.kpi_observed'),
    labels,
    values: c.kpi.points.map((p) => p.value),
  };
  const common = {
    x: c.x,
    y: c.y,
    w: c.w,
    h: c.h,
    showTitle: true,
    title: clean(c.kpi.name),
    titleFontFace: FONT,
    titleFontSize: 10,
    titleColor: TEXT,
    catAxisLabelFontFace: FONT,
    catAxisLabelFontSize: 9,
    valAxisLabelFontFace: FONT,
    valAxisLabelFontSize: 9,
    valAxisMinVal: 0,
    showValue: true,
    dataLabelFontFace: FONT,
    dataLabelFontSize: 9,
    dataLabelPosition: 'outEnd' as const,
    showLegend: true,
    legendPos: 'b' as const,
    legendFontFace: FONT,
    legendFontSize: 9,
    altText: clean(t(doc.lang, 'report.kpi_chart_alt', { name: c.kpi.name, figure: c.kpi.figure })),
  };
  if (c.kpi.targetValue === null) {
    slide.addChart(pres.ChartType.bar, [observed], { ...common, barDir: 'col', chartColors: [ACCENT] });
    return;
  }
  const target = {
    name: t(doc.lang, 'report.kpi_target_series'),
    labels,
    values: labels.map(() => c.kpi.targetValue ?? 0),
  };
  slide.addChart(
    [
      { type: pres.ChartType.bar, data: [observed], options: { barDir: 'col', chartColors: [ACCENT] } },
      {
        type: pres.ChartType.line,
        data: [target],
        options: { chartColors: ['C00000'], lineDataSymbol: 'none' },
      },
    ],
    // pptxgenjs reads a combined chart's options from its second argument when that is
    // truthy (an empty array would be taken for the options), so it goes in both places.
    common as unknown as never[],
    common,
  );
}

function drawFooter(slide: P.default.Slide, doc: ReportDocument): void {
  const source = doc.meta.draft ? `【${t(doc.lang, 'report.draft')}】 ${doc.meta.source}` : doc.meta.source;
  slide.addText(clean(source), {
    x: MARGIN_X,
    y: FOOTER_Y,
    w: CONTENT_W - 1,
    h: 0.25,
    margin: 0,
    fontFace: FONT,
    fontSize: 9,
    color: '595959',
    valign: 'middle',
  });
  slide.slideNumber = {
    x: SLIDE_W - MARGIN_X - 0.8,
    y: FOOTER_Y,
    w: 0.8,
    h: 0.25,
    fontFace: FONT,
    fontSize: 9,
    color: '595959',
    align: 'right',
  };
}

function drawSlide(pres: Pptx, doc: ReportDocument, plan: SlidePlan): void {
  const slide = pres.addSlide();
  const lang = doc.lang === 'ja' ? 'ja-JP' : 'en-GB';
  slide.addShape(pres.ShapeType.rect, {
    x: 0,
    y: 0,
    w: SLIDE_W,
    h: 0.08,
    fill: { color: ACCENT },
    line: { color: ACCENT },
  });
  for (const b of plan.boxes) drawBox(slide, b, lang);
  if (plan.table) drawTable(slide, plan.table, lang);
  for (const c of plan.charts) drawChart(pres, slide, doc, c);
  if (plan.kind !== 'cover') drawFooter(slide, doc);
}

/** The deck as a PPTX file. */
export async function renderPptx(doc: ReportDocument): Promise<Buffer> {
  const pres = new PptxGenJS();
  pres.layout = 'LAYOUT_WIDE';
  pres.theme = { headFontFace: FONT, bodyFontFace: FONT };
  pres.title = clean(doc.meta.title);
  pres.subject = clean(doc.meta.asOf);
  // pptxgenjs escapes title, subject and author but writes Company into docProps/app.xml as
  // it is: an issuer named "R&D …" (or holding markup) would make the deck unreadable.
  pres.company = escapeHtml(clean(doc.meta.issuer));
  pres.author = clean(doc.meta.issuer);
  for (const plan of planDeck(doc)) drawSlide(pres, doc, plan);
  // stream() is the export that honours `compression` (write() always stores).
  const out = await pres.stream({ compression: true });
  return Buffer.from(out as Uint8Array);
}
