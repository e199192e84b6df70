/**
 * SQL and full-text syntax in every parameter of every GET route (issue #9). The route
 * table is iterated: each path and query parameter in turn gets each payload (quotes and
 * comments, DROP TABLE, UNION, FTS5 operators such as * and NEAR(, NUL bytes, very long
 * strings …) while the others keep a valid value, as an administrator and anonymously.
 * Every answer is 200, 400 or 404 (401/403 where the caller may not call the route at
 * all), as JSON when it is an error, never a 500, in bounded time — and afterwards the
 * database holds exactly what it held before.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { buildApp } from '../../src/api/app.ts';
import type { RouteDef } from '../../src/api/route.ts';
import { routes } from '../../src/api/routes/index.ts';
import { createTestUsers, sessionFor } from '../helpers/accounts.ts';
import { ENGINES, type TestDb } from '../helpers/db.ts';
import { sampleDb } from '../helpers/sample.ts';
import { exportAll, listTables, rowCounts } from './helpers/checks.ts';
import { FY2023, openNewCycle } from './helpers/workflow.ts';

const PAYLOADS = [
  "' OR 1=1 --",
  "' OR '1'='1",
  '" OR ""="',
  '"; DROP TABLE users; --',
  "'; DROP TABLE progress_entries; --",
  "ai2022' UNION SELECT password_hash, login FROM users --",
  "ai2022'||(SELECT randomblob(100000000))||'",
  '1; SELECT pg_sleep(5)',
  '*',
  '"*"',
  'NEAR(',
  'NEAR(農業 AI, 2)',
  'a OR b NOT c AND',
  '"unterminated',
  '^農業',
  'tokens:農業',
  '農業*',
  '(',
  ')',
  '{}',
  '%',
  '_',
  '\\',
  '\u0000',
  '%00',
  '../../etc/passwd',
  '<script>alert(1)</script>',
  '-1',
  '1e309',
  'NaN',
  '\u202e\ufeff',
  '𠮷野家🍣',
  'x'.repeat(5000),
  '農業'.repeat(2000),
];

/** A valid value for every parameter name the routes use. */
const VALID: Record<string, string> = {
  organisationId: 'mic',
  organisation: 'mic',
  initiativeId: 'ai2022-i01',
  indicatorId: 'ai2022-k1',
  strategyId: 'ai2022',
  strategy: 'ai2022',
  cycleId: 'ai2022-fy2022',
  cycle: 'ai2022-fy2022',
  entryId: `${FY2023}.ai2022-i01`,
  entityId: `${FY2023}.ai2022-i01`,
  entityType: 'progress_entry',
  format: 'json',
  q: '農業',
  node: 'ai2022-p1',
  stage: 'prototyped',
  rating: 'steady',
  kind: 'progress',
  limit: '5',
  offset: '0',
  lang: 'ja',
  threshold: '0.3',
  from: 'ai2022-fy2022',
  to: FY2023,
};

const keysOf = (schema: z.ZodType | undefined): string[] =>
  schema && 'shape' in schema ? Object.keys((schema as z.ZodObject).shape) : [];

/** The route's URL with these values (path parameters encoded, every query key set). */
function urlFor(route: RouteDef, values: Record<string, string>): string {
  let url = route.url;
  for (const key of keysOf(route.params))
    url = url.replace(`:${key}`, encodeURIComponent(values[key] ?? 'x'));
  const query = new URLSearchParams();
  for (const key of keysOf(route.query)) query.set(key, values[key] ?? 'x');
  const qs = query.toString();
  return qs === '' ? url : `${url}?${qs}`;
}

const getRoutes = routes.filter((r) => r.method === 'GET');

for (const engine of ENGINES) {
  describe(`SQL and full-text syntax in GET parameters on ${engine}`, () => {
    let db: TestDb;
    let app: FastifyInstance;
    let admin: Record<string, string>;
    beforeAll(async () => {
      db = await sampleDb(engine);
      const users = await createTestUsers(db);
      await openNewCycle(db, users.admin);
      admin = (await sessionFor(db, users.admin)).headers;
      app = await buildApp({ db });
    });
    afterAll(async () => {
      await app?.close();
      await db?.destroy();
    });

    it('answers every payload in every parameter without a 500 and changes nothing', async () => {
      const base = (route: RouteDef) =>
        app.inject({ method: 'GET', url: urlFor(route, VALID), headers: admin });
      // First reads may freeze published snapshots: do them before taking the fingerprint.
      for (const route of getRoutes) expect((await base(route)).statusCode, route.url).toBeLessThan(500);
      const tables = await listTables(db);
      const before = { counts: await rowCounts(db), data: await exportAll(db) };

      const failures: string[] = [];
      let calls = 0;
      for (const route of getRoutes) {
        const keys = [...keysOf(route.params), ...keysOf(route.query)];
        const callers: [string, Record<string, string>][] = [
          ['admin', admin],
          ...((route.access ?? 'public') === 'public'
            ? [['anonymous', {}] as [string, Record<string, string>]]
            : []),
        ];
        for (const key of keys) {
          for (const payload of PAYLOADS) {
            for (const [who, headers] of callers) {
              const url = urlFor(route, { ...VALID, [key]: payload });
              const started = Date.now();
              const res = await app.inject({ method: 'GET', url, headers });
              calls += 1;
              const took = Date.now() - started;
              const allowed = who === 'admin' ? [200, 400, 404] : [200, 400, 401, 403, 404];
              const where = `${who} ${route.url} ${key}=${JSON.stringify(payload.slice(0, 40))}`;
              if (!allowed.includes(res.statusCode))
                failures.push(`${where}: ${res.statusCode} ${res.body.slice(0, 200)}`);
              else if (
                res.statusCode >= 400 &&
                // pages for people (the embed cards) answer an unknown id with a page, not JSON
                !(
                  route.produces?.includes('text/html') &&
                  /^text\/html/.test(String(res.headers['content-type']))
                ) &&
                !/^application\/json/.test(String(res.headers['content-type']))
              )
                failures.push(`${where}: error without JSON body`);
              if (took > 5000) failures.push(`${where}: took ${took} ms`);
            }
          }
        }
      }
      expect(failures).toEqual([]);
      expect(calls).toBeGreaterThan(1000);
      expect(await listTables(db)).toEqual(tables);
      expect(await rowCounts(db)).toEqual(before.counts);
      expect(await exportAll(db)).toEqual(before.data);
    }, 600_000);
  });
}
