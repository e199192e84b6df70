/**
 * The interchange format: a whole strategy with all its cycles, as written by
 * `shinchoku export` and read by `shinchoku import`. The sample data is kept in this form
 * and the report-text importer produces it. Documented by schemas/strategy-export.v1.json
 * (generated from this module; see `npm run schemas`).
 *
 * Field order here is the order in the file; export writes keys in this order and arrays
 * in a fixed order, so that export → import → export is byte-identical.
 */
import { z } from 'zod';
import { DEFAULT_LICENCE } from './licences.ts';
import { LogicModel } from './logic-model.ts';
import { LicenceId, ReviewState } from './model.ts';

export const FORMAT_NAME = 'shinchoku.strategy';
export const FORMAT_VERSION = 1;

const Id = z
  .string()
  .min(1)
  .max(100)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'ids use letters, digits, ".", "_" and "-"');
const Timestamp = z.iso.datetime({ offset: true });
/**
 * A period code (see domain/calendar.ts): 'FY2022' (2022年度), 'FY2022-end' (2022年度末),
 * '2025' (calendar year), '2023-04' (month), '2023-04-01' (day).
 */
export const PeriodCode = z
  .string()
  .regex(
    /^(FY\d{4}(-end)?|\d{4}(-\d{2}(-\d{2})?)?)$/,
    'not a period code (FY2022, FY2022-end, 2025, 2023-04, 2023-04-01)',
  );
const Text = z.string().max(20_000);
const Label = z.string().max(1_000);

/**
 * Bookkeeping of every mutable row. Export always writes it; a hand-written file (the
 * sample, a recovered report) may leave it out, and import then stamps the rows itself.
 */
const tracked = {
  version: z.number().int().min(1).optional(),
  createdAt: Timestamp.optional(),
  updatedAt: Timestamp.optional(),
  updatedBy: z.string().min(1).max(200).optional(),
};

export const OrganisationRecord = z.object({
  id: Id,
  shortName: z.string().min(1).max(100),
  nameJa: Label.min(1),
  nameEn: Label.default(''),
  aliases: z.array(Label).default([]),
  ...tracked,
});

export const LevelLabel = z.object({ ja: Label.min(1), en: Label.default('') });

export const VocabularyTermRecord = z.object({
  code: z.string().regex(/^[a-z][a-z0-9_]*$/),
  labelJa: Label.min(1),
  labelEn: Label.default(''),
  category: z.string().min(1).max(40),
  ...tracked,
});

export const NodeRecord = z.object({
  id: Id,
  parentId: Id.nullable(),
  code: z.string().max(40).default(''),
  title: Label.min(1),
  titleEn: Label.default(''),
  note: Label.default(''),
  mirrorOf: Id.nullable().default(null),
  /** The node's logic model (activities are its initiatives, so they are not repeated). */
  logicModel: LogicModel.optional(),
  ...tracked,
});

export const InitiativeRecord = z.object({
  id: Id,
  title: Label.min(1),
  titleEn: Label.default(''),
  /** Organisation ids, in the order their short names appear in the report tag. */
  owners: z.array(Id).min(1),
  /** Node ids this initiative is listed under, with its position in each list. */
  listings: z.array(z.object({ nodeId: Id, position: z.number().int().min(0) })).min(1),
  ...tracked,
});

export const ObservationRecord = z.object({
  /** Optional on import: derived from the indicator id and the period. */
  id: Id.optional(),
  cycleId: Id.nullable().default(null),
  period: PeriodCode,
  value: z.number().finite(),
  source: Label.default(''),
  note: Label.default(''),
  ...tracked,
});

export const IndicatorRecord = z.object({
  id: Id,
  nodeId: Id.nullable().default(null),
  initiativeId: Id.nullable().default(null),
  name: Label.min(1),
  nameEn: Label.default(''),
  unit: z.string().max(40).default(''),
  direction: z.enum(['increase', 'decrease', 'maintain']).default('increase'),
  baselineValue: z.number().finite().nullable().default(null),
  baselinePeriod: PeriodCode.nullable().default(null),
  targetValue: z.number().finite().nullable().default(null),
  targetText: Label.default(''),
  targetPeriod: PeriodCode.nullable().default(null),
  observations: z.array(ObservationRecord).default([]),
  ...tracked,
});

export const Plan = z.object({ period: PeriodCode, text: Label.min(1) });
export const Evidence = z.object({ url: z.url({ protocol: /^https?$/ }), title: Label.default('') });

export const ProgressEntryRecord = z.object({
  /** Optional on import: derived from the cycle and initiative ids. */
  id: Id.optional(),
  initiativeId: Id,
  text: Text,
  /** The progress text in English ('' when not translated). */
  textEn: Text.default(''),
  stage: z.string().nullable().default(null),
  plans: z.array(Plan).default([]),
  evidence: z.array(Evidence).default([]),
  reviewState: ReviewState.default('accepted'),
  reviewComment: Text.default(''),
  submittedAt: Timestamp.nullable().default(null),
  ...tracked,
});

