import type { Kysely, Selectable } from 'kysely';
import type { Database, UserMfaTable } from '../schema.ts';

type Q = Kysely<Database>;
export type MfaRow = Selectable<UserMfaTable>;

export async function findMfa(db: Q, userId: string): Promise<MfaRow | undefined> {
  return db.selectFrom('userMfa').selectAll().where('userId', '=', userId).executeTakeFirst();
}

/** The users of `userIds` with a confirmed second factor. */
export async function usersWithMfa(db: Q, userIds: string[]): Promise<Set<string>> {
  if (userIds.length === 0) return new Set();
  const rows = await db
    .selectFrom('userMfa')
    .select('userId')
    .where('userId', 'in', userIds)
    .where('confirmedAt', 'is not', null)
    .execute();
  return new Set(rows.map((r) => r.userId));
}

/** Replaces an unconfirmed secret (a confirmed one is kept: the caller checks first). */
export async function savePendingSecret(db: Q, userId: string, secret: string, now: string): Promise<void> {
  await db.deleteFrom('userMfa').where('userId', '=', userId).where('confirmedAt', 'is', null).execute();
  await db
    .insertInto('userMfa')
    .values({ userId, secret, confirmedAt: null, lastStep: null, createdAt: now })
    .execute();
}

/**
 * Records `step` as used if no later-or-equal step was, in one statement: a code is
 * accepted once, even when two requests carry it at the same moment. With `confirm`, an
 * unconfirmed secret becomes active.
 */
export async function acceptStep(db: Q, userId: string, step: number, confirmAt?: string): Promise<boolean> {
  let q = db
    .updateTable('userMfa')
    .set({ lastStep: step, ...(confirmAt && { confirmedAt: confirmAt }) })
    .where('userId', '=', userId)
    .where((eb) => eb.or([eb('lastStep', 'is', null), eb('lastStep', '<', step)]));
  q = confirmAt ? q.where('confirmedAt', 'is', null) : q.where('confirmedAt', 'is not', null);
  const result = await q.executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function deleteMfa(db: Q, userId: string): Promise<void> {
  await db.deleteFrom('mfaRecoveryCodes').where('userId', '=', userId).execute();
  await db.deleteFrom('userMfa').where('userId', '=', userId).execute();
}

export async function replaceRecoveryCodes(db: Q, userId: string, hashes: string[]): Promise<void> {
  await db.deleteFrom('mfaRecoveryCodes').where('userId', '=', userId).execute();
  await db
    .insertInto('mfaRecoveryCodes')
    .values(hashes.map((codeHash) => ({ userId, codeHash, usedAt: null })))
    .execute();
}

/** Marks an unused recovery code used; true when it was there and unused. */
export async function useRecoveryCode(
  db: Q,
  userId: string,
  codeHash: string,
  now: string,
): Promise<boolean> {
  const result = await db
    .updateTable('mfaRecoveryCodes')
    .set({ usedAt: now })
    .where('userId', '=', userId)
    .where('codeHash', '=', codeHash)
    .where('usedAt', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function countUnusedRecoveryCodes(db: Q, userId: string): Promise<number> {
  const row = await db
    .selectFrom('mfaRecoveryCodes')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('userId', '=', userId)
    .where('usedAt', 'is', null)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}
