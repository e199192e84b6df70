/**
 * One history from several years' reports (過去の報告書を一つの履歴に): a report recovered
 * for one year (a draft in the interchange format with one cycle) joined to a strategy
 * already stored, as a past cycle of it. `planPastCycle` proposes how the draft's nodes,
 * initiatives and indicators continue the stored ones (domain/history-match.ts) and what
 * stops it; a reviewer may change the matches; `acceptPastCycle` writes the cycle in one
 * transaction (report-history.write.ts).
 */
import type { Db } from '../db/database.ts';
import * as cyclesRepo from '../db/repositories/cycles.repository.ts';
import * as indicatorsRepo from '../db/repositories/indicators.repository.ts';
import * as initiativesRepo from '../db/repositories/initiatives.repository.ts';
import * as nodesRepo from '../db/repositories/nodes.repository.ts';
import * as strategiesRepo from '../db/repositories/strategies.repository.ts';
import { UNSCOPED } from '../domain/access.ts';
import { conflict, invalid, notFound } from '../domain/errors.ts';
import {
  proposeHistory,
  withAbsent,
  type HistoryProposal,
  type HistorySide,
  type Match,
} from '../domain/history-match.ts';
import { StrategyExport, type StrategyExportInput } from '../domain/interchange.ts';
import type { Cycle, Indicator, Initiative, StrategyNode } from '../domain/model.ts';
import { problem, type Problem } from '../importers/problems.ts';
import type { Actor } from './audit.service.ts';
import { importStrategy } from './interchange.service.ts';
import { publishedAtOf, writePastCycle } from './report-history.write.ts';

export type { Match, MatchKind, MatchCandidate, AbsentRecord } from '../domain/history-match.ts';

/** What joining a year's report to a strategy would do: the matches and what stops it. */
export interface HistoryPlan extends HistoryProposal {
  strategyId: string;
  strategyTitle: string;
  /** The title on the report's cover. */
  draftTitle: string;
  fiscalYear: number;
  /** The report's as-of month: '2024-06'. */
  asOf: string;
  /** The id the new cycle gets. */
  cycleId: string;
  /**
   * The report is later than every stored cycle: renamed titles become the current ones
   * (an earlier year keeps today's titles; its published tree shows its own).
   */
  latest: boolean;
  /** The strategy's stored cycles, oldest first. */
  cycles: { id: string; fiscalYear: number; state: string }[];
  counts: { matched: number; renamed: number; new: number; absent: number };
  /** Errors stop `acceptPastCycle`; warnings say what it will do differently. */
  problems: Problem[];
}

/** Below this share of its nodes matched, a report is not taken for one of this strategy. */
const MIN_MATCHED_SHARE = 0.3;

/** The stored strategy's rows that a year's report is matched against. */
export interface StoredStrategy {
  title: string;
  nodes: StrategyNode[];
  initiatives: Initiative[];
  indicators: Indicator[];
  cycles: Cycle[];
}

export async function readStored(db: Db, strategyId: string): Promise<StoredStrategy> {
  const q = db.kysely;
  const strategy = await strategiesRepo.findStrategy(q, strategyId);
  if (!strategy) throw notFound('strategy', strategyId);
  const [nodes, initiatives, indicators, cycles] = await Promise.all([
    nodesRepo.listNodes(q, strategyId),
    initiativesRepo.listInitiatives(q, { strategyId }),
    indicatorsRepo.listIndicators(q, UNSCOPED, { strategyId }),
    cyclesRepo.listCycles(q, strategyId),
  ]);
  return { title: strategy.title, nodes, initiatives, indicators, cycles };
}

/** Whether a strategy is stored (a history's first report starts it otherwise). */
export async function strategyExists(db: Db, strategyId: string): Promise<boolean> {
  return (await strategiesRepo.findStrategy(db.kysely, strategyId)) !== undefined;
}

/** The draft, checked: the interchange format with exactly one cycle whose references resolve. */
export function parseDraft(input: StrategyExportInput | StrategyExport): StrategyExport {
  const parsed = StrategyExport.safeParse(input);
  if (!parsed.success)
    throw invalid('the draft does not match the strategy format', {
      issues: parsed.error.issues.slice(0, 20).map((i) => ({ path: i.path.join('.'), message: i.message })),
    });
  const draft = parsed.data;
  if (draft.cycles.length !== 1)
    throw invalid(`a report's draft has one cycle; this one has ${draft.cycles.length}`);
  const nodes = new Set(draft.nodes.map((n) => n.id));
  const initiatives = new Set(draft.initiatives.map((i) => i.id));
  const cycle = draft.cycles[0];
  const dangling = [
    ...draft.initiatives.flatMap((i) => i.listings.filter((l) => !nodes.has(l.nodeId)).map((l) => l.nodeId)),
    ...(cycle?.progress ?? []).filter((e) => !initiatives.has(e.initiativeId)).map((e) => e.initiativeId),
    ...(cycle?.assessments ?? []).filter((a) => !nodes.has(a.nodeId)).map((a) => a.nodeId),
    ...draft.indicators
      .flatMap((k) => [k.nodeId, k.initiativeId])
      .filter((id) => id !== null && !nodes.has(id) && !initiatives.has(id)),
  ];
  if (dangling.length > 0)
    throw invalid(`the draft refers to records it does not hold: ${dangling.join(', ')}`);
  return draft;
}

