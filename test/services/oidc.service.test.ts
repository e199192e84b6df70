/**
 * Single sign-on against a real OpenID Connect provider (oidc-provider, started here; issue
 * #18): the whole authorization code flow with PKCE over HTTP — our redirect, the provider's
 * sign-in form, its redirect back — then a session with the role and ministries the claims
 * map to. A wrong state, a callback in a browser that did not start it, a replayed code, an
 * unmapped role, a ministry editor without a ministry, a disabled account and a missing
 * second factor at the provider all end on the login page without a session.
 */
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/api/app.ts';
import { DEFAULT_AUTH, type AuthConfig, type OidcConfig } from '../../src/config.ts';
import { createUser, setDisabled } from '../../src/services/accounts.service.ts';
import { PASSWORD, passwordSession } from '../helpers/accounts.ts';
import { ENGINES, type TestDb } from '../helpers/db.ts';
import { IdpBrowser, startIdp, type TestIdp } from '../helpers/idp.ts';
import { sampleDb } from '../helpers/sample.ts';

const REDIRECT = 'http://127.0.0.1:3999/api/auth/oidc/callback';

const oidcConfig = (idp: TestIdp): OidcConfig => ({
  issuer: idp.issuer,
  clientId: idp.clientId,
  clientSecret: idp.clientSecret,
  redirectUri: REDIRECT,
  scopes: 'openid profile email',
  roleClaim: 'roles',
  roleMap: { 'shinchoku-admin': 'admin', 'shinchoku-reviewer': 'reviewer', 'shinchoku-editor': 'editor' },
  orgClaim: 'ministry',
  orgMap: { 総務省: 'mic', 厚生労働省: 'mhlw' },
  loginClaim: 'preferred_username',
  requiredAmr: ['mfa'],
});

const cookieOf = (res: LightMyRequestResponse, name: string) =>
  ([res.headers['set-cookie'] ?? []].flat() as string[])
    .map((c) => c.split(';')[0]!)
    .find((c) => c.startsWith(`${name}=`) && c.length > name.length + 1);

