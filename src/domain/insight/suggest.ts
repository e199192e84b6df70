/**
 * A suggested status (概況の評価) for one target, with the reasons behind it. Pure.
 *
 * The rules are few and written so that a secretariat member can check them by hand:
 *
 * 1. Evidence against (any one makes the suggestion "attention"):
 *    - a KPI is off track for its deadline, or moving the wrong way (no target);
 *    - an initiative is still only planned or under consideration (stage category planned);
 *    - at least half of the target's initiatives have no report, or an unchanged one, this cycle;
 *    - the target has nothing reported at all.
 * 2. Evidence for: a KPI reached or on track, or improving; more than half of the reported
 *    initiatives done (stage category done).
 * 3. Category: attention if there is evidence against; otherwise good if there is evidence
 *    for; otherwise neutral.
 * 4. Needs acceleration: a KPI is off track, or some initiatives are under way or done while
 *    others have not started — the work is moving, unevenly. (When nothing has started, the
 *    target is "to be made concrete" rather than "to be accelerated".)
 * 5. Rating code: the previous cycle's rating if it is in the suggested category, otherwise
 *    the first term of that category in the strategy's vocabulary.
 * An initiative counts as reported only when its entry is submitted or accepted: a draft
 * (empty or half-written) or a returned entry is not yet a report.
 * 6. Confidence: high when the KPIs and the stages point the same way; low when they point
 *    opposite ways, or when the suggestion rests on a single initiative and no KPI; medium
 *    otherwise. The previous rating never changes the category; a change of category is
 *    reported as a reason of its own.
 */
import type { ReviewState } from '../model.ts';
import type { Projection } from './projection.ts';

export type RatingCategory = 'good' | 'neutral' | 'attention';
export type StageCategory = 'planned' | 'underway' | 'done';
export type Confidence = 'low' | 'medium' | 'high';

export interface Reason {
  code: string;
  params: Record<string, string | number>;
}

export interface TargetFacts {
  items: {
    initiativeId: string;
    /** null: no entry this cycle */
    stage: StageCategory | 'unknown' | null;
    /** The entry's review state (null: no entry); only submitted or accepted ones are reports. */
    reviewState: ReviewState | null;
    /** The entry's text is the same as last cycle's. */
    unchanged: boolean;
  }[];
  indicators: {
    id: string;
    name: string;
    nameEn: string;
    unit: string;
    direction: 'increase' | 'decrease' | 'maintain';
    projection: Projection;
  }[];
  previous: { rating: string | null; category: RatingCategory | null } | null;
}

export interface RatingTerm {
  code: string;
  labelJa: string;
  labelEn: string;
  category: string;
}

export interface Suggestion {
  rating: string | null;
  category: RatingCategory;
  needsAcceleration: boolean;
  confidence: Confidence;
  reasons: Reason[];
}

type Sign = -1 | 0 | 1;

/** Whether an item's entry counts as this cycle's report: submitted or accepted. */
export function isReported(item: TargetFacts['items'][number]): boolean {
  return item.stage !== null && (item.reviewState === 'submitted' || item.reviewState === 'accepted');
}

/** What one KPI says: its reason and which way it points. */
function readIndicator(k: TargetFacts['indicators'][number]): {
  reason: Reason;
  sign: Sign;
  evidence: boolean;
} {
  const p = k.projection;
  const params = { indicator: k.name, indicatorEn: k.nameEn || k.name };
  const fy = p.reachedFiscalYear ?? '';
  if (p.status === 'reached')
    return {
      reason: { code: 'kpi_reached', params: { ...params, fiscalYear: fy } },
      sign: 1,
      evidence: true,
    };
  if (p.status === 'on_track')
    return {
      reason: { code: 'kpi_on_track', params: { ...params, fiscalYear: fy } },
      sign: 1,
      evidence: true,
    };
  if (p.status === 'off_track') {
    const deadline = p.deadlineFiscalYear ?? '';
    return {
      reason: { code: 'kpi_off_track', params: { ...params, deadlineFiscalYear: deadline } },
      sign: -1,
      evidence: true,
    };
  }
  const first = p.points[0];
  const last = p.points[p.points.length - 1];
  if (!first || !last || p.points.length < 2)
    return { reason: { code: 'kpi_no_data', params }, sign: 0, evidence: false };
  const change = (k.direction === 'decrease' ? -1 : 1) * (last.value - first.value);
  const sign: Sign =
    Math.abs(last.value - first.value) <= Math.abs(first.value) * 0.01 ? 0 : change > 0 ? 1 : -1;
  const code = sign === 1 ? 'kpi_improving' : sign === -1 ? 'kpi_worsening' : 'kpi_flat';
  const trend = {
    ...params,
    from: first.value,
    to: last.value,
    unit: k.unit,
    fromPeriod: first.period,
    toPeriod: last.period,
  };
  return { reason: { code, params: trend }, sign, evidence: true };
}

