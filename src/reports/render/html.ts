/**
 * One self-contained HTML file (inline CSS, inline SVG charts, no external request) with the
 * deck's structure: cover, summary, a section per pillar, a table per goal with real row and
 * column headers. Every piece of user text goes through escapeHtml.
 */
import { BADGE, badgeText, groupLeafPages } from './layout.ts';
import { kpiChartSvg } from './charts.ts';
import { escapeHtml as e } from './escape.ts';
import { htmlMarks, jaOnly, plainMarks } from '../japanese-only.ts';
import { REPORT_CSS } from './html-style.ts';
import { t } from '../messages.ts';
import type {
  Item,
  KpiBlock,
  LogicModelNote,
  Overview,
  Page,
  ReportDocument,
  Row,
  Section,
} from '../model.ts';
import { DIAGRAM, layoutLogicModel } from '../../domain/logic-diagram.ts';
import { defined } from '../../domain/defined.ts';

/**
 * Ends a heading's kicker line (柱 1, 目標 2.1): an ideographic space survives at the end of the
 * block line where an ordinary one collapses, so the PDF bookmark and a screen reader get
 * 「柱 1 差し迫った…」 (a wide space) rather than 「柱 1差し迫った…」; on the page it shows as nothing.
 * English takes an en space (U+2002), which does not collapse either.
 */
const kickerEnd = (doc: ReportDocument): string => (doc.lang === 'ja' ? '\u3000' : '\u2002');

const anchor = (nodeId: string): string => `n-${nodeId.replace(/[^A-Za-z0-9_-]/g, '_')}`;

function itemHtml(doc: ReportDocument, item: Item): string {
  const sub = [...item.kpis.map((k) => k.line), ...item.plans];
  const subList = sub.length > 0 ? `<ul>${sub.map((s) => `<li>${e(s)}</li>`).join('')}</ul>` : '';
  const cls = item.reported ? '' : ' class="unreported"';
  const owners = item.ownerTag === '' ? '' : `<span class="owners">${e(item.ownerTag)}</span>`;
  return `<li${cls}>${e(item.text)}${owners}${correctedMark(doc, item.corrected)}${subList}</li>`;
}

/** 「訂正あり」, linked to the corrections page. */
function correctedMark(doc: ReportDocument, corrected: boolean): string {
  if (!corrected) return '';
  return ` <a class="corrected" href="#corrections">${e(t(doc.lang, 'report.corrected_mark'))}</a>`;
}

function progressHtml(doc: ReportDocument, row: Row): string {
  const items = [...row.items.map((i) => itemHtml(doc, i)), ...row.kpis.map((k) => `<li>${e(k.line)}</li>`)];
  if (items.length === 0) return `<p class="unreported">${e(t(doc.lang, 'report.no_progress'))}</p>`;
  return `<ul>${items.join('')}</ul>`;
}

function overviewHtml(doc: ReportDocument, o: Overview | null): string {
  if (!o) return `<p class="unreported">${e(t(doc.lang, 'report.no_overview'))}</p>`;
  const parts: string[] = [];
  const badge = badgeText(doc, o);
  if (badge !== null) {
    const category =
      o.rating && o.rating.category !== '' && BADGE[o.rating.category] ? o.rating.category : 'none';
    parts.push(`<p><span class="badge badge-${category}">${e(badge)}</span></p>`);
  }
  for (const para of o.narrative.split('\n').filter((s) => s.trim() !== '')) parts.push(`<p>${e(para)}</p>`);
  if (o.corrected) parts.push(`<p>${correctedMark(doc, true).trim()}</p>`);
  if (o.remark.trim() !== '') {
    parts.push(`<p class="remark">${e(t(doc.lang, 'report.remark', { text: o.remark }))}</p>`);
  }
  return parts.join('');
}

function tableHtml(doc: ReportDocument, caption: string, rows: Row[]): string {
  const head = ['report.target_heading', 'report.progress_heading', 'report.overview_heading']
    .map((key) => `<th scope="col">${e(t(doc.lang, key))}</th>`)
    .join('');
  const body = rows
    .map(
      (row) =>
        `<tr><th scope="row">${row.labels.map((l) => `<p>${e(l)}</p>`).join('')}</th>` +
        `<td>${progressHtml(doc, row)}</td><td>${overviewHtml(doc, row.overview)}</td></tr>`,
    )
    .join('\n');
  return (
    `<table class="progress"><caption class="visually-hidden">${e(caption)}</caption>` +
    `<thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table>`
  );
}

