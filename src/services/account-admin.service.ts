/**
 * The accounts screen (issue #19): administrators list, create, edit, disable and reset
 * accounts, one at a time or many from a CSV file, without the command line. A new or reset
 * account gets a temporary password made here, shown once in the answer and never stored in
 * the clear; its holder must choose a new one at the next sign-in (changeOwnPassword).
 * Every write is audited; the last enabled administrator can be neither demoted nor disabled.
 */
import { verify as argonVerify } from '@node-rs/argon2';
import type { Db } from '../db/database.ts';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import * as challengesRepo from '../db/repositories/challenges.repository.ts';
import * as orgRepo from '../db/repositories/organisations.repository.ts';
import * as sessionsRepo from '../db/repositories/sessions.repository.ts';
import * as usersRepo from '../db/repositories/users.repository.ts';
import type { Role } from '../domain/access.ts';
import { conflict, invalid, notFound } from '../domain/errors.ts';
import { EMAIL_PATTERN } from '../domain/inputs.ts';
import type { Organisation } from '../domain/model.ts';
import { readAccountsCsv } from '../importers/accounts.ts';
import type { Problem } from '../importers/problems.ts';
import {
  assertNotLastAdmin,
  checkAccountFields,
  checkPassword,
  hashPassword,
  insertUserAudited,
  newUserRow,
  LOGIN_PATTERN,
  temporaryPassword,
  toPublic,
  type PublicUser,
} from './accounts.service.ts';
import { audit, type Actor } from './audit.service.ts';
import { defined } from '../domain/defined.ts';

/** An account as the screen lists it: with its organisations' names. */
export interface Account extends PublicUser {
  organisations: { id: string; shortName: string; nameJa: string; nameEn: string }[];
}

export interface AccountFields {
  displayName: string;
  role: Role;
  organisationIds: string[];
  email: string;
}

const named = (orgs: Organisation[]) => {
  const byId = new Map(orgs.map((o) => [o.id, o]));
  return (u: usersRepo.UserRow): Account => ({
    ...toPublic(u),
    organisations: u.organisationIds.map((id) => {
      const o = byId.get(id);
      return { id, shortName: o?.shortName ?? id, nameJa: o?.nameJa ?? id, nameEn: o?.nameEn ?? '' };
    }),
  });
};

async function account(db: Db, id: string): Promise<Account> {
  const user = await usersRepo.findUser(db.kysely, id);
  if (!user) throw notFound('user', id);
  return named(await orgRepo.listOrganisations(db.kysely))(user);
}

async function userByLogin(db: Db, login: string): Promise<usersRepo.UserRow> {
  const user = await usersRepo.findUserByLogin(db.kysely, login);
  if (!user) throw notFound('user', login);
  return user;
}

export async function listAccounts(db: Db): Promise<Account[]> {
  const [users, orgs] = await Promise.all([
    usersRepo.listUsers(db.kysely),
    orgRepo.listOrganisations(db.kysely),
  ]);
  return users.map(named(orgs));
}

function trimmed(fields: AccountFields): AccountFields {
  return {
    displayName: fields.displayName.trim(),
    role: fields.role,
    organisationIds: [...new Set(fields.organisationIds)].sort(),
    email: fields.email.trim(),
  };
}

/** The row of a new account with a temporary password, and that password (to show once). */
async function newAccountRow(login: string, fields: AccountFields, actor: Actor, now: string) {
  const password = temporaryPassword();
  const row = newUserRow(
    {
      login,
      displayName: fields.displayName || login,
      email: fields.email,
      passwordHash: await hashPassword(password),
      role: fields.role,
      mustChangePassword: 1,
    },
    actor,
    now,
  );
  return { row, password };
}

/** Creates an account with a temporary password; the answer is the only place it appears. */
export async function createAccount(
  db: Db,
  input: AccountFields & { login: string },
  actor: Actor,
): Promise<Account & { temporaryPassword: string }> {
  const login = input.login.trim();
  const fields = trimmed(input);
  if (!LOGIN_PATTERN.test(login)) {
    throw invalid('a login uses 2–100 letters, digits and . _ @ -', {
      issues: [{ path: 'login', code: 'login', message: 'malformed login' }],
    });
  }
  await checkAccountFields(db, fields);
  if (await usersRepo.findUserByLogin(db.kysely, login)) {
    throw invalid(`the login ${login} is taken`, {
      issues: [{ path: 'login', code: 'login_taken', message: 'taken' }],
    });
  }
  const now = new Date().toISOString();
  const { row, password } = await newAccountRow(login, fields, actor, now);
  await db.kysely.transaction().execute(async (trx) => {
    await insertUserAudited(trx, row, fields.organisationIds, actor, now, {
      temporaryPassword: true,
      via: 'screen',
    });
  });
  return { ...(await account(db, row.id)), temporaryPassword: password };
}

