/**
 * Benchmark figures as one flat list, each with the direction that is better and, where
 * the issue sets one, its target; rendered as Markdown and compared with a baseline.
 */
export interface Metric {
  id: string;
  engine: 'sqlite' | 'postgres' | '-';
  label: string;
  value: number;
  unit: string;
  better: 'higher' | 'lower';
  target?: { op: '<=' | '>='; value: number };
}

export function meets(m: Metric): boolean | null {
  if (!m.target || Number.isNaN(m.value)) return null;
  return m.target.op === '<=' ? m.value <= m.target.value : m.value >= m.target.value;
}

export function toMarkdown(metrics: readonly Metric[]): string {
  const lines = ['| engine | measure | value | target | met |', '| --- | --- | ---: | --- | --- |'];
  for (const m of metrics) {
    const ok = meets(m);
    const target = m.target ? `${m.target.op} ${m.target.value} ${m.unit}` : '';
    lines.push(
      `| ${m.engine} | ${m.label} | ${m.value} ${m.unit} | ${target} | ${ok === null ? '' : ok ? 'yes' : '**no**'} |`,
    );
  }
  return `${lines.join('\n')}\n`;
}

/** The figure of the host's pace (bench/host.ts): milliseconds per round of reference work. */
export const HOST_REFERENCE = 'host.reference';

/**
 * How much longer this host took for the reference work than the baseline's host (1.5:
 * half as long again), or null when either run lacks the figure.
 */
export function hostFactor(current: readonly Metric[], baseline: readonly Metric[]): number | null {
  const now = current.find((m) => m.id === HOST_REFERENCE)?.value;
  const then = baseline.find((m) => m.id === HOST_REFERENCE)?.value;
  return now && then ? now / then : null;
}

/** Units that measure time (scale with the host's pace) and rates (scale inversely). */
const TIMES = new Set(['ms', 's']);
const RATES = new Set(['rows/s', 'req/s']);

/**
 * Figures more than `tolerance` worse than the baseline (same id and engine). With a
 * `factor` (hostFactor), times and rates are first brought to the baseline host's pace —
 * a time divided by it, a rate multiplied — so that a slower host is not taken for slower
 * code; counts, sizes, memory and ratios are compared as measured.
 */
export function regressions(
  current: readonly Metric[],
  baseline: readonly Metric[],
  tolerance = 0.2,
  factor = 1,
): string[] {
  const out: string[] = [];
  for (const m of current) {
    if (m.id === HOST_REFERENCE) continue;
    const old = baseline.find((b) => b.id === m.id && b.engine === m.engine);
    if (!old || old.value === 0 || Number.isNaN(m.value)) continue;
    const value = TIMES.has(m.unit) ? m.value / factor : RATES.has(m.unit) ? m.value * factor : m.value;
    const worse = m.better === 'higher' ? (old.value - value) / old.value : (value - old.value) / old.value;
    if (worse > tolerance) {
      const paced = value === m.value ? '' : `, ${Math.round(value * 10) / 10} at the baseline host's pace`;
      out.push(
        `${m.engine} ${m.label}: ${m.value} ${m.unit}${paced} (baseline ${old.value}, ${Math.round(worse * 100)}% worse)`,
      );
    }
  }
  return out;
}
