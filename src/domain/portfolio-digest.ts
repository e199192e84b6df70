/**
 * What the portfolio reads of a published cycle, kept beside its snapshot (issue #24 item 6):
 * one small digest for the whole cycle and one per ministry that owns an initiative in it.
 * The dashboard of a whole government (30 strategies, each tree megabytes of JSON) then reads
 * a few kilobytes per strategy instead of parsing every tree. Derived from the snapshot's
 * tree alone, so it is the published record too. Pure.
 */
import type { StrategyTree, TreeIndicator, TreeNode } from './views.ts';
import { project, type ProjectionStatus } from './insight/projection.ts';

export interface DigestTarget {
  id: string;
  code: string;
  title: string;
  titleEn: string;
  rating: string | null;
  needsAcceleration: boolean;
  /** Owners of the target's items and its subtree's. */
  owners: string[];
}

export interface DigestKpi {
  id: string;
  /** Kept for the KPIs off track only: the pages name no other (a digest stays small). */
  name?: string;
  nameEn?: string;
  status: ProjectionStatus;
  /** The node it measures (or its initiative's first), for a link. */
  nodeId: string | null;
  owners: string[];
}

/** The whole cycle: what the dashboard shows of it. */
export interface CycleDigest {
  strategy: { id: string; title: string; titleEn: string };
  cycle: { id: string; fiscalYear: number; asOf: string; publishedAt: string | null };
  ratings: { code: string; labelJa: string; labelEn: string; category: string }[];
  targets: DigestTarget[];
  kpis: DigestKpi[];
  initiatives: number;
  /** Initiatives per owning organisation. */
  perMinistry: Record<string, number>;
}

export interface DigestInitiative {
  id: string;
  title: string;
  titleEn: string;
  stage: { code: string; labelJa: string; labelEn: string } | null;
  /** The assessed nodes it is listed under (the nearest assessed ancestor of its node). */
  targets: { id: string; code: string; title: string; titleEn: string; rating: string | null }[];
  kpis: Pick<DigestKpi, 'id' | 'name' | 'nameEn' | 'status'>[];
}

/** One ministry's initiatives in the cycle: its page across strategies. */
export interface MinistryDigest {
  initiatives: DigestInitiative[];
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

  const kpis: DigestKpi[] = (tree.indicators ?? []).map((k) => {
    const status = kpiStatus(k);
    return {
      id: k.id,
      ...(status === 'off_track' && { name: k.name, nameEn: k.nameEn }),
      status,
      nodeId: k.nodeId ?? (k.initiativeId ? (initiatives.get(k.initiativeId)?.nodeIds[0] ?? null) : null),
      owners: k.initiativeId ? [...ownersOf(k.initiativeId)] : (ownersUnder.get(k.nodeId ?? '') ?? []),
    };
  });

  const perMinistry: Record<string, number> = {};
  for (const { initiative } of initiatives.values())
    for (const o of new Set(initiative.initiative.ownerIds)) perMinistry[o] = (perMinistry[o] ?? 0) + 1;

  const cycle: CycleDigest = {
    strategy: { id: tree.strategy.id, title: tree.strategy.title, titleEn: tree.strategy.titleEn },
    cycle: {
      id: tree.cycle.id,
      fiscalYear: tree.cycle.fiscalYear,
      asOf: tree.cycle.asOf,
      publishedAt: tree.cycle.publishedAt,
    },
    ratings: tree.vocabulary
      .filter((v) => v.kind === 'rating')
      .map((v) => ({ code: v.code, labelJa: v.labelJa, labelEn: v.labelEn, category: v.category })),
    targets: nodes
      .filter((n) => n.assessment !== null)
      .map((n) => ({
        id: n.id,
        code: n.code,
        title: n.title,
        titleEn: n.titleEn,
        rating: n.assessment?.rating ?? null,
        needsAcceleration: n.assessment?.needsAcceleration === true,
        owners: ownersUnder.get(n.id) ?? [],
      })),
    kpis,
    initiatives: initiatives.size,
    perMinistry,
  };

  // The nearest assessed node at or above each node: what an item listed there is rated by.
  const parentOf = new Map<string, string | null>(nodes.map((n) => [n.id, n.parentId]));
  const assessedAt = (id: string | null): TreeNode | null => {
    for (let at = id; at !== null; at = parentOf.get(at) ?? null) {
      const n = byId.get(at);
      if (n?.assessment) return n;
    }
    return null;
  };
  const stages = new Map(tree.vocabulary.filter((v) => v.kind === 'stage').map((v) => [v.code, v]));
  const kpisOfInitiative = new Map<string, DigestKpi[]>();
  const kpisOfNode = new Map<string, DigestKpi[]>();
  (tree.indicators ?? []).forEach((k, i) => {
    const digest = kpis[i];
    if (!digest) return;
    const [key, into] = k.initiativeId ? [k.initiativeId, kpisOfInitiative] : [k.nodeId, kpisOfNode];
    if (key) into.set(key, [...(into.get(key) ?? []), digest]);
  });
  const ministries = new Map<string, MinistryDigest>();
  for (const { initiative: item, nodeIds } of initiatives.values()) {
    const targets = [...new Set(nodeIds.map(assessedAt).filter((n): n is TreeNode => n !== null))].map(
      (n) => ({
        id: n.id,
        code: n.code,
        title: n.title,
        titleEn: n.titleEn,
        rating: n.assessment?.rating ?? null,
      }),
    );
    const own = [
      ...(kpisOfInitiative.get(item.initiative.id) ?? []),
      ...nodeIds.flatMap((id) => kpisOfNode.get(id) ?? []),
    ].map(({ id, name, nameEn, status }) => ({ id, name, nameEn, status }));
    const stage = item.entry?.stage ? stages.get(item.entry.stage) : undefined;
    const row: DigestInitiative = {
      id: item.initiative.id,
      title: item.initiative.title,
      titleEn: item.initiative.titleEn,
      stage: stage ? { code: stage.code, labelJa: stage.labelJa, labelEn: stage.labelEn } : null,
      targets,
      kpis: own,
    };
    for (const o of new Set(item.initiative.ownerIds)) {
      const m = ministries.get(o) ?? { initiatives: [] };
      m.initiatives.push(row);
      ministries.set(o, m);
    }
  }
  return { cycle, ministries };
}
