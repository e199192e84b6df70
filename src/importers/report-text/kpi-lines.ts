/**
 * A KPI line in the shapes follow-up reports print them, read into an indicator:
 *
 *   認定件数：78→217件（2021年度末→2022年度末）          values, then their periods
 *   参画企業数 120社（R4年度末）⇒ 210社（R5年度末）        each value with its period
 *   導入自治体は令和3年度末の40団体から令和4年度末には95団体に   periods in the prose
 *   利用者数：3.2万人（2023年度）、目標10万人（2027年度）    a target beside the figure
 *   担い手の割合：目標はほぼすべて（2025年まで）            a target in words
 *
 * Periods go through the domain's period reader (西暦, 令和/平成, R6年度, 年度末, 年まで).
 */
import { findPeriods, periodCode } from '../../domain/calendar.ts';
import { findFigure } from './figures.ts';

export interface KpiLine {
  name: string;
  unit: string;
  observations: { period: string; value: number }[];
  targetValue: number | null;
  targetText: string;
  targetPeriod: string | null;
}

const NUMBER = String.raw`\d[\d,]*(?:\.\d+)?`;
const UNIT = String.raw`万枚|枚|万件|件|万社|社|万人|千人|人|名|校|機関|団体|%|％|兆円|億円|万円|円|万台|台|か所|箇所|カ所|拠点|回|本|種|倍|ポイント|プログラム|地域|自治体|万トン|トン|GW|MW|万kW|kW|世帯|戸|か国|カ国|件数`;
const VALUE = new RegExp(String.raw`(${NUMBER})\s*(${UNIT})`, 'gu');
const TARGET = /(?:^|[、,，；;。\s（(：:])\s*(?:(?:政府|KPI)の?)?目標(?:値)?\s*(?:は|：|:)?\s*(.+)$/u;

const toNumber = (s: string): number => Number(s.replaceAll(',', ''));
const cleanName = (s: string): string =>
  s
    .trim()
    .replace(/^[・\-－]\s*/u, '')
    .replace(/\s*(?:[：:]|は|が|について|の)\s*$/u, '')
    .replace(/\s*(?:[：:]|は|が|について|の)\s*$/u, '')
    .trim();

interface Found {
  value: number;
  unit: string;
  index: number;
  end: number;
}

function values(text: string): Found[] {
  return [...text.matchAll(VALUE)].map((m) => ({
    value: toNumber(m[1] ?? ''),
    unit: m[2] === '％' ? '%' : (m[2] ?? ''),
    index: m.index,
    end: m.index + m[0].length,
  }));
}

/** A period printed next to a value: just before it (令和3年度末の78件) or in parentheses after it (78件（R3年度末）). */
function periodNear(text: string, v: Found, periods: ReturnType<typeof findPeriods>): string | null {
  const after = periods.find(
    (p) => p.index > v.end && p.index - v.end <= 2 && /^\s*[（(]/u.test(text.slice(v.end)),
  );
  if (after) return periodCode(after.period);
  const before = [...periods]
    .reverse()
    .find((p) => p.index + p.text.length <= v.index && v.index - (p.index + p.text.length) <= 6);
  if (
    before &&
    /^(?:の|に|には|で|時点で?|：|:|\s)*$/u.test(text.slice(before.index + before.text.length, v.index))
  )
    return periodCode(before.period);
  return null;
}

function target(
  part: string,
): Pick<KpiLine, 'targetValue' | 'targetText' | 'targetPeriod'> & { unit: string } {
  const period = findPeriods(part)[0];
  const v = values(part)[0];
  const text = part
    .replace(/[（(][^（）()]*[)）]\s*$/u, '')
    .replace(/(?:まで(?:に)?|を目指す|とする)$/u, '')
    .trim();
  return {
    targetValue: v ? v.value : null,
    unit: v?.unit ?? '',
    targetText: v ? '' : text,
    targetPeriod: period ? periodCode(period.period) : null,
  };
}

/**
 * Reads a KPI line, or null when the text holds no figure tied to a period and no target.
 * @example readKpiLine('参画企業数 120社（R4年度末）⇒ 210社（R5年度末）')?.observations // [{ period: 'FY2022-end', value: 120 }, { period: 'FY2023-end', value: 210 }]
 */
export function readKpiLine(raw: string): KpiLine | null {
  const text = raw.trim().replace(/[。．]$/u, '');
  const t = TARGET.exec(text);
  const main = t ? text.slice(0, t.index) : text;
  const goal = t ? target(t[1] ?? '') : null;
  const fig = pairedValues(main) >= 2 ? null : findFigure(main);
  let name: string;
  let unit: string;
  let observations: KpiLine['observations'];
  if (fig) {
    ({ unit, observations } = fig);
    const first = values(main)[0] ?? null;
    const firstPeriod = findPeriods(main)[0];
    const cut = Math.min(first?.index ?? main.length, firstPeriod?.index ?? main.length);
    name = cleanName(main.slice(0, cut)) || fig.name;
  } else {
    const periods = findPeriods(main);
    const found = values(main);
    observations = [];
    for (const v of found) {
      const period = periodNear(main, v, periods);
      if (period !== null && !observations.some((o) => o.period === period))
        observations.push({ period, value: v.value });
    }
    unit = found[0]?.unit ?? goal?.unit ?? '';
    const cut = Math.min(found[0]?.index ?? main.length, periods[0]?.index ?? main.length);
    name = cleanName(main.slice(0, cut));
    if (observations.length === 0 && !(goal && (goal.targetPeriod !== null || goal.targetValue !== null)))
      return null;
  }
  if (name === '') return null;
  return {
    name,
    unit: unit || goal?.unit || '',
    observations,
    targetValue: goal?.targetValue ?? null,
    targetText: goal?.targetText ?? '',
    targetPeriod: goal?.targetPeriod ?? null,
  };
}

/**
 * A dated plan line: 今後の予定（2024年度）：全国での運用開始を目指す。
 * @example readPlanLine('今後の予定（2024年度）：運用開始') // { period: 'FY2024', text: '運用開始' }
 */
export function readPlanLine(text: string): { period: string; text: string } | null {
  const m = /^(?:今後の予定|予定|計画|今後の取組)\s*[（(]([^（）()]{2,30})[)）]\s*[：:]\s*(.+)$/u.exec(
    text.trim(),
  );
  if (!m) return null;
  const period = findPeriods(m[1] ?? '')[0];
  return period ? { period: periodCode(period.period), text: (m[2] ?? '').trim() } : null;
}

/** Whether a line states a target (目標 …) beside its figures. */
export const hasTarget = (text: string): boolean => TARGET.test(text);

/** How many values in a text have a period printed right next to them. */
export function pairedValues(text: string): number {
  const periods = findPeriods(text);
  return values(text).filter((v) => periodNear(text, v, periods) !== null).length;
}
