/**
 * The API answers what its document says. Every documented operation is called — with the
 * authorisation matrix's request (test/helpers/matrix.ts) — as every kind of caller, and each
 * answer is checked against GET /api/openapi.json: a declared status, a declared content type,
 * a body matching the declared schema. Then the error statuses the document derives from the
 * route declarations are provoked on every operation they are declared for: an unknown bearer
 * token (401), a cookie write without its CSRF token (403), an unsupported content type (415), a
 * body over the limit (413), the login rate limit (429) and a conditional GET (304).
 */
import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RouteDef } from '../../src/api/route.ts';
import { MAX_SURVEY_BYTES } from '../../src/importers/survey/read.ts';
import { routes as allRoutes } from '../../src/api/routes/index.ts';
import { Secret, TOTP } from 'otpauth';
import { createUser } from '../../src/services/accounts.service.ts';
import { PASSWORD, sessionFor } from '../helpers/accounts.ts';
import { ContractChecker, type Problem } from '../helpers/contract.ts';
import { ENGINES } from '../helpers/db.ts';
import { walkWrites } from '../helpers/contract-walk.ts';
import { key, MATRIX, sendRow, setUpMatrix, WHO, type MatrixApp, type Who } from '../helpers/matrix.ts';

/** The documented routes: all but the browser redirects of single sign-on (see openapi.ts). */
const routes = allRoutes.filter((r) => !r.redirects);
const WRITES = routes.filter((r) => r.method !== 'GET');

const problemOf = (route: RouteDef, who: string, res: { statusCode: number; body: string }): Problem => ({
  operation: key(route),
  who,
  status: res.statusCode,
  message: res.body.slice(0, 300),
});

