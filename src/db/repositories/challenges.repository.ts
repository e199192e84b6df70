import type { Kysely, Selectable } from 'kysely';
import type { AuthChallengeTable, Database } from '../schema.ts';

type Q = Kysely<Database>;
export type ChallengeRow = Selectable<AuthChallengeTable>;

export async function insertChallenge(db: Q, row: ChallengeRow): Promise<void> {
  await db.insertInto('authChallenges').values(row).execute();
}

export async function findChallenge(db: Q, id: string): Promise<ChallengeRow | undefined> {
  return db.selectFrom('authChallenges').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Deletes a challenge; true when this call deleted it (a challenge is used once). */
export async function takeChallenge(db: Q, id: string): Promise<boolean> {
  const result = await db.deleteFrom('authChallenges').where('id', '=', id).executeTakeFirst();
  return Number(result.numDeletedRows) === 1;
}

/** Counts a failed attempt on a challenge; returns the attempts so far. */
export async function countAttempt(db: Q, id: string): Promise<number> {
  const row = await db
    .updateTable('authChallenges')
    .set((eb) => ({ attempts: eb('attempts', '+', 1) }))
    .where('id', '=', id)
    .returning('attempts')
    .executeTakeFirst();
  return Number(row?.attempts ?? Number.MAX_SAFE_INTEGER);
}

export async function deleteExpiredChallenges(db: Q, now: string): Promise<void> {
  await db.deleteFrom('authChallenges').where('expiresAt', '<=', now).execute();
}

export async function deleteUserChallenges(db: Q, userId: string): Promise<void> {
  await db.deleteFrom('authChallenges').where('userId', '=', userId).execute();
}
