/**
 * Cell values of the survey as the writer puts them and the reader takes them back: one
 * reading per exceljs value (text, number, date, formula, error …), the normal form texts
 * are compared in, the digest that tells an untouched row from an edited one, and the
 * "期間: 内容" lines the plans are written as.
 */
import { createHash } from 'node:crypto';
import type ExcelJS from 'exceljs';
import { formatPeriod, parsePeriodCode } from '../../domain/calendar.ts';
import { periodCodeFrom } from '../../domain/periods.ts';
import type { Plan } from '../../domain/model.ts';

export type CellReading =
  | { kind: 'empty' }
  | { kind: 'text'; text: string }
  | { kind: 'number'; value: number }
  | { kind: 'formula'; formula: string }
  | { kind: 'error'; error: string };

/** What a cell holds, with formulas and error values kept apart from data. */
export function readCell(v: ExcelJS.CellValue): CellReading {
  if (v === null || v === undefined) return { kind: 'empty' };
  if (typeof v === 'string') return v === '' ? { kind: 'empty' } : { kind: 'text', text: v };
  if (typeof v === 'number') return Number.isFinite(v) ? { kind: 'number', value: v } : { kind: 'empty' };
  if (typeof v === 'boolean') return { kind: 'text', text: v ? 'TRUE' : 'FALSE' };
  if (v instanceof Date) {
    return Number.isNaN(v.getTime())
      ? { kind: 'empty' }
      : { kind: 'text', text: v.toISOString().slice(0, 10) };
  }
  if (typeof v !== 'object') return { kind: 'empty' };
  if ('formula' in v || 'sharedFormula' in v) {
    const f = 'formula' in v && v.formula ? v.formula : 'sharedFormula' in v ? v.sharedFormula : '';
    return { kind: 'formula', formula: String(f ?? '') };
  }
  if ('error' in v) return { kind: 'error', error: String(v.error) };
  if ('richText' in v && Array.isArray(v.richText)) {
    const text = v.richText.map((r) => (typeof r?.text === 'string' ? r.text : '')).join('');
    return text === '' ? { kind: 'empty' } : { kind: 'text', text };
  }
  if ('text' in v) {
    const text = typeof v.text === 'string' ? v.text : '';
    return text === '' ? { kind: 'empty' } : { kind: 'text', text };
  }
  return { kind: 'empty' };
}

/** The text of a data cell (numbers as written); '' for empty, formulas and errors. */
export function cellText(c: CellReading): string {
  if (c.kind === 'text') return c.text;
  if (c.kind === 'number') return String(c.value);
  return '';
}

// Characters XML 1.0 cannot carry (nor PostgreSQL text, for NUL): dropped when writing and
// when reading, so what is written reads back equal and what is read can be stored.
// eslint-disable-next-line no-control-regex -- removing control characters is the point
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;
export const xmlSafe = (text: string): string => text.replace(NOT_XML, '');

/**
 * The form texts are compared and stored in: line breaks as \n, no control characters, no
 * surrounding blanks.
 * @example normaliseText(' 試作した。\r\n') // '試作した。'
 */
export function normaliseText(text: string): string {
  return xmlSafe(text.replace(/\r\n?/g, '\n')).trim();
}

/**
 * A short digest of the input cells of a row as written into the template. On import, a row
 * whose cells still give the same digest was not touched: it is skipped whatever happened to
 * the entry since, so that an untouched row never reports a conflict.
 */
export function rowDigest(cells: readonly string[]): string {
  const normal = cells.map((c) => normaliseText(c));
  return createHash('sha256').update(JSON.stringify(normal)).digest('base64url').slice(0, 16);
}

/**
 * The input cells of a progress row that its digest covers, as written: 主な進捗, 段階,
 * 今後の予定, and the English text only when there is some — so that a row without English,
 * and every row of a sheet made before the English column, keeps the digest it had.
 * @example progressCells(['試作した。', '', ''], '') // ['試作した。', '', '']
 */
export function progressCells(cells: readonly [string, string, string], textEn: string): string[] {
  return normaliseText(textEn) === '' ? [...cells] : [...cells, textEn];
}