export const AssessmentRecord = z.object({
  /** Optional on import: derived from the cycle and node ids. */
  id: Id.optional(),
  nodeId: Id,
  rating: z.string().nullable().default(null),
  narrative: Text,
  /** 概況 in English ('' when not translated). */
  narrativeEn: Text.default(''),
  needsAcceleration: z.boolean().default(false),
  remark: Text.default(''),
  ...tracked,
});

export const SummaryRecord = z.object({
  overall: z.array(Text),
  /** The overall verdict in English ([] when not translated). */
  overallEn: z.array(Text).default([]),
  pillars: z.array(z.object({ nodeId: Id, bullets: z.array(Text), bulletsEn: z.array(Text).default([]) })),
  ...tracked,
});

/** One revision of a published cycle as stored: its tree and the SHA-256 of that tree's JSON text. */
export const SnapshotRecord = z.object({
  revision: z.number().int().min(0),
  createdAt: Timestamp,
  contentHash: z.string().regex(/^[0-9a-f]{64}$/, 'a SHA-256 in hex'),
  /**
   * The published tree (StrategyTree) of this revision; its JSON text (JSON.stringify)
   * hashes to contentHash, which import checks.
   */
  tree: z.record(z.string(), z.unknown()),
});

/** A correction (訂正): the revision it made, its reason and changes (CorrectionChange[]). */
export const CorrectionRecord = z.object({
  id: Id,
  revision: z.number().int().min(1),
  reason: Text.min(1),
  /** The reason in English ('' when not translated). */
  reasonEn: Text.default(''),
  changes: z.array(z.record(z.string(), z.unknown())),
  createdAt: Timestamp,
  createdBy: z.string().min(1).max(200),
});

/**
 * The published record of a published cycle: every revision and the corrections between
 * them. Export writes it; a file without it (the sample, a hand-written file) is frozen on
 * import from its rows as revision 0.
 */
export const PublicationRecord = z.object({
  snapshots: z.array(SnapshotRecord).min(1),
  corrections: z.array(CorrectionRecord).default([]),
});

export const CycleRecord = z.object({
  id: Id,
  fiscalYear: z.number().int().min(1900).max(2200),
  asOf: PeriodCode,
  state: z.enum(['draft', 'open', 'closed', 'published']),
  publishedAt: Timestamp.nullable().default(null),
  /** Submission deadline for ministries. */
  deadline: z.iso.date().nullable().default(null),
  progress: z.array(ProgressEntryRecord).default([]),
  assessments: z.array(AssessmentRecord).default([]),
  summary: SummaryRecord.nullable().default(null),
  publication: PublicationRecord.optional(),
  ...tracked,
});

export const StrategyExport = z.object({
  format: z.literal(FORMAT_NAME),
  formatVersion: z.literal(FORMAT_VERSION),
  organisations: z.array(OrganisationRecord),
  strategy: z.object({
    id: Id,
    title: Label.min(1),
    titleEn: Label.default(''),
    ownerOrganisationId: Id.nullable().default(null),
    levelLabels: z.array(LevelLabel).default([]),
    description: Text.default(''),
    licenceId: LicenceId.default(DEFAULT_LICENCE),
    attribution: Text.default(''),
    ...tracked,
  }),
  vocabularies: z.object({
    stages: z.array(VocabularyTermRecord),
    ratings: z.array(VocabularyTermRecord),
  }),
  nodes: z.array(NodeRecord),
  initiatives: z.array(InitiativeRecord),
  indicators: z.array(IndicatorRecord).default([]),
  cycles: z.array(CycleRecord).default([]),
});

export type StrategyExport = z.infer<typeof StrategyExport>;
/** What a hand-written file may contain (defaults not yet applied). */
export type StrategyExportInput = z.input<typeof StrategyExport>;
export type OrganisationRecord = z.infer<typeof OrganisationRecord>;
export type NodeRecord = z.infer<typeof NodeRecord>;
export type InitiativeRecord = z.infer<typeof InitiativeRecord>;
export type IndicatorRecord = z.infer<typeof IndicatorRecord>;
export type ObservationRecord = z.infer<typeof ObservationRecord>;
export type CycleRecord = z.infer<typeof CycleRecord>;
export type ProgressEntryRecord = z.infer<typeof ProgressEntryRecord>;
export type AssessmentRecord = z.infer<typeof AssessmentRecord>;
export type SummaryRecord = z.infer<typeof SummaryRecord>;
export type PublicationRecord = z.infer<typeof PublicationRecord>;
export type VocabularyTermRecord = z.infer<typeof VocabularyTermRecord>;

/** What an entry record says of its entry, without its keys and edit record (both the importer's to set). */
export function entryContent(e: ProgressEntryRecord) {
  const { text, textEn, stage, plans, evidence, reviewState, reviewComment, submittedAt } = e;
  return { text, textEn, stage, plans, evidence, reviewState, reviewComment, submittedAt };
}

/** What an assessment record says of its node, without its keys and edit record. */
export function assessmentContent(a: AssessmentRecord) {
  const { rating, narrative, narrativeEn, needsAcceleration, remark } = a;
  return { rating, narrative, narrativeEn, needsAcceleration, remark };
}
