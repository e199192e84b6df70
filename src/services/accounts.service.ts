/**
 * Accounts: users with argon2id password hashes, database-backed sessions (so several
 * server processes share them), API tokens hashed at rest, and lock-out after repeated
 * failed logins.
 */
import { createHash, randomBytes } from 'node:crypto';
import { hash as argonHash, verify as argonVerify } from '@node-rs/argon2';
import type { Db } from '../db/database.ts';
import * as sessionsRepo from '../db/repositories/sessions.repository.ts';
import * as usersRepo from '../db/repositories/users.repository.ts';
import * as orgRepo from '../db/repositories/organisations.repository.ts';
import { isRole, type Principal, type Role, TOKEN_SCOPES } from '../domain/access.ts';
import { AppError, conflict, invalid, notFound } from '../domain/errors.ts';
import { newId } from '../domain/ids.ts';
import { audit, type Actor } from './audit.service.ts';

export const SESSION_IDLE_MS = 2 * 60 * 60 * 1000;
export const SESSION_MAX_MS = 12 * 60 * 60 * 1000;
export const MAX_FAILED_LOGINS = 5;
export const LOCKOUT_MS = 15 * 60 * 1000;
export const MIN_PASSWORD_LENGTH = 12;

// argon2id with OWASP's recommended minimum (19 MiB, 2 passes).
const ARGON = { algorithm: 2, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');
const secret = (bytes = 32): string => randomBytes(bytes).toString('base64url');

export interface PublicUser {
  id: string;
  login: string;
  displayName: string;
  email: string;
  role: Role;
  organisationIds: string[];
  disabled: boolean;
  version: number;
}

const toPublic = (u: usersRepo.UserRow): PublicUser => ({
  id: u.id,
  login: u.login,
  displayName: u.displayName,
  email: u.email,
  role: u.role as Role,
  organisationIds: u.organisationIds,
  disabled: u.disabled === 1,
  version: u.version,
});

const toPrincipal = (u: usersRepo.UserRow, via: 'session' | 'token', scopes?: string[]): Principal => ({
  userId: u.id,
  login: u.login,
  displayName: u.displayName,
  role: u.role as Role,
  organisationIds: u.organisationIds,
  via,
  ...(scopes && { scopes }),
});

function checkPassword(password: string): void {
  if (password.length < MIN_PASSWORD_LENGTH) {
    throw invalid(`the password must be at least ${MIN_PASSWORD_LENGTH} characters`, { field: 'password' });
  }
  if (password.length > 1024) throw invalid('the password is too long', { field: 'password' });
}

export interface NewUser {
  login: string;
  displayName: string;
  email?: string;
  password: string;
  role: string;
  organisationIds?: string[];
}

export async function createUser(db: Db, input: NewUser, actor: Actor): Promise<PublicUser> {
  if (!/^[A-Za-z0-9._@-]{2,100}$/.test(input.login)) {
    throw invalid('a login uses 2–100 letters, digits and . _ @ -', { field: 'login' });
  }
  if (!isRole(input.role)) throw invalid(`unknown role ${input.role}`, { field: 'role' });
  checkPassword(input.password);
  const orgIds = input.organisationIds ?? [];
  if (input.role === 'editor' && orgIds.length === 0) {
    throw invalid('a ministry editor must belong to at least one organisation', { field: 'organisationIds' });
  }
  const known = new Set((await orgRepo.listOrganisations(db.kysely)).map((o) => o.id));
  const unknown = orgIds.filter((o) => !known.has(o));
  if (unknown.length)
    throw invalid(`unknown organisation ${unknown.join(', ')}`, { field: 'organisationIds' });
  if (await usersRepo.findUserByLogin(db.kysely, input.login))
    throw conflict(`the login ${input.login} is taken`);
  const now = new Date().toISOString();
  const row = {
    id: newId(),
    login: input.login,
    displayName: input.displayName || input.login,
    email: input.email ?? '',
    passwordHash: await argonHash(input.password, ARGON),
    role: input.role,
    disabled: 0,
    failedLogins: 0,
    lockedUntil: null,
    version: 1,
    createdAt: now,
    updatedAt: now,
    updatedBy: actor.id,
  };
  await db.kysely.transaction().execute(async (trx) => {
    await usersRepo.insertUser(trx, row, orgIds);
    const { passwordHash: _p, ...safe } = row;
    await audit(
      trx,
      actor,
      [
        {
          action: 'user.create',
          entityType: 'user',
          entityId: row.id,
          after: { ...safe, organisationIds: orgIds },
        },
      ],
      now,
    );
  });
  return toPublic({ ...row, organisationIds: orgIds });
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

export async function setDisabled(db: Db, login: string, disabled: boolean, actor: Actor): Promise<void> {
  const user = await usersRepo.findUserByLogin(db.kysely, login);
  if (!user) throw notFound('user', login);
  const now = new Date().toISOString();
  await db.kysely.transaction().execute(async (trx) => {
    await usersRepo.updateUser(trx, user.id, {
      disabled: disabled ? 1 : 0,
      version: user.version + 1,
      updatedAt: now,
      updatedBy: actor.id,
    });
    if (disabled) await sessionsRepo.deleteUserSessions(trx, user.id);
    await audit(
      trx,
      actor,
      [
        {
          action: disabled ? 'user.disable' : 'user.enable',
          entityType: 'user',
          entityId: user.id,
          before: { disabled: user.disabled === 1 },
          after: { disabled },
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

export interface LoginResult {
  sessionToken: string;
  csrfToken: string;
  principal: Principal;
}

/** Why a login was refused, as the audit trail records it. */
type LoginRefusal = 'unknown_login' | 'wrong_password' | 'locked' | 'disabled';

/**
 * Writes a refused login to the audit trail: the login name tried, the address, the time and
 * why — never the password. A wrong password is counted towards the lock-out in the same
 * transaction, and the failure that locks the account is recorded as `session.locked` too.
 */
async function refuseLogin(
  db: Db,
  loginName: string,
  user: usersRepo.UserRow | undefined,
  why: LoginRefusal,
  ip: string,
  now: Date,
): Promise<void> {
  await db.kysely.transaction().execute(async (trx) => {
    const lockedUntil = new Date(now.getTime() + LOCKOUT_MS).toISOString();
    const locked =
      user !== undefined && why === 'wrong_password'
        ? await usersRepo.recordFailedLogin(trx, user.id, MAX_FAILED_LOGINS, lockedUntil)
        : false;
    const entityId = user?.id ?? '';
    await audit(
      trx,
      { id: 'anonymous', ip },
      [
        {
          action: 'session.login_failed',
          entityType: 'user',
          entityId,
          after: { login: loginName, reason: why },
        },
        ...(locked
          ? [
              {
                action: 'session.locked',
                entityType: 'user',
                entityId,
                after: { login: loginName, lockedUntil },
              },
            ]
          : []),
      ],
      now.toISOString(),
    );
  });
}

/** Checks a password; on success opens a new session (a fresh id: no session fixation). */
export async function login(db: Db, loginName: string, password: string, ip: string): Promise<LoginResult> {
  const denied = () => new AppError('unauthorized', 'wrong login or password', { reason: 'credentials' });
  const user = await usersRepo.findUserByLogin(db.kysely, loginName);
  const now = new Date();
  if (!user) {
    // Spend the same time as a real check so that timing does not reveal which logins exist.
    await argonVerify(
      '$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$3yxxMYxKcVgxfrcGhwIHDmSFf2Rm0yW0JDlyhk3Ju4U',
      password,
    ).catch(() => false);
    await refuseLogin(db, loginName, undefined, 'unknown_login', ip, now);
    throw denied();
  }
  if (user.lockedUntil !== null && user.lockedUntil > now.toISOString()) {
    await refuseLogin(db, loginName, user, 'locked', ip, now);
    throw new AppError('unauthorized', 'the account is locked for a while after repeated failed logins', {
      reason: 'locked',
      until: user.lockedUntil,
    });
  }
  const ok = await argonVerify(user.passwordHash, password).catch(() => false);
  if (!ok || user.disabled === 1) {
    // The counting is one statement: read-then-write lost simultaneous failures, so parallel
    // guesses never reached the lock-out (test/hardening/lockout.test.ts).
    await refuseLogin(db, loginName, user, ok ? 'disabled' : 'wrong_password', ip, now);
    throw denied();
  }
  const sessionToken = secret();
  const csrfToken = secret();
  await db.kysely.transaction().execute(async (trx) => {
    await usersRepo.updateUser(trx, user.id, { failedLogins: 0, lockedUntil: null });
    await sessionsRepo.insertSession(trx, {
      id: sha256(sessionToken),
      userId: user.id,
      csrfToken,
      createdAt: now.toISOString(),
      expiresAt: new Date(now.getTime() + SESSION_IDLE_MS).toISOString(),
      lastSeenAt: now.toISOString(),
      ip,
    });
    await audit(
      trx,
      { id: user.id, ip },
      [{ action: 'session.login', entityType: 'user', entityId: user.id }],
      now.toISOString(),
    );
  });
  return { sessionToken, csrfToken, principal: toPrincipal(user, 'session') };
}

export interface SessionInfo {
  principal: Principal;
  csrfToken: string;
  sessionId: string;
}

/** The session behind a cookie value, or null when it is unknown, expired or its user disabled. */
export async function resolveSession(db: Db, token: string): Promise<SessionInfo | null> {
  const id = sha256(token);
  const session = await sessionsRepo.findSession(db.kysely, id);
  const now = Date.now();
  if (!session) return null;
  if (
    session.expiresAt <= new Date(now).toISOString() ||
    Date.parse(session.createdAt) + SESSION_MAX_MS <= now
  ) {
    await sessionsRepo.deleteSession(db.kysely, id);
    return null;
  }
  const user = await usersRepo.findUser(db.kysely, session.userId);
  if (!user || user.disabled === 1) return null;
  // Slide the idle expiry, at most once a minute per session.
  if (now - Date.parse(session.lastSeenAt) > 60_000) {
    await sessionsRepo.touchSession(
      db.kysely,
      id,
      new Date(now).toISOString(),
      new Date(now + SESSION_IDLE_MS).toISOString(),
    );
  }
  return { principal: toPrincipal(user, 'session'), csrfToken: session.csrfToken, sessionId: id };
}

export async function logout(db: Db, token: string): Promise<void> {
  await sessionsRepo.deleteSession(db.kysely, sha256(token));
}

export interface CreatedToken {
  id: string;
  /** Shown once; only its hash is stored. */
  token: string;
}

export async function createToken(
  db: Db,
  loginName: string,
  name: string,
  scopes: string[],
  actor: Actor,
  expiresAt: string | null = null,
): Promise<CreatedToken> {
  const user = await usersRepo.findUserByLogin(db.kysely, loginName);
  if (!user) throw notFound('user', loginName);
  const unknown = scopes.filter((s) => !(s in TOKEN_SCOPES));
  if (scopes.length === 0 || unknown.length) {
    throw invalid(`scopes must be some of ${Object.keys(TOKEN_SCOPES).join(', ')}`, { field: 'scopes' });
  }
  const token = `shk_${secret()}`;
  const id = newId();
  const now = new Date().toISOString();
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
          after: { name, scopes, userId: user.id },
        },
      ],
      now,
    );
  });
  return { id, token };
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

/** Revokes a token of one's own (admins may revoke anyone's). */
export async function revokeOwnToken(db: Db, id: string, principal: Principal, actor: Actor): Promise<void> {
  const token = await sessionsRepo.findToken(db.kysely, id);
  if (!token || (token.userId !== principal.userId && principal.role !== 'admin'))
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