for (const engine of ENGINES) {
  describe(`single sign-on with an OpenID Connect provider on ${engine}`, () => {
    let db: TestDb;
    let idp: TestIdp;
    let app: FastifyInstance;
    let auth: AuthConfig;
    beforeAll(async () => {
      db = await sampleDb(engine);
      idp = await startIdp({ redirectUris: [REDIRECT] });
      auth = {
        ...DEFAULT_AUTH,
        oidc: oidcConfig(idp),
        mfaRequiredRoles: ['admin'],
        mfaKey: Buffer.alloc(32, 1),
      };
      app = await buildApp({ db, config: { logLevel: 'silent', trustProxy: 0, auth } });
      const account = (
        login: string,
        roles: string[],
        extra: Record<string, unknown> = {},
        amr = ['pwd', 'mfa'],
      ) =>
        idp.accounts.set(login, {
          sub: `sub-${login}`,
          amr,
          claims: { preferred_username: login, name: `名前 ${login}`, email: login, roles, ...extra },
        });
      account('taro@example.go.jp', ['staff', 'shinchoku-admin']);
      account('hanako@example.go.jp', ['shinchoku-editor'], { ministry: ['総務省', '存在しない省'] });
      account('jiro@example.go.jp', ['staff']);
      account('noorg@example.go.jp', ['shinchoku-editor'], { ministry: '存在しない省' });
      account('weak-admin@example.go.jp', ['shinchoku-admin'], {}, ['pwd']);
      account('local@example.go.jp', ['shinchoku-reviewer']);
      await createUser(
        db,
        { login: 'local@example.go.jp', displayName: 'ローカル', password: PASSWORD, role: 'viewer' },
        { id: 'test', ip: '' },
      );
    });
    afterAll(async () => {
      await app?.close();
      await idp?.close();
      await db?.destroy();
    });

    /** Our redirect to the provider, and the cookie that binds it to this browser. */
    const start = async (next = '/tasks') => {
      const res = await app.inject({
        method: 'GET',
        url: `/api/auth/oidc/start?next=${encodeURIComponent(next)}`,
      });
      expect(res.statusCode, res.body).toBe(302);
      return { location: String(res.headers.location), cookie: cookieOf(res, 'shinchoku_oidc')! };
    };
    /** The provider's redirect back, as the browser would follow it. */
    const callback = (url: URL, cookie: string | undefined) =>
      app.inject({ method: 'GET', url: url.pathname + url.search, headers: cookie ? { cookie } : {} });
    const signIn = async (login: string) => {
      const { location, cookie } = await start();
      const back = await new IdpBrowser().signIn(location, login, REDIRECT);
      return { back, cookie, res: await callback(back, cookie) };
    };
    const count = async (table: 'sessions' | 'users') =>
      Number(
        (
          await db.kysely
            .selectFrom(table)
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const me = async (session: string) =>
      (await app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: session } })).json() as {
        user: { id: string; login: string; role: string; organisationIds: string[] };
      };
    /** Refused: back on the login page with the reason, no session cookie, no new session. */
    const expectRefused = async (res: LightMyRequestResponse, sessionsBefore: number, reason: RegExp) => {
      expect(res.statusCode).toBe(302);
      expect(String(res.headers.location)).toMatch(new RegExp(`^/login\\?sso_error=${reason.source}$`));
      expect(cookieOf(res, 'shinchoku_session')).toBeUndefined();
      expect(await count('sessions')).toBe(sessionsBefore);
    };

    it('sends the browser to the provider with PKCE (S256), state and nonce', async () => {
      const options = await app.inject({ method: 'GET', url: '/api/auth/options' });
      expect(options.json()).toEqual({ oidc: true, mfaAvailable: true });
      const { location, cookie } = await start();
      const url = new URL(location);
      expect(url.origin + url.pathname).toBe(`${idp.issuer}/auth`);
      expect(Object.fromEntries(url.searchParams)).toMatchObject({
        client_id: 'shinchoku',
        response_type: 'code',
        redirect_uri: REDIRECT,
        scope: 'openid profile email',
        code_challenge_method: 'S256',
      });
      for (const p of ['state', 'nonce', 'code_challenge'])
        expect(url.searchParams.get(p)).toMatch(/^[\w-]{43,}$/);
      expect(cookie).toMatch(/^shinchoku_oidc=[\w-]{43}$/);
    });

    it('signs an administrator in with the role the claims map to, as a session like a password gives', async () => {
      const users = await count('users');
      idp.requests.length = 0;
      const { res } = await signIn('taro@example.go.jp');
      // This provider keeps the ID token to `sub` and `amr`: the roles came from userinfo.
      expect(idp.requests.filter((p) => ['/token', '/me'].includes(p))).toEqual(['/token', '/me']);
      expect(res.statusCode).toBe(302);
      expect(res.headers.location).toBe('/tasks');
      const session = cookieOf(res, 'shinchoku_session')!;
      expect(String(res.headers['set-cookie'])).toMatch(
        /shinchoku_session=[^;]+; Max-Age=7200; Path=\/; HttpOnly; SameSite=Lax/,
      );
      const who = await me(session);
      expect(who.user).toMatchObject({ login: 'taro@example.go.jp', role: 'admin', organisationIds: [] });
      expect(await count('users')).toBe(users + 1);
      const identity = await db.kysely
        .selectFrom('userIdentities')
        .selectAll()
        .where('subject', '=', 'sub-taro@example.go.jp')
        .executeTakeFirstOrThrow();
      expect(identity).toMatchObject({ issuer: idp.issuer, userId: who.user.id });
      // No password opens the account.
      await expect(passwordSession(db, 'taro@example.go.jp', PASSWORD)).rejects.toThrow(
        'wrong login or password',
      );
      const logins = await db.kysely
        .selectFrom('auditLog')
        .select(['after'])
        .where('action', '=', 'session.login')
        .where('actor', '=', who.user.id)
        .execute();
      expect(logins.map((l) => JSON.parse(l.after!) as unknown)).toEqual([{ method: 'oidc' }]);
    });

    it('gives a ministry editor the ministries the claims name, and follows the provider’s changes', async () => {
      const first = await me(cookieOf((await signIn('hanako@example.go.jp')).res, 'shinchoku_session')!);
      expect(first.user).toMatchObject({ role: 'editor', organisationIds: ['mic'] });
      idp.accounts.get('hanako@example.go.jp')!.claims.ministry = '厚生労働省';
      idp.accounts.get('hanako@example.go.jp')!.claims.roles = ['shinchoku-reviewer', 'shinchoku-editor'];
      const second = await me(cookieOf((await signIn('hanako@example.go.jp')).res, 'shinchoku_session')!);
      expect(second.user).toMatchObject({ id: first.user.id, role: 'reviewer', organisationIds: ['mhlw'] });
      const update = await db.kysely
        .selectFrom('auditLog')
        .selectAll()
        .where('action', '=', 'user.sso_update')
        .executeTakeFirstOrThrow();
      expect(JSON.parse(update.before!)).toMatchObject({ role: 'editor', organisationIds: ['mic'] });
      expect(JSON.parse(update.after!)).toMatchObject({ role: 'reviewer', organisationIds: ['mhlw'] });
    });

    it('does not take over a local account with the same login name', async () => {
      const who = await me(cookieOf((await signIn('local@example.go.jp')).res, 'shinchoku_session')!);
      expect(who.user.login).toMatch(/^sso-[0-9a-f]{12}$/);
      expect(who.user.role).toBe('reviewer');
      const local = await passwordSession(db, 'local@example.go.jp', PASSWORD);
      expect(local.principal).toMatchObject({ role: 'viewer' });
      expect(local.principal.userId).not.toBe(who.user.id);
    });

    it('refuses a wrong state, a callback in another browser, and a replayed code', async () => {
      const before = await count('sessions');
      const { location, cookie } = await start();
      const back = await new IdpBrowser().signIn(location, 'taro@example.go.jp', REDIRECT);
      const forged = new URL(back);
      forged.searchParams.set('state', 'an-attacker-chosen-state-value-of-the-right-length-000');
      await expectRefused(await callback(forged, cookie), before, /oidc_(state|failed)/);
      // The state was used up by the failed attempt: the genuine redirect fails now too.
      await expectRefused(await callback(back, cookie), before, /oidc_state/);

      // Login CSRF: a redirect carried to a browser that did not start the sign-in.
      const other = await signInParts();
      await expectRefused(await callback(other.back, undefined), before, /oidc_state/);

      // Replay: the same redirect twice, then its code with a fresh state of another start.
      const ok = await callback(other.back, other.cookie);
      expect(ok.statusCode).toBe(302);
      expect(ok.headers.location).toBe('/tasks');
      await expectRefused(await callback(other.back, other.cookie), before + 1, /oidc_state/);
      const fresh = await start();
      const replayed = new URL(other.back);
      replayed.searchParams.set('state', new URL(fresh.location).searchParams.get('state')!);
      await expectRefused(await callback(replayed, fresh.cookie), before + 1, /oidc_failed/);
    });

    const signInParts = async () => {
      const { location, cookie } = await start();
      return { cookie, back: await new IdpBrowser().signIn(location, 'taro@example.go.jp', REDIRECT) };
    };

    it('refuses an unmapped role, an editor without a known ministry, and an admin without a second factor', async () => {
      const before = await count('sessions');
      const users = await count('users');
      await expectRefused((await signIn('jiro@example.go.jp')).res, before, /oidc_no_role/);
      await expectRefused((await signIn('noorg@example.go.jp')).res, before, /oidc_no_organisation/);
      await expectRefused((await signIn('weak-admin@example.go.jp')).res, before, /oidc_mfa/);
      expect(await count('users')).toBe(users);
      const refused = await db.kysely
        .selectFrom('auditLog')
        .select(['after'])
        .where('action', '=', 'session.login_failed')
        .execute();
      const reasons = refused.map((r) => JSON.parse(r.after!) as { login: string; reason: string });
      expect(reasons).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            login: 'jiro@example.go.jp',
            reason: 'oidc_no_role',
            subject: 'sub-jiro@example.go.jp',
          }),
          expect.objectContaining({ login: 'noorg@example.go.jp', reason: 'oidc_no_organisation' }),
          expect.objectContaining({ login: 'weak-admin@example.go.jp', reason: 'oidc_mfa' }),
        ]),
      );
    });

    it('refuses a disabled account, though the provider still knows it', async () => {
      // taro is the only administrator so far: another keeps the system administrable.
      await createUser(
        db,
        { login: 'spare-admin', displayName: '予備', password: PASSWORD, role: 'admin' },
        { id: 'test', ip: '' },
      );
      await setDisabled(db, 'taro@example.go.jp', true, { id: 'test', ip: '' });
      await expectRefused((await signIn('taro@example.go.jp')).res, await count('sessions'), /oidc_disabled/);
      await setDisabled(db, 'taro@example.go.jp', false, { id: 'test', ip: '' });
      expect((await signIn('taro@example.go.jp')).res.headers.location).toBe('/tasks');
    });

    it('returns to the page asked for, and only to a page of this site', async () => {
      for (const [next, landing] of [
        ['/en/review/ai2022-fy2023', '/en/review/ai2022-fy2023'],
        ['https://evil.example/', '/tasks'],
        ['//evil.example/', '/tasks'],
        ['/\\evil.example/', '/tasks'],
      ]) {
        const { location, cookie } = await start(next);
        const back = await new IdpBrowser().signIn(location, 'taro@example.go.jp', REDIRECT);
        expect((await callback(back, cookie)).headers.location, next).toBe(landing);
      }
    });
  });
}

