/**
 * Stored XSS in the browser (issue #9): the corpus of helpers/corpus.ts, with every alert also
 * raising `window.__xss`, is written through the API into every text field; the FY2023 cycle
 * is published and corrected (a hostile reason), FY2024 published after a hostile rename,
 * FY2025 left open with a returned-and-resubmitted entry and draft assessments. Then the real
 * server (its built web app) is visited on every page of `PAGES`, in Japanese and English, as
 * the role that sees the most there. On each page: no dialog opened, the flag is unset, no
 * Content-Security-Policy violation was reported (CSP would hide an injected handler, so a
 * violation is a failure too), no element or attribute from the corpus became real markup, and
 * some of the corpus is visibly on the page as text — so that the page really rendered it.
 *
 * SQLite only: what reaches the browser is the JSON that xss.test.ts already compares on both
 * engines.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { buildApp } from '../../src/api/app.ts';
import { openDatabase } from '../../src/db/database.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';
import { loadSample } from '../../src/services/sample.service.ts';
import { reindexAll } from '../../src/services/search.service.ts';
import { createTestUsers, sessionFor, type TestSession } from '../helpers/accounts.ts';
import { chromiumOrSkip, launchChromium } from '../e2e/helpers/browser.ts';
import { open } from '../e2e/helpers/pages.ts';
import { startServer, type RunningServer } from '../e2e/helpers/server.ts';
import { CORPUS, fieldTexts, ok, storeCorpus, type ApiCall, type StoredCorpus } from './helpers/corpus.ts';

const chromium = chromiumOrSkip();
const FLAG = 'window.__xss=1';

/** The corpus with every alert also setting the flag, and handlers that fire without a click. */
const BROWSER_CORPUS = [
  ...CORPUS.map((p) => p.replaceAll('alert(1)', `alert(${FLAG})`)),
  `<img src=x onerror="${FLAG}">`,
  `<svg><animate onbegin="${FLAG}" attributeName=x dur=1s>`,
  `<details open ontoggle="${FLAG}">`,
  `<input autofocus onfocus="${FLAG}">`,
  `<iframe srcdoc="<script>parent.__xss=1</script>">`,
  `<body onload="${FLAG}">`,
];
const F = fieldTexts(BROWSER_CORPUS);

/** Texts written after storeCorpus, each marked like the others. */
const LATER = [
  'correction.reason',
  'correction.narrative',
  'node.renamed',
  'fy2024.entry',
  'fy2024.assessment',
  'fy2024.summary',
  'fy2025.entry',
  'fy2025.returned',
  'fy2025.comment',
  'initiative2.title',
  'fy2025.assessment',
  'fy2025.remark',
  'fy2025.summary',
  'fy2025.observation',
] as const;
const X = Object.fromEntries(
  LATER.map((name, i) => [name, `${BROWSER_CORPUS[(i + 7) % BROWSER_CORPUS.length]}《${name}》`]),
) as Record<(typeof LATER)[number], string>;

type Who = 'anonymous' | 'editor' | 'reviewer' | 'admin';

/**
 * Every page of the web app (web/src/routes.tsx, web/src/workflow/routes.tsx), as the role
 * that sees the most of the corpus there. `:name` stands for an id made by the set-up.
 * A page without user text says so (`corpus: false`). A new route must be added here; an
 * entry whose route does not exist (yet) is not visited.
 */
