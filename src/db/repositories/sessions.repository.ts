import type { Kysely, Selectable } from 'kysely';
import type { ApiTokenTable, Database, SessionTable } from '../schema.ts';

type Q = Kysely<Database>;

export async function insertSession(db: Q, session: Selectable<SessionTable>): Promise<void> {
  await db.insertInto('sessions').values(session).execute();
}

export async function findSession(db: Q, id: string): Promise<Selectable<SessionTable> | undefined> {
  return db.selectFrom('sessions').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function touchSession(db: Q, id: string, lastSeenAt: string, expiresAt: string): Promise<void> {
  await db.updateTable('sessions').set({ lastSeenAt, expiresAt }).where('id', '=', id).execute();
}

export async function deleteSession(db: Q, id: string): Promise<void> {
  await db.deleteFrom('sessions').where('id', '=', id).execute();
}

export async function deleteUserSessions(db: Q, userId: string): Promise<void> {
  await db.deleteFrom('sessions').where('userId', '=', userId).execute();
}

/** Ends every session of a user but one (the one that just changed the password). */
export async function deleteOtherSessions(db: Q, userId: string, keepId: string): Promise<void> {
  await db.deleteFrom('sessions').where('userId', '=', userId).where('id', '!=', keepId).execute();
}

export async function deleteExpiredSessions(db: Q, now: string): Promise<void> {
  await db.deleteFrom('sessions').where('expiresAt', '<', now).execute();
}

export async function insertToken(db: Q, token: Selectable<ApiTokenTable>): Promise<void> {
  await db.insertInto('apiTokens').values(token).execute();
}

export async function findTokenByHash(db: Q, hash: string): Promise<Selectable<ApiTokenTable> | undefined> {
  return db.selectFrom('apiTokens').selectAll().where('tokenHash', '=', hash).executeTakeFirst();
}

export async function findToken(db: Q, id: string): Promise<Selectable<ApiTokenTable> | undefined> {
  return db.selectFrom('apiTokens').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function listTokens(db: Q, userId?: string): Promise<Selectable<ApiTokenTable>[]> {
  let q = db.selectFrom('apiTokens').selectAll();
  if (userId !== undefined) q = q.where('userId', '=', userId);
  return q.orderBy('createdAt').execute();
}

export async function updateToken(
  db: Q,
  id: string,
  changes: Partial<Selectable<ApiTokenTable>>,
): Promise<void> {
  await db.updateTable('apiTokens').set(changes).where('id', '=', id).execute();
}

/** Revokes every live token of a user; returns how many. */
export async function revokeUserTokens(db: Q, userId: string, now: string): Promise<number> {
  const result = await db
    .updateTable('apiTokens')
    .set({ revokedAt: now })
    .where('userId', '=', userId)
    .where('revokedAt', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}
