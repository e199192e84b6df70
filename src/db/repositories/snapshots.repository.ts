/**
 * The published record: snapshots of published cycles (one per revision) and the
 * corrections that made revisions after the first.
 */
import type { Expression, ExpressionBuilder, Kysely, SqlBool } from 'kysely';
import type { Database } from '../schema.ts';

type Q = Kysely<Database>;

export interface SnapshotRow {
  cycleId: string;
  revision: number;
  createdAt: string;
  tree: string;
  contentHash: string;
}

export type SnapshotMeta = Omit<SnapshotRow, 'tree'>;

export interface CorrectionRow {
  id: string;
  cycleId: string;
  revision: number;
  reason: string;
  /** The reason in English ('' when not translated). */
  reasonEn: string;
  /** JSON */
  changes: string;
  createdAt: string;
  createdBy: string;
}

/** The newest snapshot of a published cycle. */
export async function latestSnapshot(db: Q, cycleId: string): Promise<SnapshotRow | undefined> {
  return db
    .selectFrom('cycleSnapshots')
    .selectAll()
    .where('cycleId', '=', cycleId)
    .orderBy('revision', 'desc')
    .limit(1)
    .executeTakeFirst();
}

/** Stores a snapshot; a second writer of the same revision fails (unique key), never overwrites. */
export async function insertSnapshot(db: Q, row: SnapshotRow): Promise<void> {
  await db.insertInto('cycleSnapshots').values(row).execute();
}

/**
 * The newest snapshot revision of a cycle if, and only if, the cycle is published and
 * belongs to the strategy — one statement, for the hot read path.
 */
export async function publishedRevision(
  db: Q,
  strategyId: string,
  cycleId: string,
): Promise<number | undefined> {
  const row = await db
    .selectFrom('cycles')
    .innerJoin('cycleSnapshots', 'cycleSnapshots.cycleId', 'cycles.id')
    .select((eb) => eb.fn.max('cycleSnapshots.revision').as('revision'))
    .where('cycles.id', '=', cycleId)
    .where('cycles.strategyId', '=', strategyId)
    .where('cycles.state', '=', 'published')
    .executeTakeFirst();
  return row?.revision === null || row?.revision === undefined ? undefined : Number(row.revision);
}

/** The newest revision of every published cycle of a strategy that has a snapshot, oldest cycle first. */
export async function publishedRevisions(
  db: Q,
  strategyId: string,
): Promise<{ cycleId: string; revision: number }[]> {
  const rows = await db
    .selectFrom('cycles')
    .innerJoin('cycleSnapshots', 'cycleSnapshots.cycleId', 'cycles.id')
    .select([
      'cycles.id as cycleId',
      'cycles.fiscalYear as fiscalYear',
      (eb) => eb.fn.max('cycleSnapshots.revision').as('revision'),
    ])
    .where('cycles.strategyId', '=', strategyId)
    .where('cycles.state', '=', 'published')
    .groupBy(['cycles.id', 'cycles.fiscalYear'])
    .orderBy('cycles.fiscalYear')
    .execute();
  return rows.map((r) => ({ cycleId: r.cycleId, revision: Number(r.revision) }));
}

export async function findSnapshot(
  db: Q,
  cycleId: string,
  revision: number,
): Promise<SnapshotRow | undefined> {
  return db
    .selectFrom('cycleSnapshots')
    .selectAll()
    .where('cycleId', '=', cycleId)
    .where('revision', '=', revision)
    .executeTakeFirst();
}

/** Every revision of the cycles, without their trees, oldest first. */
export async function listSnapshotMeta(db: Q, cycleIds: string[]): Promise<SnapshotMeta[]> {
  if (cycleIds.length === 0) return [];
  return db
    .selectFrom('cycleSnapshots')
    .select(['cycleId', 'revision', 'createdAt', 'contentHash'])
    .where('cycleId', 'in', cycleIds)
    .orderBy('cycleId')
    .orderBy('revision')
    .execute();
}

/** Every snapshot of the cycles, trees included, oldest first (export). */
export async function listSnapshots(db: Q, cycleIds: string[]): Promise<SnapshotRow[]> {
  if (cycleIds.length === 0) return [];
  return db
    .selectFrom('cycleSnapshots')
    .selectAll()
    .where('cycleId', 'in', cycleIds)
    .orderBy('cycleId')
    .orderBy('revision')
    .execute();
}

