/**
 * KPI projection: where an indicator is heading at its current pace, and whether it reaches
 * its target by the deadline. Pure.
 *
 * Time is measured in fiscal years (年度): the end of a period code, as a fraction of the
 * fiscal year it falls in, so the end of FY2022 (2023-03-31) is 2023.0 and FY2022 runs over
 * (2022, 2023]. The pace is a least-squares line through the observations (and the baseline,
 * when it is not already one of them); with three or more positive values a log-linear fit
 * (constant growth rate) is given as well. The verdict uses the line: it is the plainer
 * reading of "the current pace" and never promises compound growth.
 *
 * A target is met when the value is at or above it (direction increase or maintain) or at
 * or below it (decrease).
 */
import { parsePeriodCode, periodEnd, periodRange } from '../calendar.ts';
import type { Direction } from '../model.ts';

/** How far ahead a projection looks for the year the target is reached. */
export const HORIZON_YEARS = 30;

export interface ProjectionInput {
  direction: Direction;
  targetValue: number | null;
  targetPeriod: string | null;
  baselineValue: number | null;
  baselinePeriod: string | null;
  observations: readonly { period: string; value: number }[];
}

export type ProjectionStatus =
  'reached' | 'on_track' | 'off_track' | 'no_deadline' | 'no_target' | 'insufficient_data';

export interface ProjectedPoint {
  /** 'FY2024-end' */
  period: string;
  value: number;
}

export interface Fit {
  /** Change per fiscal year (linear) or growth factor per fiscal year (log-linear). */
  perYear: number;
  /** Values at the end of each fiscal year after the last observation, up to the horizon. */
  series: ProjectedPoint[];
}

export interface Projection {
  status: ProjectionStatus;
  /** true: reached or on track; false: off track; null: no verdict possible. */
  onTrack: boolean | null;
  points: { period: string; time: number; value: number }[];
  linear: Fit | null;
  logLinear: Fit | null;
  /** The fiscal year of the deadline, if the target has one. */
  deadlineFiscalYear: number | null;
  /** When the target was or will be reached at the current pace; null if never (or no target). */
  reachedFiscalYear: number | null;
  message: { code: string; params: Record<string, string | number> };
}

/**
 * A period's end as fiscal-year time.
 * @example timeOf('FY2022-end') // 2023
 * @example timeOf('2025') // 2025.75 (31 December 2025)
 */
export function timeOf(code: string): number {
  const [y, m, d] = periodEnd(parsePeriodCode(code)).split('-').map(Number) as [number, number, number];
  const days = Number(periodRange({ kind: 'month', year: y, month: m }).end.slice(8));
  const fy = m >= 4 ? y : y - 1;
  return fy + ((m + 8) % 12) / 12 + d / days / 12;
}

/**
 * The fiscal year a time falls in: FY n covers (n, n + 1].
 * @example fiscalYearAt(2023) // 2022
 */
export const fiscalYearAt = (time: number): number => Math.ceil(time - 1e-9) - 1;

const fyEnd = (fy: number): string => `FY${fy}-end`;

function leastSquares(points: readonly { time: number; y: number }[]): { a: number; b: number } {
  const n = points.length;
  const mt = points.reduce((s, p) => s + p.time, 0) / n;
  const my = points.reduce((s, p) => s + p.y, 0) / n;
  let sxy = 0;
  let sxx = 0;
  for (const p of points) {
    sxy += (p.time - mt) * (p.y - my);
    sxx += (p.time - mt) ** 2;
  }
  const b = sxx === 0 ? 0 : sxy / sxx;
  return { a: my - b * mt, b };
}

/** The observations and the baseline as points in time, one per time (the last one wins). */
function pointsOf(input: ProjectionInput): Projection['points'] {
  const raw: { period: string; value: number }[] = [];
  if (input.baselineValue !== null && input.baselinePeriod !== null) {
    raw.push({ period: input.baselinePeriod, value: input.baselineValue });
  }
  raw.push(...input.observations);
  const byTime = new Map<number, Projection['points'][number]>();
  for (const r of raw)
    byTime.set(timeOf(r.period), { period: r.period, time: timeOf(r.period), value: r.value });
  return [...byTime.values()].sort((a, b) => a.time - b.time);
}

