/**
 * The portfolio dashboard (issue #24): every strategy's latest published cycle side by side,
 * and per ministry across them; a ministry's page across strategies. Read from the digests
 * kept beside the published snapshots (domain/portfolio-digest.ts): a handful of statements
 * and a few kilobytes per strategy, however many strategies there are. Staff also see the
 * entry counts of newer, unpublished cycles, through the read policy.
 */
import type { Db } from '../db/database.ts';
import * as budgetRepo from '../db/repositories/budget.repository.ts';
import * as cyclesRepo from '../db/repositories/cycles.repository.ts';
import * as orgRepo from '../db/repositories/organisations.repository.ts';
import * as progressRepo from '../db/repositories/progress.repository.ts';
import * as snapshotsRepo from '../db/repositories/snapshots.repository.ts';
import * as strategiesRepo from '../db/repositories/strategies.repository.ts';
import { canSeeCycle, seesDrafts, type Viewer } from '../domain/access.ts';
import { notFound } from '../domain/errors.ts';
import type { Cycle } from '../domain/model.ts';
import {
  buildPortfolio,
  ministryStrategy,
  type Portfolio,
  type PortfolioFilter,
  type PortfolioLatest,
  type PortfolioMinistryPage,
} from '../domain/portfolio.ts';
import {
  TARGETS_DIGEST,
  type CycleDigest,
  type DigestTarget,
  type MinistryDigest,
  type TargetsDigest,
} from '../domain/portfolio-digest.ts';
import { digestRows } from './snapshots.service.ts';

interface Shown {
  strategy: { id: string; title: string; titleEn: string };
  /** The published cycle shown: the latest, or the one of the fiscal year asked for. */
  cycle: Cycle | undefined;
  cycles: Cycle[];
}

/** Strategies with their published cycles, the fiscal years, organisations: three statements. */
async function published(db: Db, fiscalYear: number | undefined) {
  const [strategies, cycles, organisations] = await Promise.all([
    strategiesRepo.listStrategies(db.kysely),
    cyclesRepo.listCycles(db.kysely),
    orgRepo.listOrganisations(db.kysely),
  ]);
  const done = cycles.filter((c) => c.state === 'published');
  const shown: Shown[] = strategies.map((s) => {
    const own = done.filter((c) => c.strategyId === s.id);
    return {
      strategy: { id: s.id, title: s.title, titleEn: s.titleEn },
      cycle: fiscalYear === undefined ? own.at(-1) : own.find((c) => c.fiscalYear === fiscalYear),
      cycles: cycles.filter((c) => c.strategyId === s.id),
    };
  });
  const fiscalYears = [...new Set(done.map((c) => c.fiscalYear))].sort((a, b) => b - a);
  return { shown, organisations, fiscalYears };
}

interface Digests {
  cycle: CycleDigest;
  targets: DigestTarget[] | null;
  ministry: MinistryDigest | null;
}

type Want = { targets?: boolean; organisationId?: string | undefined };

const wanted = (want: Want) => [
  ...(want.targets ? [TARGETS_DIGEST] : []),
  ...(want.organisationId ? [want.organisationId] : []),
];

/**
 * The cycles shown with the digests of the latest published cycles (or a fiscal year's),
 * read side by side: one round trip to the database instead of two.
 */
async function publishedWithDigests(db: Db, fiscalYear: number | undefined, want: Want) {
  const [shown, read] = await Promise.all([
    published(db, fiscalYear),
    snapshotsRepo.newestDigestsOfLatest(db.kysely, fiscalYear, wanted(want)),
  ]);
  return { ...shown, read };
}

/**
 * The digests of each cycle's newest snapshot — the cycle's, and as asked its target list and
 * `organisationId`'s — by cycle: those `read` beside the cycle list, or (a cycle published
 * between the two reads) one statement more. A snapshot without digests (written before they
 * were, or restored from a backup) gets them now, once.
 */