function kpiHtml(doc: ReportDocument, scope: string, kpis: KpiBlock[], level = 4): string {
  if (kpis.length === 0) return '';
  const head = ['report.kpi_name', 'report.kpi_figure', 'report.kpi_goal']
    .map((key) => `<th scope="col">${e(t(doc.lang, key))}</th>`)
    .join('');
  const rows = kpis
    .map(
      (k) => `<tr><th scope="row">${e(k.name)}</th><td>${e(k.figure)}</td><td>${e(k.target ?? '')}</td></tr>`,
    )
    .join('');
  const figures = kpis
    .map((k) => {
      // SVG text takes no HTML spans: the chart names a Japanese-only KPI in plain text
      const svg = kpiChartSvg(
        { ...k, name: plainMarks(k.name) },
        doc.lang,
        `${anchor(scope)}-${anchor(k.id)}`,
      );
      return svg === null ? '' : `<figure>${svg}<figcaption>${e(k.name)}</figcaption></figure>`;
    })
    .join('');
  const heading = e(t(doc.lang, 'report.kpi_heading'));
  return (
    `<section class="kpis"><h${level}>${heading}</h${level}><table><thead><tr>${head}</tr></thead><tbody>${rows}</tbody></table>` +
    (figures === '' ? '' : `<div class="charts">${figures}</div>`) +
    `</section>`
  );
}

function pageHtml(doc: ReportDocument, section: Section, pages: Page[]): string {
  const page = defined(pages[0], 'the first page');
  const caption = (p: Page) =>
    `${p.title}${t(doc.lang, 'report.colon')}${t(doc.lang, 'report.progress_heading')} / ${t(doc.lang, 'report.overview_heading')}`;
  if (pages.length > 1) {
    const rows = pages.flatMap((p) => p.rows);
    const kpis = pages.flatMap((p) => p.kpis);
    const ids = pages.map((p) => `<span id="${anchor(p.nodeId)}"></span>`).join('');
    return `${ids}${tableHtml(doc, caption({ ...page, title: section.title }), rows)}${kpiHtml(doc, section.nodeId, kpis, 3)}`;
  }
  const note = page.note === '' ? '' : `<p class="note">${e(page.note)}</p>`;
  return (
    `<section class="goal" id="${anchor(page.nodeId)}" aria-labelledby="${anchor(page.nodeId)}-h">` +
    `<h3 id="${anchor(page.nodeId)}-h"><span class="kicker">${e(page.kicker)}${kickerEnd(doc)}</span>${e(page.title)}</h3>${note}` +
    `${tableHtml(doc, caption(page), page.rows)}${kpiHtml(doc, page.nodeId, page.kpis)}</section>`
  );
}

function sectionHtml(doc: ReportDocument, s: Section): string {
  const id = anchor(s.nodeId);
  const pages = groupLeafPages(s.pages).map((group) => pageHtml(doc, s, group));
  return (
    `<section class="pillar" id="${id}" aria-labelledby="${id}-h">` +
    `<h2 id="${id}-h"><span class="kicker">${e(s.kicker)}${kickerEnd(doc)}</span>${e(s.title)}</h2>\n${pages.join('\n')}</section>`
  );
}

function summaryHtml(doc: ReportDocument): string {
  if (!doc.summary) return '';
  const overall = doc.summary.overall.map((s) => `<li>${e(s)}</li>`).join('');
  const rows = doc.summary.pillars
    .map(
      (p) =>
        `<tr><th scope="row"><a href="#${anchor(p.nodeId)}">${e(p.title)}</a></th>` +
        `<td><ul>${p.bullets.map((b) => `<li>${e(b)}</li>`).join('')}</ul></td></tr>`,
    )
    .join('');
  return (
    `<section id="summary" aria-labelledby="summary-h"><h2 id="summary-h">${e(t(doc.lang, 'report.summary_title'))}</h2>` +
    `<ul class="overall">${overall}</ul>` +
    `<table><caption>${e(t(doc.lang, 'report.summary_pillars'))}</caption><tbody>${rows}</tbody></table></section>`
  );
}

