import type { Kysely, Selectable } from 'kysely';
import { textDigest } from '../../domain/outline.ts';
import type { ReadScope } from '../../domain/access.ts';
import type { Evidence, Plan, ProgressEntry, ReviewState } from '../../domain/model.ts';
import type { EntryOutline } from '../../domain/views.ts';
import { insertMany } from '../bulk.ts';
import { parseJson, toJson } from '../json.ts';
import type { Database, ProgressEntryTable } from '../schema.ts';
import { entriesIn, reviewCommentIn } from './scope.ts';

type Q = Kysely<Database>;

/** An entry from its row (the digest stays in the database: the outline is what carries it). */
export const toEntry = (r: Omit<Selectable<ProgressEntryTable>, 'textDigest'>): ProgressEntry => ({
  id: r.id,
  initiativeId: r.initiativeId,
  cycleId: r.cycleId,
  text: r.text,
  textEn: r.textEn,
  stage: r.stage,
  plans: parseJson<Plan[]>(r.plans, []),
  evidence: parseJson<Evidence[]>(r.evidence, []),
  reviewState: r.reviewState as ReviewState,
  reviewComment: r.reviewComment,
  submittedAt: r.submittedAt,
  version: r.version,
  createdAt: r.createdAt,
  updatedAt: r.updatedAt,
  updatedBy: r.updatedBy,
});

const OUTLINE_COLUMNS = [
  'id',
  'initiativeId',
  'stage',
  'reviewState',
  'submittedAt',
  'version',
  'updatedAt',
  'textDigest',
] as const;
const ENTRY_COLUMNS = [
  'id',
  'initiativeId',
  'cycleId',
  'text',
  'textEn',
  'stage',
  'plans',
  'evidence',
  'reviewState',
  'submittedAt',
  'version',
  'createdAt',
  'updatedAt',
  'updatedBy',
] as const;

/**
 * Progress entries (主な進捗) of a set of cycles that the scope may read, optionally of some
 * initiatives or ids only.
 */
export async function listEntries(
  db: Q,
  scope: ReadScope,
  where: { cycleIds: string[]; initiativeIds?: string[]; ids?: string[] },
): Promise<ProgressEntry[]> {
  if (where.cycleIds.length === 0) return [];
  let q = db
    .selectFrom('progressEntries')
    .select(ENTRY_COLUMNS)
    .select((eb) => reviewCommentIn(eb, scope))
    .where('cycleId', 'in', where.cycleIds)
    .where((eb) => entriesIn(eb, scope));
  if (where.initiativeIds !== undefined) {
    if (where.initiativeIds.length === 0) return [];
    q = q.where('initiativeId', 'in', where.initiativeIds);
  }
  if (where.ids !== undefined) {
    if (where.ids.length === 0) return [];
    q = q.where('id', 'in', where.ids);
  }
  const rows = await q.orderBy('cycleId').orderBy('initiativeId').execute();
  return rows.map(toEntry);
}

/**
 * The entries of one cycle as the API's tree carries them (EntryOutline): no text, plans,
 * evidence, review comment or edit record but the version and time. For the largest
 * strategy this reads in a quarter of the time the whole rows take.
 */
export async function listEntryOutlines(db: Q, scope: ReadScope, cycleId: string): Promise<EntryOutline[]> {
  const rows = await db
    .selectFrom('progressEntries')
    .select(OUTLINE_COLUMNS)
    .where('cycleId', '=', cycleId)
    .where((eb) => entriesIn(eb, scope))
    .orderBy('initiativeId')
    .execute();
  return rows.map((r) => ({ ...r, reviewState: r.reviewState as ReviewState }));
}

export async function insertEntries(db: Q, entries: ProgressEntry[]): Promise<void> {
  await insertMany(
    db,
    'progressEntries',
    entries.map((e) => ({
      ...e,
      textDigest: textDigest(e.text),
      plans: toJson(e.plans),
      evidence: toJson(e.evidence),
    })),
  );
}

/** Entries per cycle and review state, as far as the scope may read them (the portfolio's staff view). */
export async function countEntriesByState(
  db: Q,
  scope: ReadScope,
  cycleIds: readonly string[],
): Promise<{ cycleId: string; reviewState: ReviewState; count: number }[]> {
  if (cycleIds.length === 0) return [];
  const rows = await db
    .selectFrom('progressEntries')
    .select(['cycleId', 'reviewState', (eb) => eb.fn.countAll().as('count')])
    .where('cycleId', 'in', [...cycleIds])
    .where((eb) => entriesIn(eb, scope))
    .groupBy(['cycleId', 'reviewState'])
    .execute();
  return rows.map((r) => ({
    cycleId: r.cycleId,
    reviewState: r.reviewState as ReviewState,
    count: Number(r.count),
  }));
}
