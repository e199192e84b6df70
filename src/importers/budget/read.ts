/**
 * The administrative project review's CSV (行政事業レビュー, one line per project and fiscal
 * year) → budget rows, with every problem at its row and column. Reads the shape only: which
 * ministries exist and which project numbers fund an initiative is the service's check.
 *
 * Columns are recognised by their Japanese names (事業番号, 府省庁, 事業名, 年度, 当初予算,
 * 補正予算, 前年度から繰越し, 予備費等, 執行額 …), in any order; an amount column names its unit
 * in its header (当初予算（千円）, 執行額(単位:百万円)) or every figure carries it (1,200千円).
 * Messages are `import.budget.<code>` in locales/<lang>/import.json.
 */
import { readPeriod } from '../../domain/periods.ts';
import { parseCsv } from '../structure/csv.ts';
import { problem, type Problem } from '../problems.ts';
import { defined } from '../../domain/defined.ts';

export const BUDGET_FIELDS = [
  'projectNumber',
  'ministry',
  'projectName',
  'fiscalYear',
  'initialBudget',
  'supplementaryBudget',
  'carriedOver',
  'reserveFund',
  'total',
  'executed',
  'executionRate',
] as const;
export type BudgetField = (typeof BUDGET_FIELDS)[number];

const AMOUNTS = ['initialBudget', 'supplementaryBudget', 'carriedOver', 'reserveFund', 'total', 'executed'];
const REQUIRED: BudgetField[] = [
  'projectNumber',
  'ministry',
  'projectName',
  'fiscalYear',
  'initialBudget',
  'executed',
];

/** Header names (normalised: NFKC, no spaces, no unit) of each field. */
const NAMES: Record<BudgetField, string[]> = {
  projectNumber: ['事業番号', '予算事業id', '事業id', 'レビューシート番号'],
  ministry: ['府省庁', '府省', '所管府省庁', '府省庁名', '所管'],
  projectName: ['事業名', '予算事業名'],
  fiscalYear: ['年度', '予算年度', '会計年度', '事業年度'],
  initialBudget: ['当初予算', '当初予算額'],
  supplementaryBudget: ['補正予算', '補正予算額'],
  carriedOver: ['前年度から繰越し', '前年度からの繰越し', '前年度から繰越', '繰越し', '繰越額'],
  reserveFund: ['予備費等', '予備費'],
  total: ['計', '予算額計', '予算現額', '合計'],
  executed: ['執行額'],
  executionRate: ['執行率'],
};

/** Yen per unit. */
export const UNITS: Record<string, number> = { 円: 1, 千円: 1_000, 百万円: 1_000_000, 億円: 100_000_000 };
const UNIT_AT_END = /(億円|百万円|千円|円)$/;

export interface BudgetColumn {
  /** 1-based position in the file. */
  index: number;
  header: string;
  field: BudgetField | null;
  unit: string | null;
}

export interface BudgetRow {
  /** The line of the file the row starts on (the header is line 1). */
  row: number;
  projectNumber: string;
  ministry: string;
  projectName: string;
  fiscalYear: number;
  initialBudget: number;
  supplementaryBudget: number;
  carriedOver: number;
  reserveFund: number;
  executed: number | null;
}

export interface BudgetRead {
  columns: BudgetColumn[];
  rows: BudgetRow[];
  problems: Problem[];
}

/** At most this many lines in one file (the whole review is about 5,000 projects × years). */
export const MAX_BUDGET_ROWS = 100_000;

const norm = (s: string) => s.normalize('NFKC').replace(/\s+/g, '').toLowerCase();

/**
 * A header cell's field and unit: '当初予算（千円）' → initialBudget in 千円.
 * @example readHeader('執行額(単位:百万円)') // { field: 'executed', unit: '百万円' }
 */
export function readHeader(header: string): { field: BudgetField | null; unit: string | null } {
  let h = norm(header);
  let unit: string | null = null;
  const bracket = /[([【]\s*(?:単位[:：]?)?\s*(億円|百万円|千円|円)\s*[)\]】]$/.exec(h);
  if (bracket) {
    unit = bracket[1] ?? null;
    h = h.slice(0, bracket.index);
  }
  const field = BUDGET_FIELDS.find((f) => NAMES[f].includes(h)) ?? null;
  return { field, unit: field && AMOUNTS.includes(field) ? unit : null };
}

