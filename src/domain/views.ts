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

/** One progress item as shown under a node: the initiative and its entry for the cycle. */
export const TreeItem = z
  .object({
    initiative: Initiative,
    entry: ProgressEntry.nullable(),
    /** Other nodes the same initiative is listed under (cross-listing). */
    alsoListedUnder: z.array(z.string()),
  })
  .meta({ id: 'TreeItem' });
export type TreeItem = z.infer<typeof TreeItem>;

export interface TreeNode extends StrategyNode {
  depth: number;
  /** Items and assessment are resolved through `mirrorOf` for mirror nodes. */
  items: TreeItem[];
  assessment: Assessment | null;
  indicatorIds: string[];
  children: TreeNode[];
}

export const TreeNode: z.ZodType<TreeNode> = StrategyNode.extend({
  depth: z.number().int(),
  items: z.array(TreeItem),
  assessment: Assessment.nullable(),
  indicatorIds: z.array(z.string()),
  get children() {
    return z.array(TreeNode);
  },
}).meta({ id: 'TreeNode' });

/** An indicator in the strategy tree: its figures as points (ObservationPoint). */
export const TreeIndicator = Indicator.extend({ observations: z.array(ObservationPoint) }).meta({
  id: 'TreeIndicator',
});
export type TreeIndicator = z.infer<typeof TreeIndicator>;

export const StrategyTree = z
  .object({
    strategy: Strategy,
    cycle: Cycle,
    /** The cycle before this one that the caller may see, for comparisons. */
    previousCycleId: z.string().nullable(),
    vocabulary: z.array(VocabularyTerm),
    organisations: z.array(Organisation),
    nodes: z.array(TreeNode),
    indicators: z.array(TreeIndicator),
    summary: Summary.nullable(),
  })
  .meta({ id: 'StrategyTree' });
export type StrategyTree = z.infer<typeof StrategyTree>;

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
