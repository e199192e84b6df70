/**
 * The indicator's observations on a fiscal-year axis, with baseline, target and deadline
 * as marked lines, and the projection at the current pace (from the API) as dashed series
 * from the last observation to the deadline: linear, and log-linear where the API gives it. Only the ECharts parts used here are bundled (this page is loaded on
 * demand). The chart is an image for assistive technology; the table below carries the data.
 */
import { useEffect, useRef } from 'react';
import { LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, MarkLineComponent, TooltipComponent } from 'echarts/components';
import { init, use as registerCharts } from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import type { IndicatorProjection } from '../../../../src/domain/insight/views.ts';
import type { Indicator } from '../../../../src/domain/model.ts';
import { fiscalYearLabel, formatNumber } from '../../lib/format.ts';
import { fiscalYearOfPeriod, fiscalYearRange, sortedObservations } from '../../lib/indicator.ts';
import { useLang, useT } from '../../i18n.ts';
import '../../insight/messages.ts';
import { LINEAR_COLOR, LOG_LINEAR_COLOR } from './projection-style.ts';

registerCharts([LineChart, GridComponent, LegendComponent, MarkLineComponent, TooltipComponent, SVGRenderer]);

const FONT = '"Noto Sans CJK JP", "Noto Sans JP", "Hiragino Sans", "Yu Gothic", Meiryo, sans-serif';
const BLUE = '#0031d8'; // --color-primitive-blue-800
const GREEN = '#197a4b'; // --color-primitive-green-800
const ORANGE = '#ac3e00'; // --color-primitive-orange-900
const GRAY = '#4d4d4d'; // --color-neutral-solid-gray-700

/**
 * The value axis stops a little above the observations, the target and the linear projection:
 * a steep log-linear curve would otherwise flatten everything else (it is clipped, and its
 * values are in the table under the chart). Rounded up to a round number.
 */
function axisMax(indicator: Indicator, projection: IndicatorProjection | null): number | undefined {
  if (!projection?.logLinear) return undefined;
  const values = [
    ...indicator.observations.map((o) => o.value),
    indicator.targetValue ?? 0,
    indicator.baselineValue ?? 0,
    ...(projection.linear?.series.map((p) => p.value) ?? []),
  ];
  const top = Math.max(...values) * 1.15;
  if (!(top > 0)) return undefined;
  const step = 10 ** Math.floor(Math.log10(top)) / 2;
  return Math.ceil(top / step) * step;
}

/** Fiscal years from the indicator's own range up to the projection's last one. */
function yearsOf(indicator: Indicator, projection: IndicatorProjection | null): number[] {
  const own = fiscalYearRange(indicator);
  const ahead = [...(projection?.linear?.series ?? []), ...(projection?.logLinear?.series ?? [])]
    .map((p) => fiscalYearOfPeriod(p.period))
    .filter((y): y is number => y !== null);
  if (own.length === 0 || ahead.length === 0) return own;
  const to = Math.max(own[own.length - 1]!, ...ahead);
  return Array.from({ length: to - own[0]! + 1 }, (_, i) => own[0]! + i);
}

export function IndicatorChart({
  indicator,
  projection,
  label,
}: {
  indicator: Indicator;
  projection: IndicatorProjection | null;
  label: string;
}) {
  const lang = useLang();
  const t = useT();
  const el = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!el.current) return;
    const years = yearsOf(indicator, projection);
    const categories = years.map((y) => fiscalYearLabel(y, lang).replace(/（(.*)）$/, '\n$1'));
    const at = (code: string | null) => {
      const y = code === null ? null : fiscalYearOfPeriod(code);
      return y === null ? -1 : years.indexOf(y);
    };
    const data: (number | null)[] = years.map(() => null);
    for (const o of sortedObservations(indicator)) {
      const i = at(o.period);
      if (i >= 0) data[i] = o.value;
    }
    const lines: object[] = [];
    if (indicator.baselineValue !== null) {
      lines.push({
        yAxis: indicator.baselineValue,
        name: t('web.indicator.baseline'),
        lineStyle: { color: GRAY, type: 'dotted', width: 2 },
        label: {
          formatter: `${t('web.indicator.baseline')} ${formatNumber(indicator.baselineValue, lang)}`,
          color: GRAY,
        },
      });
    }
    if (indicator.targetValue !== null) {
      lines.push({
        yAxis: indicator.targetValue,
        name: t('web.indicator.target'),
        lineStyle: { color: GREEN, type: 'dashed', width: 2 },
        label: {
          formatter: `${t('web.indicator.target')} ${formatNumber(indicator.targetValue, lang)}`,
          color: GREEN,
        },
      });
    }
    const deadline = at(indicator.targetPeriod);
    if (deadline >= 0) {
      lines.push({
        xAxis: categories[deadline],
        name: t('web.indicator.deadline'),
        lineStyle: { color: ORANGE, type: 'dashed', width: 2 },
        label: { formatter: t('web.indicator.deadline'), color: ORANGE, position: 'end' },
      });
    }
    // A projected series starts at the last point the fit used, so that it continues the line.
    const last = projection?.points[projection.points.length - 1];
    const projected = (
      series: { period: string; value: number }[],
      name: string,
      color: string,
      dash: number[],
    ) => {
      const values: (number | null)[] = years.map(() => null);
      for (const p of last ? [last, ...series] : series) {
        const i = at(p.period);
        if (i >= 0) values[i] = Math.round(p.value * 100) / 100;
      }
      return {
        type: 'line',
        name,
        data: values,
        connectNulls: true,
        symbol: 'none',
        lineStyle: { color, width: 2, type: dash },
        itemStyle: { color },
      };
    };
    const projections = [
      projection?.linear &&
        projected(projection.linear.series, t('insight.web.projection.linear'), LINEAR_COLOR, [8, 5]),
      projection?.logLinear &&
        projected(
          projection.logLinear.series,
          t('insight.web.projection.log_linear'),
          LOG_LINEAR_COLOR,
          [3, 4],
        ),
    ].filter((x) => !!x);
    const chart = init(el.current, null, { renderer: 'svg' });
    chart.setOption({
      animation: false,
      textStyle: { fontFamily: FONT, fontSize: 13 },
      grid: { left: 56, right: 96, top: projections.length > 0 ? 56 : 32, bottom: 40 },
      legend: { show: projections.length > 0, top: 0, left: 0, textStyle: { color: GRAY } },
      tooltip: { trigger: 'axis' },
      xAxis: { type: 'category', data: categories, boundaryGap: false, axisLabel: { color: GRAY } },
      yAxis: {
        type: 'value',
        name: indicator.unit,
        nameTextStyle: { color: GRAY },
        axisLabel: { color: GRAY },
        min: 0,
        max: axisMax(indicator, projection),
      },
      series: [
        {
          type: 'line',
          name: t('web.indicator.observed'),
          data,
          connectNulls: true,
          symbol: 'circle',
          symbolSize: 9,
          lineStyle: { color: BLUE, width: 3 },
          itemStyle: { color: BLUE },
          label: { show: true, position: 'top', color: '#1a1a1a', fontWeight: 'bold' },
          markLine: { symbol: 'none', silent: true, data: lines },
        },
        ...projections,
      ],
    });
    const resize = new ResizeObserver(() => chart.resize());
    resize.observe(el.current);
    return () => {
      resize.disconnect();
      chart.dispose();
    };
  }, [indicator, projection, lang, t]);

  return <div ref={el} className="chart" role="img" aria-label={label} />;
}
