import type { Kysely, Selectable } from 'kysely';
import type { Database, UserIdentityTable } from '../schema.ts';

type Q = Kysely<Database>;

export async function findIdentity(
  db: Q,
  issuer: string,
  subject: string,
): Promise<Selectable<UserIdentityTable> | undefined> {
  return db
    .selectFrom('userIdentities')
    .selectAll()
    .where('issuer', '=', issuer)
    .where('subject', '=', subject)
    .executeTakeFirst();
}

export async function insertIdentity(db: Q, row: Selectable<UserIdentityTable>): Promise<void> {
  await db.insertInto('userIdentities').values(row).execute();
}

export async function touchIdentity(db: Q, issuer: string, subject: string, now: string): Promise<void> {
  await db
    .updateTable('userIdentities')
    .set({ lastLoginAt: now })
    .where('issuer', '=', issuer)
    .where('subject', '=', subject)
    .execute();
}
