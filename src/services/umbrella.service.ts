/**
 * Umbrella strategies (issue #24, item 2): a node of one strategy stands for another strategy
 * (set by the secretariat on its structure screen); the node's page rolls up the
 * sub-strategy's latest published cycle — its ratings, KPIs and overdue items — the same for
 * every reader, since it is read from the published record only.
 */
import type { Db } from '../db/database.ts';
import * as cyclesRepo from '../db/repositories/cycles.repository.ts';
import * as nodesRepo from '../db/repositories/nodes.repository.ts';
import * as strategiesRepo from '../db/repositories/strategies.repository.ts';
import * as umbrellaRepo from '../db/repositories/umbrella.repository.ts';
import { ANONYMOUS, canSeeStrategy, type Viewer } from '../domain/access.ts';
import { invalid, notFound } from '../domain/errors.ts';
import { rollUp, type UmbrellaRollup } from '../domain/umbrella.ts';
import { audit, type Actor } from './audit.service.ts';
import { nodeOf } from './shared.service.ts';
import { getTree } from './strategies.service.ts';

/** Sets the strategy a node stands for, or with null makes it an ordinary node again. */
export async function setNodeStrategy(
  db: Db,
  strategyId: string,
  nodeId: string,
  subStrategyId: string | null,
  actor: Actor,
): Promise<{ nodeId: string; standsFor: string | null }> {
  return db.kysely.transaction().execute(async (trx) => {
    await nodeOf(trx, strategyId, nodeId);
    if (subStrategyId !== null) {
      const bad = (message: string) => invalid(message, { issues: [{ path: 'strategyId', message }] });
      if (subStrategyId === strategyId) throw bad('a node cannot stand for its own strategy');
      if (!(await strategiesRepo.findStrategy(trx, subStrategyId))) throw bad('unknown strategy');
      // One level: the sub-strategy must not itself stand above this strategy.
      const below = await umbrellaRepo.listUmbrellaNodes(trx, subStrategyId);
      if ([...below.values()].includes(strategyId)) throw bad('the strategy stands above this one already');
    }
    const before = await umbrellaRepo.findUmbrellaNode(trx, nodeId);
    const now = new Date().toISOString();
    await umbrellaRepo.setUmbrellaNode(trx, {
      nodeId,
      strategyId,
      subStrategyId,
      updatedAt: now,
      updatedBy: actor.id,
    });
    await audit(
      trx,
      actor,
      [
        {
          action: 'node.stands_for',
          entityType: 'node',
          entityId: nodeId,
          before: { standsFor: before?.subStrategyId ?? null },
          after: { standsFor: subStrategyId },
        },
      ],
      now,
    );
    return { nodeId, standsFor: subStrategyId };
  });
}

/**
 * The rollup of the strategy a node stands for, from that strategy's latest published cycle.
 * Not found when the node's strategy is not the viewer's to see, or the node stands for none.
 */
export async function nodeRollup(
  db: Db,
  strategyId: string,
  nodeId: string,
  viewer: Viewer,
): Promise<UmbrellaRollup> {
  const q = db.kysely;
  const [node, umbrella, cycles] = await Promise.all([
    nodesRepo.findNode(q, nodeId),
    umbrellaRepo.findUmbrellaNode(q, nodeId),
    cyclesRepo.listCycles(q, strategyId),
  ]);
  if (!node || node.strategyId !== strategyId || !canSeeStrategy(viewer, cycles))
    throw notFound('node', nodeId);
  if (!umbrella) throw notFound('umbrella node', nodeId);
  const sub = await strategiesRepo.findStrategy(q, umbrella.subStrategyId);
  if (!sub) throw notFound('strategy', umbrella.subStrategyId);
  const subCycles = await cyclesRepo.listCycles(q, sub.id);
  // A sub-strategy not yet public is not named to those who may not see it.
  if (!canSeeStrategy(viewer, subCycles)) throw notFound('node', nodeId);
  const latest = subCycles.filter((c) => c.state === 'published').at(-1);
  if (!latest) return rollUp({ strategy: sub, cycle: null, vocabulary: [], nodes: [], indicators: [] });
  const tree = await getTree(db, sub.id, latest.id, ANONYMOUS);
  return rollUp({
    strategy: sub,
    cycle: latest,
    vocabulary: tree.vocabulary,
    nodes: tree.nodes,
    indicators: tree.indicators.map((k) => ({
      id: k.id,
      direction: k.direction,
      targetValue: k.targetValue,
      targetPeriod: k.targetPeriod,
      baselineValue: k.baselineValue,
      baselinePeriod: k.baselinePeriod,
      observations: k.observations,
    })),
  });
}
