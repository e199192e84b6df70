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

/** Figures more than `tolerance` worse than the baseline (same id and engine). */
export function regressions(
  current: readonly Metric[],
  baseline: readonly Metric[],
  tolerance = 0.2,
): string[] {
  const out: string[] = [];
  for (const m of current) {
    const old = baseline.find((b) => b.id === m.id && b.engine === m.engine);
    if (!old || old.value === 0 || Number.isNaN(m.value)) continue;
    const worse =
      m.better === 'higher' ? (old.value - m.value) / old.value : (m.value - old.value) / old.value;
    if (worse > tolerance) {
      out.push(
        `${m.engine} ${m.label}: ${m.value} ${m.unit} (baseline ${old.value}, ${Math.round(worse * 100)}% worse)`,
      );
    }
  }
  return out;
}
