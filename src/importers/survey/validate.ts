/**
 * Judges every data row of a survey against the database as it is now, and works out what
 * would change: rows nobody touched are skipped (their cells still give the digest written
 * into the template), rows that say what the database already says are skipped, and every
 * other row becomes a change — or a problem naming its sheet, row and column. Pure: the
 * caller loads the state once and applies the plan.
 */
import type { Evidence, Indicator, Observation, Plan, ProgressEntry } from '../../domain/model.ts';
import { problem, type Problem } from '../problems.ts';
import {
  cellText,
  clip,
  MAX_PLANS,
  normaliseText,
  parseNumber,
  parsePlans,
  periodCodeOf,
  rowDigest,
  samePlans,
  type CellReading,
} from './cells.ts';
import { columnLetter, KPI, PROGRESS, REVIEW_STATE_LABELS, SHEETS } from './layout.ts';
import type { KpiKey, ProgressKey, SheetRow, SurveyWorkbook } from './read.ts';

export const MAX_TEXT = 20_000;
const MAX_LABEL = 1_000;

export interface SurveyState {
  stages: { code: string; label: string }[];
  /** The ministry's entries in the cycle, by entry id. */
  entries: Map<string, { entry: ProgressEntry; initiative: string }>;
  /** The ministry's indicators (observations of every cycle), by id. */
  indicators: Map<string, Indicator>;
  cycleId: string;
  /** How a cycle is named in messages: 2022年度. */
  cycleLabel: (cycleId: string | null) => string;
}

export interface EntryValues {
  text: string;
  stage: string | null;
  plans: Plan[];
}

export interface EntryChange {
  row: number;
  entryId: string;
  initiativeId: string;
  initiative: string;
  /** The version the sheet was made from; the write names it. */
  basedOn: number;
  before: EntryValues;
  after: EntryValues;
  /** Kept as it is: the sheet does not carry evidence links. */
  evidence: Evidence[];
}

export interface ObservationValues {
  value: number;
  source: string;
  note: string;
}

export interface ObservationChange {
  row: number;
  indicatorId: string;
  indicator: string;
  period: string;
  /** null for a new figure. */
  version: number | null;
  before: ObservationValues | null;
  after: ObservationValues;
}

export interface SurveyPlan {
  entries: EntryChange[];
  observations: ObservationChange[];
  /** Rows read (both sheets) and rows that change nothing. */
  rows: number;
  unchanged: number;
}

type Where = { sheet: string; row: number; column: string };
const at = (sheet: string, row: number, no: number): Where => ({ sheet, row, column: columnLetter(no) });

/** Formula and error cells are refused wherever they are: no computed value is taken. */
function cellProblems<K extends string>(
  sheet: string,
  r: SheetRow<K>,
  columns: Record<K, { no: number }>,
): Problem[] {
  const out: Problem[] = [];
  for (const key of Object.keys(r.cells) as K[]) {
    const c = r.cells[key];
    const where = at(sheet, r.row, columns[key].no);
    if (c.kind === 'formula')
      out.push(problem('error', 'survey.cell.formula', { formula: clip(c.formula) }, where));
    if (c.kind === 'error') out.push(problem('error', 'survey.cell.error', { error: c.error }, where));
  }
  return out;
}

function idOf(c: CellReading): string | null {
  const text = cellText(c).trim();
  return /^[A-Za-z0-9][A-Za-z0-9._-]{0,199}$/.test(text) ? text : null;
}

function versionOf(c: CellReading): number | null {
  const n = parseNumber(c);
  return n !== null && Number.isInteger(n) && n >= 1 ? n : null;
}

function tooLong(text: string, max: number, where: Where): Problem | null {
  const length = [...text].length;
  return length > max ? problem('error', 'survey.cell.too_long', { max, length }, where) : null;
}

function stageCode(state: SurveyState, label: string): string | null | undefined {
  const wanted = label.normalize('NFKC').trim();
  if (wanted === '') return null;
  return state.stages.find((s) => s.label.normalize('NFKC') === wanted || s.code === wanted)?.code;
}

