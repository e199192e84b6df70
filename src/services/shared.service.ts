/**
 * Shared initiatives (issue #24, item 1): an initiative of one strategy listed under nodes of
 * other strategies. Its ministry reports once per fiscal year: the entry is held by one cycle
 * of that year (the first to list it) and every other strategy's cycle of the same year shows
 * that same entry. Cycles of years no other strategy has keep entries of their own. A
 * published cycle shows what its snapshot froze, so publishing one strategy's cycle never
 * changes another's published record.
 *
 * The review of the entry (accept, return with a comment) is one, not one per strategy, on
 * purpose: it judges the ministry's one text, and the ministry can answer only one decision
 * — two strategies returning the same text with different comments, or one accepting what the
 * other returned, would leave it nothing coherent to write. Each secretariat's own judgement
 * is its assessment (評価・概況) of its own nodes, which is per strategy. The entry page names
 * every strategy and node using the entry and says so (web/src/workflow/EntryUsedIn.tsx).
 */
import type { Kysely } from 'kysely';
import type { Db } from '../db/database.ts';
import * as cyclesRepo from '../db/repositories/cycles.repository.ts';
import * as initiativesRepo from '../db/repositories/initiatives.repository.ts';
import * as nodesRepo from '../db/repositories/nodes.repository.ts';
import * as progressRepo from '../db/repositories/progress.repository.ts';
import * as sharedRepo from '../db/repositories/shared-listings.repository.ts';
import * as strategiesRepo from '../db/repositories/strategies.repository.ts';
import * as umbrellaRepo from '../db/repositories/umbrella.repository.ts';
import type { Database } from '../db/schema.ts';
import { UNSCOPED, type ReadScope } from '../domain/access.ts';
import { conflict, invalid, notFound } from '../domain/errors.ts';
import type { Cycle, Initiative, ProgressEntry, StrategyNode } from '../domain/model.ts';
import { outlineOf, outlineOfInitiative } from '../domain/outline.ts';
import type { EntryOutline, EntryUse, OutlineInitiative } from '../domain/views.ts';
import { audit, type Actor } from './audit.service.ts';
import { emptyDraft } from './cycles.service.ts';

type Q = Kysely<Database>;

/** A cycle that shows a shared entry: which strategy, which year, under which of its nodes. */
export type { EntryUse } from '../domain/views.ts';

/**
 * The shared listings touching a strategy (read once per tree): the initiatives it borrows,
 * under which of its nodes, and the ids of every initiative whose entry its cycles may share.
 */
export interface Sharing {
  borrowed: sharedRepo.SharedListing[];
  ids: string[];
}

export async function sharingOf(q: Q, strategyId: string): Promise<Sharing> {
  const rows = await sharedRepo.listSharingOf(q, strategyId);
  return {
    borrowed: rows.filter((r) => r.strategyId === strategyId),
    ids: [...new Set(rows.map((r) => r.initiativeId))].sort(),
  };
}

/**
 * A strategy's initiatives: its own, and those it borrows from other strategies, listed
 * under the nodes of this strategy that list them.
 */
export async function initiativesOf(q: Q, strategyId: string, sharing?: Sharing): Promise<Initiative[]> {
  const [own, borrowed] = await Promise.all([
    initiativesRepo.listInitiatives(q, { strategyId }),
    borrowedInitiatives(q, strategyId, sharing),
  ]);
  return [...own, ...borrowed];
}

/** The same as initiativesOf, as the API's tree carries them. */
export async function initiativeOutlinesOf(
  q: Q,
  strategyId: string,
  sharing?: Sharing,
): Promise<OutlineInitiative[]> {
  const [own, borrowed] = await Promise.all([
    initiativesRepo.listInitiativeOutlines(q, strategyId),
    borrowedInitiatives(q, strategyId, sharing),
  ]);
  return [...own, ...borrowed.map(outlineOfInitiative)];
}

async function borrowedInitiatives(q: Q, strategyId: string, sharing?: Sharing): Promise<Initiative[]> {
  const links = (sharing ?? (await sharingOf(q, strategyId))).borrowed;
  if (links.length === 0) return [];
  const initiatives = await initiativesRepo.listInitiatives(q, {
    ids: [...new Set(links.map((l) => l.initiativeId))],
  });
  return initiatives.map((i) => ({
    ...i,
    listings: links
      .filter((l) => l.initiativeId === i.id)
      .map((l) => ({ nodeId: l.nodeId, position: l.position })),
  }));
}

interface ShownOptions {
  /** Only these initiatives' entries. */
  initiativeIds?: string[];
  /** The strategy's sharing, when the caller has read it already. */
  sharing?: Sharing;
}

/**
 * The entries a cycle shows: its own, and for shared initiatives without one of its own the
 * entry another cycle of the same fiscal year holds. The read policy applies to the cycle
 * holding the entry; a published cycle is read this way only while it is frozen, as the
 * public will see it, and then shows the shared entries as they stand.
 */
