/**
 * KPI charts as inline SVG (echarts server-side rendering): observations as bars, the
 * numeric target as a dashed line. The SVG carries role="img" and a text alternative, and
 * its internal ids are prefixed so that several charts can share one page.
 */
import * as echarts from 'echarts';
import { formatNumber } from '../kpi.ts';
import { t, type Lang } from '../messages.ts';
import type { KpiBlock } from '../model.ts';
import { escapeHtml } from './escape.ts';

export const CHART_FONT = "'Noto Sans CJK JP', 'Noto Sans JP', 'Yu Gothic', Meiryo, sans-serif";

/** One chart as an SVG string, or null when the indicator has no observations. */
export function kpiChartSvg(
  kpi: KpiBlock,
  lang: Lang,
  uid: string,
  width = 320,
  height = 220,
): string | null {
  if (kpi.points.length === 0) return null;
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height });
  try {
    chart.setOption({
      animation: false,
      textStyle: { fontFamily: CHART_FONT, color: '#1a1a1a' },
      grid: { left: 48, right: 16, top: 24, bottom: 32 },
      xAxis: { type: 'category', data: kpi.points.map((p) => p.label), axisLabel: { color: '#333333' } },
      yAxis: {
        type: 'value',
        min: 0,
        // Keep a numeric target inside the plot even when every observation is below it.
        ...(kpi.targetValue !== null && {
          max: (v: { max: number }) => Math.ceil(Math.max(v.max, kpi.targetValue ?? 0) * 1.1),
        }),
        axisLabel: { color: '#333333' },
      },
      series: [
        {
          type: 'bar',
          name: t(lang, 'report.kpi_observed'),
          data: kpi.points.map((p) => p.value),
          itemStyle: { color: '#1F4E79' },
          barMaxWidth: 56,
          label: {
            show: true,
            position: 'top',
            color: '#1a1a1a',
            formatter: (p: { value: unknown }) => `${formatNumber(Number(p.value), lang)}${kpi.unit}`,
          },
          ...(kpi.targetValue !== null && {
            markLine: {
              symbol: 'none',
              lineStyle: { color: '#B00020', type: 'dashed' },
              label: {
                formatter: t(lang, 'report.kpi_target_series'),
                color: '#B00020',
                position: 'insideEndTop',
              },
              data: [{ yAxis: kpi.targetValue }],
            },
          }),
        },
      ],
    });
    const svg = chart.renderToSVGString();
    const label = escapeHtml(t(lang, 'report.kpi_chart_alt', { name: kpi.name, figure: kpi.figure }));
    return prefixIds(svg, uid).replace(/^<svg /, `<svg role="img" aria-label="${label}" focusable="false" `);
  } finally {
    chart.dispose();
  }
}

/**
 * Makes the ids and class names echarts generates unique per chart, and drops the
 * `ecmeta_*` attributes it adds for its own hydration (not valid HTML: the W3C checker
 * refuses them).
 */
function prefixIds(svg: string, uid: string): string {
  return svg.replace(/\bzr\d+-/g, `${uid}-`).replace(/ ecmeta_[a-z_]+="[^"]*"/g, '');
}