function progressRow(
  state: SurveyState,
  r: SheetRow<ProgressKey>,
  seen: Map<string, number>,
  plan: SurveyPlan,
): Problem[] {
  const sheet = SHEETS.progress;
  const cellIssues = cellProblems(sheet, r, PROGRESS);
  if (cellIssues.length) return cellIssues;
  const { cells } = r;
  const rowWhere = { sheet, row: r.row };
  const input = [cellText(cells.text), cellText(cells.stage), cellText(cells.plans)];
  const entryId = idOf(cells.entryId);
  const version = versionOf(cells.version);
  if (cells.entryId.kind === 'empty' && cells.version.kind === 'empty') {
    return input.some((t) => t.trim() !== '') ? [problem('error', 'survey.row.added', {}, rowWhere)] : [];
  }
  if (entryId === null || version === null) return [problem('error', 'survey.row.bad_id', {}, rowWhere)];
  const current = state.entries.get(entryId);
  if (!current) return [problem('error', 'survey.row.unknown_entry', { id: clip(entryId) }, rowWhere)];
  const first = seen.get(entryId);
  if (first !== undefined) return [problem('error', 'survey.row.duplicate', { first }, rowWhere)];
  seen.set(entryId, r.row);
  if (cellText(cells.digest) === rowDigest(input)) {
    plan.unchanged++;
    return [];
  }
  const problems: Problem[] = [];
  const text = normaliseText(input[0]!);
  const long = tooLong(text, MAX_TEXT, at(sheet, r.row, PROGRESS.text.no));
  if (long) problems.push(long);
  const stage = stageCode(state, input[1]!);
  if (stage === undefined) {
    problems.push(
      problem(
        'error',
        'survey.stage.unknown',
        { value: clip(input[1]!.trim()) },
        at(sheet, r.row, PROGRESS.stage.no),
      ),
    );
  }
  const plansWhere = at(sheet, r.row, PROGRESS.plans.no);
  const plans = parsePlans(input[2]!);
  for (const p of plans.problems) {
    const { code, ...params } = p;
    problems.push(problem('error', code, params, plansWhere));
  }
  if (plans.plans.length > MAX_PLANS) {
    problems.push(
      problem('error', 'survey.plan.too_many', { count: plans.plans.length, max: MAX_PLANS }, plansWhere),
    );
  }
  if (problems.length || stage === undefined) return problems;
  const { entry, initiative } = current;
  const after: EntryValues = { text, stage, plans: plans.plans };
  const before: EntryValues = { text: normaliseText(entry.text), stage: entry.stage, plans: entry.plans };
  if (after.text === before.text && after.stage === before.stage && samePlans(after.plans, before.plans)) {
    plan.unchanged++;
    return [];
  }
  if (entry.reviewState !== 'draft' && entry.reviewState !== 'returned') {
    const label = REVIEW_STATE_LABELS[entry.reviewState] ?? entry.reviewState;
    return [problem('error', 'survey.entry.locked', { state: label }, rowWhere)];
  }
  if (entry.version !== version) {
    return [problem('error', 'survey.entry.conflict', { based: version, current: entry.version }, rowWhere)];
  }
  plan.entries.push({
    row: r.row,
    entryId,
    initiativeId: entry.initiativeId,
    initiative,
    basedOn: version,
    before,
    after,
    evidence: entry.evidence,
  });
  return [];
}

function periodOf(c: CellReading): string | null {
  return periodCodeOf(c.kind === 'number' ? String(c.value) : cellText(c));
}

interface KpiContext {
  state: SurveyState;
  plan: SurveyPlan;
  /** indicator id + period → the row that names it (a figure row or a new one). */
  periods: Map<string, number>;
}

function kpiValues(r: SheetRow<KpiKey>): { values: ObservationValues | null; problems: Problem[] } {
  const sheet = SHEETS.kpi;
  const problems: Problem[] = [];
  const value = parseNumber(r.cells.value);
  if (r.cells.value.kind === 'empty') {
    problems.push(problem('error', 'survey.kpi.value_required', {}, at(sheet, r.row, KPI.value.no)));
  } else if (value === null) {
    problems.push(
      problem(
        'error',
        'survey.kpi.not_number',
        { value: clip(cellText(r.cells.value)) },
        at(sheet, r.row, KPI.value.no),
      ),
    );
  }
  const source = normaliseText(cellText(r.cells.source));
  const note = normaliseText(cellText(r.cells.note));
  for (const [text, no] of [
    [source, KPI.source.no],
    [note, KPI.note.no],
  ] as const) {
    const long = tooLong(text, MAX_LABEL, at(sheet, r.row, no));
    if (long) problems.push(long);
  }
  return { values: problems.length || value === null ? null : { value, source, note }, problems };
}

function existingFigure(
  ctx: KpiContext,
  r: SheetRow<KpiKey>,
  indicator: Indicator,
  obs: Observation,
): Problem[] {
  const sheet = SHEETS.kpi;
  const { cells } = r;
  const input = [cellText(cells.period), cellText(cells.value), cellText(cells.source), cellText(cells.note)];
  ctx.periods.set(`${indicator.id}\u0000${obs.period}`, r.row);
  if (cellText(cells.digest) === rowDigest(input)) {
    ctx.plan.unchanged++;
    return [];
  }
  const rowWhere = { sheet, row: r.row };
  if (obs.cycleId !== ctx.state.cycleId) {
    return [
      problem('error', 'survey.kpi.other_cycle', { reported: ctx.state.cycleLabel(obs.cycleId) }, rowWhere),
    ];
  }
  if (periodOf(cells.period) !== obs.period) {
    return [problem('error', 'survey.kpi.period_locked', {}, at(sheet, r.row, KPI.period.no))];
  }
  const { values, problems } = kpiValues(r);
  if (!values) return problems;
  if (values.value === obs.value && values.source === obs.source && values.note === obs.note) {
    ctx.plan.unchanged++;
    return [];
  }
  const version = versionOf(cells.version);
  if (version !== obs.version) {
    return [
      problem('error', 'survey.kpi.conflict', { based: version ?? '?', current: obs.version }, rowWhere),
    ];
  }
  ctx.plan.observations.push({
    row: r.row,
    indicatorId: indicator.id,
    indicator: indicator.name,
    period: obs.period,
    version: obs.version,
    before: { value: obs.value, source: obs.source, note: obs.note },
    after: values,
  });
  return [];
}

