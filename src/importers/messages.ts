/**
 * Import messages for people: registers locales/<lang>/import.json and turns problems into
 * one line each, saying where (line, or sheet/file, row and column) and what is wrong.
 */
import importEn from '../../locales/en/import.json' with { type: 'json' };
import importJa from '../../locales/ja/import.json' with { type: 'json' };
import { registerMessages, t, type Lang } from '../i18n.ts';
import type { Problem } from './problems.ts';

registerMessages('ja', importJa);
registerMessages('en', importEn);

/** A message of the import area: `importMessage('ja', 'cli.written', { file })`. */
export function importMessage(lang: Lang, key: string, params: Record<string, string | number> = {}): string {
  return t(lang, `import.${key}`, params);
}

function where(lang: Lang, p: Problem): string {
  if (p.line !== undefined) return importMessage(lang, 'where.line', { line: p.line });
  if (p.sheet === undefined) return '';
  // Column labels carry their letter in Japanese brackets: 'owners（C）' → 'owners (C)' in English.
  const column = lang === 'en' ? (p.column ?? '').replace(/（(.*?)）/g, ' ($1)') : (p.column ?? '');
  const params = { sheet: p.sheet, row: p.row ?? 0, column };
  if (p.row === undefined || p.row === 0) return importMessage(lang, 'where.file', params);
  return importMessage(lang, p.column === undefined ? 'where.row' : 'where.cell', params);
}

/**
 * One line per problem, e.g. 'エラー nodes.csv 4行目 parent_id（B）列: 親 ID「x」が nodes にありません'.
 * @example formatProblem('ja', { severity: 'error', code: 'file.empty', params: { file: 'a.txt' } }) // 'エラー: a.txt は空です'
 */
export function formatProblem(lang: Lang, p: Problem): string {
  const place = where(lang, p);
  const severity = importMessage(lang, `severity.${p.severity}`);
  return `${severity}${place ? ` ${place}` : ''}: ${importMessage(lang, p.code, p.params)}`;
}

/** Problems as lines, errors first, at most `max` of them plus a count of the rest. */
export function formatProblems(lang: Lang, problems: readonly Problem[], max = 50): string[] {
  const order = { error: 0, warning: 1, unplaced: 2 } as const;
  const sorted = [...problems].sort((a, b) => order[a.severity] - order[b.severity]);
  const lines = sorted.slice(0, max).map((p) => formatProblem(lang, p));
  if (sorted.length > max) lines.push(importMessage(lang, 'cli.more', { count: sorted.length - max }));
  return lines;
}