/** Published cycles that have no snapshot at all (loaded before publication froze them). */
export async function unfrozenCycles(db: Q): Promise<{ id: string; strategyId: string }[]> {
  return db
    .selectFrom('cycles')
    .leftJoin('cycleSnapshots', 'cycleSnapshots.cycleId', 'cycles.id')
    .select(['cycles.id as id', 'cycles.strategyId as strategyId'])
    .where('cycles.state', '=', 'published')
    .where('cycleSnapshots.cycleId', 'is', null)
    .orderBy('cycles.strategyId')
    .orderBy('cycles.fiscalYear')
    .execute();
}

export async function insertCorrection(db: Q, row: CorrectionRow): Promise<void> {
  await db.insertInto('corrections').values(row).execute();
}

/** The corrections of the cycles, oldest first. */
export async function listCorrections(db: Q, cycleIds: string[]): Promise<CorrectionRow[]> {
  if (cycleIds.length === 0) return [];
  return db
    .selectFrom('corrections')
    .selectAll()
    .where('cycleId', 'in', cycleIds)
    .orderBy('cycleId')
    .orderBy('revision')
    .execute();
}

export interface DigestRow {
  cycleId: string;
  revision: number;
  organisationId: string;
  digest: string;
}

type DigestOf = { cycleId: string; revision: number; organisationId: string | null; digest: string | null };

/**
 * The digests (organisation '' and `organisationIds`) of each cycle's newest snapshot, in one
 * statement: a cycle whose newest snapshot has none of them comes back as one row with
 * `organisationId` and `digest` null (its digests are still to be written).
 */
export async function newestDigests(
  db: Q,
  cycleIds: readonly string[],
  organisationIds: readonly string[],
): Promise<DigestOf[]> {
  if (cycleIds.length === 0) return [];
  return digestsOfCycles(db, organisationIds, (eb) => eb('cycleId', 'in', [...cycleIds]));
}

/**
 * As `newestDigests`, of each strategy's latest published cycle (or its published cycle of
 * `fiscalYear`): the portfolio reads them beside the cycle list rather than after it.
 */
export async function newestDigestsOfLatest(
  db: Q,
  fiscalYear: number | undefined,
  organisationIds: readonly string[],
): Promise<DigestOf[]> {
  return digestsOfCycles(db, organisationIds, (eb) =>
    eb(
      'cycleId',
      'in',
      eb
        .selectFrom('cycles as c')
        .select('c.id')
        .where('c.state', '=', 'published')
        .where((e) =>
          e(
            'c.fiscalYear',
            '=',
            fiscalYear ??
              e
                .selectFrom('cycles as l')
                .select((m) => m.fn.max('l.fiscalYear').as('fiscalYear'))
                .whereRef('l.strategyId', '=', 'c.strategyId')
                .where('l.state', '=', 'published'),
          ),
        ),
    ),
  );
}

async function digestsOfCycles(
  db: Q,
  organisationIds: readonly string[],
  which: (eb: ExpressionBuilder<Database, 'cycleSnapshots'>) => Expression<SqlBool>,
): Promise<DigestOf[]> {
  const rows = await db
    .selectFrom((eb) =>
      eb
        .selectFrom('cycleSnapshots')
        .select(['cycleId', (e) => e.fn.max('revision').as('revision')])
        .where(which)
        .groupBy('cycleId')
        .as('s'),
    )
    .leftJoin('snapshotDigests as d', (join) =>
      join
        .onRef('d.cycleId', '=', 's.cycleId')
        .onRef('d.revision', '=', 's.revision')
        .on('d.organisationId', 'in', ['', ...organisationIds]),
    )
    .select(['s.cycleId', 's.revision', 'd.organisationId', 'd.digest'])
    .execute();
  return rows.map((r) => ({ ...r, revision: Number(r.revision) }));
}

/** Digests written once per snapshot; a second writer of the same ones changes nothing. */
export async function insertDigests(db: Q, rows: readonly DigestRow[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 200) {
    await db
      .insertInto('snapshotDigests')
      .values(rows.slice(i, i + 200))
      .onConflict((oc) => oc.columns(['cycleId', 'revision', 'organisationId']).doNothing())
      .execute();
  }
}