async function digests(
  db: Db,
  cycleIds: string[],
  want: Want,
  read: Awaited<ReturnType<typeof snapshotsRepo.newestDigests>>,
): Promise<Map<string, Digests>> {
  const extra = wanted(want);
  const ids = new Set(cycleIds);
  const covered = new Set(read.map((r) => r.cycleId));
  const rows = cycleIds.every((id) => covered.has(id))
    ? read.filter((r) => ids.has(r.cycleId))
    : await snapshotsRepo.newestDigests(db.kysely, cycleIds, extra);
  const texts = new Map<string, Map<string, string>>();
  const missing: { cycleId: string; revision: number }[] = [];
  for (const r of rows) {
    if (r.organisationId === null || r.digest === null) {
      missing.push(r);
      continue;
    }
    const t = texts.get(r.cycleId) ?? new Map<string, string>();
    t.set(r.organisationId, r.digest);
    texts.set(r.cycleId, t);
  }
  for (const m of missing) {
    const snapshot = await snapshotsRepo.findSnapshot(db.kysely, m.cycleId, m.revision);
    if (!snapshot) continue;
    const made = digestRows(m.cycleId, m.revision, snapshot.tree);
    await snapshotsRepo.insertDigests(db.kysely, made);
    texts.set(
      m.cycleId,
      new Map(
        made
          .filter((d) => d.organisationId === '' || extra.includes(d.organisationId))
          .map((d) => [d.organisationId, d.digest]),
      ),
    );
  }
  const out = new Map<string, Digests>();
  for (const [cycleId, t] of texts) {
    const cycle = t.get('');
    if (cycle === undefined) continue;
    const targets = t.get(TARGETS_DIGEST);
    const ministry = want.organisationId === undefined ? undefined : t.get(want.organisationId);
    out.set(cycleId, {
      cycle: JSON.parse(cycle) as CycleDigest,
      targets: targets === undefined ? null : (JSON.parse(targets) as TargetsDigest).targets,
      ministry: ministry === undefined ? null : (JSON.parse(ministry) as MinistryDigest),
    });
  }
  return out;
}

export async function portfolio(db: Db, filter: PortfolioFilter, viewer: Viewer): Promise<Portfolio> {
  // The target list is read for a filter that picks targets only.
  const want = {
    targets: filter.ministry !== undefined || filter.rating !== undefined,
    organisationId: filter.ministry,
  };
  const { shown, organisations, fiscalYears, read } = await publishedWithDigests(db, filter.fiscalYear, want);
  if (filter.ministry !== undefined && !organisations.some((o) => o.id === filter.ministry)) {
    throw notFound('organisation', filter.ministry);
  }
  const withCycle = shown.filter((s) => s.cycle !== undefined);
  const strategyChoices = shown
    .filter((s) => s.cycles.some((c) => c.state === 'published'))
    .map((s) => s.strategy);
  if (filter.strategy !== undefined && !strategyChoices.some((s) => s.id === filter.strategy)) {
    throw notFound('strategy', filter.strategy);
  }
  const [found, latest] = await Promise.all([
    digests(
      db,
      withCycle.flatMap((s) => (s.cycle ? [s.cycle.id] : [])),
      want,
      read,
    ),
    latestUnpublished(db, withCycle, filter, viewer),
  ]);
  const sources = withCycle.flatMap((s) => {
    const d = s.cycle && found.get(s.cycle.id);
    return d
      ? [
          {
            digest: d.cycle,
            targets: d.targets,
            ministry: d.ministry,
            latest: latest.get(s.strategy.id) ?? null,
          },
        ]
      : [];
  });
  const ratings = new Map<string, { code: string; labelJa: string; labelEn: string }>();
  for (const s of sources)
    for (const r of s.digest.ratings)
      if (!ratings.has(r.code)) ratings.set(r.code, { code: r.code, labelJa: r.labelJa, labelEn: r.labelEn });
  return buildPortfolio(sources, organisations, filter, {
    strategies: strategyChoices,
    fiscalYears,
    ratings: [...ratings.values()],
  });
}

