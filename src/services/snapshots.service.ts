/**
 * Snapshots of published cycles. Publication freezes the tree as the public saw it
 * (revision 0); a correction patches that frozen tree and stores it as the next revision.
 * Reads of a published cycle serve the newest snapshot as stored text, with an ETag that
 * names the cycle and revision — nothing to rebuild, nothing to re-serialise.
 */
import type { Kysely } from 'kysely';
import type { Db } from '../db/database.ts';
import * as snapshotsRepo from '../db/repositories/snapshots.repository.ts';
import type { Database } from '../db/schema.ts';
import type { Assessment, Cycle, ProgressEntry } from '../domain/model.ts';
import { outlineOfTree } from '../domain/outline.ts';
import { recordCheckpoint } from './audit.service.ts';
import type { StrategyTree, TreeNode } from '../domain/views.ts';

export const etagOf = (cycleId: string, revision: number): string => `"${cycleId}.r${revision}"`;

/**
 * Published trees already read, by cycle, as the API serves them (outlineOfTree: entries
 * without their texts; the snapshot keeps them in full, for reports). A snapshot never
 * changes once written, so a cached text is valid as long as its revision is still the
 * newest. A read checks that with one small statement, at most once a second per cycle
 * (REVALIDATE_MS): a correction made by another server process shows within a second, and
 * one made by this process at once (every snapshot written here forgets what was kept). Between checks a read touches no
 * database at all — the published dashboard is what the whole public reads.
 */
interface Kept {
  /** null: the cycle had no snapshot when checked. */
  revision: number | null;
  json: string;
  /**
   * The text as UTF-8, encoded once: sent as it is, a response allocates nothing. Encoding
   * the text again for every response (hundreds of kilobytes each, thousands a second) made
   * garbage collection most of a server's work on some runs: 1,300 responses a second
   * instead of 4,000.
   */
  body: Buffer;
  /** The entries of each node's items as published (mirror nodes included), by node id. */
  entryIds: Map<string, string[]>;
  checkedAt: number;
  generation: number;
}
const caches = new WeakMap<object, Map<string, Kept>>();
const CACHE_LIMIT = 64;
const REVALIDATE_MS = 1_000;
let generation = 0;

function cacheOf(db: Db): Map<string, Kept> {
  let cache = caches.get(db.kysely);
  if (!cache) caches.set(db.kysely, (cache = new Map()));
  return cache;
}

/** Called whenever this process writes or replaces snapshots (publication, correction, import). */
export function forgetPublishedTrees(): void {
  generation++;
}

/**
 * The published tree as the API serves it, from memory or its snapshot; undefined when the
 * cycle has no snapshot yet.
 */
export async function cachedPublishedTree(
  db: Db,
  strategyId: string,
  cycleId: string,
  { recheck = false } = {},
): Promise<{ json: string; body: Buffer; etag: string } | undefined> {
  const cache = cacheOf(db);
  const hit = recheck ? undefined : cache.get(cycleId);
  const now = Date.now();
  if (hit && hit.generation === generation && now - hit.checkedAt < REVALIDATE_MS) {
    return hit.revision === null
      ? undefined
      : { json: hit.json, body: hit.body, etag: etagOf(cycleId, hit.revision) };
  }
  const revision = await snapshotsRepo.publishedRevision(db.kysely, strategyId, cycleId);
  if (revision === undefined) {
    // No snapshot (a cycle not yet published): remembered as such for as long as a snapshot
    // is, so that reading a draft's tree again costs no statement here.
    if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value as string);
    cache.set(cycleId, {
      revision: null,
      json: '',
      body: EMPTY,
      entryIds: new Map(),
      checkedAt: now,
      generation,
    });
    return undefined;
  }
  if (hit?.revision === revision && hit.generation === generation) {
    hit.checkedAt = now;
    return { json: hit.json, body: hit.body, etag: etagOf(cycleId, revision) };
  }
  const row = await snapshotsRepo.findSnapshot(db.kysely, cycleId, revision);
  if (!row) return undefined;
  cache.delete(cycleId);
  if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value as string);
  const frozen = JSON.parse(row.tree) as StrategyTree;
  const json = JSON.stringify(outlineOfTree(frozen));
  const body = Buffer.from(json);
  cache.set(cycleId, { revision, json, body, entryIds: entryIdsByNode(frozen), checkedAt: now, generation });
  return { json, body, etag: etagOf(cycleId, revision) };
}

