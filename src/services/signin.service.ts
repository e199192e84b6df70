/**
 * Signing in: the password step with throttling (domain/throttle.ts) in place of a lock, the
 * hand-over to a second factor, and database-backed sessions (several server processes share
 * them). Every refusal gets the same reply — unknown login, wrong password, disabled account
 * or a wait still running — and the same work (one argon2 verification), so neither the reply
 * nor its timing tells which login names exist. The audit trail records the real reason.
 */
import { verify as argonVerify } from '@node-rs/argon2';
import type { Db } from '../db/database.ts';
import * as challengesRepo from '../db/repositories/challenges.repository.ts';
import * as mfaRepo from '../db/repositories/mfa.repository.ts';
import * as sessionsRepo from '../db/repositories/sessions.repository.ts';
import * as throttleRepo from '../db/repositories/throttle.repository.ts';
import * as usersRepo from '../db/repositories/users.repository.ts';
import type { AuthConfig } from '../config.ts';
import type { Principal, Role } from '../domain/access.ts';
import { AppError } from '../domain/errors.ts';
import {
  THROTTLE_FORGET_MS,
  THROTTLE_RULES,
  throttleDelayMs,
  throttleKeys,
  waitMs,
  type ThrottleScope,
} from '../domain/throttle.ts';
import { secret, sha256, toPrincipal } from './accounts.service.ts';
import { audit } from './audit.service.ts';

export const SESSION_IDLE_MS = 2 * 60 * 60 * 1000;
export const SESSION_MAX_MS = 12 * 60 * 60 * 1000;
/** How long a password step waits for its second factor, and how many codes it may try. */
export const CHALLENGE_MS = 5 * 60 * 1000;
export const MAX_CHALLENGE_ATTEMPTS = 5;

// A real argon2id hash of nothing anyone knows: verified against when there is no account to
// check, so that an unknown login costs what a known one does.
const DUMMY_HASH =
  '$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$3yxxMYxKcVgxfrcGhwIHDmSFf2Rm0yW0JDlyhk3Ju4U';

const SCOPES = Object.keys(THROTTLE_RULES) as ThrottleScope[];

export interface LoginResult {
  sessionToken: string;
  csrfToken: string;
  principal: Principal;
}

/** After a right password: a session, or a challenge for the second factor (its cookie value). */
export type LoginOutcome =
  | { kind: 'session'; session: LoginResult }
  | { kind: 'mfa'; step: 'verify' | 'enrol'; challengeToken: string };

/** Why a sign-in was refused, as the audit trail records it (never the reply). */
export type Refusal = 'unknown_login' | 'wrong_password' | 'disabled' | 'throttled' | 'wrong_code';

/** The one reply to every refused password, whatever the reason. */
export function refused(waitMsLeft: number): AppError {
  return new AppError('unauthorized', 'wrong login or password', {
    reason: 'credentials',
    retryAfterSeconds: Math.ceil(waitMsLeft / 1000),
  });
}

/** How long the attempt's counters still make it wait (0: it may be checked now). */
export async function throttleWait(db: Db, login: string, ip: string, now: number): Promise<number> {
  const keys = throttleKeys(login, ip);
  const counters = await throttleRepo.findCounters(db.kysely, Object.values(keys));
  return Math.max(...SCOPES.map((s) => waitMs(THROTTLE_RULES[s], counters.get(keys[s]), now)));
}

/**
 * Writes a refused attempt to the audit trail (login name tried, address, reason, the wait
 * it leads to — never the password) and, unless it was refused for a wait still running,
 * counts it; returns the wait before the next attempt.
 */
export async function recordRefusal(
  db: Db,
  attempt: { login: string; ip: string; userId: string | undefined; reason: Refusal; now: Date },
  waitLeft = 0,
): Promise<number> {
  const { login, ip, userId, reason, now } = attempt;
  const keys = throttleKeys(login, ip);
  return db.kysely.transaction().execute(async (trx) => {
    let wait = waitLeft;
    if (reason !== 'throttled') {
      const waits = [];
      for (const scope of SCOPES) {
        const rule = THROTTLE_RULES[scope];
        const forgetBefore = new Date(now.getTime() - rule.forgetMs).toISOString();
        const count = await throttleRepo.recordFailure(trx, keys[scope], now.toISOString(), forgetBefore);
        waits.push(throttleDelayMs(rule, count));
      }
      wait = Math.max(...waits);
    }
    await audit(
      trx,
      { id: 'anonymous', ip },
      [
        {
          action: 'session.login_failed',
          entityType: 'user',
          entityId: userId ?? '',
          after: { login, reason, waitSeconds: Math.ceil(wait / 1000) },
        },
      ],
      now.toISOString(),
    );
    return wait;
  });
}

