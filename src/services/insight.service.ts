/**
 * Insight for the secretariat and the public: a suggested status for every target of a
 * cycle, KPI projections, possible overlaps between ministries, and what changed between
 * two cycles. The rules are pure (domain/insight); this file reads the rows, in a fixed
 * number of statements per request, and respects what the viewer may see.
 */
import type { Db } from '../db/database.ts';
import * as assessmentsRepo from '../db/repositories/assessments.repository.ts';
import * as indicatorsRepo from '../db/repositories/indicators.repository.ts';
import * as initiativesRepo from '../db/repositories/initiatives.repository.ts';
import * as nodesRepo from '../db/repositories/nodes.repository.ts';
import * as progressRepo from '../db/repositories/progress.repository.ts';
import * as strategiesRepo from '../db/repositories/strategies.repository.ts';
import { canSeeCycle, seesSecretariatDrafts, type Viewer } from '../domain/access.ts';
import { invalid, notFound } from '../domain/errors.ts';
import { diffCycles } from '../domain/insight/cycle-diff.ts';
import { insightText, t, type Lang } from '../domain/insight/messages.ts';
import { DEFAULT_THRESHOLD, findOverlaps } from '../domain/insight/overlap.ts';
import { project } from '../domain/insight/projection.ts';
import {
  suggest,
  type RatingCategory,
  type StageCategory,
  type TargetFacts,
} from '../domain/insight/suggest.ts';
import type { CycleDiff, IndicatorProjection, OverlapList, SuggestionList } from '../domain/insight/views.ts';
import type { Cycle } from '../domain/model.ts';
import { getIndicator } from './strategies.service.ts';
import { defined } from '../domain/defined.ts';

/**
 * The strategy, its vocabulary, the cycles the viewer may see (oldest first) and the
 * position of `cycleId` among them: one statement.
 */
async function visibleCycles(db: Db, strategyId: string, cycleId: string, viewer: Viewer) {
  const found = await strategiesRepo.findStrategyScope(db.kysely, strategyId);
  if (!found) throw notFound('strategy', strategyId);
  const visible = found.cycles.filter((c) => canSeeCycle(viewer, c));
  const index = visible.findIndex((c) => c.id === cycleId);
  if (index < 0) throw notFound('cycle', cycleId);
  const cycle = defined(visible[index], `the cycle ${cycleId}`);
  return { strategy: found.strategy, vocabulary: found.vocabulary, visible, index, cycle };
}

const upTo = (visible: readonly Cycle[], index: number) => visible.slice(0, index + 1).map((c) => c.id);

/**
 * A suggested rating for every target of a cycle, with its reasons, beside the
 * secretariat's own assessment. Targets are the nodes that carry initiatives, KPIs or an
 * assessment (mirror nodes share their source's suggestion).
 */
export async function suggestStatuses(
  db: Db,
  strategyId: string,
  cycleId: string,
  viewer: Viewer,
  lang: Lang = 'ja',
): Promise<SuggestionList> {
  const q = db.kysely;
  const { vocabulary, visible, index, cycle } = await visibleCycles(db, strategyId, cycleId, viewer);
  // A draft cycle's suggestions sit beside the secretariat's draft ratings and are reasoned
  // from every ministry's entries: the secretariat's to read until publication.
  if (cycle.state !== 'published' && !seesSecretariatDrafts(viewer.scope)) throw notFound('cycle', cycleId);
  const previous = visible[index - 1] ?? null;
  const cycleIds = previous ? [cycle.id, previous.id] : [cycle.id];
  const [nodes, initiatives, entries, assessments, indicators] = await Promise.all([
    nodesRepo.listNodes(q, strategyId),
    initiativesRepo.listInitiatives(q, { strategyId }),
    progressRepo.listEntries(q, viewer.scope, { cycleIds }),
    assessmentsRepo.listAssessments(q, viewer.scope, cycleIds),
    indicatorsRepo.listIndicators(q, viewer.scope, { strategyId }, upTo(visible, index)),
  ]);
  const stageOf = new Map(vocabulary.filter((v) => v.kind === 'stage').map((v) => [v.code, v.category]));
  const ratings = vocabulary.filter((v) => v.kind === 'rating');
  const ratingCategory = (code: string | null) =>
    (ratings.find((r) => r.code === code)?.category ?? null) as RatingCategory | null;
  const entryOf = (cid: string | undefined, iid: string) =>
    entries.find((e) => e.cycleId === cid && e.initiativeId === iid);
  const assessmentOf = (cid: string | undefined, nid: string) =>
    assessments.find((a) => a.cycleId === cid && a.nodeId === nid);

  const targets: SuggestionList['targets'] = [];
  for (const node of nodes) {
    if (node.mirrorOf !== null) continue;
    const listed = initiatives.filter((i) => i.listings.some((l) => l.nodeId === node.id));
    const ids = new Set(listed.map((i) => i.id));
    const kpis = indicators.filter(
      (k) => k.nodeId === node.id || (k.initiativeId !== null && ids.has(k.initiativeId)),
    );
    const own = assessmentOf(cycle.id, node.id);
    if (listed.length === 0 && kpis.length === 0 && !own) continue;
    const before = assessmentOf(previous?.id, node.id);
    const facts: TargetFacts = {
      items: listed.map((i) => {
        const e = entryOf(cycle.id, i.id);
        const last = entryOf(previous?.id, i.id);
        const category = e?.stage ? (stageOf.get(e.stage) as StageCategory | undefined) : undefined;
        return {
          initiativeId: i.id,
          stage: e ? (category ?? 'unknown') : null,
          reviewState: e?.reviewState ?? null,
          unchanged: e !== undefined && last !== undefined && last.text.trim() === e.text.trim(),
        };
      }),
      indicators: kpis.map((k) => ({ ...k, projection: project(k) })),
      previous: before ? { rating: before.rating, category: ratingCategory(before.rating) } : null,
    };
    const s = suggest(facts, ratings);
    targets.push({
      nodeId: node.id,
      code: node.code,
      title: node.title,
      suggested: {
        rating: s.rating,
        category: s.category,
        needsAcceleration: s.needsAcceleration,
        confidence: s.confidence,
      },
      reasons: s.reasons.map((r) => ({ ...r, text: insightText(lang, 'reason', r) })),
      secretariat: own
        ? {
            rating: own.rating,
            category: ratingCategory(own.rating),
            needsAcceleration: own.needsAcceleration,
          }
        : null,
    });
  }
  return { strategyId, cycleId, targets: orderByCode(targets) };
}