function sides(stored: StoredStrategy, draft: StrategyExport): { existing: HistorySide; year: HistorySide } {
  return {
    existing: {
      nodes: stored.nodes,
      initiatives: stored.initiatives.map((i) => ({ ...i, nodeIds: i.listings.map((l) => l.nodeId) })),
      indicators: stored.indicators,
    },
    year: {
      nodes: draft.nodes,
      initiatives: draft.initiatives.map((i) => ({
        id: i.id,
        title: i.title,
        ownerIds: i.owners,
        nodeIds: i.listings.map((l) => l.nodeId),
      })),
      indicators: draft.indicators,
    },
  };
}

const isMatch = (m: Match) => m.accepted && m.existingId !== null;

/** What stops (errors) or changes (warnings) the write of this plan. */
function problemsOf(
  stored: StoredStrategy,
  draft: StrategyExport,
  plan: Omit<HistoryPlan, 'problems'>,
): Problem[] {
  const out: Problem[] = [];
  const same = stored.cycles.find((c) => c.fiscalYear === plan.fiscalYear);
  if (same)
    out.push(problem('error', 'history.cycle_exists', { fiscalYear: plan.fiscalYear, cycleId: same.id }));
  const matched = plan.nodes.filter(isMatch).length;
  if (stored.nodes.length > 0 && matched < Math.max(1, MIN_MATCHED_SHARE * plan.nodes.length))
    out.push(
      problem('error', 'history.other_strategy', {
        title: plan.draftTitle,
        strategy: plan.strategyTitle,
        matched,
        total: plan.nodes.length,
      }),
    );
  // A figure the stored series already has for the period is kept as it was published.
  const stock = new Map(stored.indicators.map((k) => [k.id, k]));
  for (const m of plan.indicators.filter(isMatch)) {
    const k = draft.indicators.find((x) => x.id === m.draftId);
    const s = m.existingId === null ? undefined : stock.get(m.existingId);
    for (const o of k?.observations ?? []) {
      const old = s?.observations.find((x) => x.period === o.period);
      if (old && old.value !== o.value)
        out.push(
          problem('warning', 'history.figure_differs', {
            name: m.existingTitle ?? m.title,
            period: o.period,
            stored: old.value,
            reported: o.value,
          }),
        );
    }
  }
  return out;
}

function countsOf(p: HistoryProposal): HistoryPlan['counts'] {
  const all = [...p.nodes, ...p.initiatives, ...p.indicators];
  const kind = (k: string) => all.filter((m) => (isMatch(m) ? m.kind : 'new') === k).length;
  return {
    matched: kind('matched'),
    renamed: kind('renamed'),
    new: kind('new'),
    absent: p.absent.nodes.length + p.absent.initiatives.length + p.absent.indicators.length,
  };
}

/**
 * Proposes how a year's report continues the strategy `strategyId`: every node, initiative
 * and indicator of the draft matched (with a score), renamed or new, what the stored
 * strategy has that the report does not, and the problems (a cycle of that fiscal year
 * already stored; a report that is not of this strategy). Writes nothing.
 */
export async function planPastCycle(
  db: Db,
  strategyId: string,
  draftInput: StrategyExportInput | StrategyExport,
): Promise<HistoryPlan> {
  const draft = parseDraft(draftInput);
  const stored = await readStored(db, strategyId);
  return planFrom(stored, strategyId, draft);
}

export function planFrom(
  stored: StoredStrategy,
  strategyId: string,
  draft: StrategyExport,
  proposal?: HistoryProposal,
): HistoryPlan {
  const cycle = draft.cycles[0];
  if (!cycle) throw invalid('the draft has no cycle');
  const { existing, year } = sides(stored, draft);
  const p = proposal ?? proposeHistory(existing, year);
  const base = {
    ...p,
    strategyId,
    strategyTitle: stored.title,
    draftTitle: draft.strategy.title,
    fiscalYear: cycle.fiscalYear,
    asOf: cycle.asOf,
    cycleId: `${strategyId}-fy${cycle.fiscalYear}`,
    latest: stored.cycles.every((c) => c.fiscalYear < cycle.fiscalYear),
    cycles: stored.cycles.map((c) => ({ id: c.id, fiscalYear: c.fiscalYear, state: c.state })),
    counts: countsOf(p),
  };
  return { ...base, problems: problemsOf(stored, draft, base) };
}