/** The edition on the cover: 公開版（初版）or 訂正版（第n版）, publication day, content hash. */
function editionHtml(doc: ReportDocument): string {
  const ed = doc.edition;
  if (!ed) return '';
  return (
    `<p class="edition">${e(t(doc.lang, 'report.revision_line', { revision: ed.label, date: ed.publishedOn }))}</p>` +
    `<p class="hash">${e(t(doc.lang, 'report.content_hash', { hash: ed.contentHash }))}</p>`
  );
}

/** The corrections page: every correction up to this revision, each change in words. */
function correctionsHtml(doc: ReportDocument): string {
  const ed = doc.edition;
  if (!ed) return '';
  const body =
    ed.corrections.length === 0
      ? `<p>${e(t(doc.lang, 'report.corrections_none'))}</p>`
      : ed.corrections
          .map(
            (c) =>
              `<section class="correction"><h3>${e(c.heading)}</h3>` +
              `<p>${e(t(doc.lang, 'report.correction_reason', { reason: c.reason }))}</p>` +
              `<ul>${c.changes.map((x) => `<li>${e(x.text)}</li>`).join('')}</ul></section>`,
          )
          .join('');
  return `<section id="corrections" class="corrections" aria-labelledby="corrections-h"><h2 id="corrections-h">${e(t(doc.lang, 'report.corrections_title'))}</h2>${body}</section>`;
}

function navHtml(doc: ReportDocument): string {
  const items = doc.sections
    .map((s) => `<li><a href="#${anchor(s.nodeId)}">${e(`${s.kicker} ${s.title}`)}</a></li>`)
    .join('');
  const label = e(t(doc.lang, 'report.contents'));
  return `<nav aria-labelledby="toc-h"><h2 id="toc-h">${label}</h2><ol>${items}</ol></nav>`;
}

/** The items published as named exceptions (該当なし, 報告なし), each with its reason. */
function exceptionsHtml(doc: ReportDocument): string {
  if (doc.exceptions.length === 0) return '';
  const items = doc.exceptions
    .map(
      (x) =>
        `<li><strong>${e(t(doc.lang, 'report.bracket', { text: x.kind }))}</strong>${e(x.title)}${e(x.ownerTag)}${e(t(doc.lang, 'report.colon'))}${e(x.reason)}</li>`,
    )
    .join('');
  return (
    `<section id="exceptions" class="exceptions" aria-labelledby="exceptions-h">` +
    `<h2 id="exceptions-h">${e(t(doc.lang, 'report.exceptions_title'))}</h2>` +
    `<p>${e(t(doc.lang, 'report.exceptions_lead'))}</p><ul>${items}</ul></section>`
  );
}

/** A logic model drawn as SVG (the geometry the web page uses), then the same as lists. */
function logicModelFigure(note: LogicModelNote, lang: ReportDocument['lang']): string {
  const d = layoutLogicModel(note.columns);
  const id = `lm-${anchor(note.nodeId)}`;
  const arrows = d.arrows
    .map((a) => `<path d="M${a.x1},${a.y} H${a.x2 - 6} m0,-5 l6,5 l-6,5" class="lm-arrow"/>`)
    .join('');
  const columns = d.columns
    .map((col) => {
      const heading = `<text x="${col.x + DIAGRAM.column / 2}" y="${DIAGRAM.heading / 2 + 5}" text-anchor="middle" class="lm-heading">${e(col.heading)}</text>`;
      const boxes = col.boxes
        .map((box) => {
          const lines = box.lines
            .map(
              (line, i) =>
                `<tspan x="${box.x + DIAGRAM.pad}" y="${box.y + DIAGRAM.pad + (i + 1) * DIAGRAM.line - 5}">${e(line)}</tspan>`,
            )
            .join('');
          const langAttr = box.japaneseOnly ? ' lang="ja"' : '';
          return `<rect x="${box.x}" y="${box.y}" width="${box.width}" height="${box.height}" rx="6" class="lm-box"/><text class="lm-text"${langAttr}>${lines}</text>`;
        })
        .join('');
      return heading + boxes;
    })
    .join('');
  const lists = note.columns
    .map((col) => {
      const items = col.boxes.map((b) => `<li>${e(b.japaneseOnly ? jaOnly(b.text) : b.text)}</li>`).join('');
      return `<li>${e(col.heading)}${items === '' ? `<p>${e(t(lang, 'report.logic_model_none'))}</p>` : `<ul>${items}</ul>`}</li>`;
    })
    .join('');
  return (
    `<figure class="logic-model"><svg role="img" aria-labelledby="${id}-t" viewBox="0 0 ${d.width} ${d.height}" width="${d.width}" height="${d.height}">` +
    `<title id="${id}-t">${e(plainMarks(t(lang, 'report.logic_model_title', { title: note.title })))}</title>${arrows}${columns}</svg>` +
    `<figcaption><ol>${lists}</ol></figcaption></figure>`
  );
}

