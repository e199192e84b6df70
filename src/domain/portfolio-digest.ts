/**
 * What the portfolio reads of a published cycle, kept beside its snapshot (issue #24 item 6):
 * one small digest for the whole cycle and one per ministry that owns an initiative in it.
 * The dashboard of a whole government (30 strategies, each tree megabytes of JSON) then reads
 * a few kilobytes per strategy instead of parsing every tree. Derived from the snapshot's
 * tree alone, so it is the published record too. Pure.
 */
import type { StrategyTree, TreeIndicator, TreeNode } from './views.ts';
import { project, type ProjectionStatus } from './insight/projection.ts';

/** An assessed target as the pages name it. */
export interface TargetRef {
  id: string;
  code: string;
  title: string;
  titleEn: string;
  rating: string | null;
}

export interface DigestTarget extends TargetRef {
  needsAcceleration: boolean;
}

/** A KPI whose projection misses its target: the only KPIs the pages name. */
export interface DigestOffTrack {
  id: string;
  name: string;
  nameEn: string;
  /** The node it measures (or its initiative's first), for a link. */
  nodeId: string | null;
}

/** KPI verdicts counted. */
export interface KpiTally {
  total: number;
  reached: number;
  onTrack: number;
  offTrack: number;
  /** No target, deadline or enough figures for a verdict. */
  unknown: number;
}

/**
 * One ministry in the cycle, as the dashboard's row per ministry counts it (its targets are
 * those with one of its initiatives in their subtree, its KPIs those of its initiatives or
 * of its targets): [initiatives, targets to accelerate, KPIs off track, then its targets per
 * rating in the order of the cycle's ratings]. Numbers only: 50 ministries in each of 30
 * strategies' digests.
 */
export type MinistryCounts = number[];

/** Reads a ministry's counts (`rating`: the index of a rating in the cycle's ratings). */
export const ministryCounts = (m: MinistryCounts | undefined, rating = -1) => ({
  initiatives: m?.[0] ?? 0,
  acceleration: m?.[1] ?? 0,
  kpisOffTrack: m?.[2] ?? 0,
  rated: rating < 0 ? 0 : (m?.[3 + rating] ?? 0),
});

/**
 * The whole cycle: what the unfiltered dashboard shows of it, and nothing per target or KPI
 * beyond that (pillars and goals are owned by nearly every ministry, so owners per target
 * made the digest of a government's portfolio megabytes): the target list is a digest of its
 * own (`TargetsDigest`), each ministry's targets and KPIs in the ministry's.
 */
export interface CycleDigest {
  strategy: { id: string; title: string; titleEn: string };
  cycle: { id: string; fiscalYear: number; asOf: string; publishedAt: string | null };
  ratings: { code: string; labelJa: string; labelEn: string; category: string }[];
  /** Assessed targets per rating, in the order of `ratings`, then those with none of them. */
  counts: number[];
  acceleration: TargetRef[];
  kpis: KpiTally;
  offTrack: DigestOffTrack[];
  initiatives: number;
  /** Per owning organisation. */
  perMinistry: Record<string, MinistryCounts>;
}

/** The assessed targets (organisation '*'): read when a filter needs them. */
export interface TargetsDigest {
  targets: DigestTarget[];
}

/** The digest row of the target list; no organisation has this id. */
export const TARGETS_DIGEST = '*';

export interface DigestInitiative {
  id: string;
  title: string;
  titleEn: string;
  stage: { code: string; labelJa: string; labelEn: string } | null;
  /** The assessed nodes it is listed under (the nearest assessed ancestor of its node): indexes in the ministry digest's refs. */
  targets: number[];
  kpis: KpiTally;
  /** Indexes in the cycle digest's offTrack. */
  offTrack: number[];
}

/** One ministry in the cycle: the dashboard filtered by it, and its page across strategies. */
export interface MinistryDigest {
  /** Its targets: indexes in the targets digest. */
  targets: number[];
  kpis: KpiTally;
  /** Indexes in the cycle digest's offTrack. */
  offTrack: number[];
  /** The targets its initiatives are listed under. */
  refs: TargetRef[];
  initiatives: DigestInitiative[];
}

/** Counts KPI verdicts. */
export function tally(statuses: Iterable<ProjectionStatus>): KpiTally {
  const t = { total: 0, reached: 0, onTrack: 0, offTrack: 0, unknown: 0 };
  for (const s of statuses) {
    t.total++;
    if (s === 'reached') t.reached++;
    else if (s === 'on_track') t.onTrack++;
    else if (s === 'off_track') t.offTrack++;
    else t.unknown++;
  }
  return t;
}

