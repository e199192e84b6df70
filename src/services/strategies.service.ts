/**
 * Reading strategies: the list, a strategy's tree for a cycle with progress and assessments
 * inlined, initiatives, indicators and organisations. Every read is scoped by a Viewer.
 */
import type { Db } from '../db/database.ts';
import * as assessmentsRepo from '../db/repositories/assessments.repository.ts';
import * as cyclesRepo from '../db/repositories/cycles.repository.ts';
import * as indicatorsRepo from '../db/repositories/indicators.repository.ts';
import * as initiativesRepo from '../db/repositories/initiatives.repository.ts';
import * as logicModelsRepo from '../db/repositories/logic-models.repository.ts';
import * as nodesRepo from '../db/repositories/nodes.repository.ts';
import * as orgRepo from '../db/repositories/organisations.repository.ts';
import * as progressRepo from '../db/repositories/progress.repository.ts';
import * as strategiesRepo from '../db/repositories/strategies.repository.ts';
import {
  ANONYMOUS,
  canSeeCycle,
  canSeeStrategy,
  seesDrafts,
  type ReadScope,
  type Viewer,
} from '../domain/access.ts';
import { notFound } from '../domain/errors.ts';
import type {
  Cycle,
  Indicator,
  Initiative,
  Organisation,
  ProgressEntry,
  Strategy,
  StrategyNode,
  VocabularyTerm,
} from '../domain/model.ts';
import { buildTree } from '../domain/tree-builder.ts';
import type {
  EntryOutline,
  InitiativeDetail,
  OutlineIndicator,
  OutlineInitiative,
  OutlineTree,
  StrategyListItem,
  StrategyTree,
  StrategyTreeOf,
  TreeIndicator,
} from '../domain/views.ts';
import {
  entriesShownIn,
  entryOutlinesShownIn,
  initiativeOutlinesOf,
  initiativesListedUnder,
  initiativesOf,
  sharingOf,
  type Sharing,
} from './shared.service.ts';
import { publishedIndicator, publishedIndicators } from './published-indicators.service.ts';
import { cachedPublishedTree, publishedNodeEntries, publishedTree } from './snapshots.service.ts';

export async function listStrategies(db: Db, viewer: Viewer): Promise<StrategyListItem[]> {
  const [strategies, cycles] = await Promise.all([
    strategiesRepo.listStrategies(db.kysely),
    cyclesRepo.listCycles(db.kysely),
  ]);
  const visible = cycles.filter((c) => canSeeCycle(viewer, c));
  return strategies
    .map((s) => ({ ...s, cycles: visible.filter((c) => c.strategyId === s.id) }))
    .filter((s) => canSeeStrategy(viewer, s.cycles));
}

/** A strategy the viewer may see: one without a published cycle is not found for the public. */
export async function getStrategy(db: Db, id: string, viewer: Viewer): Promise<StrategyListItem> {
  const found = await strategiesRepo.findStrategyScope(db.kysely, id);
  if (!found || !canSeeStrategy(viewer, found.cycles)) throw notFound('strategy', id);
  return { ...found.strategy, cycles: found.cycles.filter((c) => canSeeCycle(viewer, c)) };
}

/** The ids of the strategies whose structure the viewer may see. */
async function visibleStrategyIds(db: Db, viewer: Viewer): Promise<Set<string> | null> {
  if (seesDrafts(viewer.scope)) return null;
  const published = (await cyclesRepo.listCycles(db.kysely)).filter((c) => c.state === 'published');
  return new Set(published.map((c) => c.strategyId));
}

/** The cycles of a strategy the viewer may see, oldest first. */
export async function visibleCycles(db: Db, strategyId: string, viewer: Viewer): Promise<Cycle[]> {
  const cycles = await cyclesRepo.listCycles(db.kysely, strategyId);
  return cycles.filter((c) => canSeeCycle(viewer, c));
}

/**
 * A cycle the viewer may see. An unpublished cycle is reported as not found to anonymous
 * viewers, so that its existence does not leak.
 */
export async function getCycle(db: Db, strategyId: string, cycleId: string, viewer: Viewer): Promise<Cycle> {
  const cycle = await cyclesRepo.findCycle(db.kysely, cycleId);
  if (!cycle || cycle.strategyId !== strategyId || !canSeeCycle(viewer, cycle)) {
    throw notFound('cycle', cycleId);
  }
  return cycle;
}

