/**
 * Read models returned by the services and the API (defined once, as zod schemas).
 */
import { z } from 'zod';
import {
  Assessment,
  Cycle,
  Indicator,
  ObservationPoint,
  Initiative,
  Organisation,
  ProgressEntry,
  Strategy,
  StrategyNode,
  Summary,
  VocabularyTerm,
} from './model.ts';

export const StrategyListItem = Strategy.extend({
  cycles: z.array(Cycle),
}).meta({ id: 'StrategyListItem' });
export type StrategyListItem = z.infer<typeof StrategyListItem>;

/**
 * A progress entry as the strategy tree carries it: its state and stage, and a digest of
 * its text instead of the text (主な進捗), plans and evidence, which the node pages read
 * with `GET …/nodes/:nodeId/entries`. The largest strategy's tree is 2,000 entries; their
 * texts were a quarter of its bytes and most of the time spent reading it, for pages (the
 * dashboard, the tree, the matrix) that never show them. `textDigest` (MD5 of the text's
 * UTF-8, hex) tells whether the text changed from one cycle to the next.
 */
export const EntryOutline = ProgressEntry.omit({
  text: true,
  plans: true,
  evidence: true,
  reviewComment: true,
})
  .extend({ textDigest: z.string() })
  .meta({ id: 'EntryOutline' });
export type EntryOutline = z.infer<typeof EntryOutline>;

/** One progress item as shown under a node: the initiative and its entry for the cycle. */
export interface TreeItemOf<E> {
  initiative: Initiative;
  entry: E | null;
  /** Other nodes the same initiative is listed under (cross-listing). */
  alsoListedUnder: string[];
}

export interface TreeNodeOf<E> extends StrategyNode {
  depth: number;
  /** Items and assessment are resolved through `mirrorOf` for mirror nodes. */
  items: TreeItemOf<E>[];
  assessment: Assessment | null;
  indicatorIds: string[];
  children: TreeNodeOf<E>[];
}

/** An indicator in the strategy tree: its figures as points (ObservationPoint). */
export const TreeIndicator = Indicator.extend({ observations: z.array(ObservationPoint) }).meta({
  id: 'TreeIndicator',
});
export type TreeIndicator = z.infer<typeof TreeIndicator>;

export interface StrategyTreeOf<E> {
  strategy: Strategy;
  cycle: Cycle;
  /** The cycle before this one that the caller may see, for comparisons. */
  previousCycleId: string | null;
  vocabulary: VocabularyTerm[];
  organisations: Organisation[];
  nodes: TreeNodeOf<E>[];
  indicators: TreeIndicator[];
  summary: Summary | null;
}

/** The zod schemas of a tree whose items carry entries of schema `entry`. */
function treeSchemas<E>(entry: z.ZodType<E>, ids: { item: string; node: string; tree: string }) {
  const item: z.ZodType<TreeItemOf<E>> = z
    .object({ initiative: Initiative, entry: entry.nullable(), alsoListedUnder: z.array(z.string()) })
    .meta({ id: ids.item });
  const node: z.ZodType<TreeNodeOf<E>> = StrategyNode.extend({
    depth: z.number().int(),
    items: z.array(item),
    assessment: Assessment.nullable(),
    indicatorIds: z.array(z.string()),
    get children() {
      return z.array(node);
    },
  }).meta({ id: ids.node });
  const tree: z.ZodType<StrategyTreeOf<E>> = z
    .object({
      strategy: Strategy,
      cycle: Cycle,
      previousCycleId: z.string().nullable(),
      vocabulary: z.array(VocabularyTerm),
      organisations: z.array(Organisation),
      nodes: z.array(node),
      indicators: z.array(TreeIndicator),
      summary: Summary.nullable(),
    })
    .meta({ id: ids.tree });
  return { item, node, tree };
}

/**
 * The whole tree with every entry in full: what reports are made from and what a
 * publication freezes (its snapshot).
 */
const full = treeSchemas(ProgressEntry, { item: 'TreeItem', node: 'TreeNode', tree: 'StrategyTree' });
export const TreeItem = full.item;
export type TreeItem = TreeItemOf<ProgressEntry>;
export const TreeNode = full.node;
export type TreeNode = TreeNodeOf<ProgressEntry>;
export const StrategyTree = full.tree;
export type StrategyTree = StrategyTreeOf<ProgressEntry>;

/** The tree as the API serves it: entries as outlines (EntryOutline). */
const outline = treeSchemas(EntryOutline, { item: 'OutlineItem', node: 'OutlineNode', tree: 'OutlineTree' });
export const OutlineItem = outline.item;
export type OutlineItem = TreeItemOf<EntryOutline>;
export const OutlineNode = outline.node;
export type OutlineNode = TreeNodeOf<EntryOutline>;
export const OutlineTree = outline.tree;
export type OutlineTree = StrategyTreeOf<EntryOutline>;

export const InitiativeDetail = z
  .object({
    initiative: Initiative,
    strategy: Strategy,
    owners: z.array(Organisation),
    nodes: z.array(StrategyNode),
    /** One entry per visible cycle, oldest first. */
    timeline: z.array(z.object({ cycle: Cycle, entry: ProgressEntry.nullable() })),
    indicators: z.array(Indicator),
  })
  .meta({ id: 'InitiativeDetail' });
export type InitiativeDetail = z.infer<typeof InitiativeDetail>;

/** The publication checklist of a cycle, and who has not reported yet. */
export const Checklist = z
  .object({
    entries: z.object({
      total: z.number(),
      draft: z.number(),
      submitted: z.number(),
      returned: z.number(),
      accepted: z.number(),
    }),
    /** Per ministry: how many of its entries are still owed (the "who has not reported" view). */
    byOrganisation: z.array(
      z.object({
        organisationId: z.string(),
        shortName: z.string(),
        total: z.number(),
        submitted: z.number(),
        accepted: z.number(),
        outstanding: z.number(),
      }),
    ),
    assessments: z.object({ needed: z.number(), done: z.number(), missing: z.array(z.string()) }),
    summary: z.boolean(),
    ready: z.boolean(),
  })
  .meta({ id: 'Checklist' });
export type Checklist = z.infer<typeof Checklist>;
