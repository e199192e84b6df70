/**
 * Read models of the insight API (suggestions, projections, overlaps, cycle diffs), defined
 * once as zod schemas: the routes validate and document with them, the web client imports
 * the inferred types.
 */
import { z } from 'zod';

const Message = z.object({
  code: z.string(),
  params: z.record(z.string(), z.union([z.string(), z.number()])),
  /** The message in the requested language (locales/<lang>/insight.json). */
  text: z.string(),
});

const Category = z.enum(['good', 'neutral', 'attention']);

export const TargetSuggestion = z
  .object({
    nodeId: z.string(),
    code: z.string(),
    title: z.string(),
    suggested: z.object({
      rating: z.string().nullable(),
      category: Category,
      needsAcceleration: z.boolean(),
      confidence: z.enum(['low', 'medium', 'high']),
    }),
    reasons: z.array(Message),
    /** The secretariat's own assessment (概況) of this cycle, for comparison. */
    secretariat: z
      .object({
        rating: z.string().nullable(),
        category: Category.nullable(),
        needsAcceleration: z.boolean(),
      })
      .nullable(),
  })
  .meta({ id: 'TargetSuggestion' });
export type TargetSuggestion = z.infer<typeof TargetSuggestion>;

export const SuggestionList = z
  .object({ strategyId: z.string(), cycleId: z.string(), targets: z.array(TargetSuggestion) })
  .meta({ id: 'SuggestionList' });
export type SuggestionList = z.infer<typeof SuggestionList>;

const Fit = z.object({
  perYear: z.number(),
  series: z.array(z.object({ period: z.string(), value: z.number() })),
});

export const IndicatorProjection = z
  .object({
    indicatorId: z.string(),
    status: z.enum(['reached', 'on_track', 'off_track', 'no_deadline', 'no_target', 'insufficient_data']),
    onTrack: z.boolean().nullable(),
    points: z.array(z.object({ period: z.string(), time: z.number(), value: z.number() })),
    linear: Fit.nullable(),
    logLinear: Fit.nullable(),
    deadlineFiscalYear: z.number().int().nullable(),
    reachedFiscalYear: z.number().int().nullable(),
    message: Message,
    statusText: z.string(),
  })
  .meta({ id: 'IndicatorProjection' });
export type IndicatorProjection = z.infer<typeof IndicatorProjection>;

const InitiativeRef = z.object({
  initiativeId: z.string(),
  title: z.string(),
  organisationIds: z.array(z.string()),
});

export const OverlapList = z
  .object({
    threshold: z.number(),
    pairs: z.array(
      z.object({
        a: InitiativeRef,
        b: InitiativeRef,
        similarity: z.number(),
        sharedTerms: z.array(z.string()),
      }),
    ),
  })
  .meta({ id: 'OverlapList' });
export type OverlapList = z.infer<typeof OverlapList>;

export const DiffPart = z
  .object({ op: z.enum(['equal', 'insert', 'delete']), text: z.string() })
  .meta({ id: 'DiffPart' });

const Change = <T extends z.ZodType>(t: T) => z.object({ from: t, to: t }).nullable();

const ItemSide = InitiativeRef.extend({ stage: z.string().nullable(), text: z.string() });

export const CycleDiff = z
  .object({
    strategyId: z.string(),
    from: z.object({ id: z.string(), fiscalYear: z.number().int() }),
    to: z.object({ id: z.string(), fiscalYear: z.number().int() }),
    items: z.object({
      added: z.array(ItemSide),
      removed: z.array(ItemSide),
      changed: z.array(
        InitiativeRef.extend({
          stage: Change(z.string().nullable()),
          text: z.array(DiffPart).nullable(),
          plansChanged: z.boolean(),
        }),
      ),
      unchanged: z.number().int(),
    }),
    assessments: z.object({
      changed: z.array(
        z.object({
          nodeId: z.string(),
          title: z.string(),
          rating: Change(z.string().nullable()),
          needsAcceleration: Change(z.boolean()),
          narrative: z.array(DiffPart).nullable(),
        }),
      ),
      unchanged: z.number().int(),
    }),
    ratingChanges: z.array(
      z.object({
        nodeId: z.string(),
        title: z.string(),
        from: z.string().nullable(),
        to: z.string().nullable(),
        /** better / worse by rating category (good > neutral > attention); same within one. */
        direction: z.enum(['better', 'worse', 'same', 'unknown']),
      }),
    ),
    indicators: z.array(
      z.object({
        indicatorId: z.string(),
        name: z.string(),
        unit: z.string(),
        from: z.object({ period: z.string(), value: z.number() }).nullable(),
        to: z.object({ period: z.string(), value: z.number() }).nullable(),
        change: z.number().nullable(),
      }),
    ),
  })
  .meta({ id: 'CycleDiff' });
export type CycleDiff = z.infer<typeof CycleDiff>;