/**
 * The whole tree of a strategy for one cycle, items and assessments inlined, every entry in
 * full: what reports are made from. A published cycle's is its snapshot (the newest, or
 * `revision`); an unpublished cycle has no revisions.
 */
export async function getTree(
  db: Db,
  strategyId: string,
  cycleId: string,
  viewer: Viewer,
  opts: { revision?: number } = {},
): Promise<StrategyTree> {
  const scope = await resolveCycle(db, strategyId, cycleId, viewer);
  if (scope.cycle.state === 'published') {
    const frozen = await publishedTree(db, scope.cycle.id, opts.revision);
    return JSON.parse(frozen.json) as StrategyTree;
  }
  if (opts.revision !== undefined) throw notFound('revision', `${cycleId}.r${opts.revision}`);
  return liveTree(db, scope, fullRecords);
}

/**
 * The tree of a published cycle built from the rows, as the public would read it: what
 * publication (and the import of a published cycle) freezes. Nothing else reads it.
 */
export async function buildPublishedTree(db: Db, strategyId: string, cycleId: string): Promise<StrategyTree> {
  return liveTree(db, await resolveCycle(db, strategyId, cycleId, ANONYMOUS), fullRecords);
}

/**
 * The tree as the API serves it (OutlineTree: entries without their texts), as JSON text:
 * a published cycle's from its snapshot (kept in memory, its UTF-8 `body` too) with an
 * ETag, a draft's freshly built.
 */
export async function getTreeJson(
  db: Db,
  strategyId: string,
  cycleId: string,
  viewer: Viewer,
): Promise<{ json: string; etag: string | null; body?: Buffer }> {
  // Hot path: a published cycle that has been read before is one statement and no parsing.
  const cached = await cachedPublishedTree(db, strategyId, cycleId);
  if (cached) return cached;
  const scope = await resolveCycle(db, strategyId, cycleId, viewer);
  if (scope.cycle.state === 'published') {
    // Frozen at publication; a snapshot missing here is an error publishedTree reports.
    const frozen = await cachedPublishedTree(db, strategyId, cycleId, { recheck: true });
    return frozen ?? publishedTree(db, scope.cycle.id);
  }
  return { json: JSON.stringify(await liveTree(db, scope, outlines)), etag: null };
}

/** The outline tree as an object (what getTreeJson sends). */
export async function getOutline(
  db: Db,
  strategyId: string,
  cycleId: string,
  viewer: Viewer,
): Promise<OutlineTree> {
  return JSON.parse((await getTreeJson(db, strategyId, cycleId, viewer)).json) as OutlineTree;
}

/**
 * The entries, in full, of the items listed under one node (through its original, for a
 * mirror node), as the node's page shows them: what the tree leaves out. The same viewer
 * sees the same items as in the tree — for a published cycle, the items it was published
 * with, whatever the structure has become since.
 */
export async function listNodeEntries(
  db: Db,
  strategyId: string,
  cycleId: string,
  nodeId: string,
  viewer: Viewer,
): Promise<ProgressEntry[]> {
  const q = db.kysely;
  const scope = await resolveCycle(db, strategyId, cycleId, viewer);
  if (scope.cycle.state === 'published') {
    const entries = await publishedNodeEntries(db, strategyId, scope.cycle.id, nodeId);
    if (entries === null) throw notFound('node', nodeId);
    if (entries !== undefined) return entries;
    await publishedTree(db, scope.cycle.id); // a published cycle without a snapshot: its error
  }
  const showing = await nodesRepo.listNodesShowing(q, strategyId, [nodeId]);
  const found = showing.find((n) => n.id === nodeId);
  if (!found) throw notFound('node', nodeId);
  const initiatives = await initiativesListedUnder(q, strategyId, found.mirrorOf ?? found.id);
  return entriesShownIn(q, scope.viewer.scope, scope.cycle, { initiativeIds: initiatives.map((i) => i.id) });
}

