/**
 * Assembles the nested tree of a strategy for one cycle from flat rows: items under each
 * node in listing order, the node's assessment, its indicators. Mirror nodes show the items
 * and assessment of the node they mirror.
 */
import { isEmptyLogicModel, type LogicModel } from './logic-model.ts';
import type { Assessment, Indicator, Initiative, StrategyNode } from './model.ts';
import { orderTree } from './tree.ts';
import type { TreeItemOf, TreeNodeOf } from './views.ts';

/** The rows of a tree; `E` and `I` are how its entries and initiatives come (in full, or as outlines). */
export interface TreeRows<E extends { initiativeId: string }, I extends TreeInitiativeRow> {
  nodes: StrategyNode[];
  initiatives: I[];
  entries: E[];
  assessments: Assessment[];
  indicators: Pick<Indicator, 'id' | 'nodeId'>[];
  /** Logic models by node id (a mirror shows its source's). */
  logicModels?: ReadonlyMap<string, LogicModel>;
}

/** What the builder needs of an initiative. */
type TreeInitiativeRow = Pick<Initiative, 'id' | 'listings'>;

export function buildTree<E extends { initiativeId: string }, I extends TreeInitiativeRow>(
  rows: TreeRows<E, I>,
): TreeNodeOf<E, I>[] {
  const entryByInitiative = new Map(rows.entries.map((e) => [e.initiativeId, e]));
  const assessmentByNode = new Map(rows.assessments.map((a) => [a.nodeId, a]));
  const itemsByNode = new Map<string, { position: number; item: TreeItemOf<E, I> }[]>();
  for (const initiative of rows.initiatives) {
    for (const listing of initiative.listings) {
      const item: TreeItemOf<E, I> = {
        initiative,
        entry: entryByInitiative.get(initiative.id) ?? null,
        alsoListedUnder: initiative.listings.map((l) => l.nodeId).filter((n) => n !== listing.nodeId),
      };
      const list = itemsByNode.get(listing.nodeId);
      const row = { position: listing.position, item };
      if (list) list.push(row);
      else itemsByNode.set(listing.nodeId, [row]);
    }
  }
  const indicatorsByNode = new Map<string, string[]>();
  for (const k of rows.indicators) {
    if (k.nodeId === null) continue;
    indicatorsByNode.set(k.nodeId, [...(indicatorsByNode.get(k.nodeId) ?? []), k.id]);
  }

  const byId = new Map<string, TreeNodeOf<E, I>>();
  const roots: TreeNodeOf<E, I>[] = [];
  for (const node of orderTree(rows.nodes)) {
    const source = node.mirrorOf ?? node.id;
    const items = (itemsByNode.get(source) ?? [])
      .sort((a, b) => a.position - b.position || cmp(a.item.initiative.id, b.item.initiative.id))
      .map((r) => r.item);
    const parent = node.parentId === null ? undefined : byId.get(node.parentId);
    const logicModel = rows.logicModels?.get(source);
    const treeNode: TreeNodeOf<E, I> = {
      ...node,
      depth: parent ? parent.depth + 1 : 0,
      items,
      assessment: assessmentByNode.get(source) ?? null,
      indicatorIds: indicatorsByNode.get(source) ?? [],
      ...(logicModel && !isEmptyLogicModel(logicModel) && { logicModel }),
      children: [],
    };
    byId.set(node.id, treeNode);
    if (parent) parent.children.push(treeNode);
    else roots.push(treeNode);
  }
  return roots;
}

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Every node of a nested tree, depth-first. */
export function flatten<N extends { children: N[] }>(nodes: readonly N[]): N[] {
  return nodes.flatMap((n) => [n, ...flatten(n.children)]);
}
