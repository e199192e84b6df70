/**
 * The queries of the background jobs that follow notifications: the mail outbox (claimed
 * row by row, so that with several servers each mail goes out once) and the deadline
 * reminders (one per cycle and editor, claimed by its primary key).
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../schema.ts';

type Q = Kysely<Database>;

export interface OutboxMail {
  id: string;
  kind: string;
  params: string;
  email: string;
}

/** Notifications still to be e-mailed: not yet sent, to an enabled user with an address. */
function pending(q: Q) {
  return q
    .selectFrom('notifications')
    .innerJoin('users', 'users.id', 'notifications.userId')
    .where('notifications.emailedAt', 'is', null)
    .where('users.email', '!=', '')
    .where('users.disabled', '=', 0);
}

/**
 * Claims up to `limit` notifications to e-mail, oldest first, for `claimant`, and returns
 * them. A claim is a row keyed by the notification: when two servers claim at once, the
 * key lets one insert win and the other's do nothing (PostgreSQL waits for the winner's
 * commit and then skips the row; SQLite runs one writer at a time). Claims older than
 * `leaseStart` of notifications still not e-mailed were left by a server that died and are
 * given up first.
 */
export async function claimOutbox(
  q: Q,
  opts: { claimant: string; now: string; leaseStart: string; limit: number },
): Promise<OutboxMail[]> {
  await q
    .deleteFrom('mailClaims')
    .where('claimedAt', '<', opts.leaseStart)
    .where('notificationId', 'in', q.selectFrom('notifications').select('id').where('emailedAt', 'is', null))
    .execute();
  const claimed = await q
    .insertInto('mailClaims')
    .columns(['notificationId', 'claimedBy', 'claimedAt'])
    .expression(
      pending(q)
        .select([
          'notifications.id',
          sql<string>`cast(${opts.claimant} as text)`.as('claimedBy'),
          sql<string>`cast(${opts.now} as text)`.as('claimedAt'),
        ])
        .where(({ exists, not, selectFrom }) =>
          not(
            exists(
              selectFrom('mailClaims')
                .select('mailClaims.notificationId')
                .whereRef('mailClaims.notificationId', '=', 'notifications.id'),
            ),
          ),
        )
        .orderBy('notifications.createdAt')
        .orderBy('notifications.id')
        .limit(opts.limit),
    )
    .onConflict((oc) => oc.column('notificationId').doNothing())
    .returning('notificationId')
    .execute();
  if (claimed.length === 0) return [];
  return q
    .selectFrom('notifications')
    .innerJoin('users', 'users.id', 'notifications.userId')
    .select(['notifications.id', 'notifications.kind', 'notifications.params', 'users.email'])
    .where(
      'notifications.id',
      'in',
      claimed.map((c) => c.notificationId),
    )
    .orderBy('notifications.createdAt')
    .orderBy('notifications.id')
    .execute();
}

/** Records that a claimed notification was e-mailed (its claim stays: it is done). */
export async function markEmailed(q: Q, id: string, at: string): Promise<void> {
  await q.updateTable('notifications').set({ emailedAt: at }).where('id', '=', id).execute();
}

/** Gives up claims on notifications that were not e-mailed, for the next round. */
export async function releaseClaims(q: Q, ids: string[]): Promise<void> {
  if (ids.length === 0) return;
  await q
    .deleteFrom('mailClaims')
    .where('notificationId', 'in', ids)
    .where('notificationId', 'in', q.selectFrom('notifications').select('id').where('emailedAt', 'is', null))
    .execute();
}

