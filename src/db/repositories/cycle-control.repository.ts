/**
 * Per-ministry deadlines of a cycle (overrides of the cycle's deadline) and the last
 * reminder (督促) each ministry was sent.
 */
import type { Kysely } from 'kysely';
import type { CycleDeadlineTable, Database } from '../schema.ts';
import { updateVersionedWhere } from './versioned.repository.ts';

type Q = Kysely<Database>;

/** A ministry's own deadline in a cycle, as stored. */
export type DeadlineOverride = CycleDeadlineTable;

export async function listDeadlines(q: Q, cycleId: string): Promise<DeadlineOverride[]> {
  return q
    .selectFrom('cycleDeadlines')
    .selectAll()
    .where('cycleId', '=', cycleId)
    .orderBy('organisationId')
    .execute();
}

export async function findDeadline(
  q: Q,
  cycleId: string,
  organisationId: string,
): Promise<DeadlineOverride | undefined> {
  return q
    .selectFrom('cycleDeadlines')
    .selectAll()
    .where('cycleId', '=', cycleId)
    .where('organisationId', '=', organisationId)
    .executeTakeFirst();
}

export async function insertDeadline(q: Q, row: DeadlineOverride): Promise<void> {
  await q.insertInto('cycleDeadlines').values(row).execute();
}

/** Changes an override if it is still at `basedOn`; false if someone changed it first. */
export async function updateDeadline(
  q: Q,
  key: { cycleId: string; organisationId: string },
  basedOn: number,
  changes: { deadline: string; updatedAt: string; updatedBy: string },
): Promise<boolean> {
  return updateVersionedWhere(
    q,
    'cycleDeadlines',
    { cycleId: key.cycleId, organisationId: key.organisationId },
    basedOn,
    changes,
  );
}

/** Removes an override if it is still at `basedOn`; false if someone changed it first. */
export async function deleteDeadline(
  q: Q,
  key: { cycleId: string; organisationId: string },
  basedOn: number,
): Promise<boolean> {
  const r = await q
    .deleteFrom('cycleDeadlines')
    .where('cycleId', '=', key.cycleId)
    .where('organisationId', '=', key.organisationId)
    .where('version', '=', basedOn)
    .executeTakeFirst();
  return Number(r.numDeletedRows) === 1;
}

/** When each ministry of a cycle was last reminded, by organisation id. */
export async function lastReminders(q: Q, cycleId: string): Promise<Map<string, string>> {
  const rows = await q
    .selectFrom('cycleReminders')
    .select(['organisationId', 'remindedAt'])
    .where('cycleId', '=', cycleId)
    .execute();
  return new Map(rows.map((r) => [r.organisationId, r.remindedAt]));
}

/** Records a reminder to a ministry, replacing the one before. */
export async function recordReminder(
  q: Q,
  row: { cycleId: string; organisationId: string; remindedAt: string; remindedBy: string },
): Promise<void> {
  await q
    .insertInto('cycleReminders')
    .values(row)
    .onConflict((oc) =>
      oc
        .columns(['cycleId', 'organisationId'])
        .doUpdateSet({ remindedAt: row.remindedAt, remindedBy: row.remindedBy }),
    )
    .execute();
}