const flat = (nodes: readonly TreeNode[]): TreeNode[] => nodes.flatMap((n) => [n, ...flat(n.children)]);

const kpiStatus = (k: TreeIndicator): ProjectionStatus =>
  project({
    direction: k.direction,
    targetValue: k.targetValue,
    targetPeriod: k.targetPeriod,
    baselineValue: k.baselineValue,
    baselinePeriod: k.baselinePeriod,
    observations: k.observations ?? [],
  }).status;

/**
 * The digests of a published tree: '' for the whole cycle, and one per owning organisation.
 * @example digestTree(tree).get('')?.targets.length
 */
export function digestTree(tree: StrategyTree): {
  cycle: CycleDigest;
  targets: TargetsDigest;
  ministries: Map<string, MinistryDigest>;
} {
  const nodes = flat(tree.nodes).filter((n) => n.mirrorOf === null);
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const ownersUnder = new Map<string, string[]>();
  const collect = (n: TreeNode): Set<string> => {
    const own = new Set(n.items.flatMap((i) => i.initiative.ownerIds));
    for (const c of n.children) for (const o of collect(c)) own.add(o);
    ownersUnder.set(n.id, [...own]);
    return own;
  };
  tree.nodes.forEach(collect);

  const initiatives = new Map<string, { initiative: TreeNode['items'][number]; nodeIds: string[] }>();
  for (const n of nodes)
    for (const item of n.items) {
      const seen = initiatives.get(item.initiative.id);
      if (seen) seen.nodeIds.push(n.id);
      else initiatives.set(item.initiative.id, { initiative: item, nodeIds: [n.id] });
    }
  const ownersOf = (id: string) => initiatives.get(id)?.initiative.initiative.ownerIds ?? [];

  const assessed = nodes.filter((n) => n.assessment !== null);
  const targets: DigestTarget[] = assessed.map((n) => ({
    id: n.id,
    code: n.code,
    title: n.title,
    titleEn: n.titleEn,
    rating: n.assessment?.rating ?? null,
    needsAcceleration: n.assessment?.needsAcceleration === true,
  }));
  const targetIndex = new Map(targets.map((t, i) => [t.id, i]));

  const offTrack: DigestOffTrack[] = [];
  const kpis = (tree.indicators ?? []).map((k) => {
    const status = kpiStatus(k);
    let offIndex = -1;
    if (status === 'off_track') {
      offIndex = offTrack.length;
      offTrack.push({
        id: k.id,
        name: k.name,
        nameEn: k.nameEn,
        nodeId: k.nodeId ?? (k.initiativeId ? (initiatives.get(k.initiativeId)?.nodeIds[0] ?? null) : null),
      });
    }
    const owners = k.initiativeId ? ownersOf(k.initiativeId) : (ownersUnder.get(k.nodeId ?? '') ?? []);
    return { indicator: k, status, offIndex, owners: new Set(owners) };
  });

  // Per ministry: its targets, KPIs and initiatives, in one pass over each one's owners.
  const mine = new Map<string, { targets: number[]; kpis: typeof kpis; initiatives: number }>();
  const of = (o: string) => {
    let m = mine.get(o);
    if (!m) mine.set(o, (m = { targets: [], kpis: [], initiatives: 0 }));
    return m;
  };
  assessed.forEach((n, i) => {
    for (const o of ownersUnder.get(n.id) ?? []) of(o).targets.push(i);
  });
  for (const k of kpis) for (const o of k.owners) of(o).kpis.push(k);
  for (const { initiative } of initiatives.values())
    for (const o of new Set(initiative.initiative.ownerIds)) of(o).initiatives++;

  const ratings = tree.vocabulary
    .filter((v) => v.kind === 'rating')
    .map((v) => ({ code: v.code, labelJa: v.labelJa, labelEn: v.labelEn, category: v.category }));
  const ratingIndex = new Map(ratings.map((r, i) => [r.code, i]));
  /** Targets per rating, in the order of `ratings`, then those with none of them. */
  const countRatings = (indexes: Iterable<number>) => {
    const counts = new Array<number>(ratings.length + 1).fill(0);
    for (const i of indexes) {
      const t = targets[i];
      if (!t) continue;
      const r = ratingIndex.get(t.rating ?? '') ?? ratings.length;
      counts[r] = (counts[r] ?? 0) + 1;
    }
    return counts;
  };
  const perMinistry: Record<string, MinistryCounts> = {};
  for (const [o, m] of mine) {
    // Owners of a mirror's items only, with no initiative of their own here, are left out.
    if (m.initiatives === 0) continue;
    perMinistry[o] = [
      m.initiatives,
      m.targets.filter((i) => targets[i]?.needsAcceleration).length,
      m.kpis.filter((k) => k.status === 'off_track').length,
      ...countRatings(m.targets).slice(0, ratings.length),
    ];
  }
  const ref = ({ id, code, title, titleEn, rating }: TargetRef): TargetRef => ({
    id,
    code,
    title,
    titleEn,
    rating,
  });

  const cycle: CycleDigest = {
    strategy: { id: tree.strategy.id, title: tree.strategy.title, titleEn: tree.strategy.titleEn },
    cycle: {
      id: tree.cycle.id,
      fiscalYear: tree.cycle.fiscalYear,
      asOf: tree.cycle.asOf,
      publishedAt: tree.cycle.publishedAt,
    },
    ratings,
    counts: countRatings(targets.keys()),
    acceleration: targets.filter((t) => t.needsAcceleration).map(ref),
    kpis: tally(kpis.map((k) => k.status)),
    offTrack,
    initiatives: initiatives.size,
    perMinistry,
  };

  // The nearest assessed node at or above each node: what an item listed there is rated by.
  const parentOf = new Map<string, string | null>(nodes.map((n) => [n.id, n.parentId]));
  const assessedAt = (id: string | null): number | null => {
    for (let at = id; at !== null; at = parentOf.get(at) ?? null) {
      if (byId.get(at)?.assessment) return targetIndex.get(at) ?? null;
    }
    return null;
  };
  const stages = new Map(tree.vocabulary.filter((v) => v.kind === 'stage').map((v) => [v.code, v]));
  const kpisOfInitiative = new Map<string, typeof kpis>();
  const kpisOfNode = new Map<string, typeof kpis>();
  for (const k of kpis) {
    const [key, into] = k.indicator.initiativeId
      ? [k.indicator.initiativeId, kpisOfInitiative]
      : [k.indicator.nodeId, kpisOfNode];
    if (key) into.set(key, [...(into.get(key) ?? []), k]);
  }
  const ministries = new Map<string, MinistryDigest>();
  for (const [o, m] of mine)
    if (m.initiatives > 0)
      ministries.set(o, {
        targets: m.targets,
        kpis: tally(m.kpis.map((k) => k.status)),
        offTrack: m.kpis.flatMap((k) => (k.offIndex < 0 ? [] : [k.offIndex])),
        refs: [],
        initiatives: [],
      });
  const refsAt = new Map<string, Map<number, number>>();
  for (const { initiative: item, nodeIds } of initiatives.values()) {
    const own = [
      ...(kpisOfInitiative.get(item.initiative.id) ?? []),
      ...nodeIds.flatMap((id) => kpisOfNode.get(id) ?? []),
    ];
    const stage = item.entry?.stage ? stages.get(item.entry.stage) : undefined;
    const listedUnder = [...new Set(nodeIds.map(assessedAt).filter((i): i is number => i !== null))];
    for (const o of new Set(item.initiative.ownerIds)) {
      const m = ministries.get(o);
      if (!m) continue;
      // The ministry's own list of the targets its initiatives are listed under.
      const at = refsAt.get(o) ?? new Map<number, number>();
      refsAt.set(o, at);
      const local = listedUnder.map((t) => {
        let i = at.get(t);
        const target = targets[t];
        if (i === undefined && target) {
          i = m.refs.length;
          m.refs.push(ref(target));
          at.set(t, i);
        }
        return i;
      });
      m.initiatives.push({
        id: item.initiative.id,
        title: item.initiative.title,
        titleEn: item.initiative.titleEn,
        stage: stage ? { code: stage.code, labelJa: stage.labelJa, labelEn: stage.labelEn } : null,
        targets: local.filter((i): i is number => i !== undefined),
        kpis: tally(own.map((k) => k.status)),
        offTrack: own.flatMap((k) => (k.offIndex < 0 ? [] : [k.offIndex])),
      });
    }
  }
  return { cycle, targets: { targets }, ministries };
}
