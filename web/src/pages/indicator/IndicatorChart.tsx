/**
 * The indicator's observations on a fiscal-year axis, with baseline, target and deadline
 * as marked lines. Only the ECharts parts used here are bundled (this page is loaded on
 * demand). The chart is an image for assistive technology; the table below carries the data.
 */
import { useEffect, useRef } from 'react';
import { LineChart } from 'echarts/charts';
import { GridComponent, MarkLineComponent, TooltipComponent } from 'echarts/components';
import { init, use } from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import type { Indicator } from '../../../../src/domain/model.ts';
import { fiscalYearLabel, formatNumber } from '../../lib/format.ts';
import { fiscalYearOfPeriod, fiscalYearRange, sortedObservations } from '../../lib/indicator.ts';
import { useLang, useT } from '../../i18n.ts';

use([LineChart, GridComponent, MarkLineComponent, TooltipComponent, SVGRenderer]);

const FONT = '"Noto Sans CJK JP", "Noto Sans JP", "Hiragino Sans", "Yu Gothic", Meiryo, sans-serif';
const BLUE = '#0031d8'; // --color-primitive-blue-800
const GREEN = '#197a4b'; // --color-primitive-green-800
const ORANGE = '#ac3e00'; // --color-primitive-orange-900
const GRAY = '#4d4d4d'; // --color-neutral-solid-gray-700

export function IndicatorChart({ indicator, label }: { indicator: Indicator; label: string }) {
  const lang = useLang();
  const t = useT();
  const el = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!el.current) return;
    const years = fiscalYearRange(indicator);
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
    const chart = init(el.current, null, { renderer: 'svg' });
    chart.setOption({
      animation: false,
      textStyle: { fontFamily: FONT, fontSize: 13 },
      grid: { left: 56, right: 96, top: 32, bottom: 40 },
      tooltip: { trigger: 'axis' },
      xAxis: { type: 'category', data: categories, boundaryGap: false, axisLabel: { color: GRAY } },
      yAxis: {
        type: 'value',
        name: indicator.unit,
        nameTextStyle: { color: GRAY },
        axisLabel: { color: GRAY },
        min: 0,
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
      ],
    });
    const resize = new ResizeObserver(() => chart.resize());
    resize.observe(el.current);
    return () => {
      resize.disconnect();
      chart.dispose();
    };
  }, [indicator, lang]);

  return <div ref={el} className="chart" role="img" aria-label={label} />;
}
