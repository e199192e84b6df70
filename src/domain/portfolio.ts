/**
 * The government's strategies side by side (issue #24, the portfolio dashboard): for every
 * strategy its latest published cycle (or that of the fiscal year asked for) — ratings of its
 * targets, the targets needing acceleration, the KPIs whose projection misses their target —
 * and per ministry across all of them. Built from the published snapshots' digests
 * (portfolio-digest.ts), so the published part is the same for every reader; staff also see
 * how far the newer, unpublished cycle has come (counts through the read policy).
 *
 * Targets are assessed nodes; a mirror node (the same target shown again) counts once. With
 * a ministry filter, a target or KPI counts when one of its items (or its subtree's) is
 * that ministry's.
 */
import { z } from 'zod';
import { ReviewState } from './model.ts';
import { BudgetTotals, sumLines, type BudgetLine } from './budget.ts';
import {
  ministryCounts,
  type CycleDigest,
  type DigestTarget,
  type MinistryDigest,
  type TargetRef as Ref,
} from './portfolio-digest.ts';

export interface PortfolioFilter {
  ministry?: string;
  strategy?: string;
  rating?: string;
  fiscalYear?: number;
}

/**
 * A strategy's digest, the filtered-by ministry's digest of it (null when it has no initiative
 * there), and (staff) its newer unpublished cycle's entry counts.
 */
export interface PortfolioSource {
  digest: CycleDigest;
  /** The assessed targets: needed with a ministry or rating filter. */
  targets?: readonly DigestTarget[] | null;
  ministry?: MinistryDigest | null;
  latest?: PortfolioLatest | null;
}

export const Named = z.object({ id: z.string(), title: z.string(), titleEn: z.string() });
/** A published cycle as the portfolio and the umbrella roll-up name it. */
export const CycleRef = z.object({
  id: z.string(),
  fiscalYear: z.number().int(),
  asOf: z.string(),
  publishedAt: z.string().nullable(),
});
/** How many assessed targets carry one rating of a strategy's vocabulary. */
export const RatingCount = z.object({
  code: z.string(),
  labelJa: z.string(),
  labelEn: z.string(),
  category: z.string(),
  count: z.number().int(),
});
const TargetRef = Named.extend({ code: z.string(), rating: z.string().nullable() });
export const KpiCounts = z
  .object({
    total: z.number().int(),
    reached: z.number().int(),
    onTrack: z.number().int(),
    offTrack: z.number().int(),
    /** No target, deadline or enough figures for a verdict. */
    unknown: z.number().int(),
  })
  .meta({ id: 'KpiCounts' });
export type KpiCounts = z.infer<typeof KpiCounts>;

export const PortfolioLatest = z
  .object({
    cycle: z.object({ id: z.string(), fiscalYear: z.number().int(), state: z.string() }),
    /** Entries per review state, as far as the reader's scope reads them. */
    entries: z.array(z.object({ state: ReviewState, count: z.number().int() })),
  })
  .meta({ id: 'PortfolioLatest' });
export type PortfolioLatest = z.infer<typeof PortfolioLatest>;

export const PortfolioStrategy = z
  .object({
    strategy: Named,
    cycle: CycleRef,
    /** Assessed targets per rating of the strategy's vocabulary, in its order (zeros kept). */
    ratings: z.array(RatingCount),
    /** Assessed targets without a rating. */
    unrated: z.number().int(),
    targets: z.number().int(),
    initiatives: z.number().int(),
    acceleration: z.array(TargetRef),
    /** The targets with the rating filtered by (empty without that filter). */
    rated: z.array(TargetRef),
    kpis: KpiCounts,
    /** KPIs whose projection misses their target. */
    offTrack: z.array(
      z.object({ id: z.string(), name: z.string(), nameEn: z.string(), nodeId: z.string().nullable() }),
    ),
    /** Staff only: a newer cycle not yet published. */
    latest: PortfolioLatest.nullable(),
  })
  .meta({ id: 'PortfolioStrategy' });
export type PortfolioStrategy = z.infer<typeof PortfolioStrategy>;

export const PortfolioMinistry = z
  .object({
    organisationId: z.string(),
    shortName: z.string(),
    nameJa: z.string(),
    nameEn: z.string(),
    /** Strategies in which the ministry owns an initiative. */
    strategies: z.number().int(),
    initiatives: z.number().int(),
    /** Its targets (with one of its initiatives) flagged as needing acceleration. */
    acceleration: z.number().int(),
    /** Its KPIs (of its initiatives or targets) whose projection misses the target. */
    kpisOffTrack: z.number().int(),
    /** Its targets with the rating filtered by (null without that filter). */
    rated: z.number().int().nullable(),
  })
  .meta({ id: 'PortfolioMinistry' });