/** Node codes in tree order: 1.10 after 1.9. */
function orderByCode<T extends { code: string; nodeId: string }>(rows: T[]): T[] {
  const parts = (c: string) => c.split('.').map(Number);
  return rows.sort((a, b) => {
    const [pa, pb] = [parts(a.code), parts(b.code)];
    for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
      const d = (pa[i] ?? -1) - (pb[i] ?? -1);
      if (d !== 0 && !Number.isNaN(d)) return d;
    }
    return a.nodeId < b.nodeId ? -1 : a.nodeId > b.nodeId ? 1 : 0;
  });
}

/** An indicator's projection to its deadline, from the figures the viewer may see. */
export async function projectIndicator(
  db: Db,
  indicatorId: string,
  viewer: Viewer,
  lang: Lang = 'ja',
): Promise<IndicatorProjection> {
  const indicator = await getIndicator(db, indicatorId, viewer);
  const p = project(indicator);
  return {
    indicatorId,
    ...p,
    message: { ...p.message, text: insightText(lang, 'projection', p.message) },
    statusText: t(lang, `insight.projection.status.${p.status}`),
  };
}

/** Initiatives of different ministries with similar text in a cycle (TF-IDF cosine). */
export async function listOverlaps(
  db: Db,
  strategyId: string,
  cycleId: string,
  viewer: Viewer,
  threshold = DEFAULT_THRESHOLD,
): Promise<OverlapList> {
  if (!(threshold > 0 && threshold <= 1)) throw invalid('threshold must be in (0, 1]', { threshold });
  const { cycle } = await visibleCycles(db, strategyId, cycleId, viewer);
  const [initiatives, entries] = await Promise.all([
    initiativesRepo.listInitiatives(db.kysely, { strategyId }),
    progressRepo.listEntries(db.kysely, viewer.scope, { cycleIds: [cycle.id] }),
  ]);
  const text = new Map(entries.map((e) => [e.initiativeId, e.text]));
  const byId = new Map(initiatives.map((i) => [i.id, i]));
  const texts = initiatives.map((i) => ({
    id: i.id,
    organisationIds: i.ownerIds,
    text: `${i.title}\n${text.get(i.id) ?? ''}`,
  }));
  const ref = (id: string) => {
    const i = defined(byId.get(id), `the initiative ${id}`);
    return { initiativeId: i.id, title: i.title, organisationIds: i.ownerIds };
  };
  return {
    threshold,
    pairs: findOverlaps(texts, threshold).map((p) => ({ ...p, a: ref(p.a), b: ref(p.b) })),
  };
}

/** What changed from one cycle to another (either order; both must be visible). */
export async function diffStrategyCycles(
  db: Db,
  strategyId: string,
  fromId: string,
  toId: string,
  viewer: Viewer,
): Promise<CycleDiff> {
  const q = db.kysely;
  const { vocabulary: ratings, visible, index: to } = await visibleCycles(db, strategyId, toId, viewer);
  const from = visible.findIndex((c) => c.id === fromId);
  if (from < 0) throw notFound('cycle', fromId);
  const ids = [fromId, toId];
  const [nodes, initiatives, entries, assessments, indicators] = await Promise.all([
    nodesRepo.listNodes(q, strategyId),
    initiativesRepo.listInitiatives(q, { strategyId }),
    progressRepo.listEntries(q, viewer.scope, { cycleIds: ids }),
    assessmentsRepo.listAssessments(q, viewer.scope, ids),
    indicatorsRepo.listIndicators(q, viewer.scope, { strategyId }, upTo(visible, Math.max(from, to))),
  ]);
  const snapshot = (i: number) => {
    const cycle = defined(visible[i], `the cycle at ${i}`);
    return {
      cycle,
      entries: entries.filter((e) => e.cycleId === cycle.id),
      assessments: assessments.filter((a) => a.cycleId === cycle.id),
      knownCycleIds: upTo(visible, i),
    };
  };
  return diffCycles({ from: snapshot(from), to: snapshot(to), initiatives, nodes, indicators, ratings });
}