/**
 * Changes an account's name, role, organisations and e-mail address over the version the
 * administrator read; a 409 carries the account as it now is.
 */
export async function updateAccount(
  db: Db,
  login: string,
  basedOn: number,
  input: AccountFields,
  actor: Actor,
): Promise<Account> {
  const fields = trimmed(input);
  await checkAccountFields(db, fields);
  return db.kysely.transaction().execute(async (trx) => {
    const tdb = { ...db, kysely: trx };
    const user = await userByLogin(tdb, login);
    if (user.version !== basedOn) {
      throw conflict(`the account ${login} has changed since version ${basedOn}`, {
        current: await account(tdb, user.id),
      });
    }
    if (fields.role !== 'admin') await assertNotLastAdmin(tdb, user, 'role');
    const now = new Date().toISOString();
    const changed = await usersRepo.updateUserVersioned(trx, user.id, basedOn, {
      displayName: fields.displayName || user.login,
      role: fields.role,
      email: fields.email,
      updatedAt: now,
      updatedBy: actor.id,
    });
    if (!changed) {
      throw conflict(`the account ${login} has changed since version ${basedOn}`, {
        current: await account(tdb, user.id),
      });
    }
    await usersRepo.setUserOrganisations(trx, user.id, fields.organisationIds);
    // A new role or ministry applies from the next request: sessions read the user each time.
    await audit(
      trx,
      actor,
      [
        {
          action: 'user.update',
          entityType: 'user',
          entityId: user.id,
          before: {
            displayName: user.displayName,
            role: user.role,
            organisationIds: user.organisationIds,
            email: user.email,
          },
          after: fields,
        },
      ],
      now,
    );
    return account(tdb, user.id);
  });
}

/**
 * A new temporary password for an account (the holder forgot theirs): shown once, to be
 * changed at the next sign-in; every session the account had is ended.
 */
export async function resetPassword(
  db: Db,
  login: string,
  actor: Actor,
): Promise<{ login: string; temporaryPassword: string }> {
  const user = await userByLogin(db, login);
  const password = temporaryPassword();
  const passwordHash = await hashPassword(password);
  const now = new Date().toISOString();
  await db.kysely.transaction().execute(async (trx) => {
    const record = { action: 'user.password_reset', after: { temporaryPassword: true, sessionsEnded: true } };
    await writePassword(trx, user, { passwordHash, temporary: true }, record, actor, now);
    await sessionsRepo.deleteUserSessions(trx, user.id);
    await challengesRepo.deleteUserChallenges(trx, user.id);
  });
  return { login: user.login, temporaryPassword: password };
}

/**
 * The signed-in user chooses a new password (required after a temporary one): the current
 * one must be right and the new one different; every other session of the account ends.
 */
export async function changeOwnPassword(
  db: Db,
  userId: string,
  sessionId: string | null,
  input: { currentPassword: string; newPassword: string },
  actor: Actor,
): Promise<void> {
  const user = await usersRepo.findUser(db.kysely, userId);
  if (!user) throw notFound('user', userId);
  const right =
    user.passwordHash.startsWith('$argon2') &&
    (await argonVerify(user.passwordHash, input.currentPassword).catch(() => false));
  if (!right) {
    throw invalid('the current password is wrong', {
      issues: [{ path: 'currentPassword', code: 'password_wrong', message: 'wrong' }],
    });
  }
  checkPassword(input.newPassword, 'newPassword');
  if (input.newPassword === input.currentPassword) {
    throw invalid('the new password must differ from the current one', {
      issues: [{ path: 'newPassword', code: 'password_same', message: 'unchanged' }],
    });
  }
  const passwordHash = await hashPassword(input.newPassword);
  const now = new Date().toISOString();
  await db.kysely.transaction().execute(async (trx) => {
    const record = { action: 'user.password_change', after: { wasTemporary: user.mustChangePassword === 1 } };
    await writePassword(trx, user, { passwordHash, temporary: false }, record, actor, now);
    if (sessionId) await sessionsRepo.deleteOtherSessions(trx, user.id, sessionId);
    else await sessionsRepo.deleteUserSessions(trx, user.id);
  });
}

/** Stores an account's new password (a temporary one is to be changed at the next sign-in) and audits it. */
async function writePassword(
  trx: Kysely<Database>,
  user: { id: string; version: number },
  password: { passwordHash: string; temporary: boolean },
  record: { action: string; after: Record<string, unknown> },
  actor: Actor,
  now: string,
): Promise<void> {
  await usersRepo.updateUser(trx, user.id, {
    passwordHash: password.passwordHash,
    mustChangePassword: password.temporary ? 1 : 0,
    version: user.version + 1,
    updatedAt: now,
    updatedBy: actor.id,
  });
  await audit(trx, actor, [{ ...record, entityType: 'user', entityId: user.id }], now);
}