export async function entriesShownIn(
  q: Q,
  scope: ReadScope,
  cycle: Cycle,
  opts: ShownOptions = {},
): Promise<ProgressEntry[]> {
  const [own, shared] = await Promise.all([
    progressRepo.listEntries(q, scope, { cycleIds: [cycle.id], initiativeIds: opts.initiativeIds }),
    sharedEntriesOf(q, scope, cycle, opts),
  ]);
  return merge(own, shared);
}

/** The same as entriesShownIn, as the API's tree carries them. */
export async function entryOutlinesShownIn(
  q: Q,
  scope: ReadScope,
  cycle: Cycle,
  opts: ShownOptions = {},
): Promise<EntryOutline[]> {
  const [own, shared] = await Promise.all([
    progressRepo.listEntryOutlines(q, scope, cycle.id),
    sharedEntriesOf(q, scope, cycle, opts),
  ]);
  return merge(own, shared.map(outlineOf));
}

async function sharedEntriesOf(
  q: Q,
  scope: ReadScope,
  cycle: Cycle,
  opts: ShownOptions,
): Promise<ProgressEntry[]> {
  const all = (opts.sharing ?? (await sharingOf(q, cycle.strategyId))).ids;
  const only = opts.initiativeIds;
  const ids = only === undefined ? all : all.filter((id) => only.includes(id));
  if (ids.length === 0) return [];
  return sharedRepo.listEntriesOfYear(q, cycle.state === 'published' ? UNSCOPED : scope, {
    fiscalYear: cycle.fiscalYear,
    initiativeIds: ids,
    exceptCycleId: cycle.id,
  });
}

/** Own entries first; one shared entry per initiative without one (the first cycle's). */
function merge<E extends { initiativeId: string }>(own: E[], shared: E[]): E[] {
  if (shared.length === 0) return own;
  const have = new Set(own.map((e) => e.initiativeId));
  const out = [...own];
  for (const e of shared) {
    if (have.has(e.initiativeId)) continue;
    have.add(e.initiativeId);
    out.push(e);
  }
  return out.sort((a, b) => (a.initiativeId < b.initiativeId ? -1 : a.initiativeId > b.initiativeId ? 1 : 0));
}

/**
 * The initiatives a cycle being opened must get an empty draft for: its strategy's, less
 * those it has already and the shared ones another cycle of the year holds an entry of.
 */
export async function initiativesNeedingEntries(q: Q, cycle: Cycle): Promise<Initiative[]> {
  const sharing = await sharingOf(q, cycle.strategyId);
  const [initiatives, shown] = await Promise.all([
    initiativesOf(q, cycle.strategyId, sharing),
    entriesShownIn(q, UNSCOPED, cycle, { sharing }),
  ]);
  const have = new Set(shown.map((e) => e.initiativeId));
  return initiatives.filter((i) => !have.has(i.id));
}

/**
 * Where an initiative's entry of a fiscal year is shown: every strategy using it, that
 * year's cycle and the nodes listing it there (empty when the initiative is not shared).
 */
export async function usesOf(q: Q, initiative: Initiative, fiscalYear: number): Promise<EntryUse[]> {
  const links = await sharedRepo.listSharedListings(q, { initiativeIds: [initiative.id] });
  if (links.length === 0) return [];
  const listed = [
    ...initiative.listings.map((l) => ({ strategyId: initiative.strategyId, nodeId: l.nodeId })),
    ...links,
  ];
  const strategyIds = new Set(listed.map((l) => l.strategyId));
  const [strategies, cycles, nodes] = await Promise.all([
    strategiesRepo.listStrategies(q),
    cyclesRepo.listCycles(q),
    nodesRepo.listNodesById(q, [...new Set(listed.map((l) => l.nodeId))]),
  ]);
  return cycles
    .filter((c) => strategyIds.has(c.strategyId) && c.fiscalYear === fiscalYear)
    .flatMap((c) => {
      const s = strategies.find((x) => x.id === c.strategyId);
      if (!s) return [];
      const here = new Set(listed.filter((l) => l.strategyId === s.id).map((l) => l.nodeId));
      return [
        {
          strategyId: s.id,
          title: s.title,
          titleEn: s.titleEn,
          cycleId: c.id,
          fiscalYear,
          state: c.state,
          nodes: nodes
            .filter((n) => here.has(n.id))
            .map((n) => ({ id: n.id, code: n.code, title: n.title, titleEn: n.titleEn })),
        },
      ];
    });
}

/** The initiatives listed under a node of a strategy: its own and those it borrows. */
export async function initiativesListedUnder(
  q: Q,
  strategyId: string,
  nodeId: string,
): Promise<Initiative[]> {
  const [own, links] = await Promise.all([
    initiativesRepo.listInitiatives(q, { strategyId, listedUnder: nodeId }),
    sharedRepo.listSharedListings(q, { strategyId }),
  ]);
  const borrowed = links.filter((l) => l.nodeId === nodeId).map((l) => l.initiativeId);
  return borrowed.length === 0
    ? own
    : [...own, ...(await initiativesRepo.listInitiatives(q, { ids: borrowed }))];
}

