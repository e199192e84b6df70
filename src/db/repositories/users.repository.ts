import { sql, type Kysely, type Selectable } from 'kysely';
import { engineOf, joinedText } from '../dialect.ts';
import type { Database, UserTable } from '../schema.ts';
import { updateVersioned } from './versioned.repository.ts';

type Q = Kysely<Database>;
export type UserRow = Selectable<UserTable> & { organisationIds: string[] };

/**
 * Users with their organisations as one text column (ids hold no spaces): a user in one
 * statement — every authenticated request reads one.
 */
function selectUsers(db: Q) {
  return db
    .selectFrom('users')
    .selectAll('users')
    .select((eb) =>
      eb
        .selectFrom('userOrganisations')
        .select(joinedText(engineOf(db), sql.ref('organisationId')).as('ids'))
        .whereRef('userOrganisations.userId', '=', 'users.id')
        .as('organisations'),
    );
}

function toUserRow({
  organisations,
  ...user
}: Selectable<UserTable> & { organisations: string | null }): UserRow {
  return { ...user, organisationIds: organisations === null ? [] : organisations.split(' ').sort() };
}

export async function findUserByLogin(db: Q, login: string): Promise<UserRow | undefined> {
  const row = await selectUsers(db).where('login', '=', login).executeTakeFirst();
  return row && toUserRow(row);
}

export async function findUser(db: Q, id: string): Promise<UserRow | undefined> {
  const row = await selectUsers(db).where('users.id', '=', id).executeTakeFirst();
  return row && toUserRow(row);
}

export async function listUsers(db: Q): Promise<UserRow[]> {
  return (await selectUsers(db).orderBy('login').execute()).map(toUserRow);
}

export async function countUsers(db: Q): Promise<number> {
  const row = await db
    .selectFrom('users')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

export async function insertUser(
  db: Q,
  user: Selectable<UserTable>,
  organisationIds: string[],
): Promise<void> {
  await db.insertInto('users').values(user).execute();
  await setUserOrganisations(db, user.id, organisationIds);
}

export async function setUserOrganisations(db: Q, userId: string, organisationIds: string[]): Promise<void> {
  await db.deleteFrom('userOrganisations').where('userId', '=', userId).execute();
  if (organisationIds.length === 0) return;
  await db
    .insertInto('userOrganisations')
    .values(organisationIds.map((organisationId) => ({ userId, organisationId })))
    .execute();
}

export async function updateUser(db: Q, id: string, changes: Partial<Selectable<UserTable>>): Promise<void> {
  await db.updateTable('users').set(changes).where('id', '=', id).execute();
}

/**
 * Changes a user only if it is still at the version the caller read; false when it has moved
 * on (or is gone). The version goes up by one.
 */
export async function updateUserVersioned(
  db: Q,
  id: string,
  basedOn: number,
  changes: Partial<Selectable<UserTable>>,
): Promise<boolean> {
  return updateVersioned(db, 'users', id, basedOn, changes);
}

/** Enabled administrators other than `exceptId`. */
export async function countOtherActiveAdmins(db: Q, exceptId: string): Promise<number> {
  const row = await db
    .selectFrom('users')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('role', '=', 'admin')
    .where('disabled', '=', 0)
    .where('id', '!=', exceptId)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

/** Records a completed sign-in (no new version: signing in edits nothing). */
export async function recordLogin(db: Q, id: string, at: string): Promise<void> {
  await db.updateTable('users').set({ lastLoginAt: at }).where('id', '=', id).execute();
}