/** A problem of a CSV line, for the screen to show beside that line (`workflow.accounts.csv.<code>`). */
export type CsvProblem = Pick<Problem, 'line' | 'column' | 'code' | 'params'>;

export interface CsvPreviewRow {
  line: number;
  login: string;
  displayName: string;
  role: Role | null;
  organisations: { id: string; nameJa: string }[];
  email: string;
  /** Only in the answer that created the accounts. */
  temporaryPassword?: string;
}

export interface CsvImport {
  rows: CsvPreviewRow[];
  problems: CsvProblem[];
  /** True when the accounts were created (every row); false for a preview or a refusal. */
  created: boolean;
}

const keyOf = (s: string) => s.normalize('NFKC').trim().toLowerCase();

/**
 * Accounts from a CSV file, all or none: a preview (`dryRun`) lists each row as it would be
 * created and every problem at its line; without `dryRun` the accounts are created in one
 * transaction, or none when any line has a problem (400 with the same problems).
 */
export async function importAccounts(
  db: Db,
  csv: string,
  options: { dryRun: boolean },
  actor: Actor,
): Promise<CsvImport> {
  const { lines, problems } = readAccountsCsv(csv);
  const out: CsvProblem[] = problems.map(({ line, column, code, params }) => ({
    line,
    column,
    code,
    params,
  }));
  const orgs = await orgRepo.listOrganisations(db.kysely);
  const byName = new Map<string, Organisation>();
  for (const o of orgs) {
    for (const name of [o.id, o.shortName, o.nameJa, o.nameEn, ...o.aliases]) {
      if (name) byName.set(keyOf(name), o);
    }
  }
  const taken = new Set((await usersRepo.listUsers(db.kysely)).map((u) => u.login.toLowerCase()));
  const seen = new Map<string, number>();
  const add = (line: number, column: string, code: string, params: Record<string, string | number> = {}) =>
    out.push({ line, column, code, params });
  const rows: CsvPreviewRow[] = lines.map((l) => {
    if (l.login !== '') {
      const first = seen.get(l.login.toLowerCase());
      if (!LOGIN_PATTERN.test(l.login)) add(l.line, 'login', 'login', { value: l.login });
      else if (taken.has(l.login.toLowerCase())) add(l.line, 'login', 'login_taken', { value: l.login });
      else if (first !== undefined) add(l.line, 'login', 'login_repeated', { value: l.login, first });
      else seen.set(l.login.toLowerCase(), l.line);
    }
    const found: Organisation[] = [];
    for (const name of l.organisations) {
      const o = byName.get(keyOf(name));
      if (!o) add(l.line, 'organisations', 'unknown_organisation', { value: name });
      else if (!found.includes(o)) found.push(o);
    }
    if (l.role === 'editor' && l.organisations.length === 0)
      add(l.line, 'organisations', 'organisation_required');
    if (l.email === '') add(l.line, 'email', 'required', { column: 'email' });
    else if (!EMAIL_PATTERN.test(l.email)) add(l.line, 'email', 'email', { value: l.email });
    return {
      line: l.line,
      login: l.login,
      displayName: l.displayName || l.login,
      role: l.role,
      organisations: found.map((o) => ({ id: o.id, nameJa: o.nameJa })),
      email: l.email,
    };
  });
  out.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
  if (options.dryRun) return { rows, problems: out, created: false };
  if (out.length > 0) {
    throw invalid(`the file has ${out.length} problem(s); no account was created`, { problems: out });
  }
  const now = new Date().toISOString();
  const made: { row: CsvPreviewRow; user: Awaited<ReturnType<typeof newAccountRow>> }[] = [];
  for (const row of rows) {
    const fields = {
      displayName: row.displayName,
      role: defined(row.role, `the role on line ${row.line}`),
      organisationIds: row.organisations.map((o) => o.id).sort(),
      email: row.email,
    };
    made.push({ row, user: await newAccountRow(row.login, fields, actor, now) });
  }
  await db.kysely.transaction().execute(async (trx) => {
    for (const { row, user } of made) {
      const orgIds = row.organisations.map((o) => o.id).sort();
      await insertUserAudited(trx, user.row, orgIds, actor, now, { temporaryPassword: true, via: 'csv' });
    }
  });
  return {
    rows: made.map(({ row, user }) => ({ ...row, temporaryPassword: user.password })),
    problems: [],
    created: true,
  };
}
