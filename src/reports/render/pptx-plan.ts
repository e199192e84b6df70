/**
 * The deck as a list of measured slides: every text box, table and chart with its place in
 * inches. Long tables continue on follow-on slides whose title is marked （続き）. The PPTX
 * writer only draws this plan; tests check the plan and the written XML against the slide.
 */
import { jaOnly, plainMarks } from '../japanese-only.ts';
import { t } from '../messages.ts';
import type { KpiBlock, LogicModelNote, Page, ReportDocument, Section } from '../model.ts';
import { wrapText } from '../measure.ts';
import { LINE, paginateGrid, type Grid, type GridRow, type Para, type PlacedRow } from './pptx-grid.ts';
import { groupLeafPages } from './layout.ts';
import { itemCell, labelCell, overviewCell, summaryRows } from './pptx-cells.ts';

export const SLIDE_W = 13.333;
export const SLIDE_H = 7.5;
export const MARGIN_X = 0.4;
export const CONTENT_W = SLIDE_W - 2 * MARGIN_X;
export const CONTENT_BOTTOM = 6.95;
export const FOOTER_Y = 7.1;
const TITLE_Y = 0.45;
const PT = 72;

export interface TextBox {
  x: number;
  y: number;
  w: number;
  h: number;
  paras: Para[];
  align?: 'left' | 'center';
  valign?: 'top' | 'middle';
}

export interface TablePlacement {
  x: number;
  y: number;
  colW: number[];
  header: string[] | null;
  headerSize: number;
  headerH: number;
  rows: PlacedRow[];
}

export interface ChartPlacement {
  x: number;
  y: number;
  w: number;
  h: number;
  kpi: KpiBlock;
}

export interface SlidePlan {
  kind: 'cover' | 'corrections' | 'summary' | 'section' | 'page' | 'kpi' | 'logic' | 'budget';
  /** The node the slide shows, for tests and links. */
  nodeId: string | null;
  title: string;
  boxes: TextBox[];
  table: TablePlacement | null;
  charts: ChartPlacement[];
}

/** Height in inches of paragraphs in a box `w` inches wide (no insets). */
export function boxHeight(paras: Para[], w: number): number {
  const pts = paras.reduce(
    (sum, p) => sum + wrapText(p.text, (w * PT) / p.size).length * p.size * LINE + (p.after ?? 0),
    0,
  );
  return pts / PT;
}

function box(paras: Para[], y: number, opts: Partial<TextBox> = {}): TextBox {
  const w = opts.w ?? CONTENT_W;
  return { x: MARGIN_X, y, w, h: boxHeight(paras, w), paras, ...opts };
}

/** Kicker and title at the top of a content slide; returns the boxes and where content starts. */
function heading(kicker: string, title: string, note = ''): { boxes: TextBox[]; top: number } {
  const k = box([{ text: kicker, size: 11, color: '1F4E79' }], 0.18);
  const paras: Para[] = [{ text: title, size: 20, bold: true }];
  if (note !== '') paras.push({ text: note, size: 12, color: '444444' });
  const tbox = box(paras, TITLE_Y);
  return { boxes: [k, tbox], top: tbox.y + tbox.h + 0.12 };
}

const continued = (doc: ReportDocument, title: string, more: boolean): string =>
  more ? `${title}${t(doc.lang, 'report.continued')}` : title;

/** A grid laid out under a heading, continued on as many slides as it needs. */
function gridSlides(
  doc: ReportDocument,
  base: Omit<SlidePlan, 'boxes' | 'table' | 'title'>,
  head: { kicker: string; title: string; note?: string },
  grid: Grid,
  intro: Para[] = [],
): SlidePlan[] {
  const first = heading(head.kicker, head.title, head.note);
  const introBox = intro.length > 0 ? box(intro, first.top) : null;
  const firstTop = introBox ? introBox.y + introBox.h + 0.1 : first.top;
  const next = heading(head.kicker, continued(doc, head.title, true));
  const pages = paginateGrid(grid, CONTENT_BOTTOM - firstTop, CONTENT_BOTTOM - next.top, [0]);
  return pages.map((page, i) => {
    const h = i === 0 ? first : next;
    const top = i === 0 ? firstTop : h.top;
    return {
      ...base,
      title: continued(doc, head.title, i > 0),
      boxes: i === 0 && introBox ? [...h.boxes, introBox] : h.boxes,
      table: {
        x: MARGIN_X,
        y: top,
        colW: grid.colW,
        header: grid.header,
        headerSize: grid.headerSize,
        headerH: page.headerH,
        rows: page.rows,
      },
    };
  });
}

