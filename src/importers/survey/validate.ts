/**
 * Judges every data row of a survey against the database as it is now, and works out what
 * would change: rows nobody touched are skipped (their cells still give the digest written
 * into the template), rows that say what the database already says are skipped, and every
 * other row becomes a change — or a problem naming its sheet, row and column. Pure: the
 * caller loads the state once and applies the plan.
 */
import type { Evidence, Indicator, Plan, ProgressEntry } from '../../domain/model.ts';
import { nearestChoice } from '../../domain/nearest.ts';
import { problem, type Problem } from '../problems.ts';
import {
  cellText,
  clip,
  MAX_PLANS,
  normaliseText,
  parsePlans,
  progressCells,
  rowDigest,
  samePlans,
} from './cells.ts';
import { at, cellProblems, idOf, MAX_TEXT, tooLong, versionOf } from './judge.ts';
import { PROGRESS, REVIEW_STATE_LABELS, SHEETS } from './layout.ts';
import { kpiRow, type KpiContext } from './validate-kpi.ts';
import type { ProgressKey, SheetRow, SurveyWorkbook } from './read.ts';

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
  /** The English text; a sheet without the English column keeps the entry's. */
  textEn: string;
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

function stageCode(state: SurveyState, label: string): string | null | undefined {
  const wanted = label.normalize('NFKC').trim();
  if (wanted === '') return null;
  return state.stages.find((s) => s.label.normalize('NFKC') === wanted || s.code === wanted)?.code;
}

function progressRow(
  state: SurveyState,
  r: SheetRow<ProgressKey>,
  english: boolean,
  seen: Map<string, number>,
  plan: SurveyPlan,
): Problem[] {
  const sheet = SHEETS.progress;
  const cellIssues = cellProblems(sheet, r, PROGRESS);
  if (cellIssues.length) return cellIssues;
  const { cells } = r;
  const rowWhere = { sheet, row: r.row };
  const input: [string, string, string] = [
    cellText(cells.text),
    cellText(cells.stage),
    cellText(cells.plans),
  ];
  const inputEn = english ? cellText(cells.textEn) : '';
  const entryId = idOf(cells.entryId);
  const version = versionOf(cells.version);
  if (cells.entryId.kind === 'empty' && cells.version.kind === 'empty') {
    return [...input, inputEn].some((t) => t.trim() !== '')
      ? [problem('error', 'survey.row.added', {}, rowWhere)]
      : [];
  }
  if (entryId === null || version === null) return [problem('error', 'survey.row.bad_id', {}, rowWhere)];
  const current = state.entries.get(entryId);
  if (!current) return [problem('error', 'survey.row.unknown_entry', { id: clip(entryId) }, rowWhere)];
  const first = seen.get(entryId);
  if (first !== undefined) return [problem('error', 'survey.row.duplicate', { first }, rowWhere)];
  seen.set(entryId, r.row);
  if (cellText(cells.digest) === rowDigest(progressCells(input, inputEn))) {
    plan.unchanged++;
    return [];
  }
  const problems: Problem[] = [];
  const text = normaliseText(input[0]);
  const long = tooLong(text, MAX_TEXT, at(sheet, r.row, PROGRESS.text.no));
  if (long) problems.push(long);
  const { entry, initiative } = current;
  const textEn = english ? normaliseText(inputEn) : normaliseText(entry.textEn);
  const longEn = tooLong(textEn, MAX_TEXT, at(sheet, r.row, PROGRESS.textEn.no));
  if (longEn) problems.push(longEn);
  const stage = stageCode(state, input[1]);
  if (stage === undefined) {
    const meant = nearestChoice(
      input[1],
      state.stages.map((s) => s.label),
    );
    problems.push(
      problem(
        'error',
        meant === null ? 'survey.stage.unknown' : 'survey.stage.near_miss',
        { value: clip(input[1].trim()), ...(meant !== null && { meant }) },
        at(sheet, r.row, PROGRESS.stage.no),
      ),
    );
  }
  const plansWhere = at(sheet, r.row, PROGRESS.plans.no);
  const plans = parsePlans(input[2]);
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
  const after: EntryValues = { text, textEn, stage, plans: plans.plans };
  const before: EntryValues = {
    text: normaliseText(entry.text),
    textEn: normaliseText(entry.textEn),
    stage: entry.stage,
    plans: entry.plans,
  };
  if (
    after.text === before.text &&
    after.textEn === before.textEn &&
    after.stage === before.stage &&
    samePlans(after.plans, before.plans)
  ) {
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
    problems.push(...progressRow(state, r, wb.english, seen, plan));
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