export const PAGES: { path: string; as: Who; corpus?: false }[] = [
  { path: '/', as: 'anonymous' },
  { path: '/strategies/xss', as: 'anonymous' },
  { path: '/strategies/xss/cycles/:fy2024', as: 'anonymous' },
  { path: '/strategies/xss/cycles/:fy2024/tree', as: 'anonymous' },
  { path: '/strategies/xss/cycles/:fy2024/nodes/:pillar', as: 'anonymous' },
  { path: '/strategies/xss/cycles/:fy2024/nodes/:goal', as: 'anonymous' },
  { path: '/strategies/xss/cycles/:fy2024/nodes/:target', as: 'anonymous' },
  { path: '/strategies/xss/cycles/:fy2024/organisations/xss-org', as: 'anonymous' },
  { path: '/strategies/xss/cycles/:fy2024/compare', as: 'anonymous' },
  { path: '/strategies/xss/cycles/:fy2024/downloads', as: 'anonymous' },
  { path: '/strategies/xss/cycles/:fy2025/overlaps?threshold=0.01', as: 'reviewer' },
  { path: '/strategies/xss/diff', as: 'anonymous' },
  { path: '/search?q=initiative.title', as: 'anonymous' },
  { path: '/portfolio', as: 'anonymous' },
  { path: '/portfolio/ministries/xss-org', as: 'anonymous' },
  { path: '/search?q=entry.text', as: 'reviewer' },
  // the corrected cycle: the 訂正 notice with its reason
  { path: '/strategies/xss/cycles/:fy2023', as: 'anonymous' },
  { path: '/strategies/xss/cycles/:fy2023/nodes/:target', as: 'anonymous' },
  { path: '/initiatives/:initiative', as: 'anonymous' },
  { path: '/indicators/:indicator', as: 'anonymous' },
  { path: '/login', as: 'anonymous', corpus: false },
  // drafts of the open cycle
  { path: '/strategies/xss/cycles/:fy2025', as: 'reviewer' },
  { path: '/strategies/xss/cycles/:fy2025/nodes/:target', as: 'reviewer' },
  { path: '/initiatives/:initiative', as: 'reviewer' },
  { path: '/indicators/:indicator', as: 'editor' },
  { path: '/tasks', as: 'editor' },
  { path: '/tasks', as: 'reviewer' },
  { path: '/tasks', as: 'admin' },
  { path: '/notifications', as: 'editor', corpus: false },
  { path: '/account/security', as: 'editor', corpus: false },
  { path: '/account/password', as: 'editor', corpus: false },
  { path: '/tasks/:fy2025/survey', as: 'editor', corpus: false },
  { path: '/entries/:fy2025entry', as: 'editor' },
  { path: '/entries/:fy2025entry', as: 'reviewer' },
  { path: '/entries/:fy2025returned', as: 'editor' },
  { path: '/entries/:fy2023entry', as: 'editor' },
  { path: '/entries/:fy2025entry/history', as: 'reviewer' },
  { path: '/review/:fy2025', as: 'reviewer' },
  { path: '/assess/:fy2025', as: 'reviewer' },
  { path: '/publish/:fy2025', as: 'admin' },
  { path: '/admin', as: 'admin', corpus: false },
  { path: '/admin/organisations', as: 'admin' },
  { path: '/admin/accounts', as: 'admin' },
  { path: '/admin/strategies/xss', as: 'admin' },
  { path: '/admin/strategies/xss/cycles', as: 'admin' },
  { path: '/admin/strategies/xss/nodes/:target/logic-model', as: 'admin' },
  // the strategy's and initiatives' titles only as <option> texts (not counted as visible text)
  { path: '/budget', as: 'admin', corpus: false },
  // past reports reviewed on screen: the list, and a review that does not exist
  { path: '/admin/report-imports', as: 'admin', corpus: false },
  { path: '/admin/report-imports/none', as: 'admin', corpus: false },
];

/** The route files whose paths PAGES must cover. */
const ROUTE_FILES = ['web/src/routes.tsx', 'web/src/workflow/routes.tsx'];
const ROOT = path.resolve(import.meta.dirname, '../..');

/** What a page left behind that a script, or markup from the corpus, would leave. */
interface Findings {
  flag: unknown;
  elements: string[];
  markers: string[];
}

