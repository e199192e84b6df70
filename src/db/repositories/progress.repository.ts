import type { Kysely, Selectable } from 'kysely';
import type { Evidence, Plan, ProgressEntry, ReviewState } from '../../domain/model.ts';
import { insertMany } from '../bulk.ts';
import { parseJson, toJson } from '../json.ts';
import type { Database, ProgressEntryTable } from '../schema.ts';

type Q = Kysely<Database>;

const toEntry = (r: Selectable<ProgressEntryTable>): ProgressEntry => ({
  ...r,
  plans: parseJson<Plan[]>(r.plans, []),
  evidence: parseJson<Evidence[]>(r.evidence, []),
  reviewState: r.reviewState as ReviewState,
});

/** Progress entries (主な進捗) of a set of cycles, optionally of some initiatives only. */
export async function listEntries(
  db: Q,
  where: { cycleIds: string[]; initiativeIds?: string[] },
): Promise<ProgressEntry[]> {
  if (where.cycleIds.length === 0) return [];
  let q = db.selectFrom('progressEntries').selectAll().where('cycleId', 'in', where.cycleIds);
  if (where.initiativeIds !== undefined) {
    if (where.initiativeIds.length === 0) return [];
    q = q.where('initiativeId', 'in', where.initiativeIds);
  }
  const rows = await q.orderBy('cycleId').orderBy('initiativeId').execute();
  return rows.map(toEntry);
}

export async function insertEntries(db: Q, entries: ProgressEntry[]): Promise<void> {
  await insertMany(
    db,
    'progressEntries',
    entries.map((e) => ({ ...e, plans: toJson(e.plans), evidence: toJson(e.evidence) })),
  );
}
