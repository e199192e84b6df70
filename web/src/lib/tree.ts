/**
 * Lookups over one cycle's strategy tree: nodes by id, ancestors, pillars, the places a
 * node is shown (mirror nodes: a target repeated under another pillar), vocabulary terms,
 * organisations, and the distinct initiatives with the nodes they appear under.
 */
import type { Organisation, VocabularyTerm } from '../../../src/domain/model.ts';
import { flatten } from '../../../src/domain/tree.ts';
import type { OutlineTree, OutlineItem, OutlineNode } from '../../../src/domain/views.ts';

export interface InitiativePlacement {
  item: OutlineItem;
  /** Every node showing this initiative, mirror nodes included, in tree order. */
  nodes: OutlineNode[];
}

export interface TreeIndex {
  tree: OutlineTree;
  /** Depth-first, parents before children. */
  all: OutlineNode[];
  byId: Map<string, OutlineNode>;
  parent: Map<string, OutlineNode | undefined>;
  ratings: VocabularyTerm[];
  stages: VocabularyTerm[];
  term: (kind: 'rating' | 'stage', code: string | null) => VocabularyTerm | undefined;
  orgs: Map<string, Organisation>;
  initiatives: Map<string, InitiativePlacement>;
}

export { flatten };

export function indexTree(tree: OutlineTree): TreeIndex {
  const all = flatten(tree.nodes);
  const byId = new Map(all.map((n) => [n.id, n]));
  const parent = new Map(all.map((n) => [n.id, n.parentId === null ? undefined : byId.get(n.parentId)]));
  const byKind = (kind: string) =>
    tree.vocabulary.filter((v) => v.kind === kind).sort((a, b) => a.position - b.position);
  const ratings = byKind('rating');
  const stages = byKind('stage');
  const initiatives = new Map<string, InitiativePlacement>();
  for (const node of all) {
    for (const item of node.items) {
      const known = initiatives.get(item.initiative.id);
      if (known) known.nodes.push(node);
      else initiatives.set(item.initiative.id, { item, nodes: [node] });
    }
  }
  return {
    tree,
    all,
    byId,
    parent,
    ratings,
    stages,
    term: (kind, code) => (kind === 'rating' ? ratings : stages).find((v) => v.code === code),
    orgs: new Map(tree.organisations.map((o) => [o.id, o])),
    initiatives,
  };
}

/** The node's ancestors from the root down, the node itself excluded. */
export function ancestors(index: TreeIndex, node: OutlineNode): OutlineNode[] {
  const out: OutlineNode[] = [];
  for (let p = index.parent.get(node.id); p; p = index.parent.get(p.id)) out.unshift(p);
  return out;
}

export function pillarOf(index: TreeIndex, node: OutlineNode): OutlineNode {
  return ancestors(index, node)[0] ?? node;
}

/**
 * The other places the same target is shown: its original when it is a mirror, and every
 * other mirror of that original.
 */
export function otherPlaces(index: TreeIndex, node: OutlineNode): OutlineNode[] {
  const original = node.mirrorOf ?? node.id;
  return index.all.filter((n) => n.id !== node.id && (n.id === original || n.mirrorOf === original));
}

/** Nodes carrying an assessment (targets, and goals assessed as a whole). */
export function assessedNodes(nodes: readonly OutlineNode[]): OutlineNode[] {
  return nodes.filter((n) => n.assessment !== null);
}

/** Assessed nodes under a subtree, the root included. */
export function assessedUnder(node: OutlineNode): OutlineNode[] {
  return assessedNodes(flatten([node]));
}
