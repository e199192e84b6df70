/**
 * The second factor of local accounts: TOTP (RFC 6238; 6 digits, 30 s, SHA-1 — what every
 * authenticator app reads from the QR code) and ten one-time recovery codes. Secrets are
 * AES-256-GCM encrypted with MFA_SECRET_KEY, bound to their user, so that a copy of the
 * database alone does not yield them; a code is accepted once (its time step is recorded).
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { Secret, TOTP } from 'otpauth';
import QRCode from 'qrcode';
import type { Db } from '../db/database.ts';
import * as challengesRepo from '../db/repositories/challenges.repository.ts';
import * as mfaRepo from '../db/repositories/mfa.repository.ts';
import * as usersRepo from '../db/repositories/users.repository.ts';
import type { AuthConfig } from '../config.ts';
import type { Role } from '../domain/access.ts';
import { AppError, conflict, invalid, notFound } from '../domain/errors.ts';
import { sha256 } from './accounts.service.ts';
import { audit, type Actor } from './audit.service.ts';
import {
  liveChallenge,
  MAX_CHALLENGE_ATTEMPTS,
  openSession,
  recordRefusal,
  throttleWait,
  type LoginResult,
} from './signin.service.ts';

export const RECOVERY_CODE_COUNT = 10;
const ISSUER = 'shinchoku';
const PERIOD = 30;

// ---- secrets at rest ----

/** `v1.iv.ciphertext.tag` (base64url), with the user id as associated data. */
export function sealSecret(key: Buffer, userId: string, plain: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv).setAAD(Buffer.from(userId));
  const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  const parts = [iv, body, cipher.getAuthTag()].map((p) => p.toString('base64url'));
  return ['v1', ...parts].join('.');
}

export function openSecret(key: Buffer, userId: string, sealed: string): string {
  const [version, iv, body, tag] = sealed.split('.');
  if (version !== 'v1' || !iv || !body || !tag) throw new Error('not a sealed TOTP secret');
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'))
    .setAAD(Buffer.from(userId))
    .setAuthTag(Buffer.from(tag, 'base64url'));
  return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
}

function keyOf(auth: Pick<AuthConfig, 'mfaKey'>): Buffer {
  if (!auth.mfaKey) {
    throw new AppError('unavailable', 'two-step sign-in is not set up on this server (MFA_SECRET_KEY)', {
      reason: 'mfa_not_configured',
    });
  }
  return auth.mfaKey;
}

const totpFor = (login: string, base32: string) =>
  new TOTP({ issuer: ISSUER, label: login, secret: Secret.fromBase32(base32), period: PERIOD });

/** The time step a code belongs to (one step either side, for clock drift), or null. */
export function codeStep(totp: TOTP, code: string, now = Date.now()): number | null {
  if (!/^\d{6}$/.test(code)) return null;
  const delta = totp.validate({ token: code, timestamp: now, window: 1 });
  return delta === null ? null : totp.counter({ timestamp: now }) + delta;
}

// ---- enrolment ----

export interface Enrolment {
  /** base32, for typing into an app that cannot scan */
  secret: string;
  /** otpauth:// URI */
  uri: string;
  /** the URI as a QR code, an SVG data URL */
  qrCode: string;
}