/** A node of a strategy, or not found when it is not one of that strategy's. */
export async function nodeOf(q: Q, strategyId: string, nodeId: string): Promise<StrategyNode> {
  const node = await nodesRepo.findNode(q, nodeId);
  if (!node || node.strategyId !== strategyId) throw notFound('node', nodeId);
  return node;
}

/** The initiatives of other strategies listed under a node (what the structure screen shows). */
export async function listSharedItems(
  db: Db,
  strategyId: string,
  nodeId: string,
): Promise<
  {
    initiative: Initiative;
    strategyId: string;
    strategyTitle: string;
    strategyTitleEn: string;
    position: number;
  }[]
> {
  await nodeOf(db.kysely, strategyId, nodeId);
  const links = (await sharedRepo.listSharedListings(db.kysely, { strategyId })).filter(
    (l) => l.nodeId === nodeId,
  );
  const [initiatives, strategies] = await Promise.all([
    initiativesRepo.listInitiatives(db.kysely, { ids: links.map((l) => l.initiativeId) }),
    strategiesRepo.listStrategies(db.kysely),
  ]);
  return links.flatMap((l) => {
    const initiative = initiatives.find((i) => i.id === l.initiativeId);
    if (!initiative) return [];
    const home = strategies.find((s) => s.id === initiative.strategyId);
    return [
      {
        initiative,
        strategyId: initiative.strategyId,
        strategyTitle: home?.title ?? '',
        strategyTitleEn: home?.titleEn ?? '',
        position: l.position,
      },
    ];
  });
}

/** A node's links to other strategies: shared initiatives under it, the strategy it stands for. */
export async function nodeLinks(db: Db, strategyId: string, nodeId: string) {
  const [items, umbrella] = await Promise.all([
    listSharedItems(db, strategyId, nodeId),
    umbrellaRepo.findUmbrellaNode(db.kysely, nodeId),
  ]);
  return { items, standsFor: umbrella?.subStrategyId ?? null };
}

/**
 * Lists an initiative of another strategy under a node. Cycles of this strategy being
 * collected (open or closed) whose fiscal year has no entry of it yet get an empty draft of
 * their own; a year that has one shows that one.
 */
export async function linkInitiative(
  db: Db,
  strategyId: string,
  nodeId: string,
  initiativeId: string,
  actor: Actor,
): Promise<void> {
  await db.kysely.transaction().execute(async (trx) => {
    await nodeOf(trx, strategyId, nodeId);
    const [initiative] = await initiativesRepo.listInitiatives(trx, { ids: [initiativeId] });
    if (!initiative)
      throw invalid('no such initiative', {
        issues: [{ path: 'initiativeId', message: 'unknown initiative' }],
      });
    if (initiative.strategyId === strategyId)
      throw invalid('the initiative is this strategy’s own: list it under the node in the initiative form', {
        issues: [{ path: 'initiativeId', message: 'own initiative' }],
      });
    const existing = await sharedRepo.listSharedListings(trx, { initiativeIds: [initiativeId] });
    if (existing.some((l) => l.nodeId === nodeId))
      throw conflict('the initiative is listed under this node already');
    const now = new Date().toISOString();
    const row = {
      initiativeId,
      nodeId,
      strategyId,
      position: await sharedRepo.nextSharedPosition(trx, nodeId),
      createdAt: now,
      createdBy: actor.id,
    };
    await sharedRepo.insertSharedListing(trx, row);
    const collecting = (await cyclesRepo.listCycles(trx, strategyId)).filter(
      (c) => c.state === 'open' || c.state === 'closed',
    );
    const drafts: ProgressEntry[] = [];
    for (const cycle of collecting) {
      const held = await sharedRepo.listEntriesOfYear(trx, UNSCOPED, {
        fiscalYear: cycle.fiscalYear,
        initiativeIds: [initiativeId],
      });
      if (held.length === 0) drafts.push(emptyDraft(cycle.id, initiativeId, now, actor));
    }
    await progressRepo.insertEntries(trx, drafts);
    await audit(
      trx,
      actor,
      [
        { action: 'initiative.share', entityType: 'initiative', entityId: initiativeId, after: row },
        ...drafts.map((d) => ({
          action: 'entry.create',
          entityType: 'progress_entry',
          entityId: d.id,
          cycleId: d.cycleId,
          after: d,
        })),
      ],
      now,
    );
  });
}

/** Takes a shared initiative off a node; entries already written stay with their cycles. */
export async function unlinkInitiative(
  db: Db,
  strategyId: string,
  nodeId: string,
  initiativeId: string,
  actor: Actor,
): Promise<void> {
  await db.kysely.transaction().execute(async (trx) => {
    await nodeOf(trx, strategyId, nodeId);
    if (!(await sharedRepo.deleteSharedListing(trx, initiativeId, nodeId)))
      throw notFound('shared initiative', initiativeId);
    await audit(
      trx,
      actor,
      [
        {
          action: 'initiative.unshare',
          entityType: 'initiative',
          entityId: initiativeId,
          before: { initiativeId, nodeId, strategyId },
        },
      ],
      new Date().toISOString(),
    );
  });
}