function coverSlide(doc: ReportDocument): SlidePlan {
  const { meta } = doc;
  const center = { align: 'center' as const };
  const title = box([{ text: meta.title, size: 36, bold: true, color: '1F4E79' }], 2.3, center);
  const lines: Para[] = [{ text: meta.asOf, size: 20, after: 10 }];
  if (meta.issuer !== '') lines.push({ text: meta.issuer, size: 18 });
  if (meta.draft) lines.push({ text: t(doc.lang, 'report.draft'), size: 18, bold: true, color: 'B00020' });
  const ed = doc.edition;
  if (ed) {
    const revision = t(doc.lang, 'report.revision_line', { revision: ed.label, date: ed.publishedOn });
    const color = ed.revision > 0 ? 'B00020' : '1F4E79';
    lines.push({ text: revision, size: 16, bold: ed.revision > 0, color, after: 4 });
    lines.push({
      text: t(doc.lang, 'report.content_hash', { hash: ed.contentHash }),
      size: 9,
      color: '595959',
    });
  }
  const rest = box(lines, title.y + title.h + 0.5, center);
  return { kind: 'cover', nodeId: null, title: meta.title, boxes: [title, rest], table: null, charts: [] };
}

/** The corrections made after publication, one row per changed field (none: no slide). */
function correctionSlides(doc: ReportDocument): SlidePlan[] {
  const ed = doc.edition;
  if (!ed || ed.corrections.length === 0) return [];
  const rows: GridRow[] = ed.corrections.flatMap((c) =>
    c.changes.map((x, i) => ({
      cells: [
        i === 0
          ? [
              { text: c.heading, size: 11, bold: true },
              { text: t(doc.lang, 'report.correction_reason', { reason: c.reason }), size: 10 },
            ]
          : [{ text: '', size: 10 }],
        [
          { text: x.subject, size: 11 },
          { text: x.field, size: 10, color: '595959' },
        ],
        [{ text: x.before, size: 11 }],
        [{ text: x.after, size: 11, bold: true }],
      ],
      fills: ['EEF3F8', undefined, undefined, undefined],
    })),
  );
  const grid: Grid = {
    colW: [3.0, 3.0, (CONTENT_W - 6.0) / 2, (CONTENT_W - 6.0) / 2],
    header: [
      t(doc.lang, 'report.col_revision'),
      t(doc.lang, 'report.col_subject'),
      t(doc.lang, 'report.col_before'),
      t(doc.lang, 'report.col_after'),
    ],
    headerSize: 11,
    rows,
  };
  const head = { kicker: ed.label, title: t(doc.lang, 'report.corrections_title') };
  return gridSlides(doc, { kind: 'corrections', nodeId: null, charts: [] }, head, grid);
}

function summarySlides(doc: ReportDocument): SlidePlan[] {
  if (!doc.summary) return [];
  const intro: Para[] = doc.summary.overall.map((text) => ({
    text,
    size: 14,
    bold: true,
    bullet: 0,
    after: 4,
  }));
  const grid: Grid = { colW: [2.6, CONTENT_W - 2.6], header: null, headerSize: 11, rows: summaryRows(doc) };
  const head = { kicker: t(doc.lang, 'report.summary_title'), title: doc.meta.title };
  return gridSlides(doc, { kind: 'summary', nodeId: null, charts: [] }, head, grid, intro);
}

/** Between a kicker (目標 1.1) and its title: an ideographic space in Japanese, an en space in English. */
const kickerSpace = (doc: ReportDocument): string => (doc.lang === 'ja' ? '\u3000' : '\u2002');

function sectionSlide(doc: ReportDocument, section: Section): SlidePlan {
  const center = { align: 'center' as const };
  const k = box([{ text: section.kicker, size: 18, color: '1F4E79' }], 2.2, center);
  const title = box([{ text: section.title, size: 32, bold: true }], k.y + k.h + 0.15, center);
  const goals: Para[] = section.pages.map((p) => ({
    text: `${p.kicker}${kickerSpace(doc)}${p.title}`,
    size: 14,
    after: 4,
  }));
  const list = box(goals, title.y + title.h + 0.4, { x: 2.2, w: SLIDE_W - 4.4 });
  const boxes = list.y + list.h <= CONTENT_BOTTOM ? [k, title, list] : [k, title];
  return { kind: 'section', nodeId: section.nodeId, title: section.title, boxes, table: null, charts: [] };
}

/**
 * The 主な進捗 | 概況 table of one goal, or of several leaf goals shown together under
 * their pillar (as the seed shows 教育改革, 研究開発 and データ基盤整備 on one slide).
 */
function pageSlides(doc: ReportDocument, section: Section, pages: Page[]): SlidePlan[] {
  const only = pages.length === 1 ? (pages[0] ?? null) : null;
  const rows: GridRow[] = pages
    .flatMap((p) => p.rows)
    .map((row) => ({
      cells: [labelCell(row.labels), itemCell(doc, row), overviewCell(doc, row.overview)],
      fills: ['EEF3F8', undefined, undefined],
    }));
  const grid: Grid = {
    colW: [2.5, 5.83, CONTENT_W - 2.5 - 5.83],
    header: [
      t(doc.lang, 'report.target_heading'),
      t(doc.lang, 'report.progress_heading'),
      t(doc.lang, 'report.overview_heading'),
    ],
    headerSize: 12,
    rows,
  };
  const head = only
    ? {
        kicker: `${section.title}${doc.lang === 'ja' ? '｜' : ' | '}${only.kicker}`,
        title: only.title,
        note: only.note,
      }
    : { kicker: section.kicker, title: section.title };
  return gridSlides(doc, { kind: 'page', nodeId: only?.nodeId ?? section.nodeId, charts: [] }, head, grid);
}

