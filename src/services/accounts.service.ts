/**
 * Accounts: users with argon2id password hashes and API tokens hashed at rest, scoped and
 * expiring. Signing in and sessions are in signin.service.ts, the second factor in
 * mfa.service.ts, single sign-on in oidc.service.ts.
 */
import { createHash, randomBytes } from 'node:crypto';
import { hash as argonHash } from '@node-rs/argon2';
import type { Kysely, Selectable } from 'kysely';
import type { Db } from '../db/database.ts';
import type { Database, UserTable } from '../db/schema.ts';
import * as challengesRepo from '../db/repositories/challenges.repository.ts';
import * as sessionsRepo from '../db/repositories/sessions.repository.ts';
import * as usersRepo from '../db/repositories/users.repository.ts';
import * as orgRepo from '../db/repositories/organisations.repository.ts';
import { can, isRole, type Principal, type Role, TOKEN_SCOPES } from '../domain/access.ts';
import { conflict, invalid, notFound } from '../domain/errors.ts';
import { newId } from '../domain/ids.ts';
import { EMAIL_PATTERN } from '../domain/inputs.ts';
import { audit, type Actor } from './audit.service.ts';

export const MIN_PASSWORD_LENGTH = 12;
/** Token lifetime when the configuration names none (TOKEN_TTL_DAYS). */
export const DEFAULT_TOKEN_TTL_DAYS = 90;

