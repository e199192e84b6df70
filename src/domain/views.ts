/**
 * Read models returned by the services and the API (defined once, as zod schemas).
 */
import { z } from 'zod';
import { LogicModel } from './logic-model.ts';
import {
  Assessment,
  Cycle,
  CycleState,
  Indicator,
  ObservationPoint,
  Initiative,
  Organisation,
  ProgressEntry,
  ReviewState,
  Strategy,
  StrategyNode,
  Summary,
  VocabularyTerm,
} from './model.ts';

export const StrategyListItem = Strategy.extend({
  cycles: z.array(Cycle),
}).meta({ id: 'StrategyListItem' });
export type StrategyListItem = z.infer<typeof StrategyListItem>;

/** An indicator in the strategy tree: its figures as points (ObservationPoint). */
export const TreeIndicator = Indicator.extend({ observations: z.array(ObservationPoint) }).meta({
  id: 'TreeIndicator',
});
export type TreeIndicator = z.infer<typeof TreeIndicator>;

/** A row's edit record, which the outline tree leaves out (with the strategy id it implies). */
const EDIT_RECORD = { version: true, createdAt: true, updatedAt: true, updatedBy: true } as const;

/**
 * A progress entry as the API's tree carries it: its state and stage, when it last changed,
 * and a digest of its text instead of the text (主な進捗), plans and evidence, which the node
 * pages read with `GET …/nodes/:nodeId/entries`. `textDigest` (MD5 of the text's UTF-8,
 * hex) tells whether the text changed from one cycle to the next.
 */
export const EntryOutline = ProgressEntry.pick({
  id: true,
  initiativeId: true,
  stage: true,
  reviewState: true,
  submittedAt: true,
  version: true,
  updatedAt: true,
})
  .extend({ textDigest: z.string() })
  .meta({ id: 'EntryOutline' });
export type EntryOutline = z.infer<typeof EntryOutline>;

/** An initiative as the API's tree carries it: what it is, whose, and where it is listed. */
export const OutlineInitiative = Initiative.omit({ ...EDIT_RECORD, strategyId: true }).meta({
  id: 'OutlineInitiative',
});
export type OutlineInitiative = z.infer<typeof OutlineInitiative>;

/**
 * A figure as the API's tree carries it: what the dashboard's KPIs and sparklines draw. Its
 * source and note are on the indicator's own page (`GET /api/indicators/:id`).
 */
export const OutlinePoint = ObservationPoint.pick({ period: true, value: true }).meta({ id: 'OutlinePoint' });
export type OutlinePoint = z.infer<typeof OutlinePoint>;

/**
 * An indicator as the API's tree carries it: without its edit record (the indicators API has
 * it), its figures as period and value.
 */
export const OutlineIndicator = TreeIndicator.omit({ ...EDIT_RECORD, strategyId: true, observations: true })
  .extend({ observations: z.array(OutlinePoint) })
  .meta({ id: 'OutlineIndicator' });
export type OutlineIndicator = z.infer<typeof OutlineIndicator>;

/** One progress item as shown under a node: the initiative and its entry for the cycle. */
export interface TreeItemOf<E, I> {
  initiative: I;
  entry: E | null;
  /** Other nodes the same initiative is listed under (cross-listing). */
  alsoListedUnder: string[];
}

export interface TreeNodeOf<E, I> extends StrategyNode {
  depth: number;
  /** Items and assessment are resolved through `mirrorOf` for mirror nodes. */
  items: TreeItemOf<E, I>[];
  assessment: Assessment | null;
  indicatorIds: string[];
  /** Present when the node has a logic model (frozen with the tree at publication). */
  logicModel?: LogicModel;
  /** Present when the node stands for another strategy (an umbrella strategy's target): its id. */
  standsFor?: string;
  children: TreeNodeOf<E, I>[];
}

export interface StrategyTreeOf<E, I, K> {
  strategy: Strategy;
  cycle: Cycle;
  /** The cycle before this one that the caller may see, for comparisons. */
  previousCycleId: string | null;
  vocabulary: VocabularyTerm[];
  organisations: Organisation[];
  nodes: TreeNodeOf<E, I>[];
  indicators: K[];
  summary: Summary | null;
}

/** The zod schemas of a tree made of entries `E`, initiatives `I` and indicators `K`. */
function treeSchemas<E, I, K>(
  parts: { entry: z.ZodType<E>; initiative: z.ZodType<I>; indicator: z.ZodType<K> },
  ids: { item: string; node: string; tree: string },
) {
  const item: z.ZodType<TreeItemOf<E, I>> = z
    .object({
      initiative: parts.initiative,
      entry: parts.entry.nullable(),
      alsoListedUnder: z.array(z.string()),
    })
    .meta({ id: ids.item });
  const node: z.ZodType<TreeNodeOf<E, I>> = StrategyNode.extend({
    depth: z.number().int(),
    items: z.array(item),
    assessment: Assessment.nullable(),
    indicatorIds: z.array(z.string()),
    logicModel: LogicModel.optional(),
    standsFor: z.string().optional(),
    get children() {
      return z.array(node);
    },
  }).meta({ id: ids.node });
  const tree: z.ZodType<StrategyTreeOf<E, I, K>> = z
    .object({
      strategy: Strategy,
      cycle: Cycle,
      previousCycleId: z.string().nullable(),
      vocabulary: z.array(VocabularyTerm),
      organisations: z.array(Organisation),
      nodes: z.array(node),
      indicators: z.array(parts.indicator),
      summary: Summary.nullable(),
    })
    .meta({ id: ids.tree });
  return { item, node, tree };
}

