/**
 * Shared initiatives (issue #24): an initiative of one strategy listed under nodes of
 * another. The entry its ministry writes for a fiscal year is held by one cycle of that year
 * (the first that listed it); every other cycle of that year showing the initiative reads it.
 */
import type { Kysely } from 'kysely';
import type { ReadScope } from '../../domain/access.ts';
import type { ProgressEntry } from '../../domain/model.ts';
import type { Database, SharedListingTable } from '../schema.ts';
import { toEntry } from './progress.repository.ts';
import { entriesIn, reviewCommentIn } from './scope.ts';

type Q = Kysely<Database>;

export type SharedListing = SharedListingTable;

/** The shared listings under a strategy's nodes, or of some initiatives wherever they are listed. */
export async function listSharedListings(
  q: Q,
  where: { strategyId?: string; initiativeIds?: string[] },
): Promise<SharedListing[]> {
  if (where.initiativeIds !== undefined && where.initiativeIds.length === 0) return [];
  let query = q.selectFrom('sharedListings').selectAll();
  if (where.strategyId !== undefined) query = query.where('strategyId', '=', where.strategyId);
  if (where.initiativeIds !== undefined) query = query.where('initiativeId', 'in', where.initiativeIds);
  return query.orderBy('strategyId').orderBy('nodeId').orderBy('position').orderBy('initiativeId').execute();
}

/**
 * Every shared listing that touches a strategy, in one statement: those under its nodes
 * (initiatives it borrows) and those of its own initiatives under other strategies' nodes.
 */
export async function listSharingOf(q: Q, strategyId: string): Promise<SharedListing[]> {
  return q
    .selectFrom('sharedListings')
    .innerJoin('initiatives', 'initiatives.id', 'sharedListings.initiativeId')
    .selectAll('sharedListings')
    .where((eb) =>
      eb.or([
        eb('sharedListings.strategyId', '=', strategyId),
        eb('initiatives.strategyId', '=', strategyId),
      ]),
    )
    .orderBy('sharedListings.strategyId')
    .orderBy('sharedListings.nodeId')
    .orderBy('sharedListings.position')
    .orderBy('sharedListings.initiativeId')
    .execute();
}

export async function insertSharedListing(q: Q, row: SharedListing): Promise<void> {
  await q.insertInto('sharedListings').values(row).execute();
}

/** Removes a shared listing; false when there was none. */
export async function deleteSharedListing(q: Q, initiativeId: string, nodeId: string): Promise<boolean> {
  const r = await q
    .deleteFrom('sharedListings')
    .where('initiativeId', '=', initiativeId)
    .where('nodeId', '=', nodeId)
    .executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

/** The next position at the end of a node's items (its own listings and shared ones). */
export async function nextSharedPosition(q: Q, nodeId: string): Promise<number> {
  const [own, shared] = await Promise.all([
    q
      .selectFrom('initiativeListings')
      .select((eb) => eb.fn.max<number | null>('position').as('max'))
      .where('nodeId', '=', nodeId)
      .executeTakeFirst(),
    q
      .selectFrom('sharedListings')
      .select((eb) => eb.fn.max<number | null>('position').as('max'))
      .where('nodeId', '=', nodeId)
      .executeTakeFirst(),
  ]);
  const max = Math.max(
    -1,
    ...[own?.max, shared?.max].filter((m) => m !== null && m !== undefined).map(Number),
  );
  return max + 1;
}

/**
 * Entries of these initiatives held by other cycles of a fiscal year than `exceptCycleId`,
 * as the scope may read them (the read policy applies to the cycle holding the entry).
 */
export async function listEntriesOfYear(
  q: Q,
  scope: ReadScope,
  where: { fiscalYear: number; initiativeIds: string[]; exceptCycleId?: string },
): Promise<ProgressEntry[]> {
  if (where.initiativeIds.length === 0) return [];
  let query = q
    .selectFrom('progressEntries')
    .innerJoin('cycles', 'cycles.id', 'progressEntries.cycleId')
    .selectAll('progressEntries')
    .select((eb) => reviewCommentIn(eb, scope))
    .where('cycles.fiscalYear', '=', where.fiscalYear)
    .where('progressEntries.initiativeId', 'in', where.initiativeIds)
    .where((eb) => entriesIn(eb, scope));
  if (where.exceptCycleId !== undefined) query = query.where('cycles.id', '!=', where.exceptCycleId);
  const rows = await query.orderBy('progressEntries.initiativeId').orderBy('cycles.id').execute();
  return rows.map(toEntry);
}
