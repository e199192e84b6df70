/**
 * The domain entities, defined once as zod schemas: repositories return these types, the
 * API validates and documents its responses with them (OpenAPI is generated from them) and
 * the web client imports the inferred types.
 */
import { z } from 'zod';
import { LICENCE_IDS } from './licences.ts';

export const LicenceId = z.enum(LICENCE_IDS);
export type LicenceId = z.infer<typeof LicenceId>;

export const Tracked = z.object({
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
  updatedBy: z.string(),
});

export const LevelLabel = z.object({ ja: z.string(), en: z.string() });
export type LevelLabel = z.infer<typeof LevelLabel>;

export const Organisation = Tracked.extend({
  id: z.string(),
  /** 報告書での略称: 科技, 農水省 … */
  shortName: z.string(),
  nameJa: z.string(),
  nameEn: z.string(),
  aliases: z.array(z.string()),
  position: z.number().int(),
}).meta({ id: 'Organisation' });
export type Organisation = z.infer<typeof Organisation>;

export const Strategy = Tracked.extend({
  id: z.string(),
  title: z.string(),
  titleEn: z.string(),
  ownerOrganisationId: z.string().nullable(),
  levelLabels: z.array(LevelLabel),
  description: z.string(),
  position: z.number().int(),
  /** The licence of the published data (政府標準利用規約（第2.0版） unless chosen otherwise). */
  licenceId: LicenceId,
  /** The credit line reusers give; empty: generated from publisher and title. */
  attribution: z.string(),
}).meta({ id: 'Strategy' });
export type Strategy = z.infer<typeof Strategy>;

export const VocabularyKind = z.enum(['stage', 'rating']);
export type VocabularyKind = z.infer<typeof VocabularyKind>;

export const VocabularyTerm = Tracked.extend({
  strategyId: z.string(),
  kind: VocabularyKind,
  code: z.string(),
  labelJa: z.string(),
  labelEn: z.string(),
  /** stage: planned | underway | done — rating: good | neutral | attention */
  category: z.string(),
  position: z.number().int(),
}).meta({ id: 'VocabularyTerm' });
export type VocabularyTerm = z.infer<typeof VocabularyTerm>;

type TermText = Pick<VocabularyTerm, 'code' | 'labelJa' | 'labelEn' | 'category'>;

/**
 * A strategy's stage and rating terms as rows (without their edit record), each with the
 * term it came from.
 * @example vocabularyRows('s1', { stages: [planned], ratings: [] }) // [{ row: { kind: 'stage', position: 0, … }, term: planned }]
 */
export function vocabularyRows<T extends TermText>(
  strategyId: string,
  vocabularies: { stages: readonly T[]; ratings: readonly T[] },
): { row: Omit<VocabularyTerm, keyof z.infer<typeof Tracked>>; term: T }[] {
  return (['stage', 'rating'] as const).flatMap((kind) =>
    (kind === 'stage' ? vocabularies.stages : vocabularies.ratings).map((term, position) => ({
      row: {
        strategyId,
        kind,
        code: term.code,
        labelJa: term.labelJa,
        labelEn: term.labelEn,
        category: term.category,
        position,
      },
      term,
    })),
  );
}

export const StrategyNode = Tracked.extend({
  id: z.string(),
  strategyId: z.string(),
  parentId: z.string().nullable(),
  position: z.number().int(),
  code: z.string(),
  title: z.string(),
  titleEn: z.string(),
  note: z.string(),
  mirrorOf: z.string().nullable(),
}).meta({ id: 'StrategyNode' });
export type StrategyNode = z.infer<typeof StrategyNode>;

export const Initiative = Tracked.extend({
  id: z.string(),
  strategyId: z.string(),
  title: z.string(),
  titleEn: z.string(),
  /** Owning organisation ids in tag order. */
  ownerIds: z.array(z.string()),
  /** Where the initiative is listed (cross-listing: several nodes). */
  listings: z.array(z.object({ nodeId: z.string(), position: z.number().int() })),
}).meta({ id: 'Initiative' });
export type Initiative = z.infer<typeof Initiative>;

export const CycleState = z.enum(['draft', 'open', 'closed', 'published']);
export type CycleState = z.infer<typeof CycleState>;

export const Cycle = Tracked.extend({
  id: z.string(),
  strategyId: z.string(),
  fiscalYear: z.number().int(),
  asOf: z.string(),
  state: CycleState,
  publishedAt: z.string().nullable(),
  /** Submission deadline for ministries (ISO date). */
  deadline: z.string().nullable(),
}).meta({ id: 'Cycle' });
export type Cycle = z.infer<typeof Cycle>;

export const Plan = z.object({ period: z.string(), text: z.string() });
export type Plan = z.infer<typeof Plan>;
export const Evidence = z.object({ url: z.string(), title: z.string() });
export type Evidence = z.infer<typeof Evidence>;

