import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { ROLES, type Principal } from '../../domain/access.ts';
import { AppError } from '../../domain/errors.ts';
import { changeOwnPassword } from '../../services/account-admin.service.ts';
import * as signin from '../../services/signin.service.ts';
import {
  clearChallengeCookie,
  clearSessionCookie,
  MFA_COOKIE,
  SESSION_COOKIE,
  setChallengeCookie,
  setSessionCookie,
} from '../auth.ts';
import { defineRoute, principalOf } from '../route.ts';

const tags = ['auth'];

export const Me = z
  .object({
    user: z.object({
      id: z.string(),
      login: z.string(),
      displayName: z.string(),
      role: z.enum(ROLES),
      organisationIds: z.array(z.string()),
      /** Signed in with a temporary password: only POST /api/auth/password is open until it is replaced. */
      mustChangePassword: z.boolean(),
    }),
    /** Send back in the x-csrf-token header on every write. */
    csrfToken: z.string().nullable(),
  })
  .meta({ id: 'Me' });

/** The password was right; a second factor is due (`verify`) or must be set up first (`enrol`). */
export const SecondStep = z.object({ mfa: z.enum(['verify', 'enrol']) }).meta({ id: 'SecondStep' });

export const toMe = (p: Principal, csrfToken: string | null): z.infer<typeof Me> => ({
  user: {
    id: p.userId,
    login: p.login,
    displayName: p.displayName,
    role: p.role,
    organisationIds: p.organisationIds,
    mustChangePassword: p.mustChangePassword === true,
  },
  csrfToken,
});

const secure = (request: FastifyRequest) => request.protocol === 'https';

/** Sets the session cookie of a completed sign-in and answers with who signed in. */
export function signedIn(request: FastifyRequest, reply: FastifyReply, result: signin.LoginResult) {
  setSessionCookie(reply, result.sessionToken, secure(request));
  clearChallengeCookie(reply, MFA_COOKIE, secure(request));
  return toMe(result.principal, result.csrfToken);
}

export const authRoutes = [
  defineRoute({
    method: 'GET',
    url: '/api/auth/options',
    summary: 'How one can sign in here (for the login page)',
    tags,
    response: z.object({ oidc: z.boolean(), mfaAvailable: z.boolean() }),
    handler: async ({ auth }) => ({ oidc: auth.oidc !== undefined, mfaAvailable: auth.mfaKey !== undefined }),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/auth/login',
    summary:
      'Log in with a login name and password: the session cookie, or the second step. Every refusal is the same 401 (with retryAfterSeconds)',
    tags,
    rateLimit: { max: 20, timeWindowMs: 60_000 },
    body: z.object({ login: z.string().min(1).max(200), password: z.string().min(1).max(1024) }),
    response: z.union([Me, SecondStep]),
    handler: async ({ db, body, request, reply, auth }) => {
      const outcome = await signin.passwordLogin(db, body.login, body.password, request.ip, auth);
      if (outcome.kind === 'session') return signedIn(request, reply, outcome.session);
      setChallengeCookie(reply, MFA_COOKIE, outcome.challengeToken, signin.CHALLENGE_MS, secure(request));
      return { mfa: outcome.step };
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/auth/logout',
    summary: 'End the session (on the server too)',
    tags,
    access: 'authenticated',
    duringPasswordChange: true,
    response: z.object({ ok: z.literal(true) }),
    handler: async ({ db, request, reply }) => {
      const token = request.cookies[SESSION_COOKIE];
      if (token) await signin.logout(db, token);
      clearSessionCookie(reply, secure(request));
      return { ok: true as const };
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/auth/me',
    summary: 'The logged-in user and the CSRF token of the session',
    tags,
    access: 'authenticated',
    duringPasswordChange: true,
    response: Me,
    handler: async (ctx) => {
      const principal = principalOf(ctx);
      const session = ctx.request.cookies[SESSION_COOKIE];
      const info =
        session && principal.via === 'session' ? await signin.resolveSession(ctx.db, session) : null;
      return toMe(principal, info?.csrfToken ?? null);
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/auth/password',
    summary:
      'Change my own password (required after a temporary one): the current one, then a new one of at least 12 characters; my other sessions end',
    tags,
    access: 'authenticated',
    duringPasswordChange: true,
    rateLimit: { max: 20, timeWindowMs: 60_000 },
    body: z.object({
      currentPassword: z.string().min(1).max(1024),
      newPassword: z.string().min(1).max(1024),
    }),
    response: Me,
    handler: async (ctx) => {
      const principal = principalOf(ctx);
      if (principal.via === 'token') throw new AppError('forbidden', 'a token cannot change a password');
      const cookie = ctx.request.cookies[SESSION_COOKIE];
      const info = cookie ? await signin.resolveSession(ctx.db, cookie) : null;
      await changeOwnPassword(ctx.db, principal.userId, info?.sessionId ?? null, ctx.body, ctx.actor);
      const after = cookie ? await signin.resolveSession(ctx.db, cookie) : null;
      return toMe(after?.principal ?? { ...principal, mustChangePassword: false }, after?.csrfToken ?? null);
    },
  }),
];
