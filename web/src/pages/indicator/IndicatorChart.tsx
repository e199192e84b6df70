/**
 * The indicator's observations on a fiscal-year axis, with baseline, target and deadline
 * as marked lines, and the projection at the current pace (from the API) as dashed series
 * from the last observation to the deadline: linear, and log-linear where the API gives it.
 * Drawn as plain SVG by React (a chart library cost the page a 540 KB download and a second
 * and a half of a phone's main thread), in a box whose height the stylesheet fixes, so that
 * nothing moves when it is drawn. The chart is an image for assistive technology; the table
 * below carries the data.
 */
import { useLayoutEffect, useRef, useState } from 'react';
import type { IndicatorProjection } from '../../../../src/domain/insight/views.ts';
import type { Indicator } from '../../../../src/domain/model.ts';
import { fiscalYearLabel, formatNumber } from '../../lib/format.ts';
import { fiscalYearOfPeriod, fiscalYearRange, sortedObservations } from '../../lib/indicator.ts';
import { useLang, useT } from '../../i18n.ts';
import '../../insight/messages.ts';
import { LINEAR_COLOR, LOG_LINEAR_COLOR } from './projection-style.ts';

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
  const first = own[0];
  const lastOwn = own[own.length - 1];
  if (first === undefined || lastOwn === undefined || ahead.length === 0) return own;
  const to = Math.max(lastOwn, ...ahead);
  return Array.from({ length: to - first + 1 }, (_, i) => first + i);
}

/** A round step for about `count` ticks from 0 to `max` (1, 2 or 5 × a power of ten). */
function tickStep(max: number, count = 5): number {
  const raw = max / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  const unit = raw / power;
  return (unit <= 1 ? 1 : unit <= 2 ? 2 : unit <= 5 ? 5 : 10) * power;
}

interface Series {
  name: string;
  color: string;
  width: number;
  dash?: string;
  values: (number | null)[];
}

/** A line through the points that have values (gaps joined, as the table reads). */
function linePath(values: (number | null)[], x: (i: number) => number, y: (v: number) => number): string {
  return values
    .map((v, i) => (v === null ? null : `${x(i).toFixed(1)},${y(v).toFixed(1)}`))
    .filter((p): p is string => p !== null)
    .map((p, i) => `${i === 0 ? 'M' : 'L'}${p}`)
    .join(' ');
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
  const el = useRef<HTMLDivElement>(null);
  const [size, setSize] = useState<{ width: number; height: number } | null>(null);

  useLayoutEffect(() => {
    const box = el.current;
    if (!box) return;
    const measure = () => setSize({ width: box.clientWidth, height: box.clientHeight });
    measure();
    const resize = new ResizeObserver(measure);
    resize.observe(box);
    return () => resize.disconnect();
  }, []);

  return (
    <div ref={el} className="chart" role="img" aria-label={label}>
      {size && size.width > 0 && (
        <Drawing indicator={indicator} projection={projection} width={size.width} height={size.height} />
      )}
    </div>
  );
}