function entryIdsByNode(tree: StrategyTree): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const visit = (node: TreeNode): void => {
    out.set(
      node.id,
      node.items.flatMap((i) => (i.entry ? [i.entry.id] : [])),
    );
    node.children.forEach(visit);
  };
  tree.nodes.forEach(visit);
  return out;
}

/**
 * The entries of a node's items as the cycle was published — the structure may have
 * changed since, the published record does not: null when the node was not in it,
 * undefined when the cycle has no snapshot.
 */
export async function publishedEntryIds(
  db: Db,
  strategyId: string,
  cycleId: string,
  nodeId: string,
): Promise<string[] | null | undefined> {
  if (!(await cachedPublishedTree(db, strategyId, cycleId))) return undefined;
  const kept = cacheOf(db).get(cycleId);
  if (!kept || kept.revision === null) return undefined;
  return kept.entryIds.get(nodeId) ?? null;
}

const EMPTY = Buffer.alloc(0);

/** The newest snapshot of a published cycle, made from `build` if there is none yet. */
export async function publishedTree(
  db: Db,
  cycle: Cycle,
  build: () => Promise<StrategyTree>,
): Promise<{ json: string; etag: string }> {
  const latest = await snapshotsRepo.latestSnapshot(db.kysely, cycle.id);
  if (latest) return { json: latest.tree, etag: etagOf(cycle.id, latest.revision) };
  // Cycles published before snapshots existed, or loaded by import: freeze them on first read.
  const revision = await countCorrections(db.kysely, cycle.id);
  const json = JSON.stringify(await build());
  forgetPublishedTrees();
  await snapshotsRepo.insertSnapshot(db.kysely, {
    cycleId: cycle.id,
    revision,
    createdAt: new Date().toISOString(),
    tree: json,
  });
  await recordCheckpoint(db.kysely, 'snapshot', `${cycle.id}.r${revision}`, new Date().toISOString());
  const stored = (await snapshotsRepo.latestSnapshot(db.kysely, cycle.id))!;
  return { json: stored.tree, etag: etagOf(cycle.id, stored.revision) };
}

async function countCorrections(q: Kysely<Database>, cycleId: string): Promise<number> {
  const rows = await q.selectFrom('corrections').select('revision').where('cycleId', '=', cycleId).execute();
  return rows.length;
}

/** Stores the tree at publication (inside the publishing transaction). */
export async function freeze(q: Kysely<Database>, tree: StrategyTree, now: string): Promise<void> {
  forgetPublishedTrees();
  await snapshotsRepo.insertSnapshot(q, {
    cycleId: tree.cycle.id,
    revision: 0,
    createdAt: now,
    tree: JSON.stringify(tree),
  });
  await recordCheckpoint(q, 'snapshot', `${tree.cycle.id}.r0`, now);
}

/** Applies corrected entries and assessments to the newest snapshot and stores revision `revision`. */
export async function patch(
  q: Kysely<Database>,
  cycleId: string,
  revision: number,
  changes: { entries: ProgressEntry[]; assessments: Assessment[]; cycle: Cycle },
  now: string,
): Promise<void> {
  const latest = await snapshotsRepo.latestSnapshot(q, cycleId);
  if (!latest) return; // never read nor published through the workflow: the first read freezes it
  const tree = JSON.parse(latest.tree) as StrategyTree;
  const entries = new Map(changes.entries.map((e) => [e.id, e]));
  const assessments = new Map(changes.assessments.map((a) => [a.nodeId, a]));
  const visit = (node: TreeNode): void => {
    for (const item of node.items) {
      const corrected = item.entry && entries.get(item.entry.id);
      if (corrected) item.entry = corrected;
    }
    const source = node.mirrorOf ?? node.id;
    const assessment = assessments.get(source);
    if (assessment) node.assessment = assessment;
    node.children.forEach(visit);
  };
  tree.nodes.forEach(visit);
  tree.cycle = changes.cycle;
  forgetPublishedTrees();
  await snapshotsRepo.insertSnapshot(q, { cycleId, revision, createdAt: now, tree: JSON.stringify(tree) });
  await recordCheckpoint(q, 'snapshot', `${cycleId}.r${revision}`, now);
}