/** Runs in the page: real markup that the corpus could have produced, and the visible markers. */
function inspect(): Findings {
  const elements: string[] = [];
  const show = (el: Element) => `${el.tagName.toLowerCase()} ${el.outerHTML.slice(0, 120)}`;
  for (const el of Array.from(document.querySelectorAll('*'))) {
    for (const attr of Array.from(el.attributes)) {
      const name = attr.name.toLowerCase();
      const value = attr.value.trim().toLowerCase();
      if (name.startsWith('on')) elements.push(`handler ${name}: ${show(el)}`);
      if (
        /^(javascript:|vbscript:|data:text\/html)/.test(value) &&
        /^(href|src|action|xlink:href|formaction)$/.test(name)
      )
        elements.push(`url ${name}: ${show(el)}`);
      if (name === 'srcdoc' || (name === 'style' && value.includes('url('))) elements.push(show(el));
    }
  }
  // The server's data blocks (never run): JSON-LD in <head>, the hydration's data after #root.
  const dataBlock = (el: HTMLScriptElement) => {
    const type = el.getAttribute('type');
    const placed =
      (type === 'application/ld+json' && el.parentElement === document.head) ||
      (type === 'application/json' && el.id === 'ssr-data' && el.parentElement === document.body);
    try {
      return placed && JSON.parse(el.textContent ?? '') !== undefined;
    } catch {
      return false;
    }
  };
  for (const el of Array.from(document.querySelectorAll('script'))) {
    const src = el.getAttribute('src') ?? '';
    if (dataBlock(el)) continue;
    if (el.textContent?.trim() || !src.startsWith('/assets/')) elements.push(`script: ${show(el)}`);
  }
  // Elements the app never renders but the corpus would (handlers are caught above).
  const foreign = 'iframe, object, embed, frame, base, img[src="x"], math, animate';
  for (const el of Array.from(document.querySelectorAll(foreign))) elements.push(show(el));
  const markers = [...document.body.innerText.matchAll(/《([a-zA-Z0-9.]+)》/g)].map((m) => m[1]!);
  return { flag: (window as unknown as { __xss?: unknown }).__xss, elements, markers };
}

