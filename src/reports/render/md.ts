/**
 * Markdown with the deck's structure: title block, summary, a heading per pillar, goal and
 * target, each with its 主な進捗 bullets and 概況. User text is escaped (escapeMarkdown).
 */
import { t } from '../messages.ts';
import type { KpiBlock, Overview, Page, ReportDocument, Row } from '../model.ts';
import { escapeMarkdown as m } from './escape.ts';
import { badgeText } from './layout.ts';
import { jaOnly, markdownMarks } from '../japanese-only.ts';

/** ［text］ in Japanese, [text] in English. */
const bracket = (doc: ReportDocument, text: string): string => t(doc.lang, 'report.bracket', { text });

function rowMd(doc: ReportDocument, page: Page, row: Row): string[] {
  const out: string[] = [];
  const ownHeading = row.labels.length === 1 && row.labels[0] === page.title;
  if (!ownHeading) out.push(`#### ${row.labels.map(m).join(' / ')}`, '');
  out.push(`**${m(t(doc.lang, 'report.progress_heading'))}**`, '');
  for (const item of row.items) {
    out.push(
      `- ${m(item.text)}${m(item.ownerTag)}${item.corrected ? ` **${m(bracket(doc, t(doc.lang, 'report.corrected_mark')))}**` : ''}`,
    );
    for (const sub of [...item.kpis.map((k) => k.line), ...item.plans]) out.push(`  - ${m(sub)}`);
  }
  for (const k of row.kpis) out.push(`- ${m(k.line)}`);
  if (row.items.length === 0 && row.kpis.length === 0) out.push(`- ${m(t(doc.lang, 'report.no_progress'))}`);
  out.push('', `**${m(t(doc.lang, 'report.overview_heading'))}**`, '', ...overviewMd(doc, row.overview), '');
  return out;
}

function overviewMd(doc: ReportDocument, o: Overview | null): string[] {
  if (!o) return [m(t(doc.lang, 'report.no_overview'))];
  const out: string[] = [];
  const badge = badgeText(doc, o);
  if (badge !== null) out.push(m(bracket(doc, badge)), '');
  for (const p of o.narrative.split('\n').filter((s) => s.trim() !== '')) out.push(m(p), '');
  if (o.remark.trim() !== '') out.push(m(t(doc.lang, 'report.remark', { text: o.remark })), '');
  if (o.corrected) out.push(`**${m(bracket(doc, t(doc.lang, 'report.corrected_mark')))}**`, '');
  return out.slice(0, -1);
}

function kpiMd(doc: ReportDocument, kpis: KpiBlock[]): string[] {
  if (kpis.length === 0) return [];
  const head = ['report.kpi_name', 'report.kpi_figure', 'report.kpi_goal'].map((k) => m(t(doc.lang, k)));
  return [
    `##### ${m(t(doc.lang, 'report.kpi_heading'))}`,
    '',
    `| ${head.join(' | ')} |`,
    '| --- | --- | --- |',
    ...kpis.map((k) => `| ${m(k.name)} | ${m(k.figure)} | ${m(k.target ?? '')} |`),
    '',
  ];
}

/** The edition under the title, and the corrections made up to it. */
function editionMd(doc: ReportDocument): string[] {
  const ed = doc.edition;
  if (!ed) return [];
  const out = [
    m(t(doc.lang, 'report.revision_line', { revision: ed.label, date: ed.publishedOn })) + '  ',
    m(t(doc.lang, 'report.content_hash', { hash: ed.contentHash })),
    '',
    `## ${m(t(doc.lang, 'report.corrections_title'))}`,
    '',
  ];
  if (ed.corrections.length === 0) out.push(m(t(doc.lang, 'report.corrections_none')), '');
  for (const c of ed.corrections) {
    out.push(`### ${m(c.heading)}`, '', m(t(doc.lang, 'report.correction_reason', { reason: c.reason })), '');
    out.push(...c.changes.map((x) => `- ${m(x.text)}`), '');
  }
  return out;
}

