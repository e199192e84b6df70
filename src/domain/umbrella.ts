/**
 * Umbrella strategies (issue #24, item 2): a node of one strategy stands for a whole other
 * strategy (the umbrella strategy's "AI" target is the AI strategy). Its page rolls the
 * sub-strategy's latest published cycle up: how its targets are rated, how many of its KPIs
 * are on track at their current pace, and which of its items are behind a dated plan. Pure.
 *
 * An item is overdue when a plan's period ended before the cycle's as-of month and its stage
 * is not one of the vocabulary's done stages.
 */
import { z } from 'zod';
import { parsePeriodCode, periodEnd, periodRange } from './calendar.ts';
import { project, type ProjectionInput } from './insight/projection.ts';
import type { Cycle, Strategy, VocabularyTerm } from './model.ts';
import { CycleRef, Named, RatingCount } from './portfolio.ts';

/** What the rollup reads of a tree node (a TreeNode of the published tree). */
export interface RollupNode {
  id: string;
  code: string;
  title: string;
  titleEn: string;
  mirrorOf: string | null;
  assessment: { rating: string | null } | null;
  items: readonly {
    initiative: { id: string; title: string; titleEn: string; ownerIds: readonly string[] };
    entry: { stage: string | null; plans: readonly { period: string; text: string }[] } | null;
  }[];
  children: readonly RollupNode[];
}

export interface RollupSource {
  strategy: Pick<Strategy, 'id' | 'title' | 'titleEn'>;
  /** The sub-strategy's latest published cycle; null when it has none. */
  cycle: Pick<Cycle, 'id' | 'fiscalYear' | 'asOf' | 'publishedAt'> | null;
  vocabulary: readonly Pick<VocabularyTerm, 'kind' | 'code' | 'labelJa' | 'labelEn' | 'category'>[];
  nodes: readonly RollupNode[];
  indicators: readonly (ProjectionInput & { id: string })[];
}

export const UmbrellaRollup = z
  .object({
    subStrategy: Named,
    cycle: CycleRef.nullable(),
    /** Assessed targets per rating, in the vocabulary's order (zeros kept). */
    ratings: z.array(RatingCount),
    unrated: z.number().int(),
    targets: z.number().int(),
    /** KPIs by verdict at their current pace: on track (or reached), off track, no verdict. */
    kpis: z.object({ onTrack: z.number().int(), offTrack: z.number().int(), unknown: z.number().int() }),
    overdue: z.array(
      z.object({
        initiative: Named,
        node: Named.extend({ code: z.string() }),
        period: z.string(),
        plan: z.string(),
      }),
    ),
  })
  .meta({ id: 'UmbrellaRollup' });
export type UmbrellaRollup = z.infer<typeof UmbrellaRollup>;

const flat = (nodes: readonly RollupNode[]): RollupNode[] => nodes.flatMap((n) => [n, ...flat(n.children)]);

/**
 * @example rollUp(source).kpis // { onTrack: 3, offTrack: 1, unknown: 0 }
 */
export function rollUp(source: RollupSource): UmbrellaRollup {
  const nodes = flat(source.nodes).filter((n) => n.mirrorOf === null);
  const targets = nodes.filter((n) => n.assessment !== null);
  const terms = source.vocabulary.filter((v) => v.kind === 'rating');
  const done = new Set(
    source.vocabulary.filter((v) => v.kind === 'stage' && v.category === 'done').map((v) => v.code),
  );
  const kpis = { onTrack: 0, offTrack: 0, unknown: 0 };
  for (const k of source.indicators) {
    const verdict = project(k).onTrack;
    if (verdict === true) kpis.onTrack++;
    else if (verdict === false) kpis.offTrack++;
    else kpis.unknown++;
  }
  const asOfStart = source.cycle ? periodRange(parsePeriodCode(source.cycle.asOf)).start : null;
  const overdue: UmbrellaRollup['overdue'] = [];
  const seen = new Set<string>();
  for (const node of nodes) {
    for (const item of node.items) {
      const entry = item.entry;
      if (asOfStart === null || !entry || (entry.stage !== null && done.has(entry.stage))) continue;
      for (const plan of entry.plans) {
        const key = `${item.initiative.id}\u0000${plan.period}\u0000${plan.text}`;
        if (seen.has(key) || periodEnd(parsePeriodCode(plan.period)) >= asOfStart) continue;
        seen.add(key);
        overdue.push({
          initiative: {
            id: item.initiative.id,
            title: item.initiative.title,
            titleEn: item.initiative.titleEn,
          },
          node: { id: node.id, code: node.code, title: node.title, titleEn: node.titleEn },
          period: plan.period,
          plan: plan.text,
        });
      }
    }
  }
  return {
    subStrategy: { id: source.strategy.id, title: source.strategy.title, titleEn: source.strategy.titleEn },
    cycle: source.cycle && {
      id: source.cycle.id,
      fiscalYear: source.cycle.fiscalYear,
      asOf: source.cycle.asOf,
      publishedAt: source.cycle.publishedAt,
    },
    ratings: terms.map((term) => ({
      code: term.code,
      labelJa: term.labelJa,
      labelEn: term.labelEn,
      category: term.category,
      count: targets.filter((n) => n.assessment?.rating === term.code).length,
    })),
    unrated: targets.filter((n) => !terms.some((term) => term.code === n.assessment?.rating)).length,
    targets: targets.length,
    kpis,
    overdue,
  };
}
