/**
 * In-app notifications (お知らせ): cycle opened, submission returned, deadline approaching.
 */
import type { Kysely } from 'kysely';
import type { Db } from '../db/database.ts';
import * as notificationsRepo from '../db/repositories/notifications.repository.ts';
import type { Database } from '../db/schema.ts';
import { newId } from '../domain/ids.ts';

export type NotificationKind =
  | 'cycle_opened'
  | 'cycle_closed'
  | 'entry_returned'
  | 'entry_accepted'
  | 'entry_submitted'
  | 'deadline_approaching'
  | 'reminder'
  | 'cycle_published'
  /** the secretariat wrote an entry on the ministry's behalf */
  | 'entry_on_behalf'
  /** the secretariat marked an entry 該当なし or 報告なし */
  | 'entry_excepted';

export interface Notification {
  id: string;
  kind: NotificationKind;
  params: Record<string, string>;
  createdAt: string;
  readAt: string | null;
}

export async function notify(
  q: Kysely<Database>,
  userIds: string[],
  kind: NotificationKind,
  params: Record<string, string>,
  at: string,
): Promise<void> {
  await notificationsRepo.insertNotifications(
    q,
    userIds.map((userId) => ({ id: newId(), userId, kind, params: JSON.stringify(params), createdAt: at })),
  );
}

/**
 * Tells reviewers of one ministry's submission as part of a batch: a reviewer who has not
 * yet read the notice of that ministry's submissions in the cycle gets it updated (the
 * count, the latest item) instead of a second one, so a ministry submitting thirty items
 * leaves one notice, not thirty. The notice keeps the ids of its items (`entryIds`): an item
 * withdrawn and submitted again is counted once.
 */
export async function notifySubmission(
  q: Kysely<Database>,
  userIds: string[],
  params: {
    cycleId: string;
    organisationId: string;
    organisation: string;
    entryId: string;
    initiative: string;
  },
  at: string,
): Promise<void> {
  const open = await notificationsRepo.unreadOfKind(q, userIds, 'entry_submitted');
  const batched = new Set<string>();
  for (const n of open) {
    const old = JSON.parse(n.params) as Record<string, string>;
    if (old.cycleId !== params.cycleId || old.organisationId !== params.organisationId) continue;
    if (batched.has(n.userId)) continue;
    batched.add(n.userId);
    // an item withdrawn and submitted again is still one item of the batch
    const ids = (old.entryIds ?? old.entryId ?? '').split(',').filter((id) => id !== '');
    const again = ids.includes(params.entryId);
    const count = String(Number(old.count ?? '1') + (again ? 0 : 1));
    const entryIds = (again ? ids : [...ids, params.entryId]).join(',');
    await notificationsRepo.refreshNotification(q, n.id, JSON.stringify({ ...params, count, entryIds }), at);
  }
  await notify(
    q,
    userIds.filter((id) => !batched.has(id)),
    'entry_submitted',
    { ...params, count: '1', entryIds: params.entryId },
    at,
  );
}

export async function listNotifications(db: Db, userId: string): Promise<Notification[]> {
  const rows = await notificationsRepo.listForUser(db.kysely, userId, 200);
  return rows.map((r) => ({
    id: r.id,
    kind: r.kind as NotificationKind,
    params: JSON.parse(r.params) as Record<string, string>,
    createdAt: r.createdAt,
    readAt: r.readAt,
  }));
}

export async function markRead(db: Db, userId: string, id: string): Promise<void> {
  await notificationsRepo.markRead(db.kysely, userId, id, new Date().toISOString());
}
