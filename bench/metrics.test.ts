import { describe, expect, it } from 'vitest';
import { HOST_REFERENCE, hostFactor, regressions, type Metric } from './metrics.ts';

const metric = (id: string, value: number, unit: string, better: Metric['better'] = 'lower'): Metric => ({
  id,
  engine: 'sqlite',
  label: id,
  value,
  unit,
  better,
});

describe('comparing a run with the baseline', () => {
  const baseline = [
    metric(HOST_REFERENCE, 100, 'ms'),
    metric('tree.p95', 50, 'ms'),
    metric('survey.rowsPerSec', 3000, 'rows/s', 'higher'),
    metric('queries.tree', 9, 'statements'),
    metric('rss.after', 200, 'MB'),
  ];

  it('flags figures more than 20% worse, as measured, when the hosts ran alike', () => {
    const current = [
      metric(HOST_REFERENCE, 102, 'ms'),
      metric('tree.p95', 65, 'ms'),
      metric('survey.rowsPerSec', 2300, 'rows/s', 'higher'),
      metric('queries.tree', 9, 'statements'),
      metric('rss.after', 210, 'MB'),
    ];
    expect(regressions(current, baseline, 0.2, hostFactor(current, baseline)!)).toEqual([
      expect.stringMatching(
        /^sqlite tree\.p95: 65 ms, 63\.7 at the baseline host's pace \(baseline 50, 27% worse\)$/,
      ),
      expect.stringMatching(/^sqlite survey\.rowsPerSec: 2300 rows\/s, 2346 at the baseline host's pace/),
    ]);
  });

  it("brings times and rates to the baseline host's pace, but not counts or memory", () => {
    // The host took 1.6 times as long for the reference work: a tree 1.5 times as slow and an
    // import at two thirds of the rate are the host; a tenth statement and 30% more memory are not.
    const current = [
      metric(HOST_REFERENCE, 160, 'ms'),
      metric('tree.p95', 75, 'ms'),
      metric('survey.rowsPerSec', 2000, 'rows/s', 'higher'),
      metric('queries.tree', 11, 'statements'),
      metric('rss.after', 260, 'MB'),
    ];
    const factor = hostFactor(current, baseline);
    expect(factor).toBeCloseTo(1.6);
    expect(regressions(current, baseline)).toHaveLength(4);
    expect(regressions(current, baseline, 0.2, factor!)).toEqual([
      'sqlite queries.tree: 11 statements (baseline 9, 22% worse)',
      'sqlite rss.after: 260 MB (baseline 200, 30% worse)',
    ]);
  });

  it('has no factor when a run lacks the reference figure', () => {
    expect(hostFactor([metric('tree.p95', 1, 'ms')], baseline)).toBeNull();
    expect(hostFactor(baseline, [metric('tree.p95', 1, 'ms')])).toBeNull();
  });
});