/** Starts (or restarts) enrolment: a new secret, active only once a code confirms it. */
export async function beginEnrolment(
  db: Db,
  userId: string,
  auth: Pick<AuthConfig, 'mfaKey'>,
): Promise<Enrolment> {
  const key = keyOf(auth);
  const user = await usersRepo.findUser(db.kysely, userId);
  if (!user) throw notFound('user', userId);
  const existing = await mfaRepo.findMfa(db.kysely, userId);
  if (existing?.confirmedAt) {
    throw conflict('two-step sign-in is already set up; an administrator can reset it', {
      reason: 'mfa_enrolled',
    });
  }
  const secret = new Secret({ size: 20 }).base32;
  await db.kysely.transaction().execute(async (trx) => {
    await mfaRepo.savePendingSecret(trx, userId, sealSecret(key, userId, secret), new Date().toISOString());
  });
  const uri = totpFor(user.login, secret).toString();
  const svg = await QRCode.toString(uri, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
  return { secret, uri, qrCode: `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}` };
}

/** A wrong code while signing in (401), or while managing the second factor when signed in (400). */
const wrongCode = (details: Record<string, unknown> = {}) =>
  new AppError('unauthorized', 'the code is not right', { reason: 'mfa_code', ...details });
const wrongSetupCode = () => invalid('the code is not right', { reason: 'mfa_code', field: 'code' });

/** Confirms enrolment with a first code; returns the recovery codes, shown this once. */
export async function confirmEnrolment(
  db: Db,
  userId: string,
  code: string,
  auth: Pick<AuthConfig, 'mfaKey'>,
  actor: Actor,
): Promise<string[]> {
  const key = keyOf(auth);
  const user = await usersRepo.findUser(db.kysely, userId);
  const row = await mfaRepo.findMfa(db.kysely, userId);
  if (!user || !row || row.confirmedAt) {
    throw conflict('no enrolment is waiting for a code; start again', { reason: 'mfa_not_started' });
  }
  const step = codeStep(totpFor(user.login, openSecret(key, userId, row.secret)), code.trim());
  if (step === null) throw wrongSetupCode();
  const codes = Array.from({ length: RECOVERY_CODE_COUNT }, newRecoveryCode);
  const now = new Date().toISOString();
  await db.kysely.transaction().execute(async (trx) => {
    if (!(await mfaRepo.acceptStep(trx, userId, step, now))) throw wrongSetupCode();
    await mfaRepo.replaceRecoveryCodes(
      trx,
      userId,
      codes.map((c) => recoveryHash(userId, c)),
    );
    await audit(trx, actor, [{ action: 'user.mfa_enable', entityType: 'user', entityId: userId }], now);
  });
  return codes;
}

/** 80 random bits as 16 base32 letters in groups of four, e.g. `k7qa-2mzx-…`. */
function newRecoveryCode(): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz234567';
  const bytes = randomBytes(16);
  const letters = [...bytes].map((b) => alphabet[b % 32]).join('');
  return (letters.match(/.{4}/g) ?? []).join('-');
}

const recoveryHash = (userId: string, code: string) =>
  sha256(`${userId}:${code.toLowerCase().replace(/[^a-z2-7]/g, '')}`);

/** Checks a TOTP code or an unused recovery code of a user with a confirmed second factor. */
export async function checkSecondFactor(
  db: Db,
  user: usersRepo.UserRow,
  code: string,
  auth: Pick<AuthConfig, 'mfaKey'>,
): Promise<'totp' | 'recovery_code' | null> {
  const row = await mfaRepo.findMfa(db.kysely, user.id);
  if (!row?.confirmedAt) return null;
  const text = code.trim();
  if (/^\d{6}$/.test(text)) {
    const step = codeStep(totpFor(user.login, openSecret(keyOf(auth), user.id, row.secret)), text);
    return step !== null && (await mfaRepo.acceptStep(db.kysely, user.id, step)) ? 'totp' : null;
  }
  const used = await mfaRepo.useRecoveryCode(
    db.kysely,
    user.id,
    recoveryHash(user.id, text),
    new Date().toISOString(),
  );
  return used ? 'recovery_code' : null;
}

// ---- the second step of signing in ----

const expired = () =>
  new AppError('unauthorized', 'the sign-in has expired; enter the password again', {
    reason: 'mfa_expired',
  });

/** A challenge's user, if it is still live and the account still enabled. */
async function challengeUser(db: Db, token: string | undefined, kind: 'mfa' | 'mfa_enrol') {
  const challenge = await liveChallenge(db, token, [kind]);
  const user = challenge?.userId ? await usersRepo.findUser(db.kysely, challenge.userId) : undefined;
  if (!challenge || !user || user.disabled === 1) throw expired();
  return { challenge, user };
}

/**
 * The second step: a code (or a recovery code) for the challenge the password step left.
 * Wrong codes count towards the login name's throttling like wrong passwords; the fifth
 * ends the challenge, so the password must be given again.
 */
export async function completeSignIn(
  db: Db,
  token: string | undefined,
  code: string,
  ip: string,
  auth: Pick<AuthConfig, 'mfaKey'>,
): Promise<LoginResult> {
  const { challenge, user } = await challengeUser(db, token, 'mfa');
  const now = new Date();
  const attempt = { login: user.login, ip, userId: user.id, now };
  const wait = await throttleWait(db, user.login, ip, now.getTime());
  if (wait > 0) {
    await recordRefusal(db, { ...attempt, reason: 'throttled' }, wait);
    throw wrongCode({ retryAfterSeconds: Math.ceil(wait / 1000) });
  }
  const method = await checkSecondFactor(db, user, code, auth);
  if (!method) {
    const attempts = await challengesRepo.countAttempt(db.kysely, challenge.id);
    const next = await recordRefusal(db, { ...attempt, reason: 'wrong_code' });
    if (attempts >= MAX_CHALLENGE_ATTEMPTS) {
      await challengesRepo.takeChallenge(db.kysely, challenge.id);
      throw expired();
    }
    throw wrongCode({ retryAfterSeconds: Math.ceil(next / 1000) });
  }
  if (!(await challengesRepo.takeChallenge(db.kysely, challenge.id))) throw expired();
  return openSession(db, user, ip, method, now);
}

