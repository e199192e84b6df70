/**
 * Survey messages for people: registers locales/<lang>/survey.json and turns problems into
 * one line each, saying where — 「進捗調査票」シート 5行目 G列 — and what is wrong.
 */
import surveyEn from '../../../locales/en/survey.json' with { type: 'json' };
import surveyJa from '../../../locales/ja/survey.json' with { type: 'json' };
import { registerMessages, t, type Lang } from '../../i18n.ts';
import type { Problem } from '../problems.ts';

registerMessages('ja', surveyJa);
registerMessages('en', surveyEn);

/** A message of the survey area: `surveyMessage('ja', 'cli.dry_run')`. */
export function surveyMessage(lang: Lang, key: string, params: Record<string, string | number> = {}): string {
  return t(lang, key.startsWith('survey.') ? key : `survey.${key}`, params);
}

function where(lang: Lang, p: Problem): string {
  if (p.sheet === undefined) return '';
  const params = { sheet: p.sheet, file: p.sheet, row: p.row ?? 0, column: p.column ?? '' };
  if (p.row === undefined)
    return surveyMessage(lang, p.code.startsWith('survey.file.') ? 'where.file' : 'where.sheet', params);
  return surveyMessage(lang, p.column === undefined ? 'where.row' : 'where.cell', params);
}

/**
 * One line per problem.
 * @example formatSurveyProblem('ja', { severity: 'error', code: 'survey.stage.unknown', params: { value: '完了' }, sheet: '進捗調査票', row: 5, column: 'G' })
 * // 'エラー 「進捗調査票」シート 5行目 G列: 段階「完了」は選択肢にありません（一覧から選んでください）'
 */
export function formatSurveyProblem(lang: Lang, p: Problem): string {
  const place = where(lang, p);
  const severity = surveyMessage(lang, `severity.${p.severity}`);
  return `${severity}${place ? ` ${place}` : ''}: ${surveyMessage(lang, p.code, p.params)}`;
}

/** Problems as lines in sheet/row order, at most `max` of them plus a count of the rest. */
export function formatSurveyProblems(lang: Lang, problems: readonly Problem[], max = 100): string[] {
  const lines = problems.slice(0, max).map((p) => formatSurveyProblem(lang, p));
  if (problems.length > max) lines.push(surveyMessage(lang, 'cli.more', { count: problems.length - max }));
  return lines;
}