for (const engine of ENGINES) {
  describe(`answers match the API document on ${engine}`, () => {
    let m: MatrixApp;
    let checker: ContractChecker;
    /** Operations answered with a success at least once (so their success schema was checked). */
    const succeeded = new Set<string>();

    beforeAll(async () => {
      m = await setUpMatrix(engine);
      checker = new ContractChecker((await m.app.inject({ url: '/api/openapi.json' })).json());
    });
    afterAll(async () => {
      await m.app.close();
      await m.db.destroy();
    });

    it('documents every route of the route table, and nothing else', () => {
      for (const route of routes)
        expect(checker.operation(route.method, route.url), key(route)).toBeDefined();
      expect(checker.operationCount()).toBe(routes.length);
    });

    for (const route of routes) {
      it(`${key(route)} as every caller`, async () => {
        const row = MATRIX[key(route)];
        expect(row, `no request for ${key(route)} in test/helpers/matrix.ts`).toBeDefined();
        const problems: Problem[] = [];
        for (const who of WHO) {
          const res = await sendRow(m, route.method, row!, who);
          problems.push(...checker.check(route.method, route.url, who, res));
          // 500 is documented (as what a bug looks like), so it has to be refused here.
          if (res.statusCode >= 500)
            problems.push({ ...problemOf(route, who, res), message: 'server error' });
          if (res.statusCode < 300) succeeded.add(key(route));
        }
        expect(problems).toEqual([]);
      });
    }

    it('walks the writes the matrix leaves stale to a success', async () => {
      const headers = Object.fromEntries(
        await Promise.all(
          WHO.filter((w) => w !== 'anonymous').map(async (w) => [
            w,
            (await sessionFor(m.db, m.users[w as Exclude<Who, 'anonymous'>])).headers,
          ]),
        ),
      ) as Record<Who, Record<string, string>>;
      await walkWrites(async (who, operation, url, body, raw) => {
        const [method, route] = operation.split(' ') as [string, string];
        const res = await m.app.inject({
          method: method as 'GET',
          url,
          headers: {
            ...headers[who],
            ...(body !== undefined && { 'content-type': 'application/json' }),
            ...(raw && { 'content-type': raw.type }),
          },
          ...(body !== undefined && { payload: JSON.stringify(body) }),
          ...(raw && { payload: raw.payload }),
        });
        expect(checker.check(method, route, who, res)).toEqual([]);
        expect(res.statusCode, `${method} ${url} as ${who}: ${res.body.slice(0, 300)}`).toBeLessThan(300);
        succeeded.add(operation);
        return res;
      });
    });

    it('walks a change of one’s own password to a success', async () => {
      const user = await createUser(
        m.db,
        { login: `password-walk-${engine}`, displayName: '変更', password: PASSWORD, role: 'viewer' },
        { id: 'test', ip: '' },
      );
      const { headers } = await sessionFor(m.db, user);
      const res = await m.app.inject({
        method: 'POST',
        url: '/api/auth/password',
        headers: { ...headers, 'content-type': 'application/json' },
        payload: JSON.stringify({ currentPassword: PASSWORD, newPassword: 'another long password' }),
      });
      expect(checker.check('POST', '/api/auth/password', 'viewer', res)).toEqual([]);
      expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
      succeeded.add('POST /api/auth/password');
    });

    it('walks two-step sign-in to a success: set-up, confirmation, new recovery codes, second step', async () => {
      const login = `mfa-walk-${engine}`;
      const user = await createUser(
        m.db,
        { login, displayName: '二段階の確認', password: PASSWORD, role: 'viewer' },
        { id: 'test', ip: '' },
      );
      const { headers } = await sessionFor(m.db, user);
      const send = async (operation: string, body: unknown, extra: Record<string, string> = headers) => {
        const [method, url] = operation.split(' ') as [string, string];
        const res = await m.app.inject({
          method: method as 'POST',
          url,
          headers: { ...extra, ...(body !== undefined && { 'content-type': 'application/json' }) },
          ...(body !== undefined && { payload: JSON.stringify(body) }),
        });
        expect(checker.check(method, url, 'viewer', res)).toEqual([]);
        expect(res.statusCode, `${operation}: ${res.body.slice(0, 300)}`).toBeLessThan(300);
        succeeded.add(operation);
        return res;
      };
      const secret = (await send('POST /api/auth/mfa/enrol', undefined)).json<{ secret: string }>().secret;
      const totp = new TOTP({ secret: Secret.fromBase32(secret), period: 30 });
      await send('POST /api/auth/mfa/confirm', { code: totp.generate() });
      // A code is taken once: the renewal uses the next time step's (within the window).
      const renewed = await send('POST /api/auth/mfa/recovery-codes', {
        code: totp.generate({ timestamp: Date.now() + 30_000 }),
      });
      const [recovery] = renewed.json<{ recoveryCodes: string[] }>().recoveryCodes;
      const step = await m.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        headers: { 'content-type': 'application/json' },
        payload: JSON.stringify({ login, password: PASSWORD }),
      });
      expect(step.json()).toEqual({ mfa: 'verify' });
      const cookie = [step.headers['set-cookie']]
        .flat()
        .map((c) => String(c).split(';')[0])
        .join('; ');
      await send('POST /api/auth/mfa/verify', { code: recovery }, { cookie });
    });

    it('refuses a strategy owned by an unknown organisation with a documented 400 (it was a 500)', async () => {
      const route = routes.find((r) => key(r) === 'POST /api/strategies')!;
      const { headers } = await sessionFor(m.db, m.users.admin);
      const res = await m.app.inject({
        method: 'POST',
        url: '/api/strategies',
        headers: { ...headers, 'content-type': 'application/json' },
        payload: JSON.stringify({ title: '所管不明', ownerOrganisationId: 'no-such-ministry' }),
      });
      expect(res.statusCode, res.body).toBe(400);
      expect(res.json()).toMatchObject({ error: { details: { issues: [{ path: 'ownerOrganisationId' }] } } });
      expect(checker.check(route.method, route.url, 'admin', res)).toEqual([]);
    });

    const provoke = async (
      label: string,
      targets: readonly RouteDef[],
      status: number,
      request: (route: RouteDef) => Promise<InjectOptions>,
    ) => {
      const problems: Problem[] = [];
      for (const route of targets) {
        const res = await m.app.inject(await request(route));
        problems.push(...checker.check(route.method, route.url, label, res));
        if (res.statusCode !== status) {
          problems.push({
            operation: key(route),
            who: label,
            status: res.statusCode,
            message: `not ${status}`,
          });
        }
      }
      expect(problems).toEqual([]);
    };
    const urlOf = (route: RouteDef) => MATRIX[key(route)]!.url.replace('TOKEN', 'none');

    it('answers an unknown bearer token with a documented 401 on every operation', async () => {
      await provoke('bad token', routes, 401, async (route) => ({
        method: route.method,
        url: urlOf(route),
        headers: { authorization: 'Bearer not-a-token' },
      }));
    });

    it('answers a cookie write without its CSRF token with a documented 403 on every write', async () => {
      const { cookie } = await sessionFor(m.db, m.users.admin);
      await provoke('no csrf', WRITES, 403, async (route) => ({
        method: route.method,
        url: urlOf(route),
        headers: { cookie, 'content-type': 'application/json' },
        payload: JSON.stringify(MATRIX[key(route)]!.body ?? {}),
      }));
    });

    it('answers an unsupported content type with a documented 415 on every write', async () => {
      const { headers } = await sessionFor(m.db, m.users.admin);
      await provoke('xml body', WRITES, 415, async (route) => ({
        method: route.method,
        url: urlOf(route),
        headers: { ...headers, 'content-type': 'application/xml' },
        payload: '<x/>',
      }));
    });

    it('answers a body over the limit with a documented 413 on every write', async () => {
      const { headers } = await sessionFor(m.db, m.users.admin);
      // Over the JSON body limit (1 MiB) and the survey upload's.
      const huge = JSON.stringify({ text: 'x'.repeat(Math.max(1024 * 1024, MAX_SURVEY_BYTES)) });
      await provoke('huge body', WRITES, 413, async (route) => ({
        method: route.method,
        url: urlOf(route),
        headers: {
          ...headers,
          'content-type': route.consumes ? route.consumes[0]! : 'application/json',
        },
        payload: huge,
      }));
    });

    it('answers a current ETag with a documented 304', async () => {
      const route = routes.find((r) => r.etag)!;
      const url = '/api/strategies/ai2022/cycles/ai2022-fy2022/tree';
      const first = await m.app.inject({ url });
      expect(checker.check(route.method, route.url, 'anonymous', first)).toEqual([]);
      const etag = String(first.headers.etag);
      expect(etag).not.toBe('undefined');
      const again = await m.app.inject({ url, headers: { 'if-none-match': etag } });
      expect(again.statusCode).toBe(304);
      expect(checker.check(route.method, route.url, 'anonymous', again)).toEqual([]);
    });

    it('answers the login rate limit with a documented 429', async () => {
      const limited = routes.filter((r) => r.rateLimit);
      expect(limited.length).toBeGreaterThan(0);
      const { headers: signedIn } = await sessionFor(m.db, m.users.viewer);
      for (const route of limited) {
        // A route for the signed-in refuses a caller without credentials before counting.
        const who = (route.access ?? 'public') === 'public' ? {} : signedIn;
        const send = () =>
          m.app.inject({
            method: route.method,
            url: route.url,
            headers: { ...who, 'content-type': 'application/json' },
            payload: '{}',
          });
        for (let i = 0; i < route.rateLimit!.max; i++) await send();
        const res = await send();
        expect(res.statusCode, `${key(route)}: ${res.body.slice(0, 200)}`).toBe(429);
        expect(res.json<{ error: { code: string } }>().error.code).toBe('rate_limited');
        expect(checker.check(route.method, route.url, 'anonymous', res)).toEqual([]);
      }
    });

    it('saw a success of every operation (so that its success schema was checked)', () => {
      const never = routes.map(key).filter((k) => !succeeded.has(k));
      expect(never).toEqual([]);
    });
  });
}
