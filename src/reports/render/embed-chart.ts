/**
 * An indicator's figures as a small SVG line chart for the embeddable widget: drawn here
 * as text (no chart library, no script), with presentation attributes only (no style
 * attributes, so that the widget's CSP needs no 'unsafe-inline'). It scales with its
 * viewBox. The SVG is named by its <title> and described by its <desc>; the page carries
 * the same figures as a table.
 */
import { formatNumber } from '../kpi.ts';
import { t, type Lang } from '../messages.ts';
import type { KpiBlock } from '../model.ts';
import { escapeHtml } from './escape.ts';

const W = 640;
const H = 280;
const PAD = { left: 60, right: 120, top: 28, bottom: 40 };
const BLUE = '#0031d8';
const GREEN = '#197a4b';
const GRAY = '#4d4d4d';

/** A round step for about `count` ticks from 0 to `max` (1, 2 or 5 × a power of ten). */
function tickStep(max: number, count = 4): number {
  const raw = max / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  const unit = raw / power;
  return (unit <= 1 ? 1 : unit <= 2 ? 2 : unit <= 5 ? 5 : 10) * power;
}

const n = (v: number): string => (Math.round(v * 10) / 10).toString();

export interface ChartText {
  title: string;
  desc: string;
}

/** The chart's name and description (the figure line and the target), for the SVG and the page. */
export function chartText(kpi: KpiBlock, lang: Lang): ChartText {
  const target =
    kpi.target === null
      ? t(lang, 'embed.chart_no_target')
      : t(lang, 'embed.target_value', { value: kpi.target });
  return {
    title: t(lang, 'embed.chart_title', { name: kpi.name }),
    desc: t(lang, 'embed.chart_desc', { figure: kpi.figure, target }),
  };
}

/**
 * The chart as SVG markup; `baseline` is the indicator's baseline value (null: none).
 * Undefined when there are no figures to draw.
 */
export function embedChartSvg(kpi: KpiBlock, baseline: number | null, lang: Lang): string | undefined {
  if (kpi.points.length === 0) return undefined;
  const text = chartText(kpi, lang);
  const plotW = W - PAD.left - PAD.right;
  const plotH = H - PAD.top - PAD.bottom;
  const values = [...kpi.points.map((p) => p.value), kpi.targetValue ?? 0, baseline ?? 0];
  const top = Math.max(1, ...values.filter(Number.isFinite)) * 1.1;
  const step = tickStep(top);
  const max = Math.ceil(top / step) * step;
  const count = kpi.points.length;
  const x = (i: number) => PAD.left + (count <= 1 ? plotW / 2 : (i * plotW) / (count - 1));
  const y = (v: number) => PAD.top + plotH - (Math.max(0, v) / max) * plotH;
  const every = Math.max(1, Math.ceil((count * 84) / plotW));
  const out: string[] = [];
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${H}" role="img" aria-labelledby="chart-title chart-desc" class="chart" font-size="13">`,
    `<title id="chart-title">${escapeHtml(text.title)}</title>`,
    `<desc id="chart-desc">${escapeHtml(text.desc)}</desc>`,
  );
  if (kpi.unit) {
    out.push(
      `<text x="${PAD.left - 8}" y="${PAD.top - 12}" text-anchor="end" fill="${GRAY}">${escapeHtml(kpi.unit)}</text>`,
    );
  }
  for (let v = 0; v <= max + 1e-9; v += step) {
    out.push(
      `<line x1="${PAD.left}" x2="${PAD.left + plotW}" y1="${n(y(v))}" y2="${n(y(v))}" stroke="${v === 0 ? GRAY : '#e0e0e0'}"/>`,
      `<text x="${PAD.left - 8}" y="${n(y(v) + 4)}" text-anchor="end" fill="${GRAY}">${formatNumber(v, lang)}</text>`,
    );
  }
  kpi.points.forEach((p, i) => {
    if (i % every !== 0 && i !== count - 1) return;
    out.push(
      `<text x="${n(x(i))}" y="${PAD.top + plotH + 20}" text-anchor="middle" fill="${GRAY}">${escapeHtml(p.label)}</text>`,
    );
  });
  const marks = [
    ...(baseline !== null ? [{ value: baseline, key: 'embed.baseline_line', color: GRAY, dash: '2 4' }] : []),
    ...(kpi.targetValue !== null
      ? [{ value: kpi.targetValue, key: 'embed.target_line', color: GREEN, dash: '8 4' }]
      : []),
  ];
  for (const m of marks) {
    const label = t(lang, m.key, { value: formatNumber(m.value, lang) });
    out.push(
      `<line x1="${PAD.left}" x2="${PAD.left + plotW}" y1="${n(y(m.value))}" y2="${n(y(m.value))}" stroke="${m.color}" stroke-width="2" stroke-dasharray="${m.dash}"/>`,
      `<text x="${PAD.left + plotW + 6}" y="${n(y(m.value) + 4)}" fill="${m.color}">${escapeHtml(label)}</text>`,
    );
  }
  const path = kpi.points.map((p, i) => `${i === 0 ? 'M' : 'L'}${n(x(i))},${n(y(p.value))}`).join(' ');
  out.push(`<path d="${path}" fill="none" stroke="${BLUE}" stroke-width="3" stroke-linejoin="round"/>`);
  kpi.points.forEach((p, i) => {
    out.push(
      `<circle cx="${n(x(i))}" cy="${n(y(p.value))}" r="4.5" fill="${BLUE}"/>`,
      // The first label starts right of its point, clear of the value axis's labels.
      `<text x="${n(x(i) + (i === 0 && count > 1 ? 6 : 0))}" y="${n(y(p.value) - 10)}" text-anchor="${i === 0 && count > 1 ? 'start' : 'middle'}" fill="#1a1a1a" font-weight="bold">${formatNumber(p.value, lang)}</text>`,
    );
  });
  out.push('</svg>');
  return out.join('');
}
