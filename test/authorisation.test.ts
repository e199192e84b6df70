/**
 * The authorisation matrix: every route of the route table, called as every role — and as
 * the editor of another ministry — against one table of expected outcomes. A route that is
 * missing from the table fails the test, so a new route cannot ship without a decision.
 *
 * allow: the call passes authorisation (any status but 401/403).
 * deny:  401 or 403, and nothing is written.
 * hide:  404 — the caller may not even learn that the thing exists.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/api/app.ts';
import { routes } from '../src/api/routes/index.ts';
import { createToken, createUser } from '../src/services/accounts.service.ts';
import { createTestUsers, PASSWORD, sessionFor, type TestRole } from './helpers/accounts.ts';
import { ENGINES, type TestDb } from './helpers/db.ts';
import { openFy2023, sampleDb } from './helpers/sample.ts';

type Outcome = 'allow' | 'deny' | 'hide';
type Who = 'anonymous' | 'viewer' | 'editor' | 'editorOther' | 'reviewer' | 'admin';
const WHO: Who[] = ['anonymous', 'viewer', 'editor', 'editorOther', 'reviewer', 'admin'];

const all = (): Record<Who, Outcome> => ({
  anonymous: 'allow',
  viewer: 'allow',
  editor: 'allow',
  editorOther: 'allow',
  reviewer: 'allow',
  admin: 'allow',
});
const only = (...who: Who[]): Record<Who, Outcome> =>
  Object.fromEntries(WHO.map((w) => [w, who.includes(w) ? 'allow' : 'deny'])) as Record<Who, Outcome>;
const signedIn = () => only('viewer', 'editor', 'editorOther', 'reviewer', 'admin');

const CYCLE = 'ai2022-fy2023';
/** ai2022-i01 is owned by 総務省 (mic): "editor" owns it, "editorOther" (厚労省) does not. */
const ENTRY = `${CYCLE}.ai2022-i01`;
const entryBody = { version: 1, text: '権限確認', stage: null };

interface Call {
  url: string;
  body?: unknown;
  expect: Record<Who, Outcome>;
}

