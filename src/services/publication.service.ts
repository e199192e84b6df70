/**
 * The published record (公開版), immutable by construction:
 *
 * - Publication freezes the cycle's tree at once, in the same transaction — from the
 *   workflow, from a seed and from an import alike — as revision 0 with its publication
 *   time and content hash (snapshots.service.ts writes it).
 * - Every write that would change what a published cycle shows is refused by one guard
 *   (`assertUnpublished`); a correction (corrections.service.ts) is the only way.
 * - What the public reads of a published cycle comes from its snapshot: the tree, a node's
 *   entries, reports, indicators and their projections.
 */
import type { Kysely } from 'kysely';
import type { Db } from '../db/database.ts';
import * as cyclesRepo from '../db/repositories/cycles.repository.ts';
import * as snapshotsRepo from '../db/repositories/snapshots.repository.ts';
import type { Database } from '../db/schema.ts';
import { readChange, type Correction } from '../domain/corrections.ts';
import { published } from '../domain/errors.ts';
import type { Cycle } from '../domain/model.ts';
import { buildPublishedTree } from './strategies.service.ts';
import { writeSnapshot } from './snapshots.service.ts';

/**
 * Refuses a write that would change a published cycle's facts, naming the way that works.
 * @example assertUnpublished(cycle, 'return this entry') // throws `published` (409) once cycle.state is published
 */
export function assertUnpublished(cycle: Pick<Cycle, 'id' | 'state'>, what: string): void {
  if (cycle.state !== 'published') return;
  throw published(
    `the cycle ${cycle.id} is published: cannot ${what}; change the published record through a correction with a reason (POST /api/cycles/${cycle.id}/corrections)`,
    { cycleId: cycle.id },
  );
}

/**
 * Freezes a published cycle as revision 0: the tree the public reads, built from the rows
 * in the caller's transaction. Its time is the publication's.
 */
export async function freezeCycle(
  db: Db,
  q: Kysely<Database>,
  cycle: Pick<Cycle, 'id' | 'strategyId' | 'publishedAt'>,
  now: string,
): Promise<snapshotsRepo.SnapshotMeta> {
  const tree = await buildPublishedTree({ ...db, kysely: q }, cycle.strategyId, cycle.id);
  return writeSnapshot(q, {
    cycleId: cycle.id,
    revision: 0,
    createdAt: cycle.publishedAt ?? now,
    tree: JSON.stringify(tree),
  });
}

/**
 * The startup step after migrations: freezes published cycles that have no snapshot (a
 * database from before publication froze them). Returns the cycles it froze.
 */
export async function freezeUnfrozenCycles(db: Db, now = new Date().toISOString()): Promise<string[]> {
  const pending = await snapshotsRepo.unfrozenCycles(db.kysely);
  for (const cycle of pending) {
    await db.kysely.transaction().execute(async (trx) => {
      const [again] = (await snapshotsRepo.unfrozenCycles(trx)).filter((c) => c.id === cycle.id);
      if (!again) return; // another process froze it meanwhile
      const publishedAt = (await cyclesRepo.findCycle(trx, cycle.id))?.publishedAt ?? null;
      await freezeCycle(db, trx, { ...cycle, publishedAt }, now);
    });
  }
  return pending.map((c) => c.id);
}

export interface Publication {
  /** The newest revision (0 until a correction). */
  revision: number;
  publishedAt: string | null;
  /** SHA-256 of the newest revision's snapshot. */
  contentHash: string;
  revisions: { revision: number; createdAt: string; contentHash: string }[];
  corrections: Correction[];
}

/** Every correction of the cycles, oldest first, each with the hash of the revision it made. */
export async function listCorrections(q: Kysely<Database>, cycleIds: string[]): Promise<Correction[]> {
  const [rows, metas] = await Promise.all([
    snapshotsRepo.listCorrections(q, cycleIds),
    snapshotsRepo.listSnapshotMeta(q, cycleIds),
  ]);
  const hash = new Map(metas.map((m) => [`${m.cycleId}.${m.revision}`, m.contentHash]));
  return rows.map((r) => ({
    id: r.id,
    cycleId: r.cycleId,
    revision: r.revision,
    reason: r.reason,
    reasonEn: r.reasonEn,
    changes: (JSON.parse(r.changes) as unknown[]).map((c) => readChange(c, r.cycleId)),
    createdAt: r.createdAt,
    contentHash: hash.get(`${r.cycleId}.${r.revision}`) ?? '',
  }));
}

/**
 * The published record of a cycle: its revisions and corrections, up to `revision` when
 * given (a download of an earlier revision lists what had been corrected by then). Null
 * for a cycle that is not published.
 */
export async function publicationOf(
  q: Kysely<Database>,
  cycle: Pick<Cycle, 'id' | 'state' | 'publishedAt'>,
  revision?: number,
): Promise<Publication | null> {
  if (cycle.state !== 'published') return null;
  const [metas, corrections] = await Promise.all([
    snapshotsRepo.listSnapshotMeta(q, [cycle.id]),
    listCorrections(q, [cycle.id]),
  ]);
  const upTo = revision ?? metas.at(-1)?.revision ?? 0;
  const revisions = metas
    .filter((m) => m.revision <= upTo)
    .map((m) => ({ revision: m.revision, createdAt: m.createdAt, contentHash: m.contentHash }));
  return {
    revision: upTo,
    publishedAt: cycle.publishedAt,
    contentHash: revisions.find((r) => r.revision === upTo)?.contentHash ?? '',
    revisions,
    corrections: corrections.filter((c) => c.revision <= upTo),
  };
}
