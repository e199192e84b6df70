/**
 * Single sign-on with the ministries' OpenID Connect provider: a redirect there, and the
 * way back. Both answer with redirects; a failed sign-in lands on the login page with a
 * reason code (`/login?sso_error=…`) and no session.
 */
import { z } from 'zod';
import { AppError } from '../../domain/errors.ts';
import * as oidc from '../../services/oidc.service.ts';
import { clearChallengeCookie, OIDC_COOKIE, setChallengeCookie, setSessionCookie } from '../auth.ts';
import { defineRoute } from '../route.ts';

const tags = ['auth'];

/** A path of this site to return to; anything else (another site, `//host`) becomes /tasks. */
export const localPath = (next: string | undefined): string =>
  next && /^\/(?![/\\])/.test(next) && !/[\r\n]/.test(next) ? next : '/tasks';

export const oidcRoutes = [
  defineRoute({
    method: 'GET',
    url: '/api/auth/oidc/start',
    summary: 'Sign in with the organisation’s identity provider: a redirect there',
    tags,
    redirects: true,
    rateLimit: { max: 120, timeWindowMs: 60_000 },
    query: z.object({ next: z.string().max(500).optional() }),
    handler: async ({ db, query, request, reply, auth }) => {
      if (!auth.oidc) throw new AppError('not_found', 'single sign-on is not configured here');
      let started: { url: string; cookie: string };
      try {
        started = await oidc.startSignIn(db, auth.oidc, localPath(query.next));
      } catch (err) {
        // The provider cannot be reached: back to the login page, which says so.
        if (!(err instanceof AppError)) throw err;
        request.log.warn({ message: err.message }, 'single sign-on unavailable');
        return reply.redirect('/login?sso_error=oidc_unavailable', 302);
      }
      setChallengeCookie(
        reply,
        OIDC_COOKIE,
        started.cookie,
        oidc.OIDC_STATE_MS,
        request.protocol === 'https',
      );
      return reply.redirect(started.url, 302);
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/auth/oidc/callback',
    summary:
      'Where the identity provider sends the browser back: the session cookie, then the page asked for',
    tags,
    redirects: true,
    rateLimit: { max: 120, timeWindowMs: 60_000 },
    handler: async ({ db, request, reply, auth }) => {
      const secure = request.protocol === 'https';
      clearChallengeCookie(reply, OIDC_COOKIE, secure);
      // The URL the provider redirected to is the configured one; only its query comes from here.
      const query = request.url.includes('?') ? request.url.slice(request.url.indexOf('?')) : '';
      const callback = new URL(`${auth.oidc?.redirectUri.split('?')[0] ?? 'http://localhost/'}${query}`);
      try {
        const done = await oidc.finishSignIn(db, auth, request.cookies[OIDC_COOKIE], callback, request.ip);
        setSessionCookie(reply, done.session.sessionToken, secure);
        return reply.redirect(done.next, 302);
      } catch (err) {
        const reason =
          err instanceof AppError ? (err.details as { reason?: string } | undefined)?.reason : undefined;
        if (!reason) throw err;
        request.log.warn({ reason, message: (err as Error).message }, 'single sign-on refused');
        return reply.redirect(`/login?sso_error=${encodeURIComponent(reason)}`, 302);
      }
    },
  }),
];
