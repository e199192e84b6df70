/**
 * What changed between two cycles of a strategy, from their full records (the secretariat's
 * insight view): progress items added, removed and changed (with a character diff of their
 * text), assessments and the direction of their ratings, KPI figures. The public pages
 * compare published trees instead (`tree-diff.ts`: structure and listings, text digests only);
 * both read an assessment's verdict the same way (`verdict.ts`). Pure.
 */
import type {
  Assessment,
  Cycle,
  Indicator,
  Initiative,
  ProgressEntry,
  StrategyNode,
  VocabularyTerm,
} from '../model.ts';
import { timeOf } from './projection.ts';
import { diffText } from './text-diff.ts';
import { verdictChange } from './verdict.ts';
import type { CycleDiff } from './views.ts';

export interface CycleSnapshot {
  cycle: Cycle;
  entries: readonly ProgressEntry[];
  assessments: readonly Assessment[];
  /** The cycles whose figures count as known at this cycle (it and the ones before). */
  knownCycleIds: readonly string[];
}

export interface DiffSource {
  from: CycleSnapshot;
  to: CycleSnapshot;
  initiatives: readonly Initiative[];
  nodes: readonly StrategyNode[];
  indicators: readonly Indicator[];
  ratings: readonly VocabularyTerm[];
}

const RANK: Record<string, number> = { good: 2, neutral: 1, attention: 0 };
const byId = <T extends { id: string }>(rows: readonly T[]) => new Map(rows.map((r) => [r.id, r]));

/** The latest figure of an indicator known at a snapshot (by period, then by order). */
function latest(k: Indicator, known: ReadonlySet<string>): { period: string; value: number } | null {
  let best: { period: string; value: number; time: number } | null = null;
  for (const o of k.observations) {
    if (o.cycleId !== null && !known.has(o.cycleId)) continue;
    const time = timeOf(o.period);
    if (!best || time >= best.time) best = { period: o.period, value: o.value, time };
  }
  return best && { period: best.period, value: best.value };
}

function itemChanges(src: DiffSource): CycleDiff['items'] {
  const initiatives = byId(src.initiatives);
  const before = new Map(src.from.entries.map((e) => [e.initiativeId, e]));
  const after = new Map(src.to.entries.map((e) => [e.initiativeId, e]));
  const ref = (id: string) => {
    const i = initiatives.get(id);
    return { initiativeId: id, title: i?.title ?? id, organisationIds: i?.ownerIds ?? [] };
  };
  const side = (e: ProgressEntry) => ({ ...ref(e.initiativeId), stage: e.stage, text: e.text });
  const out: CycleDiff['items'] = { added: [], removed: [], changed: [], unchanged: 0 };
  for (const e of src.to.entries) if (!before.has(e.initiativeId)) out.added.push(side(e));
  for (const e of src.from.entries) if (!after.has(e.initiativeId)) out.removed.push(side(e));
  for (const b of src.to.entries) {
    const a = before.get(b.initiativeId);
    if (!a) continue;
    const plansChanged = JSON.stringify(a.plans) !== JSON.stringify(b.plans);
    if (a.text === b.text && a.stage === b.stage && !plansChanged) {
      out.unchanged++;
      continue;
    }
    out.changed.push({
      ...ref(b.initiativeId),
      stage: a.stage === b.stage ? null : { from: a.stage, to: b.stage },
      text: a.text === b.text ? null : diffText(a.text, b.text),
      plansChanged,
    });
  }
  return out;
}

function assessmentChanges(src: DiffSource): Pick<CycleDiff, 'assessments' | 'ratingChanges'> {
  const nodes = byId(src.nodes);
  const category = new Map(src.ratings.filter((r) => r.kind === 'rating').map((r) => [r.code, r.category]));
  const before = new Map(src.from.assessments.map((a) => [a.nodeId, a]));
  const after = new Map(src.to.assessments.map((a) => [a.nodeId, a]));
  const nodeIds = [...new Set([...before.keys(), ...after.keys()])].sort();
  const out: Pick<CycleDiff, 'assessments' | 'ratingChanges'> = {
    assessments: { changed: [], unchanged: 0 },
    ratingChanges: [],
  };
  for (const nodeId of nodeIds) {
    const a = before.get(nodeId);
    const b = after.get(nodeId);
    const title = nodes.get(nodeId)?.title ?? nodeId;
    const verdict = verdictChange(a, b);
    const [ta, tb] = [a?.narrative ?? '', b?.narrative ?? ''];
    if (a && b && !verdict.rating && !verdict.needsAcceleration && ta === tb) {
      out.assessments.unchanged++;
      continue;
    }
    out.assessments.changed.push({
      nodeId,
      title,
      ...verdict,
      narrative: ta === tb ? null : diffText(ta, tb),
    });
    if (!verdict.rating) continue;
    const { from: ra, to: rb } = verdict.rating;
    const [ca, cb] = [RANK[category.get(ra ?? '') ?? ''], RANK[category.get(rb ?? '') ?? '']];
    const direction =
      ca === undefined || cb === undefined ? 'unknown' : cb > ca ? 'better' : cb < ca ? 'worse' : 'same';
    out.ratingChanges.push({ nodeId, title, from: ra, to: rb, direction });
  }
  return out;
}

/**
 * Compares two cycles.
 * @example diffCycles(source).ratingChanges // [{ nodeId, from: 'accelerate', to: 'steady', direction: 'better' }]
 */
export function diffCycles(src: DiffSource): CycleDiff {
  const knownBefore = new Set(src.from.knownCycleIds);
  const knownAfter = new Set(src.to.knownCycleIds);
  const indicators: CycleDiff['indicators'] = [];
  for (const k of src.indicators) {
    const [a, b] = [latest(k, knownBefore), latest(k, knownAfter)];
    if (a?.period === b?.period && a?.value === b?.value) continue;
    const change = a && b ? b.value - a.value : null;
    indicators.push({ indicatorId: k.id, name: k.name, unit: k.unit, from: a, to: b, change });
  }
  return {
    strategyId: src.to.cycle.strategyId,
    from: { id: src.from.cycle.id, fiscalYear: src.from.cycle.fiscalYear },
    to: { id: src.to.cycle.id, fiscalYear: src.to.cycle.fiscalYear },
    items: itemChanges(src),
    ...assessmentChanges(src),
    indicators,
  };
}
