/**
 * Tree helpers over flat node lists (nodes carry parentId and position).
 */
export interface TreeItem {
  id: string;
  parentId: string | null;
  position: number;
}

/**
 * Orders nodes depth-first, siblings by position then id: parents always come before their
 * children. Nodes whose parent is missing are treated as roots.
 *
 * @example orderTree([{id:'b',parentId:'a',position:0},{id:'a',parentId:null,position:0}]) // a, b
 */
export function orderTree<T extends TreeItem>(nodes: readonly T[]): T[] {
  const ids = new Set(nodes.map((n) => n.id));
  const children = new Map<string | null, T[]>();
  for (const n of nodes) {
    const parent = n.parentId !== null && ids.has(n.parentId) ? n.parentId : null;
    const list = children.get(parent);
    if (list) list.push(n);
    else children.set(parent, [n]);
  }
  for (const list of children.values()) {
    list.sort((a, b) => a.position - b.position || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }
  const out: T[] = [];
  const visit = (parent: string | null) => {
    for (const n of children.get(parent) ?? []) {
      out.push(n);
      visit(n.id);
    }
  };
  visit(null);
  return out;
}

/** Depth of every node (roots are 0). */
export function depths<T extends TreeItem>(nodes: readonly T[]): Map<string, number> {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const depth = new Map<string, number>();
  const of = (n: T): number => {
    const known = depth.get(n.id);
    if (known !== undefined) return known;
    const parent = n.parentId === null ? undefined : byId.get(n.parentId);
    const d = parent ? of(parent) + 1 : 0;
    depth.set(n.id, d);
    return d;
  };
  nodes.forEach(of);
  return depth;
}

/**
 * A tree's nodes depth-first, parents before children.
 * @example flatten(tree.nodes).filter((n) => n.mirrorOf === null)
 */
export function flatten<T extends { children: readonly T[] }>(nodes: readonly T[]): T[] {
  return nodes.flatMap((n) => [n, ...flatten(n.children)]);
}
