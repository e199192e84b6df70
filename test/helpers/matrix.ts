/**
 * One concrete request per route of the route table, with who may make it: the authorisation
 * matrix (test/authorisation.test.ts) checks the outcomes, the contract test
 * (test/contract/responses.test.ts) validates every answer against the API document. A route
 * missing from the table fails the authorisation test, so a new route cannot ship without a
 * decision.
 *
 * allow: the call passes authorisation (any status but 401/403).
 * deny:  401 or 403, and nothing is written.
 * hide:  404 — the caller may not even learn that the thing exists.
 */
import { randomBytes } from 'node:crypto';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { buildApp } from '../../src/api/app.ts';
import { DEFAULT_AUTH } from '../../src/config.ts';
import type { Engine } from '../../src/db/database.ts';
import { createToken, createUser } from '../../src/services/accounts.service.ts';
import { createTestUsers, PASSWORD, sessionFor, type TestRole } from './accounts.ts';
import type { TestDb } from './db.ts';
import { openFy2023, sampleDb } from './sample.ts';

export type Outcome = 'allow' | 'deny' | 'hide';
export type Who = 'anonymous' | 'viewer' | 'editor' | 'editorOther' | 'reviewer' | 'admin';
export const WHO: Who[] = ['anonymous', 'viewer', 'editor', 'editorOther', 'reviewer', 'admin'];

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

export interface Call {
  url: string;
  body?: unknown;
  expect: Record<Who, Outcome>;
}

