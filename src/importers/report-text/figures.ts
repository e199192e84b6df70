/**
 * Figures and dates in progress items and overviews: KPI figures with their periods
 * (78→217件へと拡大（2021年度末→2022年度末）), targets with a deadline quoted in an overview
 * (「2025年までに…」という政府目標) and dated plans (R6年度の全国運用開始を目指し).
 */
import { findPeriods, periodCode, periodRange, type Period } from '../../domain/calendar.ts';

export interface Figure {
  name: string;
  unit: string;
  observations: { period: string; value: number }[];
}

export interface TargetFigure {
  name: string;
  targetText: string;
  targetPeriod: string;
}

export interface PlanFigure {
  period: string;
  text: string;
}

const NUMBER = String.raw`\d[\d,]*(?:\.\d+)?`;
const UNIT = String.raw`件|社|人|名|校|機関|団体|%|％|万人|千人|兆円|億円|万円|円|万台|台|箇所|か所|カ所|拠点|回|本|種|倍|ポイント|プログラム|地域|自治体|万トン|トン|GW|MW|kW|万kW|世帯|戸|か国|カ国`;
const CHANGE = new RegExp(
  String.raw`(${NUMBER})\s*(${UNIT})?\s*(?:→|⇒|⇨|->|～|〜|~|から)\s*(${NUMBER})\s*(${UNIT})?`,
  'u',
);
const SINGLE = new RegExp(String.raw`(${NUMBER})\s*(${UNIT})`, 'gu');
/** A parenthesis that holds nothing but periods: （2021年度末→2022年度末）. */
const PERIOD_PARENS = /[（(]([^（）()]{2,60})[）)]\s*[。．]?\s*$/u;

const toNumber = (s: string): number => Number(s.replaceAll(',', ''));
const subject = (before: string): string | null => {
  const t = before.trim();
  const colon = /^(.{2,120}?)\s*[：:]\s*(?:実績(?:は|値)?\s*)?$/u.exec(t);
  if (colon) return (colon[1] ?? '').trim();
  const m = /([^、。]{2,80}?)(?:が|は|の数|数)$/u.exec(t);
  return m ? (m[1] ?? '').trim() : null;
};

/**
 * A KPI figure in one clause, or null. The clause must end with a parenthesis of periods
 * whose count matches the count of values; otherwise the numbers are left as prose.
 * @example findFigure('賛同・協力社数が66→165社へと拡大（2021年度末→2022年度末）')
 * // { name: '賛同・協力社数', unit: '社', observations: [{ period: 'FY2021-end', value: 66 }, …] }
 */
export function findFigure(clause: string): Figure | null {
  const parens = PERIOD_PARENS.exec(clause);
  if (!parens) return null;
  const inner = parens[1] ?? '';
  const periods = findPeriods(inner);
  const leftover = periods.reduce((s, p) => s.replace(p.text, ''), inner);
  if (periods.length === 0 || /[^\s→⇒~〜～\-、,]/u.test(leftover)) return null;
  const body = clause.slice(0, parens.index);
  const change = CHANGE.exec(body);
  let values: number[];
  let unit: string;
  let name: string;
  if (change) {
    values = [toNumber(change[1] ?? ''), toNumber(change[3] ?? '')];
    unit = change[4] ?? change[2] ?? '';
    name = subject(body.slice(0, change.index)) ?? body.trim();
  } else {
    const singles = [...body.matchAll(SINGLE)];
    const last = singles.at(-1);
    if (!last) return null;
    values = [toNumber(last[1] ?? '')];
    unit = last[2] ?? '';
    name = subject(body.slice(0, last.index)) ?? body.trim();
  }
  const codes = periods.map((p) => periodCode(p.period));
  if (values.length !== codes.length || new Set(codes).size !== codes.length) return null;
  if (values.some((v) => !Number.isFinite(v))) return null;
  return {
    name,
    unit: unit === '％' ? '%' : unit,
    observations: values.map((value, i) => ({ period: codes[i] ?? '', value })),
  };
}

/**
 * A target with a deadline quoted in an overview: 「2025年までに…を実践」という政府目標.
 * @example findTargets('「2025年までに担い手のほぼすべてが実践」という政府目標')[0]?.targetPeriod // '2025'
 */
export function findTargets(text: string): TargetFigure[] {
  const out: TargetFigure[] = [];
  for (const m of text.matchAll(/「([^「」]{4,300})」という(?:政府|国|政策)?(?:の)?目標/gu)) {
    const quote = m[1] ?? '';
    const period = findPeriods(quote)[0];
    if (!period) continue;
    const rest = quote.slice(period.index + period.text.length).replace(/^(?:まで(?:に)?|に|の|、)+/u, '');
    const name = `${quote.slice(0, period.index)}${rest}`.trim();
    out.push({ name: name || quote, targetText: quote, targetPeriod: periodCode(period.period) });
  }
  return out;
}

const PLAN_WORDS = /目指|予定|までに|見込|目標|計画/u;

/**
 * Dated plans in a text: a period after `asOf` followed, within its clause, by a word of
 * intent (目指し, 予定, までに …). Periods inside a figure's parenthesis are not plans.
 * @example findPlans('R6年度の全国運用開始を目指し、…を実施', '2023-04') // [{ period: 'FY2024', text: '全国運用開始' }]
 */
export function findPlans(text: string, asOf: Period | null): PlanFigure[] {
  const out: PlanFigure[] = [];
  const after = asOf ? periodRange(asOf).end : '0000-00-00';
  for (const p of findPeriods(text)) {
    if (periodRange(p.period).end <= after) continue;
    const tail = text.slice(p.index + p.text.length);
    const clause = /^[^、。（(]{0,60}/u.exec(tail)?.[0] ?? '';
    if (!PLAN_WORDS.test(clause) || /^[^（(]*[）)]/u.test(tail.slice(0, 30))) continue;
    const what = clause
      .replace(/^(?:まで(?:に)?|には|に|の|は|から|中に|中の)+/u, '')
      .replace(/(?:を目指し(?:て)?|を目指す|の予定|を予定|が予定されている|予定|に向け(?:て)?)$/u, '')
      .trim();
    if (what !== '') out.push({ period: periodCode(p.period), text: what });
  }
  return out;
}
