import { describe, expect, it } from 'vitest';
import { insightText } from './messages.ts';
import { fiscalYearAt, project, timeOf, type ProjectionInput } from './projection.ts';

const series = (...pairs: [string, number][]) => pairs.map(([period, value]) => ({ period, value }));
const input = (over: Partial<ProjectionInput>): ProjectionInput => ({
  direction: 'increase',
  targetValue: null,
  targetPeriod: null,
  baselineValue: null,
  baselinePeriod: null,
  observations: [],
  ...over,
});

describe('fiscal-year time', () => {
  it('puts the end of a fiscal year on a whole number and finds the fiscal year of a time', () => {
    expect(timeOf('FY2022-end')).toBe(2023);
    expect(timeOf('FY2022')).toBe(2023);
    expect(timeOf('2023-03-31')).toBe(2023);
    expect(timeOf('2022-09')).toBeCloseTo(2022.5, 10);
    expect(timeOf('2025')).toBeCloseTo(2025.75, 10);
    expect(fiscalYearAt(2023)).toBe(2022);
    expect(fiscalYearAt(2023.01)).toBe(2023);
    expect(fiscalYearAt(timeOf('2025'))).toBe(2025);
  });
});

describe('project', () => {
  it('projects growth to the deadline and names the year the target is reached', () => {
    const p = project(
      input({
        targetValue: 400,
        targetPeriod: 'FY2025-end',
        observations: series(['FY2021-end', 78], ['FY2022-end', 217]),
      }),
    );
    expect(p.status).toBe('on_track');
    expect(p.onTrack).toBe(true);
    expect(p.linear?.perYear).toBe(139);
    expect(p.linear?.series).toEqual(series(['FY2023-end', 356], ['FY2024-end', 495], ['FY2025-end', 634]));
    expect(p.logLinear).toBeNull();
    expect(p.reachedFiscalYear).toBe(2024);
    expect(insightText('ja', 'projection', p.message)).toBe('現在のペースでは2024年度に目標に到達する見込み');
    expect(insightText('en', 'projection', p.message)).toBe('Target reached in FY2024 at the current pace');
  });

  it('projects a decline towards a target for an indicator that should decrease, with a log-linear fit too', () => {
    const obs = series(['FY2020-end', 100], ['FY2021-end', 90], ['FY2022-end', 80]);
    const p = project(
      input({ direction: 'decrease', targetValue: 50, targetPeriod: 'FY2025-end', observations: obs }),
    );
    expect(p.status).toBe('on_track');
    expect(p.linear?.perYear).toBeCloseTo(-10, 10);
    expect(p.reachedFiscalYear).toBe(2025);
    expect(p.logLinear?.perYear).toBeCloseTo(Math.sqrt(0.8), 10);
    expect(p.logLinear?.series.map((s) => s.period)).toEqual(['FY2023-end', 'FY2024-end', 'FY2025-end']);
    const late = project(
      input({ direction: 'decrease', targetValue: 40, targetPeriod: 'FY2024-end', observations: obs }),
    );
    expect([late.status, late.onTrack, late.reachedFiscalYear]).toEqual(['off_track', false, 2026]);
    expect(late.linear?.series.map((s) => s.period)).toEqual([
      'FY2023-end',
      'FY2024-end',
      'FY2025-end',
      'FY2026-end',
    ]);
  });

  it('never reaches a target when the series is flat or moving away', () => {
    const flat = project(
      input({
        targetValue: 100,
        targetPeriod: '2025',
        observations: series(['FY2021-end', 50], ['FY2022-end', 50]),
      }),
    );
    expect([flat.status, flat.reachedFiscalYear, flat.message.code]).toEqual([
      'off_track',
      null,
      'not_reached',
    ]);
    expect(flat.deadlineFiscalYear).toBe(2025);
    expect(insightText('ja', 'projection', flat.message)).toBe('現在のペースでは目標に到達しない見込み');
    const away = project(
      input({ targetValue: 100, observations: series(['FY2021-end', 60], ['FY2022-end', 55]) }),
    );
    expect([away.status, away.onTrack, away.reachedFiscalYear]).toEqual(['no_deadline', null, null]);
  });

  it('reports a target already reached, and when', () => {
    const p = project(
      input({
        targetValue: 100,
        targetPeriod: 'FY2025-end',
        baselineValue: 80,
        baselinePeriod: 'FY2020-end',
        observations: series(['FY2021-end', 120], ['FY2022-end', 130]),
      }),
    );
    expect([p.status, p.onTrack, p.reachedFiscalYear]).toEqual(['reached', true, 2021]);
    expect(p.points.map((x) => x.value)).toEqual([80, 120, 130]);
    expect(insightText('ja', 'projection', p.message)).toBe('2021年度に目標を達成済み');
  });

  it('gives a trend but no verdict without a numeric target', () => {
    const p = project(
      input({
        targetValue: null,
        targetPeriod: '2025',
        observations: series(['FY2021-end', 66], ['FY2022-end', 165]),
      }),
    );
    expect([p.status, p.onTrack, p.reachedFiscalYear]).toEqual(['no_target', null, null]);
    expect(p.linear?.perYear).toBe(99);
    expect(insightText('en', 'projection', p.message)).toBe('No numeric target to project against');
  });

  it('needs two points to project, unless the one point already meets the target', () => {
    const one = project(
      input({ targetValue: 100, targetPeriod: 'FY2025-end', observations: series(['FY2022-end', 68]) }),
    );
    expect([one.status, one.linear, one.logLinear]).toEqual(['insufficient_data', null, null]);
    const met = project(
      input({ targetValue: 50, targetPeriod: 'FY2025-end', observations: series(['FY2022-end', 68]) }),
    );
    expect([met.status, met.reachedFiscalYear]).toEqual(['reached', 2022]);
    expect(project(input({ targetValue: 1 })).status).toBe('insufficient_data');
  });
});