/** One row per route: the request to make and who may make it. */
export const MATRIX: Record<string, Call> = {
  'GET /api/health': { url: '/api/health', expect: all() },
  'GET /api/health/live': { url: '/api/health/live', expect: all() },
  'GET /api/health/ready': { url: '/api/health/ready', expect: all() },
  'GET /api/organisations': { url: '/api/organisations', expect: all() },
  'GET /api/organisations/:organisationId': { url: '/api/organisations/mic', expect: all() },
  'GET /api/initiatives': { url: '/api/initiatives?strategy=ai2022', expect: all() },
  'GET /api/initiatives/:initiativeId': { url: '/api/initiatives/ai2022-i01', expect: all() },
  'GET /api/indicators/:indicatorId': { url: '/api/indicators/ai2022-k1', expect: all() },
  // Published cycles only, the same for every reader.
  'GET /api/portfolio': { url: '/api/portfolio?ministry=mic', expect: all() },
  'GET /api/portfolio/ministries/:organisationId': {
    url: '/api/portfolio/ministries/mic?fiscalYear=2022',
    expect: all(),
  },
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
  'GET /api/strategies/:strategyId/cycles/:cycleId/indicators.csv': {
    url: `/api/strategies/ai2022/cycles/${CYCLE}/indicators.csv`,
    expect: { ...all(), anonymous: 'hide' },
  },
  'GET /api/strategies/:strategyId/cycles/:cycleId/report.csv-metadata.json': {
    url: '/api/strategies/ai2022/cycles/ai2022-fy2022/report.csv-metadata.json',
    expect: all(),
  },
  'GET /catalog.jsonld': { url: '/catalog.jsonld', expect: all() },
  'GET /schemas/:file': { url: '/schemas/report-cycle.v1.json', expect: all() },
  'GET /robots.txt': { url: '/robots.txt', expect: all() },
  'GET /strategies/:strategyId/feed.atom': { url: '/strategies/ai2022/feed.atom', expect: all() },
  'GET /sitemap.xml': { url: '/sitemap.xml', expect: all() },
  'GET /embed/targets/:nodeId': { url: '/embed/targets/ai2022-p1-g1-t1', expect: all() },
  'GET /en/embed/targets/:nodeId': { url: '/en/embed/targets/ai2022-p1-g1-t1', expect: all() },
  'GET /embed/indicators/:indicatorId': { url: '/embed/indicators/ai2022-k1', expect: all() },
  'GET /en/embed/indicators/:indicatorId': { url: '/en/embed/indicators/ai2022-k1', expect: all() },
  'GET /embed.js': { url: '/embed.js', expect: all() },
  'GET /embed/embed.css': { url: '/embed/embed.css', expect: all() },
  'GET /embed/frame.js': { url: '/embed/frame.js', expect: all() },
  'POST /api/auth/login': {
    url: '/api/auth/login',
    body: { login: 'viewer', password: PASSWORD },
    expect: all(),
  },
  'POST /api/auth/logout': { url: '/api/auth/logout', expect: signedIn() },
  // Sign-in (issue #18). The second step needs the password step's cookie, which nobody here
  // has: everyone is refused. Enrolment and recovery codes are for one's own account; the
  // reset is an administrator's.
  'GET /api/auth/options': { url: '/api/auth/options', expect: all() },
  'POST /api/auth/mfa/verify': { url: '/api/auth/mfa/verify', body: { code: '123456' }, expect: only() },
  'POST /api/auth/mfa/enrol': { url: '/api/auth/mfa/enrol', expect: signedIn() },
  'POST /api/auth/mfa/confirm': {
    url: '/api/auth/mfa/confirm',
    body: { code: '123456' },
    expect: signedIn(),
  },
  'GET /api/auth/mfa': { url: '/api/auth/mfa', expect: signedIn() },
  'POST /api/auth/mfa/recovery-codes': {
    url: '/api/auth/mfa/recovery-codes',
    body: { code: '123456' },
    expect: signedIn(),
  },
  'POST /api/users/:login/mfa/reset': { url: '/api/users/throwaway/mfa/reset', expect: only('admin') },
  // Single sign-on is not configured here: 404 to the start, and the way back lands on the
  // login page with a reason — for anyone, as a browser arriving from the provider would.
  'GET /api/auth/oidc/start': { url: '/api/auth/oidc/start', expect: all() },
  'GET /api/auth/oidc/callback': { url: '/api/auth/oidc/callback?code=x&state=y', expect: all() },
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
  // The accounts screen (issue #19): administrators only.
  'PUT /api/users/:login': {
    url: '/api/users/throwaway',
    body: { version: 1, displayName: '使い捨て', role: 'viewer', organisationIds: [], email: '' },
    expect: only('admin'),
  },
  'POST /api/users/:login/password-reset': {
    url: '/api/users/throwaway/password-reset',
    expect: only('admin'),
  },
  'POST /api/users/import': {
    url: '/api/users/import',
    body: { csv: 'login,role,organisations,email\ncsvuser,viewer,,csv@example.go.jp', dryRun: true },
    expect: only('admin'),
  },
  'GET /api/organisation-contacts': { url: '/api/organisation-contacts', expect: only('admin') },
  // One's own password: anyone signed in (the current one is wrong here: 400, not 401/403).
  'POST /api/auth/password': {
    url: '/api/auth/password',
    body: { currentPassword: 'not-the-password', newPassword: 'a-new-password-long' },
    expect: signedIn(),
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
  // Bulk submission (issue #19): version 99 answers 409 to the owning ministry's editor, writing nothing.
  'POST /api/cycles/:cycleId/entries/submit': {
    url: `/api/cycles/${CYCLE}/entries/submit`,
    body: { items: [{ id: ENTRY, version: 99 }] },
    expect: only('editor'),
  },
  'POST /api/entries/:entryId/withdraw': {
    url: `/api/entries/${ENTRY}/withdraw`,
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
  // The secretariat's review work (issue #19); version 99 answers 409 to whoever may ask, writing nothing.
  'POST /api/cycles/:cycleId/review': {
    url: `/api/cycles/${CYCLE}/review`,
    body: { action: 'accept', items: [{ id: ENTRY, version: 99 }] },
    expect: only('reviewer'),
  },
  'POST /api/entries/:entryId/on-behalf': {
    url: `/api/entries/${ENTRY}/on-behalf`,
    body: { version: 99, text: '代理入力', submit: false },
    expect: only('reviewer', 'admin'),
  },
  'POST /api/entries/:entryId/exception': {
    url: `/api/entries/${ENTRY}/exception`,
    body: { version: 99, kind: 'not_applicable', reason: '本年度は事業なし' },
    expect: only('reviewer', 'admin'),
  },
  'POST /api/entries/:entryId/exception/withdraw': {
    url: `/api/entries/${ENTRY}/exception/withdraw`,
    body: { version: 99 },
    expect: only('reviewer', 'admin'),
  },
  // Every role that reads drafts downloads the list; an editor's holds its own ministry's entries.
  'GET /api/cycles/:cycleId/entries.xlsx': { url: `/api/cycles/${CYCLE}/entries.xlsx`, expect: signedIn() },
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
  // The secretariat's view of a whole cycle: a ministry's editors have their own tasks.
  'GET /api/cycles/:cycleId/checklist': {
    url: `/api/cycles/${CYCLE}/checklist`,
    expect: { ...signedIn(), editor: 'hide', editorOther: 'hide' },
  },
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
  'PUT /api/cycles/:cycleId/deadline': {
    url: `/api/cycles/${CYCLE}/deadline`,
    body: { deadline: '令和6年3月15日', version: 99 },
    expect: only('admin'),
  },
  'PUT /api/cycles/:cycleId/organisations/:organisationId/deadline': {
    url: `/api/cycles/${CYCLE}/organisations/mic/deadline`,
    body: { deadline: '2024/3/29', version: 99 },
    expect: only('admin'),
  },
  // An unknown ministry: the call passes authorisation and reminds nobody.
  'POST /api/cycles/:cycleId/reminders': {
    url: `/api/cycles/${CYCLE}/reminders`,
    body: { organisationId: 'no-such-ministry' },
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
  // Walking the hash chain reads the whole trail: administrators only (issue #18).
  'GET /api/audit/verify': { url: '/api/audit/verify', expect: only('admin') },
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
  // The live logic model is structure, not a ministry's draft: every signed-in role may read it.
  'GET /api/strategies/:strategyId/nodes/:nodeId/logic-model': {
    url: '/api/strategies/ai2022/nodes/ai2022-p1-g1-t1/logic-model',
    expect: signedIn(),
  },
  'PUT /api/strategies/:strategyId/nodes/:nodeId/logic-model': {
    url: '/api/strategies/ai2022/nodes/ai2022-p1-g1-t1/logic-model',
    body: { version: 99, model: { outputs: [{ text: '権限確認' }] } },
    expect: only('admin'),
  },
  // Issue #24: shared initiatives and umbrella nodes are structure (admins write them); the
  // rollup reads published cycles only, like the tree.
  'GET /api/strategies/:strategyId/nodes/:nodeId/shared-initiatives': {
    url: '/api/strategies/ai2022/nodes/ai2022-p1-g1-t1/shared-initiatives',
    expect: signedIn(),
  },
  'POST /api/strategies/:strategyId/nodes/:nodeId/shared-initiatives': {
    url: '/api/strategies/ai2022/nodes/ai2022-p1-g1-t1/shared-initiatives',
    body: { initiativeId: 'ai2022-i01' },
    expect: only('admin'),
  },
  'POST /api/strategies/:strategyId/nodes/:nodeId/shared-initiatives/:initiativeId/delete': {
    url: '/api/strategies/ai2022/nodes/ai2022-p1-g1-t1/shared-initiatives/ai2022-i01/delete',
    body: {},
    expect: only('admin'),
  },
  'PUT /api/strategies/:strategyId/nodes/:nodeId/stands-for': {
    url: '/api/strategies/ai2022/nodes/ai2022-p1-g1-t1/stands-for',
    body: { strategyId: 'ai2022' },
    expect: only('admin'),
  },
  'GET /api/strategies/:strategyId/nodes/:nodeId/rollup': {
    url: '/api/strategies/ai2022/nodes/ai2022-p1-g1-t1/rollup',
    expect: all(),
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
  'PUT /api/indicators/:indicatorId/observations/on-behalf': {
    url: '/api/indicators/ai2022-k1/observations/on-behalf',
    body: { cycleId: CYCLE, period: 'FY2023-end', value: 1, version: null },
    expect: only('admin'),
  },
  'GET /api/me/tasks': { url: '/api/me/tasks', expect: signedIn() },
  // Survey sheets (issue #6): the ministry's editors and the secretariat download; editors upload.
  'GET /api/cycles/:cycleId/survey.xlsx': {
    url: `/api/cycles/${CYCLE}/survey.xlsx?organisation=mic`,
    expect: only('editor', 'reviewer', 'admin'),
  },
  'GET /api/cycles/:cycleId/surveys.zip': {
    url: `/api/cycles/${CYCLE}/surveys.zip`,
    expect: only('reviewer', 'admin'),
  },
  'POST /api/cycles/:cycleId/survey': {
    url: `/api/cycles/${CYCLE}/survey?dryRun=1`,
    expect: only('editor', 'editorOther'),
  },
  // Budget beside results (issue #24): the review's figures are public for published cycles
  // (a draft's roll-up is hidden like its tree); importing and linking is the administrator's,
  // the list of money spent without progress the secretariat's.
  'POST /api/budget/import': { url: '/api/budget/import?dryRun=1', expect: only('admin') },
  'GET /api/initiatives/:initiativeId/budget': { url: '/api/initiatives/ai2022-i01/budget', expect: all() },
  'PUT /api/initiatives/:initiativeId/budget/projects': {
    url: '/api/initiatives/ai2022-i01/budget/projects',
    body: { projectNumbers: [] },
    expect: only('admin'),
  },
  'GET /api/strategies/:strategyId/cycles/:cycleId/budget': {
    url: `/api/strategies/ai2022/cycles/${CYCLE}/budget`,
    expect: { ...all(), anonymous: 'hide' },
  },
  'GET /api/strategies/:strategyId/cycles/:cycleId/budget/unreported': {
    url: `/api/strategies/ai2022/cycles/${CYCLE}/budget/unreported`,
    expect: only('reviewer', 'admin'),
  },
  'GET /api/strategies/:strategyId/cycles/:cycleId/budget.csv': {
    url: `/api/strategies/ai2022/cycles/${CYCLE}/budget.csv`,
    expect: { ...all(), anonymous: 'hide' },
  },
  // Past reports reviewed on screen (issue #23): the administrators' alone.
  'GET /api/report-imports': { url: '/api/report-imports', expect: only('admin') },
  'POST /api/report-imports': { url: '/api/report-imports?name=r.md', expect: only('admin') },
  'GET /api/report-imports/:importId': { url: '/api/report-imports/no-such-import', expect: only('admin') },
  'GET /api/report-imports/:importId/file': {
    url: '/api/report-imports/no-such-import/file',
    expect: only('admin'),
  },
  'POST /api/report-imports/:importId/edits': {
    url: '/api/report-imports/no-such-import/edits',
    body: { version: 1, edit: { op: 'dismiss_check', checkId: 'c1' } },
    expect: only('admin'),
  },
  'GET /api/report-imports/:importId/history-plan': {
    url: '/api/report-imports/no-such-import/history-plan?strategyId=ai2022',
    expect: only('admin'),
  },
  'POST /api/report-imports/:importId/accept': {
    url: '/api/report-imports/no-such-import/accept',
    body: { version: 1, as: 'new' },
    expect: only('admin'),
  },
};

export const key = (r: { method: string; url: string }) => `${r.method} ${r.url}`;

export interface MatrixApp {
  db: TestDb;
  app: FastifyInstance;
  users: Awaited<ReturnType<typeof createTestUsers>>;
}

/** The sample with its FY2023 cycle open, one user per role and an account to disable. */
export async function setUpMatrix(engine: Engine): Promise<MatrixApp> {
  const db = await sampleDb(engine);
  // With a TOTP key, so that two-step sign-in can be enrolled (the contract test walks it).
  const app = await buildApp({
    db,
    config: { logLevel: 'silent', trustProxy: 0, auth: { ...DEFAULT_AUTH, mfaKey: randomBytes(32) } },
  });
  const users = await createTestUsers(db);
  const { actor } = await openFy2023(db, users.admin);
  await createUser(db, { login: 'throwaway', displayName: 'x', password: PASSWORD, role: 'viewer' }, actor);
  return { db, app, users };
}

/** Makes a row's request as one caller (a session with its CSRF token, or nobody). */
export async function sendRow(
  { db, app, users }: MatrixApp,
  method: string,
  row: Call,
  who: Who,
): Promise<LightMyRequestResponse> {
  const role: TestRole | null = who === 'anonymous' ? null : who;
  const headers = role ? (await sessionFor(db, users[role])).headers : {};
  let url = row.url;
  if (url.includes('TOKEN') && role) {
    const token = await createToken(db, users[role].login, 'revoke-me', ['read'], { id: 'test', ip: '' });
    url = url.replace('TOKEN', token.id);
  }
  return app.inject({
    method: method as 'GET',
    url,
    headers: { ...headers, ...(row.body !== undefined && { 'content-type': 'application/json' }) },
    ...(row.body !== undefined && { payload: JSON.stringify(row.body) }),
  });
}