/** Enrolment demanded at sign-in (MFA_REQUIRED_ROLES): start it for the challenge's user. */
export async function beginRequiredEnrolment(
  db: Db,
  token: string | undefined,
  auth: Pick<AuthConfig, 'mfaKey'>,
): Promise<Enrolment> {
  const { user } = await challengeUser(db, token, 'mfa_enrol');
  return beginEnrolment(db, user.id, auth);
}

/** …and finish it: the recovery codes and, at last, the session. */
export async function confirmRequiredEnrolment(
  db: Db,
  token: string | undefined,
  code: string,
  ip: string,
  auth: Pick<AuthConfig, 'mfaKey'>,
): Promise<{ session: LoginResult; recoveryCodes: string[] }> {
  const { challenge, user } = await challengeUser(db, token, 'mfa_enrol');
  let recoveryCodes: string[];
  try {
    recoveryCodes = await confirmEnrolment(db, user.id, code, auth, { id: user.id, ip });
  } catch (err) {
    const attempts = await challengesRepo.countAttempt(db.kysely, challenge.id);
    if (attempts >= MAX_CHALLENGE_ATTEMPTS) await challengesRepo.takeChallenge(db.kysely, challenge.id);
    throw err;
  }
  if (!(await challengesRepo.takeChallenge(db.kysely, challenge.id))) throw expired();
  return { session: await openSession(db, user, ip, 'totp'), recoveryCodes };
}

// ---- status and administration ----

export interface MfaStatus {
  /** TOTP can be set up on this server */
  available: boolean;
  enabled: boolean;
  /** the user's role must use it */
  required: boolean;
  recoveryCodesLeft: number;
  /** signs in with a password (false: through the identity provider, which does its own MFA) */
  passwordAccount: boolean;
}

export async function mfaStatus(
  db: Db,
  userId: string,
  role: Role,
  auth: Pick<AuthConfig, 'mfaKey' | 'mfaRequiredRoles'>,
): Promise<MfaStatus> {
  const row = await mfaRepo.findMfa(db.kysely, userId);
  const user = await usersRepo.findUser(db.kysely, userId);
  const enabled = !!row?.confirmedAt;
  return {
    passwordAccount: !!user?.passwordHash.startsWith('$argon2'),
    available: !!auth.mfaKey,
    enabled,
    required: auth.mfaRequiredRoles.includes(role),
    recoveryCodesLeft: enabled ? await mfaRepo.countUnusedRecoveryCodes(db.kysely, userId) : 0,
  };
}

/** New recovery codes for a user with TOTP, against a current code; the old ones stop working. */
export async function renewRecoveryCodes(
  db: Db,
  userId: string,
  code: string,
  auth: Pick<AuthConfig, 'mfaKey'>,
  actor: Actor,
): Promise<string[]> {
  const user = await usersRepo.findUser(db.kysely, userId);
  if (!user) throw notFound('user', userId);
  if (!/^\d{6}$/.test(code.trim()) || (await checkSecondFactor(db, user, code, auth)) !== 'totp') {
    throw wrongSetupCode();
  }
  const codes = Array.from({ length: RECOVERY_CODE_COUNT }, newRecoveryCode);
  const now = new Date().toISOString();
  await db.kysely.transaction().execute(async (trx) => {
    await mfaRepo.replaceRecoveryCodes(
      trx,
      userId,
      codes.map((c) => recoveryHash(userId, c)),
    );
    await audit(
      trx,
      actor,
      [{ action: 'user.mfa_recovery_codes', entityType: 'user', entityId: userId }],
      now,
    );
  });
  return codes;
}

/**
 * Removes a user's second factor (a lost phone): an administrator's act. With their role in
 * MFA_REQUIRED_ROLES the user enrols again at the next sign-in.
 */
export async function resetMfa(db: Db, login: string, actor: Actor): Promise<void> {
  const user = await usersRepo.findUserByLogin(db.kysely, login);
  if (!user) throw notFound('user', login);
  const now = new Date().toISOString();
  await db.kysely.transaction().execute(async (trx) => {
    await mfaRepo.deleteMfa(trx, user.id);
    await challengesRepo.deleteUserChallenges(trx, user.id);
    await audit(trx, actor, [{ action: 'user.mfa_reset', entityType: 'user', entityId: user.id }], now);
  });
}