/** How a tree's records are read: in full (reports, snapshots) or as the API's outline. */
interface TreeReaders<E, I, K> {
  entries: (q: Db['kysely'], scope: ReadScope, cycle: Cycle, sharing: Sharing) => Promise<E[]>;
  initiatives: (q: Db['kysely'], strategyId: string, sharing: Sharing) => Promise<I[]>;
  indicators: (q: Db['kysely'], scope: ReadScope, strategyId: string, cycleIds: string[]) => Promise<K[]>;
}

const fullRecords: TreeReaders<ProgressEntry, Initiative, TreeIndicator> = {
  entries: (q, scope, cycle, sharing) => entriesShownIn(q, scope, cycle, { sharing }),
  initiatives: (q, strategyId, sharing) => initiativesOf(q, strategyId, sharing),
  indicators: (q, scope, strategyId, cycleIds) =>
    indicatorsRepo.listIndicatorPoints(q, scope, { strategyId }, cycleIds),
};

const outlines: TreeReaders<EntryOutline, OutlineInitiative, OutlineIndicator> = {
  entries: (q, scope, cycle, sharing) => entryOutlinesShownIn(q, scope, cycle, { sharing }),
  initiatives: (q, strategyId, sharing) => initiativeOutlinesOf(q, strategyId, sharing),
  indicators: (q, scope, strategyId, cycleIds) =>
    indicatorsRepo.listIndicatorOutlines(q, scope, { strategyId }, cycleIds),
};

interface CycleScope {
  strategy: Strategy;
  vocabulary: VocabularyTerm[];
  /** The cycles the viewer may see, oldest first, and where this one is among them. */
  visible: Cycle[];
  index: number;
  cycle: Cycle;
  viewer: Viewer;
}

async function resolveCycle(
  db: Db,
  strategyId: string,
  cycleId: string,
  viewer: Viewer,
): Promise<CycleScope> {
  const found = await strategiesRepo.findStrategyScope(db.kysely, strategyId);
  if (!found) throw notFound('strategy', strategyId);
  const { strategy, cycles, vocabulary } = found;
  // A published tree is the same for every reader: what the public sees.
  const target = cycles.find((c) => c.id === cycleId);
  const reader = target?.state === 'published' ? ANONYMOUS : viewer;
  const visible = cycles.filter((c) => canSeeCycle(reader, c));
  const index = visible.findIndex((c) => c.id === cycleId);
  const cycle = visible[index];
  if (!cycle || !canSeeCycle(viewer, cycle)) throw notFound('cycle', cycleId);
  return { strategy, vocabulary, visible, index, cycle, viewer: reader };
}

async function liveTree<
  E extends { initiativeId: string },
  I extends Pick<Initiative, 'id' | 'ownerIds' | 'listings'>,
  K extends Pick<Indicator, 'id' | 'nodeId'>,
>(
  db: Db,
  { strategy, vocabulary, visible, index, cycle, viewer }: CycleScope,
  read: TreeReaders<E, I, K>,
): Promise<StrategyTreeOf<E, I, K>> {
  const q = db.kysely;
  const strategyId = strategy.id;
  // The viewer's scope is applied where each row is read: a ministry editor reading an
  // unpublished cycle gets its own ministries' entries and figures only, and none of the
  // secretariat's assessments until publication.
  const { scope } = viewer;
  const sharing = await sharingOf(q, strategyId);
  const [nodes, initiatives, entries, assessments, summaries, indicators, organisations, logicModels] =
    await Promise.all([
      nodesRepo.listTreeNodes(q, strategyId),
      read.initiatives(q, strategyId, sharing),
      read.entries(q, scope, cycle, sharing),
      assessmentsRepo.listAssessments(q, scope, [cycle.id]),
      assessmentsRepo.listSummaries(q, scope, [cycle.id]),
      read.indicators(q, scope, strategyId, visibleUpTo(visible, index)),
      orgRepo.listOrganisations(q),
      logicModelsRepo.listLogicModels(q, strategyId),
    ]);
  return {
    strategy,
    cycle,
    previousCycleId: visible[index - 1]?.id ?? null,
    vocabulary,
    organisations,
    nodes: buildTree({ nodes, initiatives, entries, assessments, indicators, logicModels }),
    indicators,
    summary: summaries[0] ?? null,
  };
}

/** Observations reported up to and including the cycle at `index` (no figures from later years). */
function visibleUpTo(visible: Cycle[], index: number): string[] {
  return visible.slice(0, index + 1).map((c) => c.id);
}

