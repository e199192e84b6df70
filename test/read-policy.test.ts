/**
 * The read policy, tested by what responses contain. Markers are written through the API
 * into one ministry's draft (総務省: progress text, a KPI figure's note, the review comment it
 * was returned with) and into the secretariat's drafts (a 概況 and the summary). Then every
 * GET route of the route table — every report format, search, diff, suggestions, overlaps,
 * history, audit — is called with every sample value as every kind of caller, and each
 * marker may appear only where the policy allows:
 *
 * - anonymous callers and another ministry's editor: none of them;
 * - the ministry's own editor: its text, figure and review comment, never the secretariat's;
 * - read-only staff, reviewers, administrators: all of them.
 *
 * The requests are generated from the route table, so a new read route joins the scan (and
 * fails it until it has sample values). A copy of one route that reads with the system's
 * scope instead of the caller's shows that the scan catches a path that skips the policy.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/api/app.ts';
import type { RouteDef } from '../src/api/route.ts';
import { routes } from '../src/api/routes/index.ts';
import { SYSTEM } from '../src/domain/access.ts';
import { REPORT_FORMATS } from '../src/reports/formats.ts';
import { createTestUsers, sessionFor } from './helpers/accounts.ts';
import { ENGINES, type TestDb } from './helpers/db.ts';
import { requestsFor, scan, WHO, type Who } from './helpers/leaks.ts';
import { openFy2023, sampleDb } from './helpers/sample.ts';
import { smallStrategy } from './helpers/small-strategy.ts';
import { importStrategy } from '../src/services/interchange.service.ts';
import { linkInitiative } from '../src/services/shared.service.ts';

const STRATEGY = 'ai2022';
const PUBLISHED = 'ai2022-fy2022';
const DRAFT = 'ai2022-fy2023';
/** ai2022-i01 is 総務省's (the "editor"), listed under ai2022-p1-g1-t1. */
const INITIATIVE = 'ai2022-i01';
const NODE = 'ai2022-p1-g1-t1';
const ENTRY = `${DRAFT}.${INITIATIVE}`;

const suffix = Math.random().toString(36).slice(2, 10);
const MARKERS = {
  text: `leaktext${suffix}`,
  // the English twins of the drafts: the read policy applies to them as to the Japanese
  textEn: `leaktexten${suffix}`,
  kpi: `leakkpi${suffix}`,
  review: `leakreview${suffix}`,
  assessment: `leakassess${suffix}`,
  summary: `leaksummary${suffix}`,
  assessmentEn: `leakassessen${suffix}`,
  summaryEn: `leaksummaryen${suffix}`,
};
type Marker = keyof typeof MARKERS;
const ALL = Object.keys(MARKERS) as Marker[];
const MINISTRY: Marker[] = ['text', 'textEn', 'kpi', 'review'];

const ALLOWED: Record<Who, readonly Marker[]> = {
  anonymous: [],
  editorOther: [],
  editor: MINISTRY,
  viewer: ALL,
  reviewer: ALL,
  admin: ALL,
};

/** Sample values of every path parameter of the GET routes (the KPI's id is added once made). */
/**
 * A second strategy borrowing the ministry's initiative (issue #24): its open cycle of the
 * same year shows the same draft entry, which the policy must guard there too.
 */
const BORROWER = 'beta';
const BORROWER_DRAFT = 'beta-fy2023';
const BORROWING_NODE = 'beta-t2';

const PARAMS: Record<string, string[]> = {
  strategyId: [STRATEGY, BORROWER],
  cycleId: [PUBLISHED, DRAFT, BORROWER_DRAFT],
  // also the embed pages (/embed/targets/:nodeId, /embed/indicators/:indicatorId): published only
  nodeId: [NODE, BORROWING_NODE],
  initiativeId: [INITIATIVE],
  organisationId: ['mic', 'mhlw'],
  entryId: [ENTRY],
  indicatorId: [],
  format: [...REPORT_FORMATS],
  file: ['report-cycle.v1.json', 'report-cycle.csv.md', 'budget.csv.md'],
  // an uploaded report (added once uploaded): the administrators' only
  importId: [],
};

const QUERIES: Record<string, string[]> = {
  '/api/initiatives': ['', `?strategy=${STRATEGY}`, '?organisation=mic'],
  // Staff see the open cycle's entry counts (a ministry editor its own): never a text.
  '/api/portfolio': ['', '?ministry=mic', `?strategy=${STRATEGY}`, '?rating=accelerate', '?fiscalYear=2023'],
  '/api/portfolio/ministries/:organisationId': ['', '?fiscalYear=2023'],
  '/api/search': ALL.map((m) => `?q=${MARKERS[m]}`).concat(['?q=AI']),
  '/api/strategies/:strategyId/diff': [`?from=${PUBLISHED}&to=${DRAFT}`, `?from=${DRAFT}&to=${PUBLISHED}`],
  '/api/audit': ['', `?cycleId=${DRAFT}`],
  '/api/cycles/:cycleId/survey.xlsx': ['?organisation=mic', '?organisation=mhlw'],
  '/api/strategies/:strategyId/cycles/:cycleId/overlaps': ['?threshold=0.05'],
  '/api/strategies/:strategyId/cycles/:cycleId/report.:format': ['?lang=ja'],
  '/api/report-imports/:importId/history-plan': [`?strategyId=${STRATEGY}`],
};