/** One row per route: the request to make and who may make it. */
const MATRIX: Record<string, Call> = {
  'GET /api/health': { url: '/api/health', expect: all() },
  'GET /api/organisations': { url: '/api/organisations', expect: all() },
  'GET /api/organisations/:organisationId': { url: '/api/organisations/mic', expect: all() },
  'GET /api/initiatives': { url: '/api/initiatives?strategy=ai2022', expect: all() },
  'GET /api/initiatives/:initiativeId': { url: '/api/initiatives/ai2022-i01', expect: all() },
  'GET /api/indicators/:indicatorId': { url: '/api/indicators/ai2022-k1', expect: all() },
  'GET /api/strategies': { url: '/api/strategies', expect: all() },
  'GET /api/strategies/:strategyId': { url: '/api/strategies/ai2022', expect: all() },
  'GET /api/strategies/:strategyId/cycles': { url: '/api/strategies/ai2022/cycles', expect: all() },
  'GET /api/strategies/:strategyId/cycles/:cycleId/tree': {
    url: `/api/strategies/ai2022/cycles/${CYCLE}/tree`,
    expect: { ...all(), anonymous: 'hide' },
  },
  // Texts of a draft cycle's node: hidden from the public like its tree (and scoped per
  // ministry, as test/node-entries.test.ts shows).
  'GET /api/strategies/:strategyId/cycles/:cycleId/nodes/:nodeId/entries': {
    url: `/api/strategies/ai2022/cycles/${CYCLE}/nodes/ai2022-p1-g1-t4/entries`,
    expect: { ...all(), anonymous: 'hide' },
  },
  'GET /api/strategies/:strategyId/indicators': { url: '/api/strategies/ai2022/indicators', expect: all() },
  // Insight (issue #7): public reads scoped by the viewer; the draft cycle stays hidden.
  'GET /api/search': { url: '/api/search?q=AI', expect: all() },
  'GET /api/indicators/:indicatorId/projection': {
    url: '/api/indicators/ai2022-k1/projection',
    expect: all(),
  },
  'GET /api/strategies/:strategyId/cycles/:cycleId/suggestions': {
    url: `/api/strategies/ai2022/cycles/${CYCLE}/suggestions`,
    expect: { ...all(), anonymous: 'hide' },
  },
  'GET /api/strategies/:strategyId/cycles/:cycleId/overlaps': {
    url: `/api/strategies/ai2022/cycles/${CYCLE}/overlaps`,
    expect: only('reviewer', 'admin'),
  },
  'GET /api/strategies/:strategyId/diff': {
    url: `/api/strategies/ai2022/diff?from=ai2022-fy2022&to=${CYCLE}`,
    expect: { ...all(), anonymous: 'hide' },
  },
  'GET /api/strategies/:strategyId/cycles/:cycleId/report.:format': {
    url: `/api/strategies/ai2022/cycles/${CYCLE}/report.md`,
    expect: { ...all(), anonymous: 'hide' },
  },
  'GET /api/strategies/:strategyId/cycles/:cycleId/corrections.csv': {
    url: `/api/strategies/ai2022/cycles/${CYCLE}/corrections.csv`,
    expect: { ...all(), anonymous: 'hide' },
  },
  'POST /api/auth/login': {
    url: '/api/auth/login',
    body: { login: 'viewer', password: PASSWORD },
    expect: all(),
  },
  'POST /api/auth/logout': { url: '/api/auth/logout', expect: signedIn() },
  'GET /api/auth/me': { url: '/api/auth/me', expect: signedIn() },
  'GET /api/users': { url: '/api/users', expect: only('admin') },
  'POST /api/users': {
    url: '/api/users',
    body: { login: `u${Math.random().toString(36).slice(2, 8)}`, password: PASSWORD, role: 'viewer' },
    expect: only('admin'),
  },
  'POST /api/users/:login/disable': {
    url: '/api/users/throwaway/disable',
    body: { disabled: true },
    expect: only('admin'),
  },
  'POST /api/tokens': { url: '/api/tokens', body: { name: 'ci', scopes: ['read'] }, expect: signedIn() },
  'DELETE /api/tokens/:tokenId': { url: '/api/tokens/TOKEN', expect: signedIn() },
  'GET /api/cycles/:cycleId/entries': { url: `/api/cycles/${CYCLE}/entries`, expect: signedIn() },
  'GET /api/entries/:entryId': {
    url: `/api/entries/${ENTRY}`,
    expect: { ...signedIn(), editorOther: 'hide' },
  },
  'PUT /api/entries/:entryId': { url: `/api/entries/${ENTRY}`, body: entryBody, expect: only('editor') },
  'POST /api/entries/:entryId/submit': {
    url: `/api/entries/${ENTRY}/submit`,
    body: { version: 1 },
    expect: only('editor'),
  },
  'POST /api/entries/:entryId/return': {
    url: `/api/entries/${ENTRY}/return`,
    body: { version: 1, comment: '要修正' },
    expect: only('reviewer'),
  },
  'POST /api/entries/:entryId/accept': {
    url: `/api/entries/${ENTRY}/accept`,
    body: { version: 1 },
    expect: only('reviewer'),
  },
  'GET /api/entries/:entryId/history': {
    url: `/api/entries/${ENTRY}/history`,
    expect: { ...signedIn(), editorOther: 'hide' },
  },
  'PUT /api/cycles/:cycleId/assessments/:nodeId': {
    url: `/api/cycles/${CYCLE}/assessments/ai2022-p1-g1-t1`,
    body: { version: null, rating: 'steady', narrative: '着実に進展' },
    expect: only('reviewer'),
  },
  'PUT /api/cycles/:cycleId/summary': {
    url: `/api/cycles/${CYCLE}/summary`,
    body: { version: null, overall: ['概況'], pillars: [] },
    expect: only('reviewer'),
  },
  'GET /api/cycles/:cycleId/checklist': { url: `/api/cycles/${CYCLE}/checklist`, expect: signedIn() },
  'POST /api/strategies/:strategyId/cycles': {
    url: '/api/strategies/ai2022/cycles',
    body: { fiscalYear: 2030, asOf: '2031-04' },
    expect: only('admin'),
  },
  'POST /api/cycles/:cycleId/open': {
    url: `/api/cycles/${CYCLE}/open`,
    body: { version: 99 },
    expect: only('admin'),
  },
  'POST /api/cycles/:cycleId/close': {
    url: `/api/cycles/${CYCLE}/close`,
    body: { version: 99 },
    expect: only('admin'),
  },
  'POST /api/cycles/:cycleId/publish': {
    url: `/api/cycles/${CYCLE}/publish`,
    body: { version: 99 },
    expect: only('reviewer', 'admin'),
  },
  'POST /api/cycles/:cycleId/corrections': {
    url: '/api/cycles/ai2022-fy2022/corrections',
    body: {
      reason: '権限確認',
      entries: [{ id: 'ai2022-fy2022.ai2022-i01', version: 99, text: 'x', stage: null }],
    },
    expect: only('reviewer', 'admin'),
  },
  'GET /api/strategies/:strategyId/cycles/:cycleId/corrections': {
    url: '/api/strategies/ai2022/cycles/ai2022-fy2022/corrections',
    expect: all(),
  },
  'GET /api/notifications': { url: '/api/notifications', expect: signedIn() },
  'POST /api/notifications/:notificationId/read': { url: '/api/notifications/none/read', expect: signedIn() },
  'GET /api/audit': { url: '/api/audit', expect: only('reviewer', 'admin') },
  'GET /api/audit.csv': { url: '/api/audit.csv', expect: only('reviewer', 'admin') },
  'POST /api/strategies': {
    url: '/api/strategies',
    body: { title: '権限確認用の戦略' },
    expect: only('admin'),
  },
  'PATCH /api/strategies/:strategyId': {
    url: '/api/strategies/ai2022',
    body: { version: 99, title: 'x' },
    expect: only('admin'),
  },
  'GET /api/strategies/:strategyId/nodes': { url: '/api/strategies/ai2022/nodes', expect: signedIn() },
  'POST /api/strategies/:strategyId/nodes': {
    url: '/api/strategies/ai2022/nodes',
    body: { parentId: 'ai2022-p1', title: '追加目標' },
    expect: only('admin'),
  },
  'PATCH /api/nodes/:nodeId': {
    url: '/api/nodes/ai2022-p1',
    body: { version: 99, title: 'x' },
    expect: only('admin'),
  },
  'POST /api/nodes/:nodeId/move': {
    url: '/api/nodes/ai2022-p1/move',
    body: { version: 99, parentId: null, position: 0 },
    expect: only('admin'),
  },
  'POST /api/nodes/:nodeId/delete': {
    url: '/api/nodes/ai2022-p1/delete',
    body: { version: 1 },
    expect: only('admin'),
  },
  'POST /api/strategies/:strategyId/initiatives': {
    url: '/api/strategies/ai2022/initiatives',
    body: { title: '追加施策', ownerIds: ['mic'], nodeIds: ['ai2022-p1-g1-t1'] },
    expect: only('admin'),
  },
  'PUT /api/strategies/:strategyId/initiatives/:initiativeId': {
    url: '/api/strategies/ai2022/initiatives/ai2022-i01',
    body: { version: 99, title: 'x', ownerIds: ['mic'], nodeIds: ['ai2022-p1-g1-t1'] },
    expect: only('admin'),
  },
  'POST /api/organisations': {
    url: '/api/organisations',
    body: { shortName: `庁${Math.random()}`, nameJa: '試験庁' },
    expect: only('admin'),
  },
  'PUT /api/organisations/:organisationId': {
    url: '/api/organisations/mic',
    body: { version: 99, shortName: '総務省', nameJa: '総務省' },
    expect: only('admin'),
  },
  'POST /api/strategies/:strategyId/indicators': {
    url: '/api/strategies/ai2022/indicators',
    body: { name: '試験指標' },
    expect: only('admin'),
  },
  'PUT /api/strategies/:strategyId/indicators/:indicatorId': {
    url: '/api/strategies/ai2022/indicators/ai2022-k1',
    body: { version: 99, name: 'x' },
    expect: only('admin'),
  },
  'PUT /api/indicators/:indicatorId/observations': {
    url: '/api/indicators/ai2022-k1/observations',
    body: { cycleId: CYCLE, period: 'FY2023-end', value: 1, version: null },
    // ai2022-k1 belongs to ai2022-i22 (科技、文科省、経産省): neither test editor owns it.
    expect: only(),
  },
  'GET /api/me/tasks': { url: '/api/me/tasks', expect: signedIn() },
  // Survey sheets (issue #6): the ministry's editors and the secretariat download; editors upload.
  'GET /api/cycles/:cycleId/survey.xlsx': {
    url: `/api/cycles/${CYCLE}/survey.xlsx?organisation=mic`,
    expect: only('editor', 'reviewer', 'admin'),
  },
  'POST /api/cycles/:cycleId/survey': {
    url: `/api/cycles/${CYCLE}/survey?dryRun=1`,
    expect: only('editor', 'editorOther'),
  },
};

