/**
 * The cover and the summary slide. Cover: title (「…」の進捗状況), date in the era calendar
 * (令和5年4月) and issuer. Summary: overall bullets, then each pillar's name with its bullets.
 */
import { findPeriods, parseJapanesePeriod, type Period } from '../../domain/calendar.ts';
import { problem, type Problem } from '../problems.ts';
import type { Block } from './blocks.ts';
import { isSentence } from './text.ts';

export interface Cover {
  title: string | null;
  strategyTitle: string | null;
  asOf: Period | null;
  issuer: string;
}

export interface SummarySlide {
  overall: string[];
  pillars: { name: string; bullets: string[]; line: number }[];
}

/** The strategy's name in a report title: 「AI戦略2022」の進捗状況 → AI戦略2022. */
export function strategyTitleOf(title: string): string {
  const quoted = /「([^「」]+)」/u.exec(title);
  if (quoted) return (quoted[1] ?? '').trim();
  const stripped = title.replace(/(?:の)?(?:進捗状況|進捗|フォローアップ(?:結果)?|について)+$/u, '').trim();
  return stripped || title;
}

const asMonth = (text: string): Period | null => {
  const p = parseJapanesePeriod(text) ?? findPeriods(text)[0]?.period ?? null;
  return p && (p.kind === 'month' || p.kind === 'day') ? p : null;
};

export function readCover(blocks: readonly Block[], problems: Problem[]): Cover {
  const paras = blocks.filter((b): b is Extract<Block, { kind: 'para' }> => b.kind === 'para');
  const title = paras[0]?.text ?? null;
  const dateAt = paras.findIndex((p, i) => i > 0 && asMonth(p.text) !== null);
  const dated = paras[dateAt];
  const asOf = dated ? asMonth(dated.text) : null;
  const issuer = (dateAt >= 0 ? paras.slice(dateAt + 1) : paras.slice(1)).map((p) => p.text).join(' ');
  for (const b of blocks) {
    if (b.kind !== 'para')
      problems.push(problem('unplaced', 'report.cover_content', { text: blockText(b) }, { line: b.line }));
  }
  if (title === null) problems.push(problem('warning', 'report.no_cover', {}, { line: 1 }));
  return { title, strategyTitle: title === null ? null : strategyTitleOf(title), asOf, issuer };
}

const blockText = (b: Block): string => (b.kind === 'row' ? b.cells.join(' ') : b.text).slice(0, 80);

export function readSummary(blocks: readonly Block[], problems: Problem[]): SummarySlide {
  const summary: SummarySlide = { overall: [], pillars: [] };
  let section: SummarySlide['pillars'][number] | null = null;
  let pendingName: { text: string; line: number } | null = null;
  blocks.forEach((b, i) => {
    if (b.kind === 'bullet') {
      if (pendingName) {
        section = { name: pendingName.text, bullets: [], line: pendingName.line };
        summary.pillars.push(section);
        pendingName = null;
      }
      (section?.bullets ?? summary.overall).push(b.text);
    } else if (b.kind === 'para' && i > 0) {
      if (pendingName) flushName(pendingName, problems);
      if (isSentence(b.text) && section === null) summary.overall.push(b.text);
      else pendingName = { text: b.text, line: b.line };
    } else if (b.kind !== 'para' && b.kind !== 'summary-header') {
      problems.push(problem('unplaced', 'report.summary_content', { text: blockText(b) }, { line: b.line }));
    }
  });
  if (pendingName) flushName(pendingName, problems);
  return summary;
}

function flushName(name: { text: string; line: number }, problems: Problem[]): void {
  problems.push(problem('unplaced', 'report.summary_content', { text: name.text }, { line: name.line }));
}
