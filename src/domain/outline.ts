/**
 * Entries as the strategy tree carries them (EntryOutline): their state and stage, and a
 * digest of their text in place of the text.
 */
import { createHash } from 'node:crypto';
import type { ProgressEntry } from './model.ts';
import type { EntryOutline, OutlineNode, OutlineTree, StrategyTree, TreeNode } from './views.ts';

/**
 * The digest of an entry's text: MD5 of its UTF-8, in hex — what PostgreSQL's md5(text)
 * gives, so that rows digested by the database and by the server agree. It tells two
 * texts apart; it secures nothing.
 */
export function textDigest(text: string): string {
  return createHash('md5').update(text, 'utf8').digest('hex');
}

/** An entry as the tree carries it, from the entry in full. */
export function outlineOf(e: ProgressEntry): EntryOutline {
  return {
    id: e.id,
    initiativeId: e.initiativeId,
    cycleId: e.cycleId,
    stage: e.stage,
    reviewState: e.reviewState,
    submittedAt: e.submittedAt,
    textDigest: textDigest(e.text),
    version: e.version,
    createdAt: e.createdAt,
    updatedAt: e.updatedAt,
    updatedBy: e.updatedBy,
  };
}

/** A tree with its entries in full (a snapshot) as the API serves it. */
export function outlineOfTree(tree: StrategyTree): OutlineTree {
  const node = (n: TreeNode): OutlineNode => ({
    ...n,
    items: n.items.map((item) => ({ ...item, entry: item.entry && outlineOf(item.entry) })),
    children: n.children.map(node),
  });
  return { ...tree, nodes: tree.nodes.map(node) };
}
