/**
 * Records as the API's tree carries them (OutlineTree): entries with a digest of their text
 * in place of the text, initiatives and indicators without their edit records.
 */
import { createHash } from 'node:crypto';
import type { Initiative, ProgressEntry } from './model.ts';
import type {
  EntryOutline,
  OutlineIndicator,
  OutlineInitiative,
  OutlineNode,
  OutlineTree,
  StrategyTree,
  TreeIndicator,
  TreeNode,
} from './views.ts';

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
    stage: e.stage,
    reviewState: e.reviewState,
    submittedAt: e.submittedAt,
    version: e.version,
    updatedAt: e.updatedAt,
    textDigest: textDigest(e.text),
  };
}

/** An initiative as the tree carries it. */
export function outlineOfInitiative(i: Initiative): OutlineInitiative {
  return { id: i.id, title: i.title, titleEn: i.titleEn, ownerIds: i.ownerIds, listings: i.listings };
}

/** An indicator as the tree carries it. */
export function outlineOfIndicator(k: TreeIndicator): OutlineIndicator {
  // eslint-disable-next-line @typescript-eslint/no-unused-vars -- the fields left out
  const { strategyId, version, createdAt, updatedAt, updatedBy, observations, ...shown } = k;
  return { ...shown, observations: observations.map((o) => ({ period: o.period, value: o.value })) };
}

/** A tree with its records in full (a snapshot) as the API serves it. */
export function outlineOfTree(tree: StrategyTree): OutlineTree {
  const node = (n: TreeNode): OutlineNode => ({
    ...n,
    items: n.items.map((item) => ({
      initiative: outlineOfInitiative(item.initiative),
      entry: item.entry && outlineOf(item.entry),
      alsoListedUnder: item.alsoListedUnder,
    })),
    children: n.children.map(node),
  });
  return { ...tree, nodes: tree.nodes.map(node), indicators: tree.indicators.map(outlineOfIndicator) };
}
