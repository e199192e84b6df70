/**
 * The write of a reviewed history plan (report-history.service.ts), inside the caller's
 * transaction: ids for what is new, titles of a later year, the cycle with its entries,
 * 概況, summary and figures, and its published tree as that year's report showed it.
 */
import type { Db } from '../db/database.ts';
import * as assessmentsRepo from '../db/repositories/assessments.repository.ts';
import * as cyclesRepo from '../db/repositories/cycles.repository.ts';
import * as indicatorsRepo from '../db/repositories/indicators.repository.ts';
import * as initiativesRepo from '../db/repositories/initiatives.repository.ts';
import * as nodesRepo from '../db/repositories/nodes.repository.ts';
import * as orgRepo from '../db/repositories/organisations.repository.ts';
import * as progressRepo from '../db/repositories/progress.repository.ts';
import * as strategiesRepo from '../db/repositories/strategies.repository.ts';
import { updateVersioned, type VersionedTable } from '../db/repositories/versioned.repository.ts';
import { conflict } from '../domain/errors.ts';
import type { Match } from '../domain/history-match.ts';
import { assessmentContent, entryContent, type StrategyExport } from '../domain/interchange.ts';
import type { Indicator, Initiative, StrategyNode } from '../domain/model.ts';
import type { StrategyTree, TreeItem, TreeNode } from '../domain/views.ts';
import { audit, type Actor, type AuditEvent } from './audit.service.ts';
import type { HistoryPlan, StoredStrategy } from './report-history.service.ts';
import { reindexStrategy } from './search.service.ts';
import { buildPublishedTree } from './strategies.service.ts';
import { writeSnapshot } from './snapshots.service.ts';

export interface PastCycleWrite {
  stored: StoredStrategy;
  draft: StrategyExport;
  plan: HistoryPlan;
  actor: Actor;
  now: string;
}

/** The moment a report as of `asOf` ('2024-06', 'FY2023', '2024-06-01') was published. */
export function publishedAtOf(asOf: string): string {
  const fy = /^FY(\d{4})/.exec(asOf);
  if (fy) return `${Number(fy[1]) + 1}-03-31T00:00:00.000Z`;
  const [year, month = '01', day = '01'] = asOf.split('-');
  return `${year}-${month}-${day}T00:00:00.000Z`;
}

/** `base`, or `base-2`, `base-3` … whichever is not taken yet (and is then taken). */
function freshId(base: string, taken: Set<string>): string {
  let id = base;
  for (let n = 2; taken.has(id); n++) id = `${base}-${n}`;
  taken.add(id);
  return id;
}

const lastSegment = (id: string) => id.split('-').at(-1) ?? id;
const chosen = (m: Match | undefined) => (m && m.accepted ? (m.existingId ?? undefined) : undefined);

