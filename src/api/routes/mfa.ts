/**
 * The second factor: the sign-in's second step, enrolment (at sign-in when the role needs
 * it, or later by choice), recovery codes, and an administrator's reset.
 */
import { z } from 'zod';
import { AppError } from '../../domain/errors.ts';
import * as mfa from '../../services/mfa.service.ts';
import { MFA_COOKIE } from '../auth.ts';
import { defineRoute, principalOf, type RouteContext } from '../route.ts';
import { Me, signedIn } from './auth.ts';
import { defined } from '../../domain/defined.ts';

const tags = ['auth'];
const Code = z.object({ code: z.string().min(1).max(40) });
const RecoveryCodes = z.array(z.string()).meta({ description: 'shown once; each works once' });

/** The signed-in user (a session, not a token), or null before a session exists. */
function sessionUser(ctx: Pick<RouteContext<unknown, unknown, unknown>, 'principal'>): string | null {
  if (!ctx.principal) return null;
  if (ctx.principal.via !== 'session') {
    throw new AppError('forbidden', 'an API token cannot manage the second factor');
  }
  return ctx.principal.userId;
}

export const mfaRoutes = [
  defineRoute({
    method: 'POST',
    url: '/api/auth/mfa/verify',
    summary: 'The second step of signing in: a TOTP code or a recovery code; sets the session cookie',
    tags,
    rateLimit: { max: 20, timeWindowMs: 60_000 },
    body: Code,
    response: Me,
    handler: async ({ db, body, request, reply, auth }) => {
      const result = await mfa.completeSignIn(db, request.cookies[MFA_COOKIE], body.code, request.ip, auth);
      return signedIn(request, reply, result);
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/auth/mfa/enrol',
    summary:
      'Start setting up TOTP (signed in, or at sign-in when the role needs it): a secret and its QR code',
    tags,
    rateLimit: { max: 20, timeWindowMs: 60_000 },
    response: z.object({ secret: z.string(), uri: z.string(), qrCode: z.string() }),
    handler: async (ctx) => {
      const userId = sessionUser(ctx);
      return userId
        ? mfa.beginEnrolment(ctx.db, userId, ctx.auth)
        : mfa.beginRequiredEnrolment(ctx.db, ctx.request.cookies[MFA_COOKIE], ctx.auth);
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/auth/mfa/confirm',
    summary: 'Confirm TOTP with a first code: recovery codes (shown once), and the session at sign-in',
    tags,
    rateLimit: { max: 20, timeWindowMs: 60_000 },
    body: Code,
    response: z.object({ recoveryCodes: RecoveryCodes, me: Me.nullable() }),
    handler: async (ctx) => {
      const userId = sessionUser(ctx);
      if (userId) {
        const actor = ctx.actor;
        return {
          recoveryCodes: await mfa.confirmEnrolment(ctx.db, userId, ctx.body.code, ctx.auth, actor),
          me: null,
        };
      }
      const { request, reply } = ctx;
      const done = await mfa.confirmRequiredEnrolment(
        ctx.db,
        request.cookies[MFA_COOKIE],
        ctx.body.code,
        request.ip,
        ctx.auth,
      );
      return { recoveryCodes: done.recoveryCodes, me: signedIn(request, reply, done.session) };
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/auth/mfa',
    summary: 'Whether my account uses a second factor, must, and how many recovery codes are left',
    tags,
    access: 'authenticated',
    response: z.object({
      available: z.boolean(),
      enabled: z.boolean(),
      required: z.boolean(),
      recoveryCodesLeft: z.number(),
      passwordAccount: z.boolean(),
    }),
    handler: async (ctx) => {
      const me = principalOf(ctx);
      return mfa.mfaStatus(ctx.db, me.userId, me.role, ctx.auth);
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/auth/mfa/recovery-codes',
    summary: 'New recovery codes against a current TOTP code (the old ones stop working)',
    tags,
    access: 'authenticated',
    rateLimit: { max: 20, timeWindowMs: 60_000 },
    body: Code,
    response: z.object({ recoveryCodes: RecoveryCodes }),
    handler: async (ctx) => {
      const userId = defined(sessionUser(ctx), 'the signed-in user');
      return {
        recoveryCodes: await mfa.renewRecoveryCodes(ctx.db, userId, ctx.body.code, ctx.auth, ctx.actor),
      };
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/users/:login/mfa/reset',
    summary: 'Remove an account’s second factor (a lost device); it enrols again if its role needs one',
    tags: ['accounts'],
    access: 'user:manage',
    params: z.object({ login: z.string().min(1).max(100) }),
    response: z.object({ ok: z.literal(true) }),
    handler: async (ctx) => {
      await mfa.resetMfa(ctx.db, ctx.params.login, ctx.actor);
      return { ok: true as const };
    },
  }),
];