const key = (r: { method: string; url: string }) => `${r.method} ${r.url}`;

describe('the authorisation matrix covers every route', () => {
  it('has exactly one row per route of the route table', () => {
    const table = routes.map(key).sort();
    expect(Object.keys(MATRIX).sort()).toEqual(table);
  });
});

for (const engine of ENGINES) {
  describe(`authorisation on ${engine}`, () => {
    let db: TestDb;
    let app: FastifyInstance;
    let users: Awaited<ReturnType<typeof createTestUsers>>;
    beforeAll(async () => {
      db = await sampleDb(engine);
      app = await buildApp({ db });
      users = await createTestUsers(db);
      const { actor } = await openFy2023(db, users.admin);
      await createUser(
        db,
        { login: 'throwaway', displayName: 'x', password: PASSWORD, role: 'viewer' },
        actor,
      );
    });
    afterAll(async () => {
      await app.close();
      await db.destroy();
    });

    for (const route of routes) {
      const row = MATRIX[key(route)];
      if (!row) continue;
      it(`${key(route)}`, async () => {
        for (const who of WHO) {
          const role: TestRole | null = who === 'anonymous' ? null : who;
          const headers = role ? (await sessionFor(db, users[role])).headers : {};
          let url = row.url;
          if (url.includes('TOKEN') && role) {
            url = url.replace(
              'TOKEN',
              (await createToken(db, users[role].login, 'revoke-me', ['read'], { id: 'test', ip: '' })).id,
            );
          }
          const auditBefore = await db.kysely.selectFrom('auditLog').select('id').execute();
          const res = await app.inject({
            method: route.method,
            url,
            headers: { ...headers, ...(row.body !== undefined && { 'content-type': 'application/json' }) },
            ...(row.body !== undefined && { payload: JSON.stringify(row.body) }),
          });
          const expected = row.expect[who];
          const label = `${key(route)} as ${who}: ${res.statusCode} ${res.body.slice(0, 200)}`;
          if (expected === 'allow') expect([401, 403], label).not.toContain(res.statusCode);
          if (expected === 'hide') expect(res.statusCode, label).toBe(404);
          if (expected === 'deny') {
            expect([401, 403], label).toContain(res.statusCode);
            const auditAfter = await db.kysely.selectFrom('auditLog').select('id').execute();
            expect(auditAfter.length, `${label} wrote to the audit trail`).toBe(auditBefore.length);
          }
        }
      });
    }
  });
}