export type PortfolioMinistry = z.infer<typeof PortfolioMinistry>;

export const Portfolio = z
  .object({
    strategies: z.array(PortfolioStrategy),
    ministries: z.array(PortfolioMinistry),
    /** What the filters can choose from. */
    choices: z.object({
      strategies: z.array(Named),
      ministries: z.array(
        z.object({ id: z.string(), shortName: z.string(), nameJa: z.string(), nameEn: z.string() }),
      ),
      ratings: z.array(z.object({ code: z.string(), labelJa: z.string(), labelEn: z.string() })),
      /** Fiscal years with a published cycle, newest first. */
      fiscalYears: z.array(z.number().int()),
    }),
  })
  .meta({ id: 'Portfolio' });
export type Portfolio = z.infer<typeof Portfolio>;

type Org = { id: string; shortName: string; nameJa: string; nameEn: string };

const ref = (t: Ref): Ref => ({
  id: t.id,
  code: t.code,
  title: t.title,
  titleEn: t.titleEn,
  rating: t.rating,
});

/**
 * @example buildPortfolio(sources, organisations, { ministry: 'mic' }, choices).strategies[0].targets
 */
export function buildPortfolio(
  sources: readonly PortfolioSource[],
  organisations: readonly Org[],
  filter: PortfolioFilter,
  choices: {
    strategies: z.infer<typeof Named>[];
    fiscalYears: number[];
    ratings: Portfolio['choices']['ratings'];
  },
): Portfolio {
  const involved = new Set(sources.flatMap((s) => Object.keys(s.digest.perMinistry)));
  const ministryChoices = organisations
    .filter((o) => involved.has(o.id) || o.id === filter.ministry)
    .map((o) => ({ id: o.id, shortName: o.shortName, nameJa: o.nameJa, nameEn: o.nameEn }));
  const shown = sources.filter(
    (s) => filter.strategy === undefined || s.digest.strategy.id === filter.strategy,
  );
  const strategies = shown.map((s) => strategyRow(s, filter));
  const ministries = ministryRows(
    organisations.filter(
      (o) => involved.has(o.id) && (filter.ministry === undefined || o.id === filter.ministry),
    ),
    shown,
    filter.rating,
  ).filter((m) => m.initiatives > 0);
  return { strategies, ministries, choices: { ...choices, ministries: ministryChoices } };
}

const NO_KPIS = { total: 0, reached: 0, onTrack: 0, offTrack: 0, unknown: 0 };

function strategyRow(
  { digest: d, targets: all, ministry, latest }: PortfolioSource,
  filter: PortfolioFilter,
): PortfolioStrategy {
  const ratedBy = (targets: readonly DigestTarget[]) =>
    filter.rating === undefined ? [] : targets.filter((t) => t.rating === filter.rating).map(ref);
  const common = {
    strategy: d.strategy,
    cycle: d.cycle,
    latest: latest ?? null,
  };
  if (filter.ministry === undefined) {
    const known = d.ratings.length;
    return {
      ...common,
      ratings: d.ratings.map((term, i) => ({ ...term, count: d.counts[i] ?? 0 })),
      unrated: d.counts[known] ?? 0,
      targets: d.counts.reduce((n, c) => n + c, 0),
      initiatives: d.initiatives,
      acceleration: d.acceleration,
      rated: ratedBy(all ?? []),
      kpis: d.kpis,
      offTrack: d.offTrack,
    };
  }
  // With a ministry filter: its targets and KPIs (none where it has no initiative).
  const pick = <T>(list: readonly T[], indexes: readonly number[]) =>
    indexes.flatMap((i) => (list[i] === undefined ? [] : [list[i]]));
  const targets = pick(all ?? [], ministry?.targets ?? []);
  const rating = new Map<string | null, number>();
  for (const t of targets) rating.set(t.rating, (rating.get(t.rating) ?? 0) + 1);
  const known = d.ratings.reduce((n, term) => n + (rating.get(term.code) ?? 0), 0);
  return {
    ...common,
    ratings: d.ratings.map((term) => ({ ...term, count: rating.get(term.code) ?? 0 })),
    unrated: targets.length - known,
    targets: targets.length,
    initiatives: ministryCounts(d.perMinistry[filter.ministry]).initiatives,
    acceleration: targets.filter((t) => t.needsAcceleration).map(ref),
    rated: ratedBy(targets),
    kpis: ministry?.kpis ?? NO_KPIS,
    offTrack: pick(d.offTrack, ministry?.offTrack ?? []),
  };
}