/**
 * The whole tree with every record in full: what reports are made from and what a
 * publication freezes (its snapshot).
 */
const full = treeSchemas(
  { entry: ProgressEntry, initiative: Initiative, indicator: TreeIndicator },
  { item: 'TreeItem', node: 'TreeNode', tree: 'StrategyTree' },
);
export const TreeItem = full.item;
export type TreeItem = TreeItemOf<ProgressEntry, Initiative>;
export const TreeNode = full.node;
export type TreeNode = TreeNodeOf<ProgressEntry, Initiative>;
export const StrategyTree = full.tree;
export type StrategyTree = StrategyTreeOf<ProgressEntry, Initiative, TreeIndicator>;

/**
 * The tree as the API serves it: what the pages show of each record. The largest
 * strategy's tree is 2,000 initiatives and entries and 500 indicators; their texts, edit
 * records and implied keys were over half its bytes, and the reading of them most of its
 * time, for pages that never show them.
 */
const outline = treeSchemas(
  { entry: EntryOutline, initiative: OutlineInitiative, indicator: OutlineIndicator },
  { item: 'OutlineItem', node: 'OutlineNode', tree: 'OutlineTree' },
);
export const OutlineItem = outline.item;
export type OutlineItem = TreeItemOf<EntryOutline, OutlineInitiative>;
export const OutlineNode = outline.node;
export type OutlineNode = TreeNodeOf<EntryOutline, OutlineInitiative>;
export const OutlineTree = outline.tree;
export type OutlineTree = StrategyTreeOf<EntryOutline, OutlineInitiative, OutlineIndicator>;

/**
 * Where a shared initiative's entry of a year is shown: a strategy's cycle of that year, and
 * the nodes of that strategy listing the initiative.
 */
export const EntryUse = z
  .object({
    strategyId: z.string(),
    title: z.string(),
    titleEn: z.string(),
    cycleId: z.string(),
    fiscalYear: z.number().int(),
    state: CycleState,
    nodes: z.array(z.object({ id: z.string(), code: z.string(), title: z.string(), titleEn: z.string() })),
  })
  .meta({ id: 'EntryUse' });
export type EntryUse = z.infer<typeof EntryUse>;

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
/** Entries counted by review state (each entry in exactly one). */
const StateCounts = z.object({
  total: z.number(),
  draft: z.number(),
  submitted: z.number(),
  returned: z.number(),
  accepted: z.number(),
  not_applicable: z.number(),
  no_report: z.number(),
});

export const Checklist = z
  .object({
    entries: StateCounts.extend({
      /** accepted + not_applicable + no_report: what publication needs of every entry. */
      settled: z.number(),
    }),
    /** Per ministry (an entry owned jointly counts for each owner): its entries by state, and each item. */
    byOrganisation: z.array(
      StateCounts.extend({
        organisationId: z.string(),
        shortName: z.string(),
        /** Still owed by the ministry: draft or returned. */
        outstanding: z.number(),
        /** The deadline that applies to the ministry: its own, else the cycle's (ISO date). */
        deadline: z.string().nullable(),
        /** The ministry's own deadline (an extension), with its version, if it has one. */
        deadlineOverride: z.object({ deadline: z.string(), version: z.number() }).nullable(),
        /** Entries still owed after the deadline (期限超過). */
        overdue: z.number(),
        /** When the ministry was last sent a reminder (督促). */
        lastRemindedAt: z.string().nullable(),
        /** How many of the ministry's editors a reminder reaches. */
        editors: z.number(),
        items: z.array(z.object({ entryId: z.string(), title: z.string(), state: ReviewState })),
      }),
    ),
    /** The named exceptions publication will carry: which item, whose, why, and who decided. */
    exceptions: z.array(
      z.object({
        entryId: z.string(),
        initiativeId: z.string(),
        title: z.string(),
        organisations: z.array(z.string()),
        kind: z.enum(['not_applicable', 'no_report']),
        reason: z.string(),
        by: z.string(),
        at: z.string(),
      }),
    ),
    assessments: z.object({ needed: z.number(), done: z.number(), missing: z.array(z.string()) }),
    summary: z.boolean(),
    ready: z.boolean(),
  })
  .meta({ id: 'Checklist' });
export type Checklist = z.infer<typeof Checklist>;
