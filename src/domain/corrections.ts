/**
 * Corrections of a published cycle (訂正): what may be corrected, the record of each change
 * (kind, item, field, before, after, and where the public sees it), and how a change is
 * applied to a frozen tree. Pure: no database, no framework.
 */
import { z } from 'zod';
import { flatten } from './tree-builder.ts';
import type { StrategyTree, TreeIndicator, TreeNode } from './views.ts';

export const CORRECTION_KINDS = [
  'entry',
  'assessment',
  'summary',
  'indicator',
  'observation',
  'node',
  'initiative',
] as const;
export type CorrectionKind = (typeof CORRECTION_KINDS)[number];

/** The fields a correction may change, per kind. */
export const CORRECTABLE_FIELDS = {
  entry: ['text', 'textEn', 'stage', 'plans'],
  assessment: ['rating', 'narrative', 'narrativeEn', 'needsAcceleration', 'remark'],
  summary: ['overall', 'overallEn', 'pillars'],
  indicator: ['baselineValue', 'baselinePeriod', 'targetValue', 'targetText', 'targetPeriod'],
  observation: ['value', 'source', 'note'],
  node: ['title', 'titleEn'],
  initiative: ['title', 'titleEn'],
} as const satisfies Record<CorrectionKind, readonly string[]>;

/** The page that shows a corrected fact, and so carries the 「訂正あり」 mark. */
export const CorrectionSubject = z
  .object({
    type: z.enum(['node', 'initiative', 'indicator', 'summary']),
    /** node, initiative or indicator id; the cycle id for the summary */
    id: z.string(),
    /** its title as published (before this correction), for the public notice */
    title: z.string(),
  })
  .meta({ id: 'CorrectionSubject' });
export type CorrectionSubject = z.infer<typeof CorrectionSubject>;

export const CorrectionChange = z
  .object({
    kind: z.enum(CORRECTION_KINDS),
    /** the corrected record: entry, assessment, cycle (summary), indicator, observation, node, initiative */
    itemId: z.string(),
    field: z.string(),
    before: z.unknown(),
    after: z.unknown(),
    subject: CorrectionSubject,
    /** The audit trail's names for the record (kept from the first version of this list). */
    entityType: z.string(),
    entityId: z.string(),
  })
  .meta({ id: 'CorrectionChange' });
export type CorrectionChange = z.infer<typeof CorrectionChange>;

export const Correction = z
  .object({
    id: z.string(),
    cycleId: z.string(),
    /** the revision this correction made (the published cycle is revision 0) */
    revision: z.number().int(),
    reason: z.string(),
    /** The reason in English ('' when not translated). */
    reasonEn: z.string(),
    changes: z.array(CorrectionChange),
    createdAt: z.string(),
    /** SHA-256 of the snapshot this correction produced ('' when unknown) */
    contentHash: z.string(),
  })
  .meta({ id: 'Correction' });
export type Correction = z.infer<typeof Correction>;

/** The published record of a cycle: its newest revision, when it was published, and every revision's hash. */
export const Publication = z
  .object({
    revision: z.number().int(),
    publishedAt: z.string().nullable(),
    contentHash: z.string(),
    revisions: z.array(
      z.object({ revision: z.number().int(), createdAt: z.string(), contentHash: z.string() }),
    ),
  })
  .meta({ id: 'Publication' });
export type Publication = z.infer<typeof Publication>;

/** GET …/cycles/:cycleId/corrections: the corrections, oldest first, and the published record. */
export const CorrectionList = z
  .object({ corrections: z.array(Correction), publication: Publication.nullable() })
  .meta({ id: 'CorrectionList' });
export type CorrectionList = z.infer<typeof CorrectionList>;

/**
 * A correction as it is asked for: a reason, the revision it was prepared on, and for each
 * kind of fact the items and their new values (a value left out stays as published).
 */
export interface CorrectionRequest {
  reason: string;
  /** The reason in English ('' or absent: not translated). */
  reasonEn?: string | undefined;
  /** The revision the correction was prepared on: another correction first is a conflict. */
  revision?: number | undefined;
  entries?: {
    id: string;
    version: number;
    text?: string | undefined;
    textEn?: string | undefined;
    stage?: string | null | undefined;
    plans?: { period: string; text: string }[] | undefined;
  }[];
  assessments?: {
    nodeId: string;
    version: number;
    rating?: string | null | undefined;
    narrative?: string | undefined;
    narrativeEn?: string | undefined;
    needsAcceleration?: boolean | undefined;
    remark?: string | undefined;
  }[];
  summary?: {
    version: number;
    overall?: string[] | undefined;
    overallEn?: string[] | undefined;
    /** A pillar sent without bulletsEn keeps the English it was published with. */
    pillars?: { nodeId: string; bullets: string[]; bulletsEn?: string[] | undefined }[] | undefined;
  } | null;
  indicators?: {
    id: string;
    baselineValue?: number | null | undefined;
    baselinePeriod?: string | null | undefined;
    targetValue?: number | null | undefined;
    targetText?: string | undefined;
    targetPeriod?: string | null | undefined;
  }[];
  observations?: {
    id: string;
    value?: number | undefined;
    source?: string | undefined;
    note?: string | undefined;
  }[];
  nodes?: { id: string; title?: string | undefined; titleEn?: string | undefined }[];
  initiatives?: { id: string; title?: string | undefined; titleEn?: string | undefined }[];
}