type Amount = { ok: true; yen: number | null; fullWidth: boolean } | { ok: false; problem: Problem };

const BLANK = /^[-‐－―ー—]?$/;

/**
 * One amount cell in yen (null when blank): 全角 digits are read as their ASCII digits, a
 * unit written in the cell must agree with the column's, △/▲ is a minus (a reduction).
 */
export function readAmount(
  cell: string,
  columnUnit: string | null,
  where: { sheet: string; row: number; column: string },
  allowNegative: boolean,
): Amount {
  const raw = cell.trim();
  const s = raw.normalize('NFKC').replace(/\s+/g, '');
  if (BLANK.test(s)) return { ok: true, yen: null, fullWidth: false };
  const fullWidth = /[０-９，．]/.test(raw);
  let text = s.replace(/,/g, '');
  let sign = 1;
  if (/^[△▲-]/.test(text)) {
    sign = -1;
    text = text.slice(1);
  }
  const cellUnit = UNIT_AT_END.exec(text)?.[1] ?? null;
  if (cellUnit) text = text.slice(0, -cellUnit.length);
  const fail = (code: string, params: Record<string, string | number>): Amount => ({
    ok: false,
    problem: problem('error', `budget.${code}`, params, where),
  });
  if (!/^\d+(\.\d+)?$/.test(text)) return fail('not_a_number', { value: raw });
  if (cellUnit && columnUnit && cellUnit !== columnUnit) {
    return fail('unit_mismatch', { value: raw, unit: columnUnit });
  }
  const unit = cellUnit ?? columnUnit;
  if (!unit) return fail('no_unit', { value: raw });
  if (sign < 0 && !allowNegative) return fail('negative', { value: raw });
  const yen = Math.round(Number(text) * defined(UNITS[unit], `the unit ${unit}`)) * sign;
  if (!Number.isSafeInteger(yen)) return fail('not_a_number', { value: raw });
  return { ok: true, yen: yen === 0 ? 0 : yen, fullWidth };
}

/** The fiscal year of a cell: 2023, 2023年度, 令和5年度, R5, FY2023. */
export function readFiscalYear(cell: string): number | null {
  const s = cell.normalize('NFKC').trim();
  const p = readPeriod(/^\d{4}$/.test(s) ? `${s}年度` : s);
  if (!p || (p.kind !== 'fy' && p.kind !== 'year')) return null;
  return p.year >= 1990 && p.year <= 2100 ? p.year : null;
}

/** 事業番号 as stored: NFKC, trimmed; null when it cannot be one. */
export function readProjectNumber(cell: string): string | null {
  const s = cell.normalize('NFKC').trim();
  return s !== '' && s.length <= 40 && !/\s/.test(s) ? s : null;
}

/**
 * @example readBudgetCsv('事業番号,府省庁,事業名,年度,当初予算（千円）,執行額（千円）\n0001,総務省,…', 'budget.csv')
 */