/**
 * A reviewed plan's matches, checked against the stored rows: each stored record continued
 * by one draft record at most, of the right kind and strategy. Missing entries are new.
 */
function reviewed(stored: StoredStrategy, draft: StrategyExport, plan: HistoryPlan): HistoryProposal {
  const check = (what: string, ids: Set<string>, draftIds: string[], ms: readonly Match[]): Match[] => {
    const used = new Set<string>();
    return draftIds.map((id) => {
      const m = ms.find((x) => x.draftId === id);
      if (!m || !isMatch(m) || m.existingId === null)
        return {
          draftId: id,
          title: m?.title ?? id,
          existingId: null,
          existingTitle: null,
          score: 0,
          kind: 'new',
          accepted: true,
          candidates: [],
        };
      if (!ids.has(m.existingId))
        throw invalid(`the plan matches ${what} ${id} to ${m.existingId}, which this strategy does not have`);
      if (used.has(m.existingId))
        throw invalid(`the plan matches two ${what}s of the report to ${m.existingId}`);
      used.add(m.existingId);
      return m;
    });
  };
  const nodes = check(
    'node',
    new Set(stored.nodes.map((n) => n.id)),
    draft.nodes.map((n) => n.id),
    plan.nodes,
  );
  const initiatives = check(
    'initiative',
    new Set(stored.initiatives.map((i) => i.id)),
    draft.initiatives.map((i) => i.id),
    plan.initiatives,
  );
  const indicators = check(
    'indicator',
    new Set(stored.indicators.map((k) => k.id)),
    draft.indicators.map((k) => k.id),
    plan.indicators,
  );
  return withAbsent(stored, { nodes, initiatives, indicators });
}

/**
 * Writes the draft's cycle as a past cycle of the strategy, published as of the report's
 * date, following the reviewed plan: matched records keep their ids (a renamed title
 * becomes current only when this is the latest year; the audit trail keeps the old one),
 * new ones are added, entries, 概況 and the summary attached, figures joined into the
 * stored series. One transaction: a refusal or a failure writes nothing.
 */
export async function acceptPastCycle(
  db: Db,
  strategyId: string,
  draftInput: StrategyExportInput | StrategyExport,
  plan: HistoryPlan,
  actor: Actor,
  opts: { now?: string } = {},
): Promise<{ cycleId: string }> {
  const draft = parseDraft(draftInput);
  if (plan.strategyId !== strategyId)
    throw invalid(`the plan is for strategy ${plan.strategyId}, not ${strategyId}`);
  const now = opts.now ?? new Date().toISOString();
  return db.kysely.transaction().execute(async (trx) => {
    const tx = { ...db, kysely: trx };
    // Checked again inside the transaction: the rows may have changed since the plan.
    const stored = await readStored(tx, strategyId);
    const fresh = planFrom(stored, strategyId, draft, reviewed(stored, draft, plan));
    const errors = fresh.problems.filter((p) => p.severity === 'error');
    if (errors.length > 0) {
      const first = errors[0];
      throw conflict(
        first?.code === 'history.cycle_exists'
          ? `strategy ${strategyId} already has a cycle for fiscal year ${fresh.fiscalYear}; nothing was written`
          : `the report does not look like one of strategy ${strategyId} (${String(first?.params.matched)} of ${String(first?.params.total)} headings matched); nothing was written`,
        { problems: errors },
      );
    }
    if (await cyclesRepo.findCycle(trx, fresh.cycleId))
      throw conflict(`a cycle ${fresh.cycleId} exists already; nothing was written`);
    await writePastCycle(tx, { stored, draft, plan: fresh, actor, now });
    return { cycleId: fresh.cycleId };
  });
}

/**
 * The first year of a history: the report's draft as a new strategy, its cycle published as
 * of the report's date (so that later years compare against the tree it had). Refused, with
 * nothing written, when the strategy exists.
 */
export async function startHistory(
  db: Db,
  draftInput: StrategyExportInput | StrategyExport,
  actor: Actor,
): Promise<{ strategyId: string; cycleId: string }> {
  const draft = parseDraft(draftInput);
  const cycles = draft.cycles.map((c) => ({
    ...c,
    state: 'published' as const,
    publishedAt: c.publishedAt ?? publishedAtOf(c.asOf),
  }));
  const { strategyId } = await importStrategy(db, { ...draft, cycles }, { actor: actor.id });
  return { strategyId, cycleId: cycles[0]?.id ?? '' };
}
