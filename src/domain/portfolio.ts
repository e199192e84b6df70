/**
 * The government's strategies side by side (issue #24, the portfolio dashboard): for every
 * strategy its latest published cycle — ratings of its targets, the targets needing
 * acceleration — and per ministry across all of them. Built from published trees only, so
 * it is the same for every reader.
 *
 * Targets are assessed nodes; a mirror node (the same target shown again) counts once. With
 * a ministry filter, a target counts when one of its items (or its subtree's) is that
 * ministry's.
 */
import { z } from 'zod';
import type { Cycle, Organisation, Strategy, VocabularyTerm } from './model.ts';

/** The part of a tree node the portfolio reads (an OutlineNode). */
export interface PortfolioNode {
  id: string;
  code: string;
  title: string;
  titleEn: string;
  mirrorOf: string | null;
  items: readonly { initiative: { id: string; ownerIds: readonly string[] } }[];
  assessment: { rating: string | null; needsAcceleration: boolean } | null;
  children: readonly PortfolioNode[];
}

export interface PortfolioSource {
  strategy: Pick<Strategy, 'id' | 'title' | 'titleEn'>;
  cycle: Pick<Cycle, 'id' | 'fiscalYear' | 'asOf' | 'publishedAt'>;
  vocabulary: readonly Pick<VocabularyTerm, 'kind' | 'code' | 'labelJa' | 'labelEn' | 'category'>[];
  nodes: readonly PortfolioNode[];
}

const Named = z.object({ id: z.string(), title: z.string(), titleEn: z.string() });

export const PortfolioStrategy = z
  .object({
    strategy: Named,
    cycle: z.object({
      id: z.string(),
      fiscalYear: z.number().int(),
      asOf: z.string(),
      publishedAt: z.string().nullable(),
    }),
    /** Assessed targets per rating of the strategy's vocabulary, in its order (zeros kept). */
    ratings: z.array(
      z.object({
        code: z.string(),
        labelJa: z.string(),
        labelEn: z.string(),
        category: z.string(),
        count: z.number().int(),
      }),
    ),
    /** Assessed targets without a rating. */
    unrated: z.number().int(),
    targets: z.number().int(),
    initiatives: z.number().int(),
    acceleration: z.array(Named.extend({ code: z.string(), rating: z.string().nullable() })),
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
  })
  .meta({ id: 'PortfolioMinistry' });
export type PortfolioMinistry = z.infer<typeof PortfolioMinistry>;

export const Portfolio = z
  .object({
    strategies: z.array(PortfolioStrategy),
    ministries: z.array(PortfolioMinistry),
    /** What the filters can choose from (every strategy with a published cycle, every ministry in one). */
    choices: z.object({
      strategies: z.array(Named),
      ministries: z.array(
        z.object({ id: z.string(), shortName: z.string(), nameJa: z.string(), nameEn: z.string() }),
      ),
    }),
  })
  .meta({ id: 'Portfolio' });
export type Portfolio = z.infer<typeof Portfolio>;

const flat = (nodes: readonly PortfolioNode[]): PortfolioNode[] =>
  nodes.flatMap((n) => [n, ...flat(n.children)]);

/** Owners of a node's items and its subtree's. */
function ownersUnder(node: PortfolioNode): Set<string> {
  return new Set(flat([node]).flatMap((n) => n.items.flatMap((i) => i.initiative.ownerIds)));
}

/**
 * @example buildPortfolio(sources, organisations, { ministry: 'mic' }).strategies[0].targets
 */
export function buildPortfolio(
  sources: readonly PortfolioSource[],
  organisations: readonly Pick<Organisation, 'id' | 'shortName' | 'nameJa' | 'nameEn'>[],
  filter: { ministry?: string; strategy?: string } = {},
): Portfolio {
  const involved = new Set(
    sources.flatMap((s) => flat(s.nodes).flatMap((n) => n.items.flatMap((i) => i.initiative.ownerIds))),
  );
  const choices = {
    strategies: sources.map((s) => ({
      id: s.strategy.id,
      title: s.strategy.title,
      titleEn: s.strategy.titleEn,
    })),
    ministries: organisations
      .filter((o) => involved.has(o.id))
      .map((o) => ({ id: o.id, shortName: o.shortName, nameJa: o.nameJa, nameEn: o.nameEn })),
  };
  const shown = sources.filter((s) => filter.strategy === undefined || s.strategy.id === filter.strategy);
  const strategies = shown.map((s) => strategyRow(s, filter.ministry));
  const ministries = organisations
    .filter((o) => involved.has(o.id) && (filter.ministry === undefined || o.id === filter.ministry))
    .map((o) => ministryRow(o, shown))
    .filter((m) => m.initiatives > 0);
  return { strategies, ministries, choices };
}

function strategyRow(s: PortfolioSource, ministry: string | undefined): PortfolioStrategy {
  const nodes = flat(s.nodes).filter((n) => n.mirrorOf === null);
  const mine = (n: PortfolioNode) => ministry === undefined || ownersUnder(n).has(ministry);
  const targets = nodes.filter((n) => n.assessment !== null && mine(n));
  const terms = s.vocabulary.filter((v) => v.kind === 'rating');
  const initiatives = new Set(
    nodes.flatMap((n) =>
      n.items
        .filter((i) => ministry === undefined || i.initiative.ownerIds.includes(ministry))
        .map((i) => i.initiative.id),
    ),
  );
  return {
    strategy: { id: s.strategy.id, title: s.strategy.title, titleEn: s.strategy.titleEn },
    cycle: {
      id: s.cycle.id,
      fiscalYear: s.cycle.fiscalYear,
      asOf: s.cycle.asOf,
      publishedAt: s.cycle.publishedAt,
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
    initiatives: initiatives.size,
    acceleration: targets
      .filter((n) => n.assessment?.needsAcceleration)
      .map((n) => ({
        id: n.id,
        code: n.code,
        title: n.title,
        titleEn: n.titleEn,
        rating: n.assessment?.rating ?? null,
      })),
  };
}

function ministryRow(
  o: Pick<Organisation, 'id' | 'shortName' | 'nameJa' | 'nameEn'>,
  sources: readonly PortfolioSource[],
): PortfolioMinistry {
  let strategies = 0;
  let acceleration = 0;
  const initiatives = new Set<string>();
  for (const s of sources) {
    const nodes = flat(s.nodes).filter((n) => n.mirrorOf === null);
    const own = nodes.flatMap((n) => n.items.filter((i) => i.initiative.ownerIds.includes(o.id)));
    if (own.length === 0) continue;
    strategies++;
    for (const i of own) initiatives.add(`${s.strategy.id}\u0000${i.initiative.id}`);
    acceleration += nodes.filter((n) => n.assessment?.needsAcceleration && ownersUnder(n).has(o.id)).length;
  }
  return {
    organisationId: o.id,
    shortName: o.shortName,
    nameJa: o.nameJa,
    nameEn: o.nameEn,
    strategies,
    initiatives: initiatives.size,
    acceleration,
  };
}
