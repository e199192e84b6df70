/**
 * The KPI sheet's rows judged against the ministry's indicators: a figure row of this cycle
 * may correct its value, source and note (not its period); figures of earlier cycles are
 * shown for reference and refused if changed; a blank row under an indicator adds a figure
 * for a new period. Pure, like validate.ts, which calls it.
 */
import type { Indicator, Observation } from '../../domain/model.ts';
import { problem, type Problem } from '../problems.ts';
import {
  cellText,
  clip,
  normaliseText,
  parseNumber,
  periodCodeOf,
  rowDigest,
  type CellReading,
} from './cells.ts';
import { KPI, SHEETS } from './layout.ts';
import type { KpiKey, SheetRow } from './read.ts';
import { at, cellProblems, idOf, MAX_LABEL, tooLong, versionOf } from './judge.ts';
import type { ObservationValues, SurveyPlan, SurveyState } from './validate.ts';

function periodOf(c: CellReading): string | null {
  return periodCodeOf(c.kind === 'number' ? String(c.value) : cellText(c));
}

export interface KpiContext {
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
  const existing = indicator.observations.find((o) => o.period === period);
  if (existing) {
    // The same figure sent again (a sheet uploaded twice) is no change, not an error.
    const same =
      existing.value === values.value && existing.source === values.source && existing.note === values.note;
    if (same) {
      ctx.plan.unchanged++;
      return [];
    }
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

export function kpiRow(ctx: KpiContext, r: SheetRow<KpiKey>): Problem[] {
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