/** Per ministry across the sources, from each digest's counts per ministry. */
function ministryRows(orgs: readonly Org[], sources: readonly PortfolioSource[], rating: string | undefined) {
  return orgs.map((o): PortfolioMinistry => {
    const r = { strategies: 0, initiatives: 0, acceleration: 0, kpisOffTrack: 0, rated: 0 };
    for (const { digest: d } of sources) {
      const m = d.perMinistry[o.id];
      const at = rating === undefined ? -1 : d.ratings.findIndex((term) => term.code === rating);
      const c = ministryCounts(m, at);
      if (c.initiatives === 0) continue;
      r.strategies++;
      r.initiatives += c.initiatives;
      r.acceleration += c.acceleration;
      r.kpisOffTrack += c.kpisOffTrack;
      r.rated += c.rated;
    }
    return {
      organisationId: o.id,
      shortName: o.shortName,
      nameJa: o.nameJa,
      nameEn: o.nameEn,
      strategies: r.strategies,
      initiatives: r.initiatives,
      acceleration: r.acceleration,
      kpisOffTrack: r.kpisOffTrack,
      rated: rating === undefined ? null : r.rated,
    };
  });
}

export const PortfolioMinistryPage = z
  .object({
    organisation: z.object({ id: z.string(), shortName: z.string(), nameJa: z.string(), nameEn: z.string() }),
    /** Every strategy in whose shown cycle the ministry owns an initiative. */
    strategies: z.array(
      z.object({
        strategy: Named,
        cycle: z.object({ id: z.string(), fiscalYear: z.number().int(), publishedAt: z.string().nullable() }),
        ratings: z.array(
          z.object({ code: z.string(), labelJa: z.string(), labelEn: z.string(), category: z.string() }),
        ),
        /** The ministry's initiatives' projects' budget for the cycle's fiscal year, each project once. */
        budget: BudgetTotals.nullable(),
        initiatives: z.array(
          z.object({
            id: z.string(),
            title: z.string(),
            titleEn: z.string(),
            stage: z.object({ code: z.string(), labelJa: z.string(), labelEn: z.string() }).nullable(),
            targets: z.array(TargetRef),
            kpis: KpiCounts,
            offTrack: z.array(z.object({ id: z.string(), name: z.string(), nameEn: z.string() })),
            projectNumbers: z.array(z.string()),
            budget: BudgetTotals.nullable(),
          }),
        ),
      }),
    ),
    choices: z.object({ fiscalYears: z.array(z.number().int()) }),
  })
  .meta({ id: 'PortfolioMinistryPage' });
export type PortfolioMinistryPage = z.infer<typeof PortfolioMinistryPage>;

/** One strategy's part of a ministry's page, from its digests and the budget as the cycle shows it. */
export function ministryStrategy(
  d: CycleDigest,
  m: MinistryDigest,
  budget: { projectsOf: ReadonlyMap<string, string[]>; lines: readonly BudgetLine[] },
): PortfolioMinistryPage['strategies'][number] {
  const ofYear = new Map(
    budget.lines.filter((l) => l.fiscalYear === d.cycle.fiscalYear).map((l) => [l.projectNumber, l]),
  );
  const linesOf = (numbers: readonly string[]) => numbers.flatMap((n) => ofYear.get(n) ?? []);
  const all = [...new Set(m.initiatives.flatMap((i) => budget.projectsOf.get(i.id) ?? []))];
  return {
    strategy: d.strategy,
    cycle: { id: d.cycle.id, fiscalYear: d.cycle.fiscalYear, publishedAt: d.cycle.publishedAt },
    ratings: d.ratings,
    budget: all.length === 0 ? null : sumLines(linesOf(all)),
    initiatives: m.initiatives.map((i) => {
      const projectNumbers = budget.projectsOf.get(i.id) ?? [];
      return {
        id: i.id,
        title: i.title,
        titleEn: i.titleEn,
        stage: i.stage,
        targets: i.targets.flatMap((t) => {
          const target = m.refs[t];
          return target ? [ref(target)] : [];
        }),
        kpis: i.kpis,
        offTrack: i.offTrack.flatMap((k) => {
          const kpi = d.offTrack[k];
          return kpi ? [{ id: kpi.id, name: kpi.name, nameEn: kpi.nameEn }] : [];
        }),
        projectNumbers,
        budget: projectNumbers.length === 0 ? null : sumLines(linesOf(projectNumbers)),
      };
    }),
  };
}