const CHARTS_PER_SLIDE = 3;
const CHART_H = 3.0;

function kpiSlides(doc: ReportDocument, page: Page): SlidePlan[] {
  const charted = page.kpis.filter((k) => k.points.length > 0);
  const slides: SlidePlan[] = [];
  for (let i = 0; i < charted.length; i += CHARTS_PER_SLIDE) {
    const group = charted.slice(i, i + CHARTS_PER_SLIDE);
    const grid: Grid = {
      colW: [6.2, 3.9, CONTENT_W - 10.1],
      header: [
        t(doc.lang, 'report.kpi_name'),
        t(doc.lang, 'report.kpi_figure'),
        t(doc.lang, 'report.kpi_goal'),
      ],
      headerSize: 11,
      rows: group.map((k) => ({
        cells: [
          [{ text: k.name, size: 11 }],
          [{ text: k.figure, size: 11 }],
          [{ text: k.target ?? '', size: 11 }],
        ],
      })),
    };
    const title = t(doc.lang, 'report.kpi_title', { title: page.title });
    const head = { kicker: page.sectionTitle, title: continued(doc, title, i > 0) };
    const [plan] = gridSlides(doc, { kind: 'kpi', nodeId: page.nodeId, charts: [] }, head, grid);
    if (!plan?.table) continue;
    const tableBottom = plan.table.y + plan.table.headerH + plan.table.rows.reduce((s, r) => s + r.h, 0);
    const y = tableBottom + 0.25;
    const h = Math.min(CHART_H, CONTENT_BOTTOM - y);
    const w = (CONTENT_W - 0.3 * (CHARTS_PER_SLIDE - 1)) / CHARTS_PER_SLIDE;
    plan.charts = h < 1.5 ? [] : group.map((kpi, j) => ({ x: MARGIN_X + j * (w + 0.3), y, w, h, kpi }));
    slides.push(plan);
  }
  return slides;
}

/** A node's logic model as one table: a column per stage, a bullet per box. */
function logicSlides(doc: ReportDocument, note: LogicModelNote): SlidePlan[] {
  const none = t(doc.lang, 'report.logic_model_none');
  const grid: Grid = {
    colW: note.columns.map(() => CONTENT_W / note.columns.length),
    header: note.columns.map((c) => c.heading),
    headerSize: 11,
    rows: [
      {
        cells: note.columns.map((c) =>
          c.boxes.length === 0
            ? [{ text: none, size: 10.5 }]
            : c.boxes.map((b) => ({
                text: b.japaneseOnly ? plainMarks(jaOnly(b.text)) : b.text,
                size: 10.5,
                bullet: 0,
              })),
        ),
      },
    ],
  };
  const head = { kicker: note.kicker, title: t(doc.lang, 'report.logic_model_title', { title: note.title }) };
  return gridSlides(doc, { kind: 'logic', nodeId: note.nodeId, charts: [] }, head, grid);
}

/** The budget beside the ratings: one table (continued on follow-on slides when long). */
function budgetSlides(doc: ReportDocument): SlidePlan[] {
  const b = doc.budget;
  if (!b) return [];
  const widths = [0.4, 0.14, 0.08, 0.13, 0.13, 0.12];
  const row = (cells: string[], depth: number, bold = false): GridRow => ({
    cells: cells.map((text, i) => [
      { text: i === 0 ? `${'\u3000'.repeat(depth)}${text}` : text, size: 10.5, ...(bold && { bold: true }) },
    ]),
  });
  const grid: Grid = {
    colW: widths.map((w) => w * CONTENT_W),
    header: b.headers,
    headerSize: 11,
    rows: [...b.rows.map((r) => row(r.cells, r.depth)), row(b.total, 0, true)],
  };
  return gridSlides(
    doc,
    { kind: 'budget', nodeId: null, charts: [] },
    { kicker: '', title: b.title, note: b.lead },
    grid,
  );
}

/** Every slide of the deck, in order. */
export function planDeck(doc: ReportDocument): SlidePlan[] {
  const slides: SlidePlan[] = [coverSlide(doc), ...correctionSlides(doc), ...summarySlides(doc)];
  for (const section of doc.sections) {
    slides.push(sectionSlide(doc, section));
    for (const group of groupLeafPages(section.pages)) {
      slides.push(...pageSlides(doc, section, group), ...group.flatMap((page) => kpiSlides(doc, page)));
    }
  }
  slides.push(...budgetSlides(doc));
  for (const note of doc.logicModels) slides.push(...logicSlides(doc, note));
  return slides;
}
