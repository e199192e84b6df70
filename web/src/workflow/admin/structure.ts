/**
 * The structure of one strategy as the editor works on it (flat, versioned records) and the
 * tree-order helpers its sections share.
 */
import type { Indicator, Initiative, Organisation, StrategyNode } from '../../../../src/domain/model.ts';
import type { StrategyListItem } from '../../../../src/domain/views.ts';
import { adminApi } from '../../api/endpoints.ts';

export interface StructureData {
  strategy: StrategyListItem;
  nodes: StrategyNode[];
  initiatives: Initiative[];
  organisations: Organisation[];
  indicators: Indicator[];
}

export async function loadStructure(strategyId: string): Promise<StructureData> {
  const [strategy, nodes, initiatives, organisations, indicators] = await Promise.all([
    adminApi.strategy(strategyId),
    adminApi.nodes(strategyId),
    adminApi.initiatives(strategyId),
    adminApi.organisations(),
    adminApi.indicators(strategyId),
  ]);
  return { strategy, nodes, initiatives, organisations, indicators };
}

/** The nodes in tree order (parents before children, siblings by position), with depth. */
export function ordered(nodes: StrategyNode[]): { node: StrategyNode; depth: number }[] {
  const out: { node: StrategyNode; depth: number }[] = [];
  const walk = (parentId: string | null, depth: number) => {
    for (const node of childrenOf(nodes, parentId)) {
      out.push({ node, depth });
      walk(node.id, depth + 1);
    }
  };
  walk(null, 0);
  return out;
}

export function childrenOf(nodes: StrategyNode[], parentId: string | null): StrategyNode[] {
  return nodes.filter((n) => n.parentId === parentId).sort((a, b) => a.position - b.position);
}

/** "1-(1) AIの研究開発" — how a node is named in lists. */
export const nodeName = (n: Pick<StrategyNode, 'code' | 'title'>): string =>
  n.code ? `${n.code} ${n.title}` : n.title;