/** The app's routes as patterns over a path (without the query), from the route files. */
function routePatterns(): { file: string; route: string; pattern: RegExp }[] {
  return ROUTE_FILES.flatMap((file) =>
    [...fs.readFileSync(path.join(ROOT, file), 'utf8').matchAll(/(?:path: |screen\()'([^']+)'/g)]
      .map((m) => m[1]!)
      .filter((route) => !['*', '/', '/en'].includes(route))
      .map((route) => ({
        file,
        route,
        pattern: new RegExp(`/${route.replace(/:[a-zA-Z]+/g, '[^/]+')}$`),
      })),
  );
}
const pathOf = (template: string) => template.split('?')[0]!.replace(/:[a-z0-9]+/g, 'ID');

describe('the page list', () => {
  it('covers every route of the web app', () => {
    const examples = PAGES.map((p) => pathOf(p.path));
    for (const { file, route, pattern } of routePatterns()) {
      expect(
        examples.some((e) => pattern.test(e)),
        `${file}: route '${route}' has no page in PAGES (test/hardening/xss-browser.test.ts)`,
      ).toBe(true);
    }
  });
});

describe.skipIf(!chromium)('stored XSS corpus in the browser', () => {
  let server: RunningServer;
  let browser: Browser;
  let stored: StoredCorpus;
  const sessions: Partial<Record<Exclude<Who, 'anonymous'>, TestSession>> = {};
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    server = await startServer(240_000, async (databaseUrl) => {
      const db = await openDatabase({ kind: 'sqlite', file: databaseUrl.slice('sqlite:'.length) });
      try {
        await migrateToLatest(db);
        await loadSample(db, { now: '2023-04-01T00:00:00.000Z' });
        const users = await createTestUsers(db);
        sessions.admin = await sessionFor(db, users.admin);
        sessions.reviewer = await sessionFor(db, users.reviewer);
        const app = await buildApp({ db });
        const call: ApiCall = async (as, method, url, payload) =>
          app.inject({
            method,
            url,
            headers: as?.headers ?? {},
            ...(payload !== undefined && { payload: payload as object }),
          });
        try {
          stored = await storeCorpus(call, sessions.admin, sessions.reviewer, (u) => sessionFor(db, u), F);
          sessions.editor = stored.editor;
          await publishAndGoOn(call, stored, sessions.admin, sessions.reviewer, ids);
          await reindexAll(db);
        } finally {
          await app.close();
        }
      } finally {
        await db.close();
      }
    });
    browser = await launchChromium(chromium!);
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('would notice: the corpus as real markup (no CSP) sets the flag and leaves elements behind', async () => {
    const page = await browser.newPage();
    await page.setContent(`<main>${BROWSER_CORPUS.join('\n')}</main>`);
    await page.waitForTimeout(300);
    const found = await page.evaluate(inspect);
    await page.close();
    expect(found.flag).toBe(1);
    expect(found.elements.filter((e) => e.startsWith('handler')).length).toBeGreaterThan(2);
    expect(found.elements.some((e) => e.startsWith('script'))).toBe(true);
    expect(found.elements.some((e) => e.startsWith('url href'))).toBe(true);
  });

  it('runs no script and makes no markup of the corpus on any page, in Japanese and English', async () => {
    const contexts = new Map<Who, BrowserContext>();
    const contextFor = async (who: Who) => {
      let context = contexts.get(who);
      if (context) return context;
      context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      const session = who === 'anonymous' ? undefined : sessions[who];
      if (session) {
        const [name, value] = session.cookie.split('=') as [string, string];
        await context.addCookies([{ name, value, url: server.url }]);
      }
      await context.addInitScript(() => {
        const w = window as unknown as { __csp: string[] };
        w.__csp = [];
        document.addEventListener('securitypolicyviolation', (e) =>
          w.__csp.push(`${e.violatedDirective} ${e.blockedURI} ${e.sample}`),
        );
      });
      contexts.set(who, context);
      return context;
    };

    const problems: string[] = [];
    const seen = new Set<string>();
    const routes = routePatterns();
    const existing = PAGES.filter((p) => routes.some((r) => r.pattern.test(pathOf(p.path))));
    for (const lang of ['', '/en']) {
      for (const { path: template, as, corpus } of existing) {
        const url = lang + template.replace(/:([a-z0-9]+)/g, (_, key: string) => ids[key] ?? `?${key}`);
        const page: Page = await (await contextFor(as)).newPage();
        const dialogs: string[] = [];
        const logged: string[] = [];
        page.on('dialog', (d) => {
          dialogs.push(d.message());
          void d.dismiss();
        });
        page.on('console', (m) => {
          if (/Content Security Policy|Refused to/i.test(m.text())) logged.push(m.text());
        });
        await open(page, server.url, url).catch((err: Error) => {
          throw new Error(`${url} as ${as}: ${err.message}\nserver log:\n${server.output().slice(-3000)}`, {
            cause: err,
          });
        });
        // Give late handlers (onerror of a broken image, ontoggle, animation begin) a moment.
        await page.waitForTimeout(300);
        const found = await page.evaluate(inspect);
        const csp = await page.evaluate(() => (window as unknown as { __csp: string[] }).__csp);
        const where = `${url} as ${as}`;
        if (dialogs.length) problems.push(`${where}: dialog ${dialogs.join(' | ')}`);
        if (found.flag !== undefined) problems.push(`${where}: window.__xss = ${String(found.flag)}`);
        for (const e of found.elements) problems.push(`${where}: ${e}`);
        for (const c of [...csp, ...logged]) problems.push(`${where}: CSP ${c}`);
        if (corpus !== false && found.markers.length === 0)
          problems.push(`${where}: shows none of the corpus`);
        found.markers.forEach((m) => seen.add(m));
        await page.close();
      }
    }
    for (const context of contexts.values()) await context.close();
    expect(problems).toEqual([]);
    // The pages showed the corpus of (at least) these fields as text.
    const expected = [
      'organisation.shortName',
      'organisation.nameJa',
      'organisation.nameEn',
      'strategy.title',
      'strategy.titleEn',
      'pillar.title',
      'goal.title',
      'target.title',
      'target.titleEn',
      'initiative.title',
      'initiative.titleEn',
      'indicator.name',
      'indicator.nameEn',
      'entry.text',
      'entry.plan',
      'entry.evidenceTitle',
      'summary.overall',
      ...LATER,
    ];
    console.log(`xss-browser: fields seen on the pages: ${[...seen].sort().join(', ')}`);
    expect(expected.filter((name) => !seen.has(name))).toEqual([]);
  }, 600_000);
});

/**
 * From storeCorpus's state (FY2023 open, its entry returned): FY2023 accepted, published and
 * corrected with hostile text; the target renamed; FY2024 written, accepted, assessed and
 * published; FY2025 opened with its entry returned with a comment and resubmitted, a figure,
 * draft assessments and a draft summary. Fills `ids` with the ids PAGES uses.
 */
async function publishAndGoOn(
  call: ApiCall,
  s: StoredCorpus,
  admin: TestSession,
  reviewer: TestSession,
  ids: Record<string, string>,
): Promise<void> {
  const { target, pillar, goal } = s.nodeIds;
  Object.assign(ids, { pillar, goal, target, initiative: s.initiativeId, indicator: s.indicatorId });
  ids.fy2023 = s.cycleId;
  ids.fy2023entry = s.entryId;
  const entryOf = async (cycleId: string, initiativeId = s.initiativeId) =>
    (
      await ok<{ entries: { entry: { id: string; version: number; initiativeId: string } }[] }>(
        call(s.editor, 'GET', `/api/cycles/${cycleId}/entries`),
      )
    ).entries.find((e) => e.entry.initiativeId === initiativeId)!.entry;
  const cycleVersion = async (cycleId: string) =>
    (
      await ok<{ cycles: { id: string; version: number }[] }>(
        call(admin, 'GET', '/api/strategies/xss/cycles'),
      )
    ).cycles.find((c) => c.id === cycleId)!.version;
  const write = async (cycleId: string, text: string, initiativeId = s.initiativeId) => {
    const e = await entryOf(cycleId, initiativeId);
    return ok<{ id: string; version: number }>(
      call(s.editor, 'PUT', `/api/entries/${e.id}`, { version: e.version, text, stage: 'ongoing' }),
    );
  };
  const submit = (e: { id: string; version: number }) =>
    ok<{ id: string; version: number }>(
      call(s.editor, 'POST', `/api/entries/${e.id}/submit`, { version: e.version }),
    );
  const accept = (e: { id: string; version: number }) =>
    ok(call(reviewer, 'POST', `/api/entries/${e.id}/accept`, { version: e.version }));
  const assessmentVersion = async (cycleId: string, nodeId: string) => {
    const tree = await ok<unknown>(call(reviewer, 'GET', `/api/strategies/xss/cycles/${cycleId}/tree`));
    return findAssessmentVersion(tree, nodeId);
  };
  const publish = async (cycleId: string) =>
    ok(call(admin, 'POST', `/api/cycles/${cycleId}/publish`, { version: await cycleVersion(cycleId) }));
  const newCycle = async (fiscalYear: number) => {
    const c = await ok<{ id: string; version: number }>(
      call(admin, 'POST', '/api/strategies/xss/cycles', { fiscalYear, asOf: `${fiscalYear + 1}-04` }),
    );
    await ok(call(admin, 'POST', `/api/cycles/${c.id}/open`, { version: c.version }));
    return c.id;
  };

  // FY2023: the returned entry resubmitted as it is, accepted, published, then corrected.
  await accept(await submit(await entryOf(s.cycleId)));
  await publish(s.cycleId);
  await ok(
    call(reviewer, 'POST', `/api/cycles/${s.cycleId}/corrections`, {
      reason: X['correction.reason'],
      assessments: [
        {
          nodeId: target,
          version: await assessmentVersion(s.cycleId, target),
          rating: 'steady',
          narrative: X['correction.narrative'],
        },
      ],
    }),
  );

  // The target renamed, so that the comparison shows a renamed node; FY2024 published.
  const tree = await ok<unknown>(call(admin, 'GET', `/api/strategies/xss/cycles/${s.cycleId}/tree`));
  await ok(
    call(admin, 'PATCH', `/api/nodes/${target}`, {
      version: findNodeVersion(tree, target),
      title: X['node.renamed'],
    }),
  );
  ids.fy2024 = await newCycle(2024);
  await accept(await submit(await write(ids.fy2024, X['fy2024.entry'])));
  await ok(
    call(reviewer, 'PUT', `/api/cycles/${ids.fy2024}/assessments/${target}`, {
      version: null,
      rating: 'progressing',
      narrative: X['fy2024.assessment'],
    }),
  );
  await ok(
    call(reviewer, 'PUT', `/api/cycles/${ids.fy2024}/summary`, {
      version: null,
      overall: [X['fy2024.summary']],
      pillars: [],
    }),
  );
  await publish(ids.fy2024);

  // FY2025 stays open, with a second initiative: one entry returned with a comment and
  // resubmitted, the other left returned; drafts of the secretariat.
  const second = await ok<{ id: string }>(
    call(admin, 'POST', '/api/strategies/xss/initiatives', {
      title: X['initiative2.title'],
      ownerIds: ['xss-org'],
      nodeIds: [target],
    }),
  );
  ids.fy2025 = await newCycle(2025);
  const returnIt = (e: { id: string; version: number }) =>
    ok<{ id: string; version: number }>(
      call(reviewer, 'POST', `/api/entries/${e.id}/return`, {
        version: e.version,
        comment: X['fy2025.comment'],
      }),
    );
  const resubmitted = await submit(await returnIt(await submit(await write(ids.fy2025, X['fy2025.entry']))));
  ids.fy2025entry = resubmitted.id;
  const returned = await returnIt(await submit(await write(ids.fy2025, X['fy2025.returned'], second.id)));
  ids.fy2025returned = returned.id;
  await ok(
    call(s.editor, 'PUT', `/api/indicators/${s.indicatorId}/observations`, {
      cycleId: ids.fy2025,
      period: 'FY2025-end',
      value: 7,
      source: X['fy2025.observation'],
      note: X['fy2025.observation'],
      version: null,
    }),
  );
  await ok(
    call(reviewer, 'PUT', `/api/cycles/${ids.fy2025}/assessments/${target}`, {
      version: null,
      rating: 'steady',
      narrative: X['fy2025.assessment'],
      remark: X['fy2025.remark'],
    }),
  );
  await ok(
    call(reviewer, 'PUT', `/api/cycles/${ids.fy2025}/summary`, {
      version: null,
      overall: [X['fy2025.summary']],
      pillars: [{ nodeId: pillar, bullets: [X['fy2025.summary']] }],
    }),
  );
}

/** The version of `nodeId`'s assessment or node, wherever it sits in a tree response. */
function findInTree(tree: unknown, match: (o: Record<string, unknown>) => boolean): number {
  const stack: unknown[] = [tree];
  while (stack.length) {
    const v = stack.pop();
    if (Array.isArray(v)) stack.push(...(v as unknown[]));
    else if (v !== null && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      if (match(o) && typeof o.version === 'number') return o.version;
      stack.push(...Object.values(o));
    }
  }
  throw new Error('not found in the tree');
}
const findAssessmentVersion = (tree: unknown, nodeId: string) =>
  findInTree(tree, (o) => o.nodeId === nodeId && 'rating' in o && 'narrative' in o);
const findNodeVersion = (tree: unknown, nodeId: string) =>
  findInTree(tree, (o) => o.id === nodeId && 'title' in o && 'parentId' in o);
