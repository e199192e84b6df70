/**
 * KPI figures as the seed prints them: 78→217件（2021年度末→2022年度末）, a single
 * 68件（2022年度末）, and targets such as 目標：ほぼすべて（2025年まで）.
 */
import { formatPeriod, parsePeriodCode, periodEnd } from '../domain/calendar.ts';
import type { TreeIndicator } from '../domain/views.ts';
import { t, type Lang } from './messages.ts';
import type { KpiBlock, KpiPoint } from './model.ts';
import { unitAfterNumber } from '../domain/units.ts';
import { inLang, jaOnly, jaText } from './japanese-only.ts';

/**
 * A period code for people; an unreadable code is shown as entered.
 * @example periodLabel('FY2021-end', 'ja') // '2021年度末'
 */
export function periodLabel(code: string, lang: Lang): string {
  try {
    return formatPeriod(parsePeriodCode(code), lang);
  } catch {
    return code;
  }
}

function sortKey(code: string): string {
  try {
    return periodEnd(parsePeriodCode(code));
  } catch {
    return code;
  }
}

// Building an Intl.NumberFormat costs far more than formatting with one: one per language.
const numberFormats = {
  ja: new Intl.NumberFormat('ja-JP', { maximumFractionDigits: 2 }),
  en: new Intl.NumberFormat('en-GB', { maximumFractionDigits: 2 }),
};

export function formatNumber(value: number, lang: Lang): string {
  return (lang === 'ja' ? numberFormats.ja : numberFormats.en).format(value);
}

/**
 * The unit after a number: 件 in Japanese; in English its English word (' companies'),
 * nothing for a plain count, or the Japanese marked Japanese only.
 */
export function unitText(unit: string, lang: Lang): string {
  const u = unitAfterNumber(lang, unit);
  return u.jaOnly ? ` ${jaOnly(u.text)}` : u.text;
}

/**
 * The figure line of an indicator: first → latest observation with the unit and periods.
 * @example figure(points(78 at FY2021-end, 217 at FY2022-end), '件', 'ja') // '78→217件（2021年度末→2022年度末）'
 */
export function formatFigure(points: KpiPoint[], unit: string, lang: Lang): string {
  const first = points[0];
  const last = points[points.length - 1];
  if (!first || !last) return t(lang, 'report.kpi_no_data');
  const shown = first === last ? [first] : [first, last];
  const values = shown.map((p) => formatNumber(p.value, lang)).join('→');
  const periods = shown.map((p) => p.label).join('→');
  return `${values}${unitText(unit, lang)}${t(lang, 'report.kpi_periods', { periods })}`;
}

export function formatTarget(k: TreeIndicator, lang: Lang): string | null {
  const value =
    k.targetValue !== null
      ? `${formatNumber(k.targetValue, lang)}${unitText(k.unit, lang)}`
      : jaText(lang, k.targetText.trim());
  if (value === '') return null;
  if (k.targetPeriod === null) return t(lang, 'report.kpi_target', { value });
  return t(lang, 'report.kpi_target_by', { value, period: periodLabel(k.targetPeriod, lang) });
}

/** An indicator resolved for the report: points in period order, figure and target lines. */
export function kpiBlock(k: TreeIndicator, lang: Lang): KpiBlock {
  const points = k.observations
    .map((o) => ({
      period: o.period,
      label: periodLabel(o.period, lang),
      value: o.value,
      key: sortKey(o.period),
    }))
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
    .map(({ period, label, value }) => ({ period, label, value }));
  const name = inLang(lang, k.name, k.nameEn);
  const figure = formatFigure(points, k.unit, lang);
  const target = formatTarget(k, lang);
  const line =
    target === null
      ? t(lang, 'report.kpi_line', { name, figure })
      : points.length === 0
        ? t(lang, 'report.kpi_line_target', { name, target })
        : t(lang, 'report.kpi_line_both', { name, figure, target });
  return {
    id: k.id,
    nodeId: k.nodeId,
    initiativeId: k.initiativeId,
    name,
    // for chart labels, which cannot carry the mark: a Japanese-only unit is left out there
    unit: unitAfterNumber(lang, k.unit).jaOnly ? '' : unitAfterNumber(lang, k.unit).text,
    figure,
    target,
    line,
    points,
    targetValue: k.targetValue,
  };
}