export async function writePastCycle(tx: Db, w: PastCycleWrite): Promise<void> {
  const q = tx.kysely;
  const { draft, plan, actor, now } = w;
  const sid = plan.strategyId;
  const cycleId = plan.cycleId;
  const stamp = { version: 1, createdAt: now, updatedAt: now, updatedBy: actor.id };
  const events: AuditEvent[] = [];

  // Organisations the report names that nobody knew, and stages or ratings the strategy lacks.
  const orgs = await orgRepo.listOrganisations(q);
  const knownOrgs = new Set(orgs.map((o) => o.id));
  await orgRepo.upsertOrganisations(
    q,
    draft.organisations
      .filter((o) => !knownOrgs.has(o.id))
      .map(({ version: _v, createdAt: _c, updatedAt: _u, updatedBy: _b, ...o }, i) => ({
        ...o,
        position: orgs.length + i,
        ...stamp,
      })),
  );
  const vocabulary = await strategiesRepo.listVocabulary(q, sid);
  const missing = (['stage', 'rating'] as const).flatMap((kind) => {
    const have = vocabulary.filter((t) => t.kind === kind);
    const terms = kind === 'stage' ? draft.vocabularies.stages : draft.vocabularies.ratings;
    return terms
      .filter((t) => !have.some((h) => h.code === t.code))
      .map((t, i) => ({
        strategyId: sid,
        kind,
        code: t.code,
        labelJa: t.labelJa,
        labelEn: t.labelEn,
        category: t.category,
        position: have.length + i,
        ...stamp,
      }));
  });
  await strategiesRepo.insertVocabulary(q, missing);

  const nodeIds = await addNodes(tx, w, stamp, events);
  const initiativeIds = await addInitiatives(tx, w, nodeIds, stamp, events);
  const node = (id: string) => nodeIds.get(id) ?? id;
  const initiative = (id: string) => initiativeIds.get(id) ?? id;
  const cycle = draft.cycles[0];
  if (!cycle) return;
  const publishedAt = publishedAtOf(plan.asOf);
  await cyclesRepo.insertCycles(q, [
    {
      id: cycleId,
      strategyId: sid,
      fiscalYear: plan.fiscalYear,
      asOf: plan.asOf,
      state: 'published',
      publishedAt,
      deadline: null,
      ...stamp,
    },
  ]);
  await addIndicators(tx, w, node, initiative, stamp);
  await progressRepo.insertEntries(
    q,
    cycle.progress.map((e) => ({
      id: `${cycleId}.${initiative(e.initiativeId)}`,
      initiativeId: initiative(e.initiativeId),
      cycleId,
      ...entryContent(e),
      ...stamp,
    })),
  );
  await assessmentsRepo.insertAssessments(
    q,
    cycle.assessments.map((a) => ({
      id: `${cycleId}.${node(a.nodeId)}`,
      nodeId: node(a.nodeId),
      cycleId,
      ...assessmentContent(a),
      ...stamp,
    })),
  );
  if (cycle.summary)
    await assessmentsRepo.insertSummaries(q, [
      {
        cycleId,
        overall: cycle.summary.overall,
        overallEn: cycle.summary.overallEn,
        pillars: cycle.summary.pillars.map((p) => ({ ...p, nodeId: node(p.nodeId) })),
        ...stamp,
      },
    ]);
  await freezeAsReported(tx, w, nodeIds, initiativeIds, publishedAt);
  events.push({
    action: 'cycle.import_past',
    entityType: 'cycle',
    entityId: cycleId,
    cycleId,
    after: {
      fiscalYear: plan.fiscalYear,
      asOf: plan.asOf,
      report: draft.strategy.title,
      counts: plan.counts,
    },
  });
  await audit(q, actor, events, now);
  await reindexStrategy(q, sid);
}

type Stamp = { version: number; createdAt: string; updatedAt: string; updatedBy: string };

/** A stored title changed to a later year's, the old one kept in the audit trail. */
async function rename(
  tx: Db,
  table: VersionedTable,
  entity: string,
  row: { id: string; version: number },
  column: 'title' | 'name',
  from: string,
  to: string,
  w: PastCycleWrite,
  events: AuditEvent[],
): Promise<void> {
  if (from === to) return;
  const ok = await updateVersioned(tx.kysely, table, row.id, row.version, {
    [column]: to,
    updatedAt: w.now,
    updatedBy: w.actor.id,
  });
  if (!ok) throw conflict(`the ${entity} ${row.id} was changed meanwhile; nothing was written`);
  events.push({
    action: `${entity}.update`,
    entityType: entity,
    entityId: row.id,
    before: { [column]: from },
    after: { [column]: to },
    reason: `renamed in the report of fiscal year ${w.plan.fiscalYear}`,
  });
}