/**
 * Suggests a rating for a target from its facts and the strategy's rating vocabulary.
 * @example suggest(facts, ratings).category // 'attention'
 */
export function suggest(facts: TargetFacts, ratings: readonly RatingTerm[]): Suggestion {
  const reasons: Reason[] = [];
  let against = 0;
  let support = 0;

  const kpis = facts.indicators.map(readIndicator);
  for (const k of kpis) reasons.push(k.reason);
  const kpiSign: Sign = kpis.some((k) => k.sign < 0) ? -1 : kpis.some((k) => k.sign > 0) ? 1 : 0;
  if (kpiSign < 0) against++;
  if (kpiSign > 0) support++;

  const reported = facts.items.filter(isReported);
  const count = (c: StageCategory) => reported.filter((i) => i.stage === c).length;
  const [planned, underway, done] = [count('planned'), count('underway'), count('done')];
  let stageSign: Sign = 0;
  if (reported.length > 0) {
    reasons.push({ code: 'stages', params: { total: reported.length, planned, underway, done } });
  }
  if (planned > 0) {
    reasons.push({ code: 'stage_planned', params: { count: planned, total: reported.length } });
    stageSign = -1;
  } else if (done * 2 > reported.length) {
    reasons.push({ code: 'mostly_done', params: { done, total: reported.length } });
    stageSign = 1;
  }
  const stale = facts.items.filter((i) => !isReported(i) || i.unchanged).length;
  if (stale > 0) reasons.push({ code: 'stale', params: { count: stale, total: facts.items.length } });
  if (stale > 0 && stale * 2 >= facts.items.length) stageSign = -1;
  if (stageSign < 0) against++;
  if (stageSign > 0) support++;
  if (reported.length === 0 && !kpis.some((k) => k.evidence)) {
    reasons.push({ code: 'no_items', params: {} });
    against++;
  }

  const category: RatingCategory = against > 0 ? 'attention' : support > 0 ? 'good' : 'neutral';
  const needsAcceleration =
    kpis.some((k) => k.reason.code === 'kpi_off_track') || (planned > 0 && underway + done > 0);

  const kpiEvidence = kpis.some((k) => k.evidence);
  const confidence: Confidence =
    kpiSign !== 0 && stageSign !== 0 && kpiSign !== stageSign
      ? 'low'
      : kpiSign !== 0 && kpiSign === stageSign
        ? 'high'
        : reported.length <= 1 && !kpiEvidence
          ? 'low'
          : 'medium';

  const terms = ratings.filter((r) => r.category === category);
  const previous = facts.previous;
  const keep = previous?.rating && terms.some((t) => t.code === previous.rating) ? previous.rating : null;
  const rating = keep ?? terms[0]?.code ?? null;
  if (previous?.rating) {
    const term = ratings.find((r) => r.code === previous.rating);
    const label = { rating: term?.labelJa ?? previous.rating, ratingEn: term?.labelEn ?? previous.rating };
    reasons.push({ code: 'previous_rating', params: label });
    if (previous.category !== null && previous.category !== category) {
      reasons.push({ code: 'category_changed', params: label });
    }
  }
  return { rating, category, needsAcceleration, confidence, reasons };
}
