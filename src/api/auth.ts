/**
 * Who is calling: a bearer API token, a session cookie, or nobody. Cookie-authenticated
 * writes must carry the session's CSRF token in the `x-csrf-token` header (synchroniser
 * token pattern); token-authenticated calls carry no cookie and need none.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { TrustProxy } from '../config.ts';
import type { Db } from '../db/database.ts';
import { ANONYMOUS, viewerFor, type Principal, type Viewer } from '../domain/access.ts';
import { AppError } from '../domain/errors.ts';
import { resolveToken } from '../services/accounts.service.ts';
import { resolveSession, SESSION_IDLE_MS } from '../services/signin.service.ts';

export const SESSION_COOKIE = 'shinchoku_session';
export const CSRF_HEADER = 'x-csrf-token';
/** The password step's hand-over to the second factor (signin.service.ts). */
export const MFA_COOKIE = 'shinchoku_mfa';
/** Binds an identity provider's redirect back to the browser that started it. */
export const OIDC_COOKIE = 'shinchoku_oidc';

const CHALLENGE_COOKIES = {
  [MFA_COOKIE]: { path: '/api/auth/mfa', sameSite: 'strict' },
  // Lax: the provider sends the browser back with a top-level GET from its own site.
  [OIDC_COOKIE]: { path: '/api/auth/oidc', sameSite: 'lax' },
} as const;

export interface Identity {
  principal: Principal | null;
  viewer: Viewer;
  csrfToken: string | null;
}

const NOBODY: Identity = { principal: null, viewer: ANONYMOUS, csrfToken: null };

export async function identify(db: Db, request: FastifyRequest): Promise<Identity> {
  const header = request.headers.authorization;
  if (header !== undefined) {
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    const token = match?.[1];
    const principal = token ? await resolveToken(db, token) : null;
    if (!principal) throw new AppError('unauthorized', 'the API token is unknown, revoked or expired');
    return { principal, viewer: viewerFor(principal), csrfToken: null };
  }
  const cookie = request.cookies[SESSION_COOKIE];
  if (!cookie) return NOBODY;
  const session = await resolveSession(db, cookie);
  if (!session) return NOBODY;
  return { principal: session.principal, viewer: viewerFor(session.principal), csrfToken: session.csrfToken };
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Refuses a cookie-authenticated write whose CSRF header is missing or wrong. */
export function checkCsrf(request: FastifyRequest, identity: Identity): void {
  if (SAFE_METHODS.has(request.method) || identity.csrfToken === null) return;
  if (request.headers[CSRF_HEADER] !== identity.csrfToken) {
    throw new AppError('forbidden', 'missing or wrong CSRF token', { reason: 'csrf' });
  }
}

export function setSessionCookie(reply: FastifyReply, token: string, secure: boolean): void {
  void reply.setCookie(SESSION_COOKIE, token, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure,
    maxAge: Math.floor(SESSION_IDLE_MS / 1000),
  });
}

export function clearSessionCookie(reply: FastifyReply, secure: boolean): void {
  void reply.clearCookie(SESSION_COOKIE, { path: '/', httpOnly: true, sameSite: 'lax', secure });
}

/** A short-lived sign-in cookie, sent only to the routes that finish that step. */
export function setChallengeCookie(
  reply: FastifyReply,
  name: keyof typeof CHALLENGE_COOKIES,
  token: string,
  maxAgeMs: number,
  secure: boolean,
): void {
  void reply.setCookie(name, token, {
    ...CHALLENGE_COOKIES[name],
    httpOnly: true,
    secure,
    maxAge: Math.floor(maxAgeMs / 1000),
  });
}

export function clearChallengeCookie(
  reply: FastifyReply,
  name: keyof typeof CHALLENGE_COOKIES,
  secure: boolean,
): void {
  void reply.clearCookie(name, { ...CHALLENGE_COOKIES[name], httpOnly: true, secure });
}

/**
 * TRUST_PROXY as Fastify's trustProxy. Fastify ignores a bare hop count (it cannot check the
 * peer), so hops become a function: the peer and the next `hops - 1` forwarders are trusted,
 * and the client is the address just before them in X-Forwarded-For — never the left-most,
 * which the client writes itself.
 */
export function trustProxyOption(
  trust: TrustProxy,
): false | string[] | ((address: string, hop: number) => boolean) {
  if (Array.isArray(trust)) return trust;
  if (trust <= 0) return false;
  return (_address, hop) => hop < trust;
}