function newFigure(ctx: KpiContext, r: SheetRow<KpiKey>, indicator: Indicator): Problem[] {
  const sheet = SHEETS.kpi;
  const { cells } = r;
  const inputs = [cells.period, cells.value, cells.source, cells.note];
  if (inputs.every((c) => c.kind === 'empty')) return [];
  const problems: Problem[] = [];
  const period = periodOf(cells.period);
  const periodWhere = at(sheet, r.row, KPI.period.no);
  if (cells.period.kind === 'empty')
    problems.push(problem('error', 'survey.kpi.period_required', {}, periodWhere));
  else if (period === null) {
    problems.push(
      problem('error', 'survey.kpi.bad_period', { value: clip(cellText(cells.period)) }, periodWhere),
    );
  }
  const { values, problems: valueProblems } = kpiValues(r);
  problems.push(...valueProblems);
  if (problems.length || !values || period === null) return problems;
  const key = `${indicator.id}\u0000${period}`;
  const params = { indicator: clip(indicator.name), period: cellText(cells.period).trim() };
  const first = ctx.periods.get(key);
  if (first !== undefined)
    return [problem('error', 'survey.kpi.duplicate_period', { ...params, first }, periodWhere)];
  ctx.periods.set(key, r.row);
  if (indicator.observations.some((o) => o.period === period)) {
    return [problem('error', 'survey.kpi.exists', params, periodWhere)];
  }
  ctx.plan.observations.push({
    row: r.row,
    indicatorId: indicator.id,
    indicator: indicator.name,
    period,
    version: null,
    before: null,
    after: values,
  });
  return [];
}

function kpiRow(ctx: KpiContext, r: SheetRow<KpiKey>): Problem[] {
  const cellIssues = cellProblems(SHEETS.kpi, r, KPI);
  if (cellIssues.length) return cellIssues;
  const rowWhere = { sheet: SHEETS.kpi, row: r.row };
  const indicatorId = idOf(r.cells.indicatorId);
  if (indicatorId === null) return [problem('error', 'survey.row.bad_id', {}, rowWhere)];
  const indicator = ctx.state.indicators.get(indicatorId);
  if (!indicator)
    return [problem('error', 'survey.kpi.unknown_indicator', { id: clip(indicatorId) }, rowWhere)];
  if (r.cells.observationId.kind === 'empty') return newFigure(ctx, r, indicator);
  const observationId = idOf(r.cells.observationId);
  const obs = observationId && indicator.observations.find((o) => o.id === observationId);
  if (!obs) {
    return [
      problem(
        'error',
        'survey.kpi.unknown_observation',
        { id: clip(cellText(r.cells.observationId)) },
        rowWhere,
      ),
    ];
  }
  return existingFigure(ctx, r, indicator, obs);
}

/**
 * Every row judged; the changes to make, or the problems that stop the import.
 * @example validateSurvey(workbook, state) // { plan: { entries: [...], observations: [...], rows, unchanged }, problems: [] }
 */
export function validateSurvey(
  wb: SurveyWorkbook,
  state: SurveyState,
  onRow: (done: number, total: number) => void = () => undefined,
): { plan: SurveyPlan; problems: Problem[] } {
  const plan: SurveyPlan = {
    entries: [],
    observations: [],
    rows: wb.progress.length + wb.kpi.length,
    unchanged: 0,
  };
  const problems: Problem[] = [];
  const seen = new Map<string, number>();
  let done = 0;
  const tick = () => {
    done++;
    if (done % 500 === 0 || done === plan.rows) onRow(done, plan.rows);
  };
  for (const r of wb.progress) {
    problems.push(...progressRow(state, r, seen, plan));
    tick();
  }
  // Figure rows first: a new row naming a period that a figure row already shows is a duplicate.
  const ctx: KpiContext = { state, plan, periods: new Map() };
  const ordered = [
    ...wb.kpi.filter((r) => r.cells.observationId.kind !== 'empty'),
    ...wb.kpi.filter((r) => r.cells.observationId.kind === 'empty'),
  ];
  const kpiProblems: Problem[] = [];
  for (const r of ordered) {
    kpiProblems.push(...kpiRow(ctx, r));
    tick();
  }
  kpiProblems.sort((a, b) => (a.row ?? 0) - (b.row ?? 0));
  problems.push(...kpiProblems);
  plan.observations.sort((a, b) => a.row - b.row);
  return { plan, problems };
}