/**
 * Plans as the sheet shows them: one line per plan, 「期間: 内容」 with the period in Japanese.
 * @example plansText([{ period: 'FY2024', text: '全国で運用を開始' }]) // '2024年度: 全国で運用を開始'
 */
export function plansText(plans: readonly Plan[]): string {
  return plans
    .map((p) => `${periodLabel(p.period)}: ${p.text.replace(/\s*[\r\n]+\s*/g, ' ').trim()}`)
    .join('\n');
}

/** A period code in Japanese (FY2024 → 2024年度); unknown codes as they are. */
export function periodLabel(code: string): string {
  try {
    return formatPeriod(parsePeriodCode(code), 'ja');
  } catch {
    return code;
  }
}

const periods = new Map<string, string | null>();

/**
 * The period code a person's period text names, or null (2024年度 → FY2024, R6年度末 →
 * FY2024-end): the one period syntax of domain/periods.ts. Memoised: a sheet repeats the same few periods on thousands of rows.
 * @example periodCodeOf('R6年度') // 'FY2024'
 */
export function periodCodeOf(text: string): string | null {
  const known = periods.get(text);
  if (known !== undefined) return known;
  const code = periodCodeFrom(text);
  if (periods.size > 10_000) periods.clear();
  periods.set(text, code);
  return code;
}

export type PlanLineProblem =
  | { code: 'survey.plan.format'; line: number; text: string }
  | { code: 'survey.plan.bad_period'; line: number; value: string }
  | { code: 'survey.plan.too_long'; line: number; max: number };

export const MAX_PLANS = 50;
export const MAX_PLAN_TEXT = 1000;

/** Leading bullets people type before a line: ・ - * • ● ○. */
const BULLET = /^[・\-*•●○]\s*/;

/**
 * Reads the plan lines back; each problem names its line within the cell.
 * @example parsePlans('R6年度：全国で運用を開始') // { plans: [{ period: 'FY2024', text: '全国で運用を開始' }], problems: [] }
 */
export function parsePlans(text: string): { plans: Plan[]; problems: PlanLineProblem[] } {
  const plans: Plan[] = [];
  const problems: PlanLineProblem[] = [];
  const lines = normaliseText(text).split('\n');
  lines.forEach((raw, i) => {
    const line = raw.trim().replace(BULLET, '');
    if (line === '') return;
    const at = line.search(/[:：]/);
    if (at <= 0) {
      problems.push({ code: 'survey.plan.format', line: i + 1, text: clip(line) });
      return;
    }
    const periodText = line.slice(0, at).trim();
    const body = line.slice(at + 1).trim();
    const period = periodCodeOf(periodText);
    if (period === null) {
      problems.push({ code: 'survey.plan.bad_period', line: i + 1, value: clip(periodText) });
      return;
    }
    if (body === '') {
      problems.push({ code: 'survey.plan.format', line: i + 1, text: clip(line) });
      return;
    }
    if ([...body].length > MAX_PLAN_TEXT) {
      problems.push({ code: 'survey.plan.too_long', line: i + 1, max: MAX_PLAN_TEXT });
      return;
    }
    plans.push({ period, text: body });
  });
  return { plans, problems };
}

/** Shortens text quoted in a message. */
export function clip(text: string, max = 40): string {
  const chars = [...text.replace(/\s+/g, ' ')];
  return chars.length > max ? `${chars.slice(0, max).join('')}…` : chars.join('');
}

/**
 * A number typed by a person: a number cell, or text with full-width digits, thousands
 * separators or a leading +. Null when it is not a number.
 * @example parseNumber({ kind: 'text', text: '１，２３４' }) // 1234
 */
export function parseNumber(c: CellReading): number | null {
  if (c.kind === 'number') return c.value;
  if (c.kind !== 'text') return null;
  const plain = c.text.normalize('NFKC').trim().replaceAll(',', '');
  if (!/^[-+]?(\d+(\.\d*)?|\.\d+)(e[-+]?\d+)?$/i.test(plain)) return null;
  const n = Number(plain);
  return Number.isFinite(n) ? n : null;
}

/** Plans compare equal when they list the same periods and texts in the same order. */
export function samePlans(a: readonly Plan[], b: readonly Plan[]): boolean {
  return a.length === b.length && a.every((p, i) => p.period === b[i]?.period && p.text === b[i]?.text);
}