/** Draft node id → stored node id: matched ones continue, new ones are added. */
async function addNodes(
  tx: Db,
  w: PastCycleWrite,
  stamp: Stamp,
  events: AuditEvent[],
): Promise<Map<string, string>> {
  const { stored, draft, plan } = w;
  const byDraft = new Map(plan.nodes.map((m) => [m.draftId, m]));
  const stock = new Map(stored.nodes.map((n) => [n.id, n]));
  const taken = new Set(stored.nodes.map((n) => n.id));
  const ids = new Map<string, string>();
  for (const d of draft.nodes) {
    const existing = chosen(byDraft.get(d.id));
    if (existing !== undefined) ids.set(d.id, existing);
  }
  const added: StrategyNode[] = [];
  const siblings = (parentId: string | null) =>
    [...stored.nodes, ...added].filter((n) => n.parentId === parentId);
  for (const d of draft.nodes) {
    if (ids.has(d.id)) continue;
    const parentId = d.parentId === null ? null : (ids.get(d.parentId) ?? null);
    const parent =
      parentId === null ? undefined : (stock.get(parentId) ?? added.find((n) => n.id === parentId));
    const id = freshId(`${parentId ?? plan.strategyId}-${lastSegment(d.id)}`, taken);
    ids.set(d.id, id);
    const position = siblings(parentId).length;
    added.push({
      id,
      strategyId: plan.strategyId,
      parentId,
      position,
      code: parent ? `${parent.code}.${position + 1}` : String(position + 1),
      title: d.title,
      titleEn: d.titleEn,
      note: d.note,
      mirrorOf: null,
      ...stamp,
    });
  }
  // Mirrors point at their source's stored id, known only now.
  for (const n of added) {
    const d = draft.nodes.find((x) => ids.get(x.id) === n.id);
    if (d?.mirrorOf) n.mirrorOf = ids.get(d.mirrorOf) ?? null;
  }
  await nodesRepo.insertNodes(tx.kysely, added);
  if (plan.latest)
    for (const d of draft.nodes) {
      const s = stock.get(ids.get(d.id) ?? '');
      if (s) await rename(tx, 'nodes', 'node', s, 'title', s.title, d.title, w, events);
    }
  return ids;
}

/** Draft initiative id → stored id; a later year also brings its ministries and listings. */
async function addInitiatives(
  tx: Db,
  w: PastCycleWrite,
  nodeIds: Map<string, string>,
  stamp: Stamp,
  events: AuditEvent[],
): Promise<Map<string, string>> {
  const { stored, draft, plan } = w;
  const q = tx.kysely;
  const byDraft = new Map(plan.initiatives.map((m) => [m.draftId, m]));
  const stock = new Map(stored.initiatives.map((i) => [i.id, i]));
  const taken = new Set(stored.initiatives.map((i) => i.id));
  const listed = new Map<string, number>();
  for (const i of stored.initiatives)
    for (const l of i.listings) listed.set(l.nodeId, (listed.get(l.nodeId) ?? 0) + 1);
  const place = (nodeId: string) => {
    const position = listed.get(nodeId) ?? 0;
    listed.set(nodeId, position + 1);
    return { nodeId, position };
  };
  const ids = new Map<string, string>();
  const added: Initiative[] = [];
  let n = stored.initiatives.length;
  for (const d of draft.initiatives) {
    const mappedNodes = d.listings.map((l) => nodeIds.get(l.nodeId) ?? l.nodeId);
    const existing = stock.get(chosen(byDraft.get(d.id)) ?? '');
    if (!existing) {
      const id = freshId(`${plan.strategyId}-i${String(++n).padStart(2, '0')}`, taken);
      ids.set(d.id, id);
      added.push({
        id,
        strategyId: plan.strategyId,
        title: d.title,
        titleEn: d.titleEn,
        ownerIds: d.owners,
        listings: mappedNodes.map(place),
        ...stamp,
      });
      continue;
    }
    ids.set(d.id, existing.id);
    if (!plan.latest) continue;
    await rename(tx, 'initiatives', 'initiative', existing, 'title', existing.title, d.title, w, events);
    const newListings = mappedNodes.filter((id) => !existing.listings.some((l) => l.nodeId === id));
    const sameOwners = existing.ownerIds.join(' ') === d.owners.join(' ');
    if (newListings.length === 0 && sameOwners) continue;
    const listings = [...existing.listings, ...newListings.map(place)];
    await initiativesRepo.replaceOwnersAndListings(q, existing.id, d.owners, listings);
    events.push({
      action: 'initiative.update',
      entityType: 'initiative',
      entityId: existing.id,
      before: { owners: existing.ownerIds, listings: existing.listings },
      after: { owners: d.owners, listings },
      reason: `as in the report of fiscal year ${plan.fiscalYear}`,
    });
  }
  await initiativesRepo.insertInitiatives(q, added);
  return ids;
}