/** A page per node with a logic model. */
function logicModelsHtml(doc: ReportDocument): string {
  if (doc.logicModels.length === 0) return '';
  const pages = doc.logicModels
    .map(
      (note) =>
        `<section class="page" aria-labelledby="lm-${anchor(note.nodeId)}-h"><h3 id="lm-${anchor(note.nodeId)}-h">${e(`${note.kicker} ${note.title}`)}</h3>${logicModelFigure(note, doc.lang)}</section>`,
    )
    .join('');
  return (
    `<section id="logic-models" aria-labelledby="logic-models-h">` +
    `<h2 id="logic-models-h">${e(t(doc.lang, 'report.logic_models_title'))}</h2>${pages}</section>`
  );
}

/** The budget beside the ratings: one table, a row per pillar or target with budget lines. */
function budgetHtml(doc: ReportDocument): string {
  const b = doc.budget;
  if (!b) return '';
  const head = b.headers
    .map((h, i) => `<th scope="col"${i >= 2 ? ' class="num"' : ''}>${e(h)}</th>`)
    .join('');
  const row = (cells: string[], depth: number) =>
    `<tr><th scope="row" style="padding-left:${0.3 + depth * 1}em">${e(cells[0] ?? '')}</th>` +
    cells
      .slice(1)
      .map((c, i) => `<td${i >= 1 ? ' class="num"' : ''}>${e(c)}</td>`)
      .join('') +
    '</tr>';
  const rows = b.rows.map((r) => row(r.cells, r.depth)).join('');
  return (
    `<section id="budget" class="page budget" aria-labelledby="budget-h"><h2 id="budget-h">${e(b.title)}</h2>` +
    `<p>${e(b.lead)}</p><table><caption class="visually-hidden">${e(b.title)}</caption>` +
    `<thead><tr>${head}</tr></thead><tbody>${rows}</tbody><tfoot>${row(b.total, 0)}</tfoot></table></section>`
  );
}

/** The report as one HTML document. */
export function renderHtml(doc: ReportDocument): string {
  const { meta } = doc;
  const draft = meta.draft ? `<p class="draft">${e(t(doc.lang, 'report.draft'))}</p>` : '';
  const issuer = meta.issuer === '' ? '' : `<p>${e(meta.issuer)}</p>`;
  return htmlMarks(`<!doctype html>
<html lang="${doc.lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${e(`${meta.title} — ${meta.asOf}`)}</title>
<style>${REPORT_CSS}</style>
</head>
<body>
<header class="cover"><h1>${e(meta.title)}</h1><p>${e(meta.asOf)}</p>${issuer}${draft}${editionHtml(doc)}</header>
<main>
${correctionsHtml(doc)}
${navHtml(doc)}
${summaryHtml(doc)}
${doc.sections.map((s) => sectionHtml(doc, s)).join('\n')}
${exceptionsHtml(doc)}
${budgetHtml(doc)}
${logicModelsHtml(doc)}
</main>
<footer><p>${meta.draft ? `${e(t(doc.lang, 'report.draft'))} — ` : ''}${e(meta.source)}${doc.edition ? ` — ${e(doc.edition.label)}` : ''}</p></footer>
</body>
</html>
`);
}
