/**
 * What changed between two cycles of one strategy, computed from their two published trees
 * (the web app's compare and ministry pages, which hold only text digests; `cycle-diff.ts`
 * compares the full records, with text diffs and KPI figures, and shares `verdict.ts`): nodes
 * added, dropped and renamed, progress items added, dropped and changed (stage or text),
 * rating changes, and the same per initiative. Mirror nodes repeat their original's items
 * and assessment, so they count only as structure, never twice. An initiative counts once
 * however many targets list it: a new listing of an existing initiative (a cross-listing)
 * is a change of structure, not an added initiative.
 */
import type { EntryOutline, OutlineInitiative, OutlineItem, OutlineNode, OutlineTree } from '../views.ts';
import { flatten } from '../tree.ts';
import { verdictChange, verdictOf } from './verdict.ts';

export interface NodeRef {
  id: string;
  code: string;
  title: string;
  titleEn: string;
}

export interface ItemRef {
  initiative: OutlineInitiative;
  node: NodeRef;
}

export interface EntryChange {
  initiative: OutlineInitiative;
  /** The node the item is listed under (for items); the first one (for initiatives). */
  node: NodeRef;
  fromStage: string | null;
  toStage: string | null;
  textChanged: boolean;
  /** The cycle before had an entry and this one has none (or the reverse). */
  entryDropped: boolean;
  entryAdded: boolean;
}

export interface RatingChange {
  node: NodeRef;
  from: string | null;
  to: string | null;
  accelerationFrom: boolean;
  accelerationTo: boolean;
}

export interface TreeDiff {
  nodesAdded: NodeRef[];
  nodesDropped: NodeRef[];
  nodesRenamed: { before: NodeRef; after: NodeRef }[];
  itemsAdded: ItemRef[];
  itemsDropped: ItemRef[];
  itemsChanged: EntryChange[];
  ratingChanges: RatingChange[];
  initiativesAdded: ItemRef[];
  initiativesDropped: ItemRef[];
  initiativesChanged: EntryChange[];
  /** Listings added or dropped for initiatives present in both cycles. */
  listingsAdded: ItemRef[];
  listingsDropped: ItemRef[];
}

const ref = (n: OutlineNode): NodeRef => ({ id: n.id, code: n.code, title: n.title, titleEn: n.titleEn });

interface Placed {
  item: OutlineItem;
  node: OutlineNode;
}

/** Items of non-mirror nodes keyed by node and initiative, and the first placement per initiative. */
function itemsOf(nodes: OutlineNode[]): { byItem: Map<string, Placed>; byInitiative: Map<string, Placed> } {
  const byItem = new Map<string, Placed>();
  const byInitiative = new Map<string, Placed>();
  for (const node of nodes) {
    if (node.mirrorOf !== null) continue;
    for (const item of node.items) {
      byItem.set(`${node.id}\u0000${item.initiative.id}`, { item, node });
      if (!byInitiative.has(item.initiative.id)) byInitiative.set(item.initiative.id, { item, node });
    }
  }
  return { byItem, byInitiative };
}

function entryChange(before: Placed, after: Placed): EntryChange | null {
  const a: EntryOutline | null = before.item.entry;
  const b: EntryOutline | null = after.item.entry;
  const fromStage = a?.stage ?? null;
  const toStage = b?.stage ?? null;
  // The tree carries each text's digest, not the text; a missing entry counts as a text
  // changed (the digest of no text is never an entry's).
  const textChanged = (a?.textDigest ?? null) !== (b?.textDigest ?? null);
  if (fromStage === toStage && !textChanged) return null;
  return {
    initiative: after.item.initiative,
    node: ref(after.node),
    fromStage,
    toStage,
    textChanged,
    entryDropped: a !== null && b === null,
    entryAdded: a === null && b !== null,
  };
}

function compareMaps(before: Map<string, Placed>, after: Map<string, Placed>) {
  const added: ItemRef[] = [];
  const dropped: ItemRef[] = [];
  const changed: EntryChange[] = [];
  for (const [key, b] of after) {
    const a = before.get(key);
    if (!a) added.push({ initiative: b.item.initiative, node: ref(b.node) });
    else {
      const change = entryChange(a, b);
      if (change) changed.push(change);
    }
  }
  for (const [key, a] of before) {
    if (!after.has(key)) dropped.push({ initiative: a.item.initiative, node: ref(a.node) });
  }
  return { added, dropped, changed };
}

export function diffTrees(before: OutlineTree, after: OutlineTree): TreeDiff {
  const a = flatten(before.nodes);
  const b = flatten(after.nodes);
  const aById = new Map(a.map((n) => [n.id, n]));
  const bIds = new Set(b.map((n) => n.id));

  const nodesRenamed: TreeDiff['nodesRenamed'] = [];
  const ratingChanges: RatingChange[] = [];
  for (const node of b) {
    const old = aById.get(node.id);
    if (!old) continue;
    if (old.title !== node.title || old.titleEn !== node.titleEn || old.code !== node.code) {
      nodesRenamed.push({ before: ref(old), after: ref(node) });
    }
    if (node.mirrorOf !== null) continue;
    const change = verdictChange(old.assessment, node.assessment);
    if (change.rating || change.needsAcceleration) {
      const [from, to] = [verdictOf(old.assessment), verdictOf(node.assessment)];
      ratingChanges.push({
        node: ref(node),
        from: from.rating,
        to: to.rating,
        accelerationFrom: from.needsAcceleration,
        accelerationTo: to.needsAcceleration,
      });
    }
  }

  const itemsA = itemsOf(a);
  const itemsB = itemsOf(b);
  const items = compareMaps(itemsA.byItem, itemsB.byItem);
  const initiatives = compareMaps(itemsA.byInitiative, itemsB.byInitiative);
  return {
    nodesAdded: b.filter((n) => !aById.has(n.id)).map(ref),
    nodesDropped: a.filter((n) => !bIds.has(n.id)).map(ref),
    nodesRenamed,
    itemsAdded: items.added,
    itemsDropped: items.dropped,
    itemsChanged: items.changed,
    ratingChanges,
    initiativesAdded: initiatives.added,
    initiativesDropped: initiatives.dropped,
    initiativesChanged: initiatives.changed,
    listingsAdded: items.added.filter((x) => itemsA.byInitiative.has(x.initiative.id)),
    listingsDropped: items.dropped.filter((x) => itemsB.byInitiative.has(x.initiative.id)),
  };
}

/** Whether two cycles differ in anything the diff reports. */
export function isEmptyDiff(diff: TreeDiff): boolean {
  return Object.values(diff).every((list: unknown[]) => list.length === 0);
}