/** Figures joined into the stored series (a period already there keeps its figure); new indicators added. */
async function addIndicators(
  tx: Db,
  w: PastCycleWrite,
  node: (id: string) => string,
  initiative: (id: string) => string,
  stamp: Stamp,
): Promise<void> {
  const { stored, draft, plan } = w;
  const byDraft = new Map(plan.indicators.map((m) => [m.draftId, m]));
  const stock = new Map(stored.indicators.map((k) => [k.id, k]));
  const taken = new Set(stored.indicators.map((k) => k.id));
  const added: Indicator[] = [];
  const figures: Indicator['observations'] = [];
  let n = stored.indicators.length;
  for (const d of draft.indicators) {
    const existing = stock.get(chosen(byDraft.get(d.id)) ?? '');
    const id = existing?.id ?? freshId(`${plan.strategyId}-k${++n}`, taken);
    const have = new Set(existing?.observations.map((o) => o.period) ?? []);
    const observations = d.observations
      .filter((o) => !have.has(o.period))
      .map((o) => ({
        id: `${id}.${o.period}`,
        indicatorId: id,
        cycleId: plan.cycleId,
        period: o.period,
        value: o.value,
        source: o.source,
        note: o.note,
        ...stamp,
      }));
    if (existing) {
      figures.push(...observations);
      continue;
    }
    added.push({
      id,
      strategyId: plan.strategyId,
      nodeId: d.nodeId === null ? null : node(d.nodeId),
      initiativeId: d.initiativeId === null ? null : initiative(d.initiativeId),
      name: d.name,
      nameEn: d.nameEn,
      unit: d.unit,
      direction: d.direction,
      baselineValue: d.baselineValue,
      baselinePeriod: d.baselinePeriod,
      targetValue: d.targetValue,
      targetText: d.targetText,
      targetPeriod: d.targetPeriod,
      position: n,
      observations,
      ...stamp,
    });
  }
  await indicatorsRepo.insertIndicators(tx.kysely, added);
  for (const o of figures) await indicatorsRepo.insertObservation(tx.kysely, o);
}

/**
 * The cycle's published tree (revision 0) as the year's report showed it: its own titles,
 * its items under the targets it listed them under, without the nodes and items it did not
 * have (added in other years, or moved since).
 */
async function freezeAsReported(
  tx: Db,
  w: PastCycleWrite,
  nodeIds: Map<string, string>,
  initiativeIds: Map<string, string>,
  publishedAt: string,
): Promise<void> {
  const tree: StrategyTree = await buildPublishedTree(tx, w.plan.strategyId, w.plan.cycleId);
  const nodeTitle = new Map(w.draft.nodes.map((d) => [nodeIds.get(d.id) ?? d.id, d.title]));
  // Every item of the live tree by initiative, wherever it is listed today.
  const items = new Map<string, TreeItem>();
  const gather = (nodes: TreeNode[]) =>
    nodes.forEach((n) => {
      for (const i of n.items) items.set(i.initiative.id, i);
      gather(n.children);
    });
  gather(tree.nodes);
  const listed = new Map<string, TreeItem[]>();
  for (const d of w.draft.initiatives) {
    const item = items.get(initiativeIds.get(d.id) ?? d.id);
    if (!item) continue;
    const under = d.listings.map((l) => nodeIds.get(l.nodeId) ?? l.nodeId);
    under.forEach((nodeId) => {
      const reported: TreeItem = {
        ...item,
        initiative: { ...item.initiative, title: d.title },
        alsoListedUnder: under.filter((x) => x !== nodeId),
      };
      listed.set(nodeId, [...(listed.get(nodeId) ?? []), reported]);
    });
  }
  const keep = (nodes: TreeNode[]): TreeNode[] =>
    nodes.flatMap((n) => {
      const title = nodeTitle.get(n.id);
      if (title === undefined) return [];
      const own = n.mirrorOf === null ? (listed.get(n.id) ?? []) : (listed.get(n.mirrorOf) ?? []);
      return [{ ...n, title, items: own, children: keep(n.children) }];
    });
  const reported = { ...tree, nodes: keep(tree.nodes) };
  await writeSnapshot(tx.kysely, {
    cycleId: w.plan.cycleId,
    revision: 0,
    createdAt: publishedAt,
    tree: JSON.stringify(reported),
  });
}
