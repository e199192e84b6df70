/**
 * What the embeddable widgets show (a target's status card, an indicator's chart), read
 * for the public whoever asks: the published record only, as anonymous readers see it. A
 * target shows as the newest published cycle that holds it; an indicator as the published
 * indicators service reads it. Each comes with the revisions it was read from, for its ETag.
 */
import { createHash } from 'node:crypto';
import type { Db } from '../db/database.ts';
import * as nodesRepo from '../db/repositories/nodes.repository.ts';
import * as snapshotsRepo from '../db/repositories/snapshots.repository.ts';
import * as strategiesRepo from '../db/repositories/strategies.repository.ts';
import { ANONYMOUS } from '../domain/access.ts';
import { AppError } from '../domain/errors.ts';
import type { Cycle, Indicator, Strategy, VocabularyTerm } from '../domain/model.ts';
import type { StrategyTree, TreeIndicator, TreeNode } from '../domain/views.ts';
import { listCorrections } from './publication.service.ts';
import { getIndicator } from './strategies.service.ts';

export interface EmbeddedTarget {
  strategy: Strategy;
  cycle: Cycle;
  node: TreeNode;
  indicators: TreeIndicator[];
  vocabulary: VocabularyTerm[];
  /** A published fact of this target was corrected after publication (訂正あり). */
  corrected: boolean;
  /** Names the published revision it was read from. */
  version: string;
}

export interface EmbeddedIndicator {
  strategy: Strategy;
  indicator: Indicator;
  /** The newest published cycle of the indicator's strategy. */
  cycle: Cycle;
  /** The cycle whose corrections list a correction of this indicator; null: none. */
  correctedIn: string | null;
  version: string;
}

/** Parsed snapshots by cycle and revision: a revision never changes. */
const trees = new WeakMap<object, Map<string, StrategyTree>>();
const TREE_LIMIT = 16;

async function snapshotTree(db: Db, cycleId: string, revision: number): Promise<StrategyTree | undefined> {
  let cache = trees.get(db.kysely);
  if (!cache) trees.set(db.kysely, (cache = new Map()));
  const key = `${cycleId}\u0000${revision}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const row = await snapshotsRepo.findSnapshot(db.kysely, cycleId, revision);
  if (!row) return undefined;
  const tree = JSON.parse(row.tree) as StrategyTree;
  if (cache.size >= TREE_LIMIT) cache.delete(cache.keys().next().value as string);
  cache.set(key, tree);
  return tree;
}

function findIn(nodes: readonly TreeNode[], id: string): TreeNode | undefined {
  for (const node of nodes) {
    if (node.id === id) return node;
    const found = findIn(node.children, id);
    if (found) return found;
  }
  return undefined;
}

/** The target as the newest published cycle holding it shows it; undefined: not published. */
export async function embeddedTarget(db: Db, nodeId: string): Promise<EmbeddedTarget | undefined> {
  const row = await nodesRepo.findNode(db.kysely, nodeId);
  if (!row) return undefined;
  const revisions = await snapshotsRepo.publishedRevisions(db.kysely, row.strategyId);
  for (const { cycleId, revision } of [...revisions].reverse()) {
    const tree = await snapshotTree(db, cycleId, revision);
    const node = tree && findIn(tree.nodes, nodeId);
    if (!tree || !node) continue;
    const corrections = await listCorrections(db.kysely, [cycleId]);
    const subjects = new Set([node.id, node.mirrorOf].filter((id): id is string => id !== null));
    return {
      strategy: tree.strategy,
      cycle: tree.cycle,
      node,
      indicators: tree.indicators.filter((k) => node.indicatorIds.includes(k.id)),
      vocabulary: tree.vocabulary,
      corrected: corrections.some((c) =>
        c.changes.some((x) => x.subject.type === 'node' && subjects.has(x.subject.id)),
      ),
      version: `${cycleId}.r${revision}`,
    };
  }
  return undefined;
}

/** The indicator as the public reads it; undefined: no published cycle holds it. */
export async function embeddedIndicator(db: Db, indicatorId: string): Promise<EmbeddedIndicator | undefined> {
  let indicator: Indicator;
  try {
    indicator = await getIndicator(db, indicatorId, ANONYMOUS);
  } catch (err) {
    if (err instanceof AppError && err.code === 'not_found') return undefined;
    throw err;
  }
  const [strategy, revisions] = await Promise.all([
    strategiesRepo.findStrategy(db.kysely, indicator.strategyId),
    snapshotsRepo.publishedRevisions(db.kysely, indicator.strategyId),
  ]);
  const newest = revisions.at(-1);
  const tree = newest && (await snapshotTree(db, newest.cycleId, newest.revision));
  if (!strategy || !tree) return undefined;
  const corrections = await listCorrections(
    db.kysely,
    revisions.map((r) => r.cycleId),
  );
  const correction = corrections
    .filter((c) => c.changes.some((x) => x.subject.type === 'indicator' && x.subject.id === indicator.id))
    .at(-1);
  // Every published revision of the strategy: a figure may come from any of its cycles.
  const version = createHash('sha256')
    .update(revisions.map((r) => `${r.cycleId}.r${r.revision}`).join(','))
    .digest('base64url')
    .slice(0, 16);
  return {
    strategy,
    indicator,
    cycle: tree.cycle,
    correctedIn: correction?.cycleId ?? null,
    version,
  };
}