/** Checks a password: a session, a second-factor challenge, or the one refusal. */
export async function passwordLogin(
  db: Db,
  login: string,
  password: string,
  ip: string,
  auth: Pick<AuthConfig, 'mfaRequiredRoles'>,
): Promise<LoginOutcome> {
  const now = new Date();
  const wait = await throttleWait(db, login, ip, now.getTime());
  const user = await usersRepo.findUserByLogin(db.kysely, login);
  // An account without a password (signed in through the identity provider) has no argon2 hash.
  const hash = wait === 0 && user?.passwordHash.startsWith('$argon2') ? user.passwordHash : DUMMY_HASH;
  const ok = (await argonVerify(hash, password).catch(() => false)) && hash !== DUMMY_HASH;
  if (wait > 0) {
    await recordRefusal(db, { login, ip, userId: user?.id, reason: 'throttled', now }, wait);
    throw refused(wait);
  }
  if (!user || !ok || user.disabled === 1) {
    const reason: Refusal = !user ? 'unknown_login' : ok ? 'disabled' : 'wrong_password';
    throw refused(await recordRefusal(db, { login, ip, userId: user?.id, reason, now }));
  }
  return afterFirstFactor(db, user, ip, auth, now);
}

/** A right password: on to the second factor when the account has one or its role needs one. */
async function afterFirstFactor(
  db: Db,
  user: usersRepo.UserRow,
  ip: string,
  auth: Pick<AuthConfig, 'mfaRequiredRoles'>,
  now: Date,
): Promise<LoginOutcome> {
  const mfa = await mfaRepo.findMfa(db.kysely, user.id);
  const step =
    mfa?.confirmedAt != null ? 'verify' : auth.mfaRequiredRoles.includes(user.role as Role) ? 'enrol' : null;
  if (step === null) return { kind: 'session', session: await openSession(db, user, ip, 'password', now) };
  const challengeToken = await db.kysely.transaction().execute(async (trx) => {
    const token = await createChallenge({ ...db, kysely: trx }, step === 'verify' ? 'mfa' : 'mfa_enrol', {
      userId: user.id,
      data: { ip },
      now,
      ttlMs: CHALLENGE_MS,
    });
    await audit(
      trx,
      { id: user.id, ip },
      [{ action: 'session.password_ok', entityType: 'user', entityId: user.id, after: { next: step } }],
      now.toISOString(),
    );
    return token;
  });
  return { kind: 'mfa', step, challengeToken };
}

/**
 * Opens a session for a user who has passed every step (a fresh id: no session fixation),
 * and forgets the failures of their login name.
 */
export async function openSession(
  db: Db,
  user: usersRepo.UserRow,
  ip: string,
  method: 'password' | 'totp' | 'recovery_code' | 'oidc',
  now = new Date(),
): Promise<LoginResult> {
  const sessionToken = secret();
  const csrfToken = secret();
  const keys = throttleKeys(user.login, ip);
  await db.kysely.transaction().execute(async (trx) => {
    await throttleRepo.clearCounters(trx, [keys.pair, keys.account]);
    await throttleRepo.forgetOldCounters(trx, new Date(now.getTime() - THROTTLE_FORGET_MS).toISOString());
    await challengesRepo.deleteExpiredChallenges(trx, now.toISOString());
    await sessionsRepo.insertSession(trx, {
      id: sha256(sessionToken),
      userId: user.id,
      csrfToken,
      createdAt: now.toISOString(),
      expiresAt: new Date(now.getTime() + SESSION_IDLE_MS).toISOString(),
      lastSeenAt: now.toISOString(),
      ip,
    });
    await usersRepo.recordLogin(trx, user.id, now.toISOString());
    await audit(
      trx,
      { id: user.id, ip },
      [{ action: 'session.login', entityType: 'user', entityId: user.id, after: { method } }],
      now.toISOString(),
    );
  });
  return { sessionToken, csrfToken, principal: toPrincipal(user, 'session') };
}

/** Stores a short-lived sign-in challenge; returns the cookie value that finds it. */
export async function createChallenge(
  db: Db,
  kind: 'mfa' | 'mfa_enrol' | 'oidc',
  opts: { userId: string | null; data: unknown; now: Date; ttlMs: number },
): Promise<string> {
  const token = secret();
  await challengesRepo.insertChallenge(db.kysely, {
    id: sha256(token),
    kind,
    userId: opts.userId,
    data: JSON.stringify(opts.data),
    attempts: 0,
    createdAt: opts.now.toISOString(),
    expiresAt: new Date(opts.now.getTime() + opts.ttlMs).toISOString(),
  });
  return token;
}

/** A challenge of one of `kinds` that has not expired, or null (an expired one is deleted). */
export async function liveChallenge(
  db: Db,
  token: string | undefined,
  kinds: string[],
): Promise<challengesRepo.ChallengeRow | null> {
  if (!token) return null;
  const row = await challengesRepo.findChallenge(db.kysely, sha256(token));
  if (!row || !kinds.includes(row.kind)) return null;
  if (row.expiresAt <= new Date().toISOString()) {
    await challengesRepo.takeChallenge(db.kysely, row.id);
    return null;
  }
  return row;
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