/**
 * Where an entry is in review. `not_applicable` (該当なし) and `no_report` (報告なし) are the
 * secretariat's named exceptions: the entry's text is then the stated reason, published as such.
 */
export const ReviewState = z.enum([
  'draft',
  'submitted',
  'returned',
  'accepted',
  'not_applicable',
  'no_report',
]);
export type ReviewState = z.infer<typeof ReviewState>;

export const ProgressEntry = Tracked.extend({
  id: z.string(),
  initiativeId: z.string(),
  cycleId: z.string(),
  /** 主な進捗 */
  text: z.string(),
  /** The progress text in English ('' when not translated). */
  textEn: z.string(),
  stage: z.string().nullable(),
  plans: z.array(Plan),
  evidence: z.array(Evidence),
  reviewState: ReviewState,
  reviewComment: z.string(),
  submittedAt: z.string().nullable(),
}).meta({ id: 'ProgressEntry' });
export type ProgressEntry = z.infer<typeof ProgressEntry>;

export const Direction = z.enum(['increase', 'decrease', 'maintain']);
export type Direction = z.infer<typeof Direction>;

export const Observation = Tracked.extend({
  id: z.string(),
  indicatorId: z.string(),
  cycleId: z.string().nullable(),
  period: z.string(),
  value: z.number(),
  source: z.string(),
  note: z.string(),
}).meta({ id: 'Observation' });
export type Observation = z.infer<typeof Observation>;

/**
 * A figure as the strategy tree carries it: what its charts and tables show, without its
 * edit record (version, timestamps, author), which the indicators API keeps. The tree of a
 * large strategy holds thousands of figures, and the record was two fifths of their bytes.
 */
export const ObservationPoint = Observation.pick({
  id: true,
  cycleId: true,
  period: true,
  value: true,
  source: true,
  note: true,
}).meta({ id: 'ObservationPoint' });
export type ObservationPoint = z.infer<typeof ObservationPoint>;

/** A figure's point fields, copied without whatever else the row carries. */
export function observationPoint(o: ObservationPoint): ObservationPoint {
  return { id: o.id, cycleId: o.cycleId, period: o.period, value: o.value, source: o.source, note: o.note };
}

export const Indicator = Tracked.extend({
  id: z.string(),
  strategyId: z.string(),
  nodeId: z.string().nullable(),
  initiativeId: z.string().nullable(),
  name: z.string(),
  nameEn: z.string(),
  unit: z.string(),
  direction: Direction,
  baselineValue: z.number().nullable(),
  baselinePeriod: z.string().nullable(),
  targetValue: z.number().nullable(),
  targetText: z.string(),
  targetPeriod: z.string().nullable(),
  position: z.number().int(),
  observations: z.array(Observation),
}).meta({ id: 'Indicator' });
export type Indicator = z.infer<typeof Indicator>;

/** What defines an indicator: everything but its strategy, place, figures and edit record. */
export type IndicatorDefinition = Pick<
  Indicator,
  | 'id'
  | 'nodeId'
  | 'initiativeId'
  | 'name'
  | 'nameEn'
  | 'unit'
  | 'direction'
  | 'baselineValue'
  | 'baselinePeriod'
  | 'targetValue'
  | 'targetText'
  | 'targetPeriod'
>;

/** An indicator's defining fields, copied (exports and published records carry these). */
export function indicatorDefinition(k: IndicatorDefinition): IndicatorDefinition {
  return {
    id: k.id,
    nodeId: k.nodeId,
    initiativeId: k.initiativeId,
    name: k.name,
    nameEn: k.nameEn,
    unit: k.unit,
    direction: k.direction,
    baselineValue: k.baselineValue,
    baselinePeriod: k.baselinePeriod,
    targetValue: k.targetValue,
    targetText: k.targetText,
    targetPeriod: k.targetPeriod,
  };
}

export const Assessment = Tracked.extend({
  id: z.string(),
  nodeId: z.string(),
  cycleId: z.string(),
  rating: z.string().nullable(),
  /** 概況 */
  narrative: z.string(),
  /** 概況 in English ('' when not translated). */
  narrativeEn: z.string(),
  needsAcceleration: z.boolean(),
  remark: z.string(),
}).meta({ id: 'Assessment' });
export type Assessment = z.infer<typeof Assessment>;

/** A pillar's bullets in the summary, and their English ([] when not translated). */
export const SummaryPillar = z.object({
  nodeId: z.string(),
  bullets: z.array(z.string()),
  bulletsEn: z.array(z.string()),
});
export type SummaryPillar = z.infer<typeof SummaryPillar>;

export const Summary = Tracked.extend({
  cycleId: z.string(),
  overall: z.array(z.string()),
  /** The overall verdict in English ([] when not translated). */
  overallEn: z.array(z.string()),
  pillars: z.array(SummaryPillar),
}).meta({ id: 'Summary' });
export type Summary = z.infer<typeof Summary>;