const ENTITY_TYPES: Record<CorrectionKind, string> = {
  entry: 'progress_entry',
  assessment: 'assessment',
  summary: 'summary',
  indicator: 'indicator',
  observation: 'observation',
  node: 'node',
  initiative: 'initiative',
};

export const entityTypeOf = (kind: CorrectionKind): string => ENTITY_TYPES[kind];

/**
 * A stored change as the current list shows it: rows written before changes named their
 * kind and field ({entityType, entityId} only) keep what they said, with their subject
 * unknown (an empty id and title).
 */
export function readChange(raw: unknown, cycleId: string): CorrectionChange {
  const parsed = CorrectionChange.safeParse(raw);
  if (parsed.success) return parsed.data;
  const old = raw as { entityType?: string; entityId?: string };
  const kind = (Object.entries(ENTITY_TYPES).find(([, t]) => t === old.entityType)?.[0] ??
    'entry') as CorrectionKind;
  return {
    kind,
    itemId: old.entityId ?? '',
    field: '',
    before: null,
    after: null,
    subject: {
      type: kind === 'summary' ? 'summary' : 'node',
      id: kind === 'summary' ? cycleId : '',
      title: '',
    },
    entityType: old.entityType ?? '',
    entityId: old.entityId ?? '',
  };
}

/** Two JSON values are the same (field values of a tree: text, numbers, arrays, objects). */
export function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
}

/** Where a tree holds the record a change names, or undefined when it holds none. */
export function findRecord(
  tree: StrategyTree,
  kind: CorrectionKind,
  itemId: string,
): Record<string, unknown> | undefined {
  const nodes = flatten(tree.nodes);
  switch (kind) {
    case 'entry':
      for (const n of nodes) for (const i of n.items) if (i.entry?.id === itemId) return i.entry;
      return undefined;
    case 'assessment':
      return nodes.find((n) => n.assessment?.id === itemId)?.assessment ?? undefined;
    case 'summary':
      return tree.summary && tree.cycle.id === itemId ? tree.summary : undefined;
    case 'indicator':
      return tree.indicators.find((k) => k.id === itemId);
    case 'observation':
      return observationsOf(tree.indicators).find((o) => o.id === itemId);
    case 'node':
      return nodes.find((n) => n.id === itemId) as unknown as Record<string, unknown> | undefined;
    case 'initiative':
      for (const n of nodes) for (const i of n.items) if (i.initiative.id === itemId) return i.initiative;
      return undefined;
  }
}

function observationsOf(indicators: TreeIndicator[]) {
  return indicators.flatMap((k) => k.observations);
}

/**
 * Applies changes to a tree (a copy is returned; the argument is left as it was). Every
 * place a record shows is changed: an entry or initiative listed under several nodes, an
 * assessment shown by mirror nodes.
 */
export function applyChanges(tree: StrategyTree, changes: readonly CorrectionChange[]): StrategyTree {
  const out = structuredClone(tree);
  const nodes = flatten(out.nodes);
  for (const c of changes) {
    const set = (record: Record<string, unknown> | null | undefined) => {
      if (record) record[c.field] = structuredClone(c.after);
    };
    switch (c.kind) {
      case 'entry':
        nodes.forEach((n) => n.items.forEach((i) => i.entry?.id === c.itemId && set(i.entry)));
        break;
      case 'assessment':
        nodes.forEach((n) => n.assessment?.id === c.itemId && set(n.assessment));
        break;
      case 'summary':
        set(out.summary);
        break;
      case 'indicator':
        out.indicators.forEach((k) => k.id === c.itemId && set(k));
        break;
      case 'observation':
        observationsOf(out.indicators).forEach((o) => o.id === c.itemId && set(o));
        break;
      case 'node':
        nodes.forEach((n) => n.id === c.itemId && set(n as unknown as Record<string, unknown>));
        break;
      case 'initiative':
        nodes.forEach((n) => n.items.forEach((i) => i.initiative.id === c.itemId && set(i.initiative)));
        break;
    }
  }
  return out;
}

/**
 * Replaces records in a tree with their stored rows after a correction (the same id): their
 * version and time of change follow the database's.
 */
export function replaceRecords(
  tree: StrategyTree,
  records: { kind: 'entry' | 'assessment' | 'summary'; record: { id?: string } & object }[],
): void {
  const nodes: TreeNode[] = flatten(tree.nodes);
  for (const { kind, record } of records) {
    if (kind === 'summary') tree.summary = record as StrategyTree['summary'];
    for (const n of nodes) {
      if (kind === 'assessment' && n.assessment?.id === record.id)
        n.assessment = record as TreeNode['assessment'];
      if (kind === 'entry')
        for (const i of n.items) if (i.entry?.id === record.id) i.entry = record as typeof i.entry;
    }
  }
}