export async function getInitiative(db: Db, id: string, viewer: Viewer): Promise<InitiativeDetail> {
  const q = db.kysely;
  const [initiative] = await initiativesRepo.listInitiatives(q, { ids: [id] });
  if (!initiative) throw notFound('initiative', id);
  const [scope, nodes, orgs] = await Promise.all([
    strategiesRepo.findStrategyScope(q, initiative.strategyId) as Promise<strategiesRepo.StrategyScope>,
    nodesRepo.listNodesShowing(
      q,
      initiative.strategyId,
      initiative.listings.map((l) => l.nodeId),
    ),
    orgRepo.listOrganisations(q),
  ]);
  if (!canSeeStrategy(viewer, scope.cycles)) throw notFound('initiative', id);
  const strategy = scope.strategy;
  const cycles = scope.cycles.filter((c) => canSeeCycle(viewer, c));
  const cycleIds = cycles.map((c) => c.id);
  const [entries, indicators] = await Promise.all([
    progressRepo.listEntries(q, viewer.scope, { cycleIds, initiativeIds: [id] }),
    indicatorsRepo.listIndicators(
      q,
      viewer.scope,
      { strategyId: initiative.strategyId, initiativeId: id },
      cycleIds,
    ),
  ]);
  return {
    initiative,
    strategy,
    owners: initiative.ownerIds
      .map((oid) => orgs.find((o) => o.id === oid))
      .filter((o): o is Organisation => o !== undefined),
    nodes,
    timeline: cycles.map((cycle) => ({
      cycle,
      entry: entries.find((e) => e.cycleId === cycle.id) ?? null,
    })),
    indicators,
  };
}

/** Initiatives of the strategies the viewer may see. */
export async function listInitiatives(
  db: Db,
  where: { strategyId?: string; organisationId?: string },
  viewer: Viewer,
) {
  const [initiatives, visible] = await Promise.all([
    initiativesRepo.listInitiatives(db.kysely, where),
    visibleStrategyIds(db, viewer),
  ]);
  return visible === null ? initiatives : initiatives.filter((i) => visible.has(i.strategyId));
}

/** The nodes of a strategy, flat, each with its version (what structure editing starts from). */
export async function listNodes(db: Db, strategyId: string): Promise<StrategyNode[]> {
  if (!(await strategiesRepo.findStrategy(db.kysely, strategyId))) throw notFound('strategy', strategyId);
  return nodesRepo.listNodes(db.kysely, strategyId);
}

export async function listOrganisations(db: Db): Promise<Organisation[]> {
  return orgRepo.listOrganisations(db.kysely);
}

export async function getOrganisation(db: Db, id: string): Promise<Organisation> {
  const org = await orgRepo.findOrganisation(db.kysely, id);
  if (!org) throw notFound('organisation', id);
  return org;
}

export async function listIndicators(db: Db, strategyId: string, viewer: Viewer): Promise<Indicator[]> {
  const cycles = (await getStrategy(db, strategyId, viewer)).cycles;
  // The public reads indicators as their cycles were published (later edits are not theirs).
  if (!seesDrafts(viewer.scope)) return publishedIndicators(db, strategyId);
  return indicatorsRepo.listIndicators(
    db.kysely,
    viewer.scope,
    { strategyId },
    cycles.map((c) => c.id),
  );
}

export async function getIndicator(db: Db, id: string, viewer: Viewer): Promise<Indicator> {
  const [probe] = await indicatorsRepo.listIndicators(db.kysely, viewer.scope, { ids: [id] }, []);
  if (!probe) throw notFound('indicator', id);
  const all = await cyclesRepo.listCycles(db.kysely, probe.strategyId);
  if (!canSeeStrategy(viewer, all)) throw notFound('indicator', id);
  if (!seesDrafts(viewer.scope)) {
    const published = await publishedIndicator(db, probe.strategyId, id);
    if (!published) throw notFound('indicator', id);
    return published;
  }
  const cycles = all.filter((c) => canSeeCycle(viewer, c));
  const [indicator] = await indicatorsRepo.listIndicators(
    db.kysely,
    viewer.scope,
    { ids: [id] },
    cycles.map((c) => c.id),
  );
  return indicator ?? probe;
}