type Verdict = Pick<Projection, 'status' | 'onTrack' | 'reachedFiscalYear' | 'message'>;

const verdict = (
  status: ProjectionStatus,
  onTrack: boolean | null,
  reachedFiscalYear: number | null,
  code: string,
): Verdict => ({
  status,
  onTrack,
  reachedFiscalYear,
  message: { code, params: reachedFiscalYear === null ? {} : { fiscalYear: reachedFiscalYear } },
});

/** The status, the fiscal year of reaching the target and the message, from the line fit. */
function judge(
  input: ProjectionInput,
  points: Projection['points'],
  line: { a: number; b: number } | null,
  deadline: number | null,
): Verdict {
  const target = input.targetValue;
  if (target === null) return verdict('no_target', null, null, 'no_target');
  const meets = (v: number) => (input.direction === 'decrease' ? v <= target : v >= target);
  const last = points[points.length - 1];
  if (last && meets(last.value)) {
    // `last` meets the target, so some point does
    const first = points.find((p) => meets(p.value)) ?? last;
    const fy = fiscalYearAt(first.time);
    if (deadline === null) return verdict('no_deadline', null, fy, 'reached');
    const onTime = first.time <= deadline + 1e-9;
    return verdict(onTime ? 'reached' : 'off_track', onTime, fy, 'reached');
  }
  if (!line || !last) return verdict('insufficient_data', null, null, 'insufficient_data');
  const towards = input.direction === 'decrease' ? line.b < 0 : line.b > 0;
  // The line may already be past the target where the last value is not: then the next year.
  const at = towards ? Math.max((target - line.a) / line.b, last.time + 1e-6) : Infinity;
  const fy = at <= last.time + HORIZON_YEARS ? fiscalYearAt(at) : null;
  const code = fy === null ? 'not_reached' : 'reach_at_pace';
  if (deadline === null) return verdict('no_deadline', null, fy, code);
  const onTrack = deadline > last.time && meets(line.a + line.b * deadline);
  return verdict(onTrack ? 'on_track' : 'off_track', onTrack, fy, code);
}

/**
 * Projects an indicator to its deadline.
 *
 * @example project({ direction: 'increase', targetValue: 300, targetPeriod: 'FY2025-end',
 *   baselineValue: null, baselinePeriod: null,
 *   observations: [{ period: 'FY2021-end', value: 78 }, { period: 'FY2022-end', value: 217 }] })
 *   // status 'on_track', reachedFiscalYear 2023
 */
export function project(input: ProjectionInput): Projection {
  const points = pointsOf(input);
  const deadline = input.targetPeriod === null ? null : timeOf(input.targetPeriod);
  const deadlineFiscalYear = deadline === null ? null : fiscalYearAt(deadline);
  const line = points.length >= 2 ? leastSquares(points.map((p) => ({ time: p.time, y: p.value }))) : null;
  const positive = points.length >= 3 && points.every((p) => p.value > 0);
  const log = positive ? leastSquares(points.map((p) => ({ time: p.time, y: Math.log(p.value) }))) : null;
  const result = judge(input, points, line, deadline);

  // Projected values at each fiscal year end after the last observation, up to the deadline
  // or the year the target is reached, whichever is later.
  const lastFy = fiscalYearAt(points[points.length - 1]?.time ?? 0);
  const until = Math.min(
    Math.max(deadlineFiscalYear ?? 0, result.reachedFiscalYear ?? 0, lastFy + 1),
    lastFy + HORIZON_YEARS,
  );
  const ahead = (f: (t: number) => number): ProjectedPoint[] =>
    Array.from({ length: Math.max(0, until - lastFy) }, (_x, i) => ({
      period: fyEnd(lastFy + 1 + i),
      value: f(lastFy + 2 + i),
    }));
  return {
    ...result,
    points,
    linear: line && { perYear: line.b, series: ahead((t) => line.a + line.b * t) },
    logLinear: log && { perYear: Math.exp(log.b), series: ahead((t) => Math.exp(log.a + log.b * t)) },
    deadlineFiscalYear,
  };
}