// argon2id with OWASP's recommended minimum (19 MiB, 2 passes).
const ARGON = { algorithm: 2, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');
/** A random value for cookies and tokens (256 bits by default). */
export const secret = (bytes = 32): string => randomBytes(bytes).toString('base64url');

export interface PublicUser {
  id: string;
  login: string;
  displayName: string;
  email: string;
  role: Role;
  organisationIds: string[];
  disabled: boolean;
  /** The last completed sign-in; null when the account has never signed in. */
  lastLoginAt: string | null;
  /** The password is a temporary one: the next sign-in must choose a new one. */
  mustChangePassword: boolean;
  version: number;
}

export const toPublic = (u: usersRepo.UserRow): PublicUser => ({
  id: u.id,
  login: u.login,
  displayName: u.displayName,
  email: u.email,
  role: u.role as Role,
  organisationIds: u.organisationIds,
  disabled: u.disabled === 1,
  lastLoginAt: u.lastLoginAt,
  mustChangePassword: u.mustChangePassword === 1,
  version: u.version,
});

export const toPrincipal = (
  u: usersRepo.UserRow,
  via: 'session' | 'token',
  scopes?: string[],
): Principal => ({
  userId: u.id,
  login: u.login,
  displayName: u.displayName,
  role: u.role as Role,
  organisationIds: u.organisationIds,
  via,
  ...(scopes && { scopes }),
  ...(via === 'session' && u.mustChangePassword === 1 && { mustChangePassword: true }),
});

/** Refuses a password that is too short or too long (`field`: where the form shows it). */
export function checkPassword(password: string, field = 'password'): void {
  if (password.length < MIN_PASSWORD_LENGTH) {
    throw invalid(`the password must be at least ${MIN_PASSWORD_LENGTH} characters`, {
      field,
      issues: [{ path: field, code: 'password_short', message: 'too short' }],
    });
  }
  if (password.length > 1024) throw invalid('the password is too long', { field });
}

export const hashPassword = (password: string): Promise<string> => argonHash(password, ARGON);

// No look-alikes (0/O, 1/l/I): the password is read off a screen and typed in.
const TEMPORARY_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz23456789';

/**
 * A temporary password an administrator hands over once: 16 random characters in groups of
 * four (about 93 bits).
 * @example temporaryPassword() // 'hT4k-9mQz-Rb2x-wPe7'
 */
export function temporaryPassword(): string {
  const bytes = randomBytes(64);
  const chars: string[] = [];
  // Rejection sampling keeps every character equally likely (256 is not a multiple of 55).
  const limit = 256 - (256 % TEMPORARY_ALPHABET.length);
  for (const b of bytes) {
    if (chars.length === 16) break;
    if (b < limit) chars.push(TEMPORARY_ALPHABET.charAt(b % TEMPORARY_ALPHABET.length));
  }
  if (chars.length < 16) return temporaryPassword();
  return [0, 4, 8, 12].map((i) => chars.slice(i, i + 4).join('')).join('-');
}

export interface NewUser {
  login: string;
  displayName: string;
  email?: string;
  password: string;
  role: string;
  organisationIds?: string[];
}

/** A login name's shape: 2–100 letters, digits and . _ @ - */
export const LOGIN_PATTERN = /^[A-Za-z0-9._@-]{2,100}$/;

const issue = (path: string, code: string, message: string) =>
  invalid(message, { field: path, issues: [{ path, code, message }] });

/**
 * Checks an account's role, organisations and e-mail address (creating and editing alike):
 * a ministry editor belongs to at least one known organisation.
 */
export async function checkAccountFields(
  db: Db,
  input: { role: string; organisationIds: string[]; email: string },
): Promise<void> {
  if (!isRole(input.role)) throw issue('role', 'role', `unknown role ${input.role}`);
  if (input.role === 'editor' && input.organisationIds.length === 0) {
    throw issue(
      'organisationIds',
      'organisation_required',
      'a ministry editor must belong to at least one organisation',
    );
  }
  const known = new Set((await orgRepo.listOrganisations(db.kysely)).map((o) => o.id));
  const unknown = input.organisationIds.filter((o) => !known.has(o));
  if (unknown.length)
    throw issue('organisationIds', 'unknown_organisation', `unknown organisation ${unknown.join(', ')}`);
  if (input.email !== '' && !EMAIL_PATTERN.test(input.email))
    throw issue('email', 'email', 'not an e-mail address');
}

export async function createUser(
  db: Db,
  input: NewUser,
  actor: Actor,
  options: { mustChangePassword?: boolean } = {},
): Promise<PublicUser> {
  if (!LOGIN_PATTERN.test(input.login)) {
    throw issue('login', 'login', 'a login uses 2–100 letters, digits and . _ @ -');
  }
  checkPassword(input.password);
  const orgIds = input.organisationIds ?? [];
  await checkAccountFields(db, { role: input.role, organisationIds: orgIds, email: input.email ?? '' });
  if (await usersRepo.findUserByLogin(db.kysely, input.login))
    throw conflict(`the login ${input.login} is taken`, {
      issues: [{ path: 'login', code: 'login_taken', message: 'taken' }],
    });
  const now = new Date().toISOString();
  const row = newUserRow(
    {
      login: input.login,
      displayName: input.displayName || input.login,
      email: input.email ?? '',
      passwordHash: await argonHash(input.password, ARGON),
      role: input.role,
      mustChangePassword: options.mustChangePassword ? 1 : 0,
    },
    actor,
    now,
  );
  await db.kysely.transaction().execute((trx) => insertUserAudited(trx, row, orgIds, actor, now));
  return toPublic({ ...row, organisationIds: orgIds });
}

/** A new account's row: enabled, never signed in, at version 1. */
export function newUserRow(
  fields: Pick<UserTable, 'login' | 'displayName' | 'email' | 'passwordHash' | 'role' | 'mustChangePassword'>,
  actor: Actor,
  now: string,
): Selectable<UserTable> {
  return {
    id: newId(),
    ...fields,
    disabled: 0,
    failedLogins: 0,
    lockedUntil: null,
    lastLoginAt: null,
    version: 1,
    createdAt: now,
    updatedAt: now,
    updatedBy: actor.id,
  };
}

/** Inserts an account with its organisations and audits it, its password hash left out; `also` joins the audit image. */
export async function insertUserAudited(
  q: Kysely<Database>,
  row: Selectable<UserTable>,
  organisationIds: string[],
  actor: Actor,
  now: string,
  also: Record<string, unknown> = {},
): Promise<void> {
  await usersRepo.insertUser(q, row, organisationIds);
  const { passwordHash: _p, ...safe } = row;
  const after = { ...safe, organisationIds, ...also };
  await audit(q, actor, [{ action: 'user.create', entityType: 'user', entityId: row.id, after }], now);
}

export async function setPassword(db: Db, login: string, password: string, actor: Actor): Promise<void> {
  checkPassword(password);
  const user = await usersRepo.findUserByLogin(db.kysely, login);
  if (!user) throw notFound('user', login);
  const now = new Date().toISOString();
  const passwordHash = await argonHash(password, ARGON);
  await db.kysely.transaction().execute(async (trx) => {
    await usersRepo.updateUser(trx, user.id, {
      passwordHash,
      failedLogins: 0,
      lockedUntil: null,
      version: user.version + 1,
      updatedAt: now,
      updatedBy: actor.id,
    });
    // A new password ends every session that the old one opened.
    await sessionsRepo.deleteUserSessions(trx, user.id);
    await audit(trx, actor, [{ action: 'user.password', entityType: 'user', entityId: user.id }], now);
  });
}

/**
 * Refuses to leave no enabled administrator: `user` is one and would stop being one
 * (demoted or disabled) while no other enabled administrator remains.
 */
export async function assertNotLastAdmin(db: Db, user: usersRepo.UserRow, path: string): Promise<void> {
  if (user.role !== 'admin' || user.disabled === 1) return;
  if ((await usersRepo.countOtherActiveAdmins(db.kysely, user.id)) > 0) return;
  throw conflict('the last enabled administrator cannot be demoted or disabled', {
    reason: 'last_admin',
    issues: [{ path, code: 'last_admin', message: 'the last enabled administrator' }],
  });
}

export async function setDisabled(db: Db, login: string, disabled: boolean, actor: Actor): Promise<void> {
  const user = await usersRepo.findUserByLogin(db.kysely, login);
  if (!user) throw notFound('user', login);
  if (disabled) await assertNotLastAdmin(db, user, 'disabled');
  const now = new Date().toISOString();
  await db.kysely.transaction().execute(async (trx) => {
    await usersRepo.updateUser(trx, user.id, {
      disabled: disabled ? 1 : 0,
      version: user.version + 1,
      updatedAt: now,
      updatedBy: actor.id,
    });
    // Disabling ends everything the account holds for good: enabling it again later brings
    // back neither its sessions nor its API tokens.
    let revokedTokens = 0;
    if (disabled) {
      await sessionsRepo.deleteUserSessions(trx, user.id);
      await challengesRepo.deleteUserChallenges(trx, user.id);
      revokedTokens = await sessionsRepo.revokeUserTokens(trx, user.id, now);
    }
    await audit(
      trx,
      actor,
      [
        {
          action: disabled ? 'user.disable' : 'user.enable',
          entityType: 'user',
          entityId: user.id,
          before: { disabled: user.disabled === 1 },
          after: { disabled, ...(disabled && { revokedTokens }) },
        },
      ],
      now,
    );
  });
}

export async function listUsers(db: Db): Promise<PublicUser[]> {
  return (await usersRepo.listUsers(db.kysely)).map(toPublic);
}

/**
 * The names to show for user ids (audit trails record ids): display name, else login;
 * ids that are not users (system, anonymous) map to themselves.
 */
export async function userNames(db: Db, ids: string[]): Promise<Map<string, string>> {
  const wanted = new Set(ids);
  const users = (await usersRepo.listUsers(db.kysely)).filter((u) => wanted.has(u.id));
  const names = new Map([...wanted].map((id) => [id, id]));
  for (const u of users) names.set(u.id, u.displayName || u.login);
  return names;
}

export async function countUsers(db: Db): Promise<number> {
  return usersRepo.countUsers(db.kysely);
}

export interface CreatedToken {
  id: string;
  /** Shown once; only its hash is stored. */
  token: string;
  expiresAt: string;
}

/**
 * Creates an API token that expires: after `ttlDays` (TOKEN_TTL_DAYS), or at `expiresAt` when
 * that comes sooner — never later.
 */
export async function createToken(
  db: Db,
  loginName: string,
  name: string,
  scopes: string[],
  actor: Actor,
  options: { expiresAt?: string | null; ttlDays?: number } = {},
): Promise<CreatedToken> {
  const user = await usersRepo.findUserByLogin(db.kysely, loginName);
  if (!user) throw notFound('user', loginName);
  if (user.disabled === 1) throw invalid(`the account ${loginName} is disabled`);
  const unknown = scopes.filter((s) => !(s in TOKEN_SCOPES));
  if (scopes.length === 0 || unknown.length) {
    throw invalid(`scopes must be some of ${Object.keys(TOKEN_SCOPES).join(', ')}`, { field: 'scopes' });
  }
  const token = `shk_${secret()}`;
  const id = newId();
  const at = new Date();
  const now = at.toISOString();
  const ttlDays = options.ttlDays ?? DEFAULT_TOKEN_TTL_DAYS;
  const latest = new Date(at.getTime() + ttlDays * 86_400_000);
  const asked = options.expiresAt ? new Date(options.expiresAt) : null;
  if (asked && (Number.isNaN(asked.getTime()) || asked <= at || asked > latest)) {
    throw invalid(`a token expires after now and within ${ttlDays} days`, { field: 'expiresAt' });
  }
  const expiresAt = (asked ?? latest).toISOString();
  await db.kysely.transaction().execute(async (trx) => {
    await sessionsRepo.insertToken(trx, {
      id,
      userId: user.id,
      name,
      tokenHash: sha256(token),
      scopes: JSON.stringify(scopes),
      createdAt: now,
      expiresAt,
      lastUsedAt: null,
      revokedAt: null,
    });
    await audit(
      trx,
      actor,
      [
        {
          action: 'token.create',
          entityType: 'api_token',
          entityId: id,
          after: { name, scopes, userId: user.id, expiresAt },
        },
      ],
      now,
    );
  });
  return { id, token, expiresAt };
}

export async function revokeToken(db: Db, id: string, actor: Actor): Promise<void> {
  const token = await sessionsRepo.findToken(db.kysely, id);
  if (!token) throw notFound('token', id);
  const now = new Date().toISOString();
  await db.kysely.transaction().execute(async (trx) => {
    await sessionsRepo.updateToken(trx, id, { revokedAt: now });
    await audit(trx, actor, [{ action: 'token.revoke', entityType: 'api_token', entityId: id }], now);
  });
}

/**
 * Revokes a token for a caller who may manage tokens (`token:manage`: a session, or a token
 * with the `admin` scope): their own, or anyone's with `user:manage`. Another user's token is
 * "not found" to everyone else, so its id tells them nothing.
 */
export async function revokeTokenAs(db: Db, id: string, principal: Principal, actor: Actor): Promise<void> {
  const token = await sessionsRepo.findToken(db.kysely, id);
  if (!token || (token.userId !== principal.userId && !can(principal, 'user:manage')))
    throw notFound('token', id);
  await revokeToken(db, id, actor);
}

/** The principal behind a bearer token, or null when it is unknown, revoked or expired. */
export async function resolveToken(db: Db, token: string): Promise<Principal | null> {
  if (!token.startsWith('shk_')) return null;
  const row = await sessionsRepo.findTokenByHash(db.kysely, sha256(token));
  const now = new Date().toISOString();
  if (!row || row.revokedAt !== null || (row.expiresAt !== null && row.expiresAt <= now)) return null;
  const user = await usersRepo.findUser(db.kysely, row.userId);
  if (!user || user.disabled === 1) return null;
  if (row.lastUsedAt === null || Date.parse(now) - Date.parse(row.lastUsedAt) > 60_000) {
    await sessionsRepo.updateToken(db.kysely, row.id, { lastUsedAt: now });
  }
  return toPrincipal(user, 'token', JSON.parse(row.scopes) as string[]);
}