for (const engine of ENGINES) {
  describe(`the read policy on ${engine}`, () => {
    let db: TestDb;
    let app: FastifyInstance;
    let headers: Record<Who, Record<string, string>>;
    const params = structuredClone(PARAMS);

    const call = async (who: Who, method: 'PUT' | 'POST', url: string, body: unknown) => {
      const res = await app.inject({
        method,
        url,
        headers: { ...headers[who], 'content-type': 'application/json' },
        payload: JSON.stringify(body),
      });
      expect(res.statusCode, `${method} ${url} as ${who}: ${res.body}`).toBeLessThan(300);
      return res.json<{ id: string; version: number }>();
    };

    beforeAll(async () => {
      db = await sampleDb(engine);
      app = await buildApp({ db });
      const users = await createTestUsers(db);
      await openFy2023(db, users.admin);
      await importStrategy(db, smallStrategy(BORROWER), { actor: 'test' });
      await linkInitiative(db, BORROWER, BORROWING_NODE, INITIATIVE, { id: 'test', ip: '' });
      headers = { anonymous: {} } as Record<Who, Record<string, string>>;
      for (const who of WHO.filter((w) => w !== 'anonymous')) {
        headers[who] = (await sessionFor(db, users[who as Exclude<Who, 'anonymous'>])).headers;
      }
      // The ministry's draft, submitted and returned with a comment.
      const entry = (await app.inject({ url: `/api/entries/${ENTRY}`, headers: headers.editor })).json<{
        entry: { version: number };
      }>().entry;
      const saved = await call('editor', 'PUT', `/api/entries/${ENTRY}`, {
        version: entry.version,
        text: `総務省の下書き ${MARKERS.text}`,
        textEn: `The ministry's draft ${MARKERS.textEn}`,
        stage: null,
      });
      const submitted = await call('editor', 'POST', `/api/entries/${ENTRY}/submit`, {
        version: saved.version,
      });
      await call('reviewer', 'POST', `/api/entries/${ENTRY}/return`, {
        version: submitted.version,
        comment: `数値の出典を追記してください ${MARKERS.review}`,
      });
      // A KPI of the ministry's initiative, with a figure reported in the draft cycle.
      const kpi = await call('admin', 'POST', `/api/strategies/${STRATEGY}/indicators`, {
        name: '試験用の指標',
        initiativeId: INITIATIVE,
        unit: '件',
      });
      params.indicatorId = [kpi.id, 'ai2022-k1'];
      await call('editor', 'PUT', `/api/indicators/${kpi.id}/observations`, {
        cycleId: DRAFT,
        period: 'FY2023',
        value: 42,
        note: `速報値 ${MARKERS.kpi}`,
        version: null,
      });
      // The borrowing strategy opens its cycle of the same year: it shows the same entry.
      const beta = await call('admin', 'POST', `/api/strategies/${BORROWER}/cycles`, {
        fiscalYear: 2023,
        asOf: '2024-04',
      });
      await call('admin', 'POST', `/api/cycles/${beta.id}/open`, { version: beta.version });
      // The secretariat's drafts.
      await call('reviewer', 'PUT', `/api/cycles/${DRAFT}/assessments/${NODE}`, {
        version: null,
        rating: null,
        narrative: `下書きの概況 ${MARKERS.assessment}`,
        narrativeEn: `Draft overview ${MARKERS.assessmentEn}`,
      });
      // A past report uploaded for review (its draft is no marker's: it must answer only admins).
      const upload = await app.inject({
        method: 'POST',
        url: '/api/report-imports?name=green.md&strategyId=green2022',
        headers: { ...headers.admin, 'content-type': 'application/octet-stream' },
        payload: fs.readFileSync(path.resolve(import.meta.dirname, 'fixtures/report-corpus/green-2022.md')),
      });
      expect(upload.statusCode, upload.body).toBe(200);
      params.importId = [upload.json<{ id: string }>().id];
      await call('reviewer', 'PUT', `/api/cycles/${DRAFT}/summary`, {
        version: null,
        overall: [`下書きの総括 ${MARKERS.summary}`],
        overallEn: [`Draft summary ${MARKERS.summaryEn}`],
        pillars: [],
      });
    });
    afterAll(async () => {
      await app?.close();
      await db?.destroy();
    });

    it('shows each marker only to the callers the policy allows, on every read route', async () => {
      const requests = requestsFor(routes, params, QUERIES);
      const { leaks, seen, errors } = await scan(app, requests, headers, MARKERS, ALLOWED);
      expect(errors, 'server errors').toEqual([]);
      expect(leaks).toEqual([]);
      // Not vacuous: every caller saw every marker it may see somewhere.
      for (const who of WHO) expect([...seen[who]].sort(), who).toEqual([...ALLOWED[who]].sort());
    }, 600_000);

    it('catches a read path that skips the policy', async () => {
      const original = routes.find((r) => r.method === 'GET' && r.url === '/api/initiatives/:initiativeId');
      expect(original).toBeDefined();
      const leaky: RouteDef = {
        ...original!,
        url: '/api/leaky/initiatives/:initiativeId',
        handler: (ctx) => original!.handler({ ...ctx, viewer: SYSTEM }),
      };
      const other = await buildApp({ db, extraRoutes: [leaky] });
      try {
        const { leaks } = await scan(other, requestsFor([leaky], params, QUERIES), headers, MARKERS, ALLOWED);
        const who = new Set(leaks.map((l) => l.who));
        expect(who).toEqual(new Set(['anonymous', 'editorOther']));
        expect(leaks.some((l) => l.marker === 'text' && l.who === 'anonymous')).toBe(true);
      } finally {
        await other.close();
      }
    });
  });
}