/**
 * For readers of drafts: each shown strategy's newer cycle that is not yet published, with
 * its entries per review state as the reader's scope reads them (a ministry editor counts its
 * own entries only). One statement; none for the public or a chosen fiscal year.
 */
async function latestUnpublished(
  db: Db,
  shown: readonly Shown[],
  filter: PortfolioFilter,
  viewer: Viewer,
): Promise<Map<string, PortfolioLatest>> {
  const out = new Map<string, PortfolioLatest>();
  if (!seesDrafts(viewer.scope) || filter.fiscalYear !== undefined) return out;
  const newer = shown.flatMap((s) => {
    const last = s.cycles.filter((c) => canSeeCycle(viewer, c)).at(-1);
    return last && last.state !== 'published' && last.fiscalYear > (s.cycle?.fiscalYear ?? -Infinity)
      ? [{ strategyId: s.strategy.id, cycle: last }]
      : [];
  });
  const counts = await progressRepo.countEntriesByState(
    db.kysely,
    viewer.scope,
    newer.map((n) => n.cycle.id),
  );
  for (const n of newer) {
    out.set(n.strategyId, {
      cycle: { id: n.cycle.id, fiscalYear: n.cycle.fiscalYear, state: n.cycle.state },
      entries: counts
        .filter((c) => c.cycleId === n.cycle.id)
        .map((c) => ({ state: c.reviewState, count: c.count })),
    });
  }
  return out;
}

/**
 * A ministry's page across strategies: its initiatives in every strategy's latest published
 * cycle (or that of a fiscal year), with the rating of the target each is listed under, its
 * KPIs' verdicts and its projects' budget for the cycle's fiscal year (the links in force
 * when the cycle was published). Published data only, whoever asks.
 */
export async function ministryPage(
  db: Db,
  organisationId: string,
  filter: { fiscalYear?: number },
): Promise<PortfolioMinistryPage> {
  const { shown, organisations, fiscalYears, read } = await publishedWithDigests(db, filter.fiscalYear, {
    organisationId,
  });
  const organisation = organisations.find((o) => o.id === organisationId);
  if (!organisation) throw notFound('organisation', organisationId);
  const cycles = shown.flatMap((s) => (s.cycle ? [s.cycle] : []));
  const found = await digests(
    db,
    cycles.map((c) => c.id),
    { organisationId },
    read,
  );
  const parts = cycles.flatMap((c) => {
    const d = found.get(c.id);
    return d?.ministry ? [{ cycle: c, digest: d.cycle, ministry: d.ministry }] : [];
  });
  const initiativeIds = [...new Set(parts.flatMap((p) => p.ministry.initiatives.map((i) => i.id)))];
  // The links and their projects' lines of the cycles' fiscal years, side by side.
  const fiscalYearsShown = [...new Set(parts.map((p) => p.cycle.fiscalYear))];
  const [links, lines] = await Promise.all([
    budgetRepo.listLinkHistory(db.kysely, initiativeIds),
    budgetRepo.listLinesLinkedTo(db.kysely, initiativeIds, fiscalYearsShown),
  ]);
  return {
    organisation: {
      id: organisation.id,
      shortName: organisation.shortName,
      nameJa: organisation.nameJa,
      nameEn: organisation.nameEn,
    },
    strategies: parts.map((p) => {
      // The links in force when the cycle was published, as its own budget section shows them.
      const at = p.cycle.publishedAt ?? '';
      const projectsOf = new Map<string, string[]>();
      for (const l of links)
        if (l.linkedAt <= at && (l.unlinkedAt === null || l.unlinkedAt > at))
          projectsOf.set(l.initiativeId, [...(projectsOf.get(l.initiativeId) ?? []), l.projectNumber]);
      return ministryStrategy(p.digest, p.ministry, { projectsOf, lines });
    }),
    choices: { fiscalYears },
  };
}