describe('single sign-on with every claim in the ID token (as Entra ID sends app roles)', () => {
  it('maps the claims the ID token carries', async () => {
    const idp = await startIdp({ redirectUris: [REDIRECT], conformIdTokenClaims: false });
    const db = await sampleDb('sqlite');
    const app = await buildApp({
      db,
      config: {
        logLevel: 'silent',
        trustProxy: 0,
        auth: { ...DEFAULT_AUTH, oidc: { ...oidcConfig(idp), requiredAmr: [] } },
      },
    });
    try {
      idp.accounts.set('saburo', {
        sub: 'sub-saburo',
        claims: { preferred_username: 'saburo', roles: 'shinchoku-editor', ministry: '総務省' },
      });
      const start = await app.inject({ method: 'GET', url: '/api/auth/oidc/start' });
      const back = await new IdpBrowser().signIn(String(start.headers.location), 'saburo', REDIRECT);
      const res = await app.inject({
        method: 'GET',
        url: back.pathname + back.search,
        headers: { cookie: cookieOf(start, 'shinchoku_oidc')! },
      });
      expect(res.headers.location).toBe('/tasks');
      const who = await app.inject({
        method: 'GET',
        url: '/api/auth/me',
        headers: { cookie: cookieOf(res, 'shinchoku_session')! },
      });
      expect(who.json()).toMatchObject({
        user: { login: 'saburo', role: 'editor', organisationIds: ['mic'] },
      });
    } finally {
      await app.close();
      await idp.close();
      await db.destroy();
    }
  });
});

describe('single sign-on when the provider cannot be reached', () => {
  it('sends the browser back to the login page with the reason, and starts nothing', async () => {
    const db = await sampleDb('sqlite');
    const down = oidcConfig({ issuer: 'http://127.0.0.1:9', clientId: 'x', clientSecret: 'y' } as TestIdp);
    const app = await buildApp({
      db,
      config: { logLevel: 'silent', trustProxy: 0, auth: { ...DEFAULT_AUTH, oidc: down } },
    });
    try {
      const res = await app.inject({ method: 'GET', url: '/api/auth/oidc/start' });
      expect(res.statusCode).toBe(302);
      expect(res.headers.location).toBe('/login?sso_error=oidc_unavailable');
      expect(await db.kysely.selectFrom('authChallenges').selectAll().execute()).toEqual([]);
    } finally {
      await app.close();
      await db.destroy();
    }
  });
});
