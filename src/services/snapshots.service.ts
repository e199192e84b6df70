/**
 * Snapshots of published cycles. Publication freezes the tree as the public saw it
 * (revision 0, in the publishing transaction); a correction patches that frozen tree and
 * stores it as the next revision. Every snapshot is written by `writeSnapshot`, and none is
 * ever made on a read. Reads of a published cycle serve the newest snapshot as stored
 * text, with an ETag that names the cycle and revision — nothing to rebuild, nothing to
 * re-serialise.
 */
import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Db } from '../db/database.ts';
import * as snapshotsRepo from '../db/repositories/snapshots.repository.ts';
import type { Database } from '../db/schema.ts';
import { AppError, notFound } from '../domain/errors.ts';
import type { ProgressEntry } from '../domain/model.ts';
import { outlineOfTree } from '../domain/outline.ts';
import { TARGETS_DIGEST, digestTree } from '../domain/portfolio-digest.ts';
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
  entries: Map<string, ProgressEntry[]>;
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

/** Changes whenever this process writes or replaces snapshots: what was kept of them is stale. */
export const publishedGeneration = (): number => generation;

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
      entries: new Map(),
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
  cache.set(cycleId, { revision, json, body, entries: entriesByNode(frozen), checkedAt: now, generation });
  return { json, body, etag: etagOf(cycleId, revision) };
}

function entriesByNode(tree: StrategyTree): Map<string, ProgressEntry[]> {
  const out = new Map<string, ProgressEntry[]>();
  const visit = (node: TreeNode): void => {
    out.set(
      node.id,
      node.items.flatMap((i) => (i.entry ? [i.entry] : [])),
    );
    node.children.forEach(visit);
  };
  tree.nodes.forEach(visit);
  return out;
}

/**
 * The entries of a node's items as the cycle was published (in full, as its newest revision
 * holds them) — the structure and the rows may have changed since, the published record
 * does not: null when the node was not in it, undefined when the cycle has no snapshot.
 */
export async function publishedNodeEntries(
  db: Db,
  strategyId: string,
  cycleId: string,
  nodeId: string,
): Promise<ProgressEntry[] | null | undefined> {
  if (!(await cachedPublishedTree(db, strategyId, cycleId))) return undefined;
  const kept = cacheOf(db).get(cycleId);
  if (!kept || kept.revision === null) return undefined;
  return kept.entries.get(nodeId) ?? null;
}

const EMPTY = Buffer.alloc(0);

/** SHA-256 of a snapshot's text (UTF-8), hex. */
export function contentHashOf(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/**
 * The one way a snapshot is written: publication, correction, import and the startup step
 * all come here. A revision already stored is never overwritten (the insert fails).
 */
export async function writeSnapshot(
  q: Kysely<Database>,
  snapshot: { cycleId: string; revision: number; createdAt: string; tree: string },
  /**
   * A new revision records the audit chain's head beside it; a revision written again as it
   * was (an import or restore carrying the published record) is no new event.
   */
  { newRevision = true }: { newRevision?: boolean } = {},
): Promise<snapshotsRepo.SnapshotMeta> {
  const contentHash = contentHashOf(snapshot.tree);
  forgetPublishedTrees();
  await snapshotsRepo.insertSnapshot(q, { ...snapshot, contentHash });
  await snapshotsRepo.insertDigests(q, digestRows(snapshot.cycleId, snapshot.revision, snapshot.tree));
  if (newRevision)
    await recordCheckpoint(q, 'snapshot', `${snapshot.cycleId}.r${snapshot.revision}`, snapshot.createdAt);
  return {
    cycleId: snapshot.cycleId,
    revision: snapshot.revision,
    createdAt: snapshot.createdAt,
    contentHash,
  };
}

/** The portfolio's digests of a snapshot (domain/portfolio-digest.ts) as rows. */
export function digestRows(cycleId: string, revision: number, tree: string): snapshotsRepo.DigestRow[] {
  const { cycle, targets, ministries } = digestTree(JSON.parse(tree) as StrategyTree);
  return [
    { cycleId, revision, organisationId: '', digest: JSON.stringify(cycle) },
    { cycleId, revision, organisationId: TARGETS_DIGEST, digest: JSON.stringify(targets) },
    ...[...ministries].map(([organisationId, m]) => ({
      cycleId,
      revision,
      organisationId,
      digest: JSON.stringify(m),
    })),
  ];
}

export interface StoredTree {
  /** The tree as stored, every record in full. */
  json: string;
  etag: string;
  revision: number;
  contentHash: string;
  createdAt: string;
}

/**
 * A published cycle's snapshot: the newest, or the revision asked for (not found when the
 * cycle has no such revision). A published cycle without any snapshot is an error, not a
 * reason to make one: the startup step freezes such cycles before anything reads them.
 */
export async function publishedTree(db: Db, cycleId: string, revision?: number): Promise<StoredTree> {
  const row =
    revision === undefined
      ? await snapshotsRepo.latestSnapshot(db.kysely, cycleId)
      : await snapshotsRepo.findSnapshot(db.kysely, cycleId, revision);
  if (!row && revision !== undefined) throw notFound('revision', `${cycleId}.r${revision}`);
  if (!row)
    throw new AppError(
      'unavailable',
      `the published cycle ${cycleId} has no snapshot; run \`shinchoku migrate\` to freeze it`,
    );
  return {
    json: row.tree,
    etag: etagOf(cycleId, row.revision),
    revision: row.revision,
    contentHash: row.contentHash,
    createdAt: row.createdAt,
  };
}