/** The chart at a measured size (text stays at its size on a phone). */
function Drawing({
  indicator,
  projection,
  width,
  height,
}: {
  indicator: Indicator;
  projection: IndicatorProjection | null;
  width: number;
  height: number;
}) {
  const lang = useLang();
  const t = useT();
  const years = yearsOf(indicator, projection);
  const categories = years.map((y) => fiscalYearLabel(y, lang).replace(/（(.*)）$/, '\n$1'));
  const at = (code: string | null) => {
    const y = code === null ? null : fiscalYearOfPeriod(code);
    return y === null ? -1 : years.indexOf(y);
  };
  const observed: (number | null)[] = years.map(() => null);
  for (const o of sortedObservations(indicator)) {
    const i = at(o.period);
    if (i >= 0) observed[i] = o.value;
  }
  // A projected series starts at the last point the fit used, so that it continues the line.
  const last = projection?.points[projection.points.length - 1];
  const projected = (series: { period: string; value: number }[]) => {
    const values: (number | null)[] = years.map(() => null);
    for (const p of last ? [last, ...series] : series) {
      const i = at(p.period);
      if (i >= 0) values[i] = Math.round(p.value * 100) / 100;
    }
    return values;
  };
  // The projections the API could fit, as dashed series.
  const fitted = (
    series: Parameters<typeof projected>[0] | undefined,
    key: string,
    color: string,
    dash: string,
  ) => (series ? [{ name: t(key), color, width: 2, dash, values: projected(series) }] : []);
  const projections: Series[] = [
    ...fitted(projection?.linear?.series, 'insight.web.projection.linear', LINEAR_COLOR, '8 5'),
    ...fitted(projection?.logLinear?.series, 'insight.web.projection.log_linear', LOG_LINEAR_COLOR, '3 4'),
  ];
  const observedSeries: Series = {
    name: t('web.indicator.observed'),
    color: BLUE,
    width: 3,
    values: observed,
  };

  const phone = width < 480;
  const pad = {
    left: phone ? 44 : 56,
    right: phone ? 64 : 96,
    top: projections.length > 0 ? (phone ? 64 : 56) : 32,
    bottom: 44,
  };
  const plotW = Math.max(1, width - pad.left - pad.right);
  const plotH = Math.max(1, height - pad.top - pad.bottom);
  const all = [
    ...observed,
    indicator.targetValue,
    indicator.baselineValue,
    ...projections.filter((p) => p.color === LINEAR_COLOR).flatMap((p) => p.values),
  ].filter((v): v is number => v !== null && Number.isFinite(v));
  const limit = axisMax(indicator, projection);
  const top = limit ?? Math.max(1, ...all) * 1.1;
  const step = tickStep(top);
  const max = limit ?? Math.ceil(top / step) * step;
  const ticks = Array.from({ length: Math.floor(max / step + 1e-9) + 1 }, (_, i) => i * step);
  const x = (i: number) => pad.left + (years.length <= 1 ? plotW / 2 : (i * plotW) / (years.length - 1));
  const y = (v: number) => pad.top + plotH - (Math.max(0, v) / max) * plotH;
  const unit = indicator.unit ? ` ${indicator.unit}` : '';
  const every = Math.max(1, Math.ceil((years.length * (phone ? 64 : 80)) / plotW));
  // Baseline and target as marked lines across the plot.
  const mark = (value: number | null, key: string, color: string, dash: string) =>
    value === null ? [] : [{ value, label: `${t(key)} ${formatNumber(value, lang)}`, color, dash }];
  const marks = [
    ...mark(indicator.baselineValue, 'web.indicator.baseline', GRAY, '2 4'),
    ...mark(indicator.targetValue, 'web.indicator.target', GREEN, '8 4'),
  ];
  const deadline = at(indicator.targetPeriod);
  const clip = `chart-clip-${indicator.id.replace(/[^A-Za-z0-9_-]/g, '')}`;
  const legend = projections.length > 0 ? [observedSeries, ...projections] : [];
  return (
    <svg
      width={width}
      height={height}
      viewBox={`0 0 ${width} ${height}`}
      aria-hidden="true"
      focusable="false"
      fontFamily={FONT}
      fontSize={phone ? 12 : 13}
    >
      <defs>
        <clipPath id={clip}>
          <rect x={pad.left - 6} y={pad.top - 6} width={plotW + 12} height={plotH + 6} />
        </clipPath>
      </defs>
      {legend.map((s, i) => {
        const perRow = phone ? 2 : 3;
        const lx = (i % perRow) * (phone ? (width - 8) / 2 : 190);
        const ly = 10 + Math.floor(i / perRow) * 20;
        return (
          <g key={s.name} transform={`translate(${lx + 2},${ly})`}>
            <line
              x1={0}
              x2={24}
              y1={0}
              y2={0}
              stroke={s.color}
              strokeWidth={s.width}
              strokeDasharray={s.dash}
              fill="none"
            />
            <text x={30} y={4} fill={GRAY}>
              {s.name}
            </text>
          </g>
        );
      })}
      {indicator.unit && (
        <text x={pad.left - 8} y={pad.top - 12} textAnchor="end" fill={GRAY}>
          {indicator.unit}
        </text>
      )}
      {ticks.map((v) => (
        <g key={v}>
          <line x1={pad.left} x2={pad.left + plotW} y1={y(v)} y2={y(v)} stroke="#e0e0e0" />
          <text x={pad.left - 8} y={y(v) + 4} textAnchor="end" fill={GRAY}>
            {formatNumber(v, lang)}
          </text>
        </g>
      ))}
      <line x1={pad.left} x2={pad.left + plotW} y1={y(0)} y2={y(0)} stroke={GRAY} />
      {categories.map((c, i) =>
        i % every === 0 || i === categories.length - 1 ? (
          <text key={c} x={x(i)} y={pad.top + plotH + 18} textAnchor="middle" fill={GRAY}>
            {c.split('\n').map((line, j) => (
              <tspan key={j} x={x(i)} dy={j === 0 ? 0 : 15}>
                {line}
              </tspan>
            ))}
          </text>
        ) : null,
      )}
      {marks.map((m) => (
        <g key={m.label}>
          <line
            x1={pad.left}
            x2={pad.left + plotW}
            y1={y(m.value)}
            y2={y(m.value)}
            stroke={m.color}
            strokeWidth={2}
            strokeDasharray={m.dash}
          />
          <text x={pad.left + plotW + 6} y={y(m.value) + 4} fill={m.color}>
            {m.label}
          </text>
        </g>
      ))}
      {deadline >= 0 && (
        <g>
          <line
            x1={x(deadline)}
            x2={x(deadline)}
            y1={pad.top}
            y2={pad.top + plotH}
            stroke={ORANGE}
            strokeWidth={2}
            strokeDasharray="8 4"
          />
          <text x={x(deadline)} y={pad.top - 4} textAnchor="middle" fill={ORANGE}>
            {t('web.indicator.deadline')}
          </text>
        </g>
      )}
      <g clipPath={`url(#${clip})`}>
        {projections.map((s) => (
          <path
            key={s.name}
            d={linePath(s.values, x, y)}
            stroke={s.color}
            strokeWidth={s.width}
            strokeDasharray={s.dash}
            fill="none"
          />
        ))}
        <path d={linePath(observed, x, y)} stroke={BLUE} strokeWidth={3} fill="none" strokeLinejoin="round" />
      </g>
      {observed.map((v, i) =>
        v === null ? null : (
          <g key={years[i]}>
            <circle cx={x(i)} cy={y(v)} r={4.5} fill={BLUE}>
              <title>{`${(categories[i] ?? '').replace('\n', ' ')}: ${formatNumber(v, lang)}${unit}`}</title>
            </circle>
            <text
              x={x(i) + (i === 0 ? 6 : 0)}
              y={y(v) - 10}
              textAnchor={i === 0 ? 'start' : 'middle'}
              fill="#1a1a1a"
              fontWeight="bold"
            >
              {formatNumber(v, lang)}
            </text>
          </g>
        ),
      )}
    </svg>
  );
}
