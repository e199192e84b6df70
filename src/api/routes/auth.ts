import { z } from 'zod';
import { ROLES, type Principal } from '../../domain/access.ts';
import * as accounts from '../../services/accounts.service.ts';
import { clearSessionCookie, SESSION_COOKIE, setSessionCookie } from '../auth.ts';
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
    }),
    /** Send back in the x-csrf-token header on every write. */
    csrfToken: z.string().nullable(),
  })
  .meta({ id: 'Me' });

const toMe = (p: Principal, csrfToken: string | null) => ({
  user: {
    id: p.userId,
    login: p.login,
    displayName: p.displayName,
    role: p.role,
    organisationIds: p.organisationIds,
  },
  csrfToken,
});

export const authRoutes = [
  defineRoute({
    method: 'POST',
    url: '/api/auth/login',
    summary: 'Log in with a login name and password; sets the session cookie',
    tags,
    rateLimit: { max: 20, timeWindowMs: 60_000 },
    body: z.object({ login: z.string().min(1).max(200), password: z.string().min(1).max(1024) }),
    response: Me,
    handler: async ({ db, body, request, reply }) => {
      const result = await accounts.login(db, body.login, body.password, request.ip);
      setSessionCookie(reply, result.sessionToken, request.protocol === 'https');
      return toMe(result.principal, result.csrfToken);
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/auth/logout',
    summary: 'End the session (on the server too)',
    tags,
    access: 'authenticated',
    response: z.object({ ok: z.literal(true) }),
    handler: async ({ db, request, reply }) => {
      const token = request.cookies[SESSION_COOKIE];
      if (token) await accounts.logout(db, token);
      clearSessionCookie(reply, request.protocol === 'https');
      return { ok: true as const };
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/auth/me',
    summary: 'The logged-in user and the CSRF token of the session',
    tags,
    access: 'authenticated',
    response: Me,
    handler: async (ctx) => {
      const principal = principalOf(ctx);
      const session = ctx.request.cookies[SESSION_COOKIE];
      const info =
        session && principal.via === 'session' ? await accounts.resolveSession(ctx.db, session) : null;
      return toMe(principal, info?.csrfToken ?? null);
    },
  }),
];