/** How many notifications wait to be e-mailed (claimed ones included). */
export async function outboxDepth(q: Q): Promise<number> {
  const row = await pending(q)
    .select((eb) => eb.fn.countAll().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export interface DueCycle {
  id: string;
  deadline: string;
}

/** Open cycles whose deadline falls between `from` and `to` (ISO dates, inclusive). */
export async function cyclesDueBetween(q: Q, from: string, to: string): Promise<DueCycle[]> {
  const rows = await q
    .selectFrom('cycles')
    .select(['id', 'deadline'])
    .where('state', '=', 'open')
    .where('deadline', 'is not', null)
    .where('deadline', '>=', from)
    .where('deadline', '<=', to)
    .orderBy('id')
    .execute();
  return rows.map((r) => ({ id: r.id, deadline: r.deadline ?? '' }));
}

/** Entries of a cycle still owed (draft or returned), with each owning organisation. */
export async function owedEntries(q: Q, cycleId: string): Promise<{ id: string; organisationId: string }[]> {
  return q
    .selectFrom('progressEntries')
    .innerJoin('initiativeOwners', 'initiativeOwners.initiativeId', 'progressEntries.initiativeId')
    .select(['progressEntries.id', 'initiativeOwners.organisationId'])
    .where('progressEntries.cycleId', '=', cycleId)
    .where('progressEntries.reviewState', 'in', ['draft', 'returned'])
    .execute();
}

/** The organisations of each of `userIds`. */
export async function organisationsOf(q: Q, userIds: string[]): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>(userIds.map((id) => [id, []]));
  if (userIds.length === 0) return out;
  const rows = await q
    .selectFrom('userOrganisations')
    .select(['userId', 'organisationId'])
    .where('userId', 'in', userIds)
    .execute();
  for (const row of rows) out.get(row.userId)?.push(row.organisationId);
  return out;
}

/** The users already reminded of a cycle's deadline. */
export async function remindedUsers(q: Q, cycleId: string): Promise<Set<string>> {
  const rows = await q
    .selectFrom('deadlineReminders')
    .select('userId')
    .where('cycleId', '=', cycleId)
    .execute();
  return new Set(rows.map((r) => r.userId));
}

/**
 * Claims the reminder of `userId` for `cycleId`: true for the one caller that recorded it,
 * false when it was recorded before (or by another server at the same moment). Call it in
 * the transaction that writes the reminder, so that a failed write gives the claim back.
 */
export async function claimReminder(q: Q, cycleId: string, userId: string, at: string): Promise<boolean> {
  const rows = await q
    .insertInto('deadlineReminders')
    .values({ cycleId, userId, remindedAt: at })
    .onConflict((oc) => oc.columns(['cycleId', 'userId']).doNothing())
    .returning('userId')
    .execute();
  return rows.length === 1;
}

/**
 * Records as reminded every editor whose deadline reminder is among the notifications (a
 * restored backup carries the notifications, not this bookkeeping), so that nobody is
 * reminded twice of one cycle.
 */
export async function recordRemindersFromNotifications(q: Q): Promise<void> {
  const rows = await q
    .selectFrom('notifications')
    .innerJoin('users', 'users.id', 'notifications.userId')
    .select(['notifications.userId', 'notifications.params', 'notifications.createdAt'])
    .where('notifications.kind', '=', 'deadline_approaching')
    .execute();
  const cycles = new Set((await q.selectFrom('cycles').select('id').execute()).map((c) => c.id));
  const values = new Map<string, { cycleId: string; userId: string; remindedAt: string }>();
  for (const row of rows) {
    const cycleId = (JSON.parse(row.params) as { cycleId?: unknown }).cycleId;
    if (typeof cycleId !== 'string' || !cycles.has(cycleId)) continue;
    const key = JSON.stringify([cycleId, row.userId]);
    if (!values.has(key)) values.set(key, { cycleId, userId: row.userId, remindedAt: row.createdAt });
  }
  for (const value of values.values()) {
    await q
      .insertInto('deadlineReminders')
      .values(value)
      .onConflict((oc) => oc.columns(['cycleId', 'userId']).doNothing())
      .execute();
  }
}

export interface StoredNotification {
  id: string;
  userId: string;
  params: string;
}

/** The unread notifications of one kind for `userIds`, for coalescing. */
export async function unreadOfKind(q: Q, userIds: string[], kind: string): Promise<StoredNotification[]> {
  if (userIds.length === 0) return [];
  return q
    .selectFrom('notifications')
    .select(['id', 'userId', 'params'])
    .where('userId', 'in', userIds)
    .where('kind', '=', kind)
    .where('readAt', 'is', null)
    .execute();
}

/** Replaces a notification's parameters and moves it to `at` (it is news again). */
export async function refreshNotification(q: Q, id: string, params: string, at: string): Promise<void> {
  await q.updateTable('notifications').set({ params, createdAt: at }).where('id', '=', id).execute();
}

export async function insertNotifications(
  q: Q,
  rows: { id: string; userId: string; kind: string; params: string; createdAt: string }[],
): Promise<void> {
  if (rows.length === 0) return;
  await q
    .insertInto('notifications')
    .values(rows.map((r) => ({ ...r, readAt: null })))
    .execute();
}

/** A user's newest notifications, at most `limit`. */
export async function listForUser(q: Q, userId: string, limit: number) {
  return q
    .selectFrom('notifications')
    .selectAll()
    .where('userId', '=', userId)
    .orderBy('createdAt', 'desc')
    .limit(limit)
    .execute();
}

export async function markRead(q: Q, userId: string, id: string, at: string): Promise<void> {
  await q
    .updateTable('notifications')
    .set({ readAt: at })
    .where('id', '=', id)
    .where('userId', '=', userId)
    .execute();
}