/** The items published as named exceptions, each with its reason. */
function exceptionsMd(doc: ReportDocument): string[] {
  if (doc.exceptions.length === 0) return [];
  return [
    `## ${m(t(doc.lang, 'report.exceptions_title'))}`,
    '',
    m(t(doc.lang, 'report.exceptions_lead')),
    '',
    ...doc.exceptions.map(
      (x) =>
        `- ${m(bracket(doc, x.kind))}${m(x.title)}${m(x.ownerTag)}${m(t(doc.lang, 'report.colon'))}${m(x.reason)}`,
    ),
    '',
  ];
}

/** A part per node with a logic model: each stage and what it holds. */
function logicModelsMd(doc: ReportDocument): string[] {
  if (doc.logicModels.length === 0) return [];
  const out = [`## ${m(t(doc.lang, 'report.logic_models_title'))}`, ''];
  for (const note of doc.logicModels) {
    out.push(`### ${m(note.kicker)} ${m(note.title)}`, '');
    for (const col of note.columns) {
      out.push(`- **${m(col.heading)}**`);
      if (col.boxes.length === 0) out.push(`  - ${m(t(doc.lang, 'report.logic_model_none'))}`);
      out.push(...col.boxes.map((b) => `  - ${m(b.japaneseOnly ? jaOnly(b.text) : b.text)}`));
    }
    out.push('');
  }
  return out;
}

/** The budget beside the ratings as a GFM table. */
function budgetMd(doc: ReportDocument): string[] {
  const b = doc.budget;
  if (!b) return [];
  const cell = (c: string) => m(c).replace(/\|/g, '\\|');
  const line = (cells: string[]) => `| ${cells.map(cell).join(' | ')} |`;
  return [
    `## ${m(b.title)}`,
    '',
    m(b.lead),
    '',
    line(b.headers),
    `| --- | --- | ${b.headers
      .slice(2)
      .map(() => '---:')
      .join(' | ')} |`,
    ...b.rows.map((r) => line([`${'\u3000'.repeat(r.depth)}${r.cells[0] ?? ''}`, ...r.cells.slice(1)])),
    line(b.total.map((c, i) => (i === 0 ? `**${c}**` : c))),
    '',
  ];
}

/** The report as Markdown (CommonMark with GFM tables). */
export function renderMarkdown(doc: ReportDocument): string {
  const { meta } = doc;
  const out: string[] = [`# ${m(meta.title)}`, ''];
  out.push(m(meta.asOf) + (meta.issuer === '' ? '' : `  \n${m(meta.issuer)}`), '');
  if (meta.draft) out.push(`**${m(t(doc.lang, 'report.draft'))}**`, '');
  out.push(...editionMd(doc));
  if (doc.summary) {
    out.push(`## ${m(t(doc.lang, 'report.summary_title'))}`, '');
    out.push(...doc.summary.overall.map((s) => `- **${m(s)}**`), '');
    out.push(`### ${m(t(doc.lang, 'report.summary_pillars'))}`, '');
    for (const p of doc.summary.pillars)
      out.push(`#### ${m(p.title)}`, '', ...p.bullets.map((b) => `- ${m(b)}`), '');
  }
  for (const section of doc.sections) {
    out.push(`## ${m(section.kicker)} ${m(section.title)}`, '');
    for (const page of section.pages) {
      out.push(`### ${m(page.kicker)} ${m(page.title)}`, '');
      if (page.note !== '') out.push(m(page.note), '');
      for (const row of page.rows) out.push(...rowMd(doc, page, row));
      out.push(...kpiMd(doc, page.kpis));
    }
  }
  out.push(...exceptionsMd(doc));
  out.push(...budgetMd(doc));
  out.push(...logicModelsMd(doc));
  out.push('---', '', m(meta.source), '');
  return markdownMarks(out.join('\n'));
}