export function readBudgetCsv(text: string, file: string): BudgetRead {
  const parsed = parseCsv(text, file);
  if (!parsed.ok) return { columns: [], rows: [], problems: parsed.problems };
  const [header, ...records] = parsed.value;
  if (!header) return { columns: [], rows: [], problems: [problem('error', 'budget.no_rows', { file })] };
  const columns: BudgetColumn[] = header.cells.map((h, i) => ({
    index: i + 1,
    header: h.trim(),
    ...readHeader(h),
  }));
  const problems: Problem[] = [];
  const at = (column: string, row = header.line) => ({ sheet: file, row, column });
  const byField = new Map<BudgetField, BudgetColumn>();
  for (const c of columns) {
    if (c.header === '') continue;
    if (c.field === null) problems.push(problem('warning', 'budget.unknown_column', {}, at(c.header)));
    else if (byField.has(c.field)) {
      const first = byField.get(c.field)?.header ?? '';
      problems.push(problem('error', 'budget.duplicate_column', { first }, at(c.header)));
    } else byField.set(c.field, c);
  }
  for (const f of REQUIRED.filter((f) => !byField.has(f))) {
    problems.push(
      problem('error', 'budget.missing_column', { column: NAMES[f][0] ?? f }, { sheet: file, row: 1 }),
    );
  }
  if (problems.some((p) => p.severity === 'error')) return { columns, rows: [], problems };
  if (records.length === 0)
    return { columns, rows: [], problems: [problem('error', 'budget.no_rows', { file })] };
  if (records.length > MAX_BUDGET_ROWS) {
    return {
      columns,
      rows: [],
      problems: [problem('error', 'budget.too_many_rows', { max: MAX_BUDGET_ROWS })],
    };
  }

  const rows: BudgetRow[] = [];
  const seen = new Map<string, number>();
  for (const { line, cells } of records) {
    const before = problems.length;
    const cellOf = (f: BudgetField) => {
      const c = byField.get(f);
      return c ? (cells[c.index - 1] ?? '').trim() : '';
    };
    const where = (f: BudgetField) => at(defined(byField.get(f), `the column of ${f}`).header, line);
    const required = (f: BudgetField) => {
      const v = cellOf(f);
      if (v === '') problems.push(problem('error', 'budget.blank', {}, where(f)));
      return v;
    };
    const numberText = required('projectNumber');
    const projectNumber = numberText === '' ? null : readProjectNumber(numberText);
    if (numberText !== '' && projectNumber === null) {
      problems.push(
        problem('error', 'budget.bad_project_number', { value: numberText }, where('projectNumber')),
      );
    }
    const ministry = required('ministry');
    const projectName = required('projectName');
    const yearText = required('fiscalYear');
    const fiscalYear = yearText === '' ? null : readFiscalYear(yearText);
    if (yearText !== '' && fiscalYear === null) {
      problems.push(problem('error', 'budget.bad_year', { value: yearText }, where('fiscalYear')));
    }
    const amount = (f: BudgetField, blank: 'error' | 'zero' | 'pending'): number | null => {
      const c = byField.get(f);
      if (!c) return blank === 'pending' ? null : 0;
      const w = where(f);
      const r = readAmount(cellOf(f), c.unit, w, f === 'supplementaryBudget');
      if (!r.ok) {
        problems.push(r.problem);
        return null;
      }
      if (r.fullWidth) problems.push(problem('warning', 'budget.full_width', { value: cellOf(f) }, w));
      if (r.yen !== null) return r.yen;
      if (blank === 'error') problems.push(problem('error', 'budget.blank', {}, w));
      else if (blank === 'zero') problems.push(problem('warning', 'budget.blank_as_zero', {}, w));
      else problems.push(problem('warning', 'budget.blank_executed', {}, w));
      return blank === 'zero' ? 0 : null;
    };
    const initialBudget = amount('initialBudget', 'error');
    const supplementaryBudget = amount('supplementaryBudget', 'zero') ?? 0;
    const carriedOver = amount('carriedOver', 'zero') ?? 0;
    const reserveFund = amount('reserveFund', 'zero') ?? 0;
    const executed = amount('executed', 'pending');
    const total = byField.has('total') ? amount('total', 'zero') : null;
    // a blank or unreadable required value has been reported as an error
    if (projectNumber === null || fiscalYear === null || initialBudget === null) continue;
    if (problems.slice(before).some((p) => p.severity === 'error')) continue;
    const sum = initialBudget + supplementaryBudget + carriedOver + reserveFund;
    // A stated total that disagrees by more than rounding: a wrong unit or a misplaced figure.
    const totalUnit = UNITS[byField.get('total')?.unit ?? '円'] ?? 1;
    if (total !== null && Math.abs(total - sum) > totalUnit) {
      problems.push(problem('warning', 'budget.total_mismatch', { total, sum }, where('total')));
    }
    const key = `${projectNumber}\u0000${fiscalYear}`;
    const first = seen.get(key);
    if (first !== undefined) {
      problems.push(
        problem('error', 'budget.duplicate_row', { first, year: fiscalYear }, where('projectNumber')),
      );
      continue;
    }
    seen.set(key, line);
    rows.push({
      row: line,
      projectNumber,
      ministry,
      projectName,
      fiscalYear,
      initialBudget,
      supplementaryBudget,
      carriedOver,
      reserveFund,
      executed,
    });
  }
  return { columns, rows, problems };
}
