/**
 * The public pages as a search engine, a link preview or a reader without JavaScript gets
 * them: plain HTTP, no script run. Each page type, in Japanese and English, carries its
 * content, a real <title>, a meta description, a canonical URL under PUBLIC_URL and
 * schema.org JSON-LD of the right type. Drafts never reach a rendered page, whoever asks:
 * markers written into the open cycle's drafts appear in no page, rendered anonymously or
 * for a signed-in administrator, and the draft cycle's pages are sent as the plain app.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/api/app.ts';
import { pageHtml } from '../src/api/ssr.ts';
import { registerWebApp } from '../src/api/static.ts';
import { WEB_DIST } from '../src/paths.ts';
import { createTestUsers, sessionFor } from './helpers/accounts.ts';
import { ENGINES, type TestDb } from './helpers/db.ts';
import { openFy2023, sampleDb } from './helpers/sample.ts';
import { ensureWebBuild } from './helpers/web-build.ts';

const PUBLIC_URL = 'https://shinchoku.example.go.jp';
const S = '/strategies/ai2022/cycles/ai2022-fy2022';
const DRAFT = '/strategies/ai2022/cycles/ai2022-fy2023';
const MARKER = `draftmarker${Math.random().toString(36).slice(2, 10)}`;

interface PageCase {
  path: string;
  /** Text of the page's content, by language. */
  content: { ja: string; en: string };
  /** The JSON-LD @types the page carries. */
  types: string[];
}

const PAGES: Record<string, PageCase> = {
  home: { path: '/', content: { ja: 'AI戦略2022', en: 'AI Strategy 2022' }, types: ['WebSite'] },
  dashboard: { path: S, content: { ja: '全体の概要', en: 'Summary' }, types: ['Dataset'] },
  tree: { path: `${S}/tree`, content: { ja: 'デジタル・ツイン', en: 'digital twins' }, types: [] },
  node: {
    path: `${S}/nodes/ai2022-p1-g1-t1`,
    content: { ja: 'デジタル・ツインの構築', en: 'Building digital twins' },
    types: ['BreadcrumbList'],
  },
  organisation: {
    path: `${S}/organisations/mic`,
    content: { ja: '総務省', en: 'Ministry of Internal Affairs' },
    types: ['BreadcrumbList'],
  },
  compare: { path: `${S}/compare`, content: { ja: '比較', en: 'ompar' }, types: [] },
  downloads: { path: `${S}/downloads`, content: { ja: 'report.csv', en: 'report.csv' }, types: [] },
  initiative: {
    path: '/initiatives/ai2022-i01',
    content: { ja: '総務省', en: 'Ministry of Internal Affairs' },
    types: ['BreadcrumbList'],
  },
  indicator: {
    path: '/indicators/ai2022-k1',
    content: { ja: '出典', en: 'Source' },
    types: ['BreadcrumbList'],
  },
  portfolio: {
    path: '/portfolio',
    content: { ja: '厚生労働省', en: 'Ministry of Health, Labour and Welfare' },
    types: [],
  },
  ministry: {
    path: '/portfolio/ministries/mhlw',
    content: { ja: '厚生労働省の施策', en: 'Ministry of Health, Labour and Welfare: initiatives' },
    types: [],
  },
};

const localPath = (lang: 'ja' | 'en', path: string) =>
  lang === 'ja' ? path : path === '/' ? '/en' : `/en${path}`;
const decode = (html: string) =>
  html
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&#x27;/g, "'")
    .replace(/&amp;/g, '&');

function head(html: string) {
  return {
    title: decode(/<title>([^<]*)<\/title>/.exec(html)?.[1] ?? ''),
    description: decode(/<meta name="description" content="([^"]*)"/.exec(html)?.[1] ?? ''),
    canonical: /<link rel="canonical" href="([^"]*)"/.exec(html)?.[1],
    jsonLd: [...html.matchAll(/<script type="application\/ld\+json">([\s\S]*?)<\/script>/g)].map(
      (m) => JSON.parse(m[1]!) as { '@context': string; '@type': string; [k: string]: unknown },
    ),
    main: /<main[^>]*>([\s\S]*?)<\/main>/.exec(html)?.[1] ?? '',
  };
}

for (const engine of ENGINES) {
  describe(`server-rendered public pages on ${engine}`, () => {
    let db: TestDb;
    let app: FastifyInstance;
    let signedIn: Record<string, string>;
    let kpiId: string;

    beforeAll(async () => {
      await ensureWebBuild();
      db = await sampleDb(engine);
      app = await buildApp({ db, config: { publicUrl: PUBLIC_URL } as never });
      expect(await registerWebApp(app, WEB_DIST, { publicUrl: PUBLIC_URL })).toBe(true);
      const users = await createTestUsers(db);
      await openFy2023(db, users.admin);
      const admin = await sessionFor(db, users.admin);
      const editor = await sessionFor(db, users.editor);
      const reviewer = await sessionFor(db, users.reviewer);
      signedIn = { cookie: admin.cookie };
      const call = async (
        headers: Record<string, string>,
        method: 'PUT' | 'POST',
        url: string,
        body: unknown,
      ) => {
        const res = await app.inject({
          method,
          url,
          headers: { ...headers, 'content-type': 'application/json' },
          payload: JSON.stringify(body),
        });
        expect(res.statusCode, `${method} ${url}: ${res.body}`).toBeLessThan(300);
        return res.json<{ id: string; version: number; entry: { version: number } }>();
      };
      // Drafts in the open FY2023 cycle: a ministry's text and KPI figure, a 概況, the summary.
      const entryUrl = '/api/entries/ai2022-fy2023.ai2022-i01';
      const { entry } = (await app.inject({ url: entryUrl, headers: editor.headers })).json<{
        entry: { version: number };
      }>();
      await call(editor.headers, 'PUT', entryUrl, {
        version: entry.version,
        text: `下書き ${MARKER}`,
        stage: null,
      });
      const kpi = await call(admin.headers, 'POST', '/api/strategies/ai2022/indicators', {
        name: '試験用の指標',
        initiativeId: 'ai2022-i01',
        unit: '件',
      });
      kpiId = kpi.id;
      await call(editor.headers, 'PUT', `/api/indicators/${kpi.id}/observations`, {
        cycleId: 'ai2022-fy2023',
        period: 'FY2023',
        value: 42,
        source: '',
        note: `速報値 ${MARKER}`,
        version: null,
      });
      await call(reviewer.headers, 'PUT', '/api/cycles/ai2022-fy2023/assessments/ai2022-p1-g1-t1', {
        version: null,
        rating: null,
        narrative: `下書きの概況 ${MARKER}`,
      });
      await call(reviewer.headers, 'PUT', '/api/cycles/ai2022-fy2023/summary', {
        version: null,
        overall: [`下書きの総括 ${MARKER}`],
        pillars: [],
      });
    }, 300_000);

    afterAll(async () => {
      await app?.close();
      await db?.destroy();
    });

    describe.each(['ja', 'en'] as const)('in %s', (lang) => {
      it.each(Object.entries(PAGES))('%s carries its content, head and JSON-LD', async (_name, page) => {
        const path = localPath(lang, page.path);
        const res = await app.inject({ url: path });
        expect(res.statusCode).toBe(200);
        const html = res.body;
        const h = head(html);
        expect(html).toContain(`<html lang="${lang}">`);
        expect(h.main).toContain(page.content[lang]);
        expect(h.main).not.toContain('class="loading"');
        expect(html).not.toContain('<noscript');
        expect(h.title).toMatch(lang === 'ja' ? / \| 進捗 shinchoku$|^進捗 shinchoku$/ : /shinchoku/);
        if (page.path !== '/') expect(h.title).not.toMatch(/^進捗 shinchoku$/);
        expect(h.description.length).toBeGreaterThan(20);
        expect(h.description).not.toBe('国の戦略のフォローアップ（進捗状況）を公開するページ');
        expect(h.canonical).toBe(PUBLIC_URL + (path === '/' ? '/' : path));
        expect(h.jsonLd.map((d) => d['@type']).sort()).toEqual(page.types);
        for (const doc of h.jsonLd) expect(doc['@context']).toBe('https://schema.org');
        // The hydration's data is in the page.
        expect(html).toMatch(/<script type="application\/json" id="ssr-data">\{/);
      });
    });

    it('describes a cycle as a Dataset and a page as a BreadcrumbList with absolute URLs', async () => {
      const dataset = head((await app.inject({ url: S })).body).jsonLd[0]!;
      expect(dataset).toMatchObject({
        '@type': 'Dataset',
        url: PUBLIC_URL + S,
        inLanguage: 'ja',
        temporalCoverage: '2022-04-01/2023-03-31',
        license: expect.stringMatching(/^https:\/\//),
      });
      const downloads = dataset.distribution as { contentUrl: string; encodingFormat: string }[];
      expect(downloads.map((d) => d.encodingFormat)).toContain('text/csv');
      expect(downloads.every((d) => d.contentUrl.startsWith(`${PUBLIC_URL}/api/strategies/ai2022/`))).toBe(
        true,
      );
      const crumbs = head((await app.inject({ url: `/en${S}/nodes/ai2022-p1-g1-t1` })).body).jsonLd[0]!;
      const items = crumbs.itemListElement as { position: number; item: string; name: string }[];
      expect(items[0]).toMatchObject({ position: 1, item: `${PUBLIC_URL}/en${S}`, name: 'AI Strategy 2022' });
      expect(items.at(-1)?.item).toBe(`${PUBLIC_URL}/en${S}/nodes/ai2022-p1-g1-t1`);
    });

    it('never renders a draft, for anyone; unpublished and unknown pages are the plain app', async () => {
      const paths = [
        ...Object.values(PAGES).flatMap((p) => [p.path, localPath('en', p.path)]),
        `/indicators/${kpiId}`,
        DRAFT,
        `${DRAFT}/tree`,
        `${DRAFT}/nodes/ai2022-p1-g1-t1`,
        `/en${DRAFT}/downloads`,
      ];
      for (const headers of [{}, signedIn]) {
        for (const path of paths) {
          const res = await app.inject({ url: path, headers });
          expect(res.statusCode, path).toBe(200);
          expect(res.body, path).not.toContain(MARKER);
        }
      }
      const unknown = ['/initiatives/nope', '/portfolio/ministries/nope'];
      for (const path of [DRAFT, `${DRAFT}/nodes/ai2022-p1-g1-t1`, `${S}/nodes/nope`, ...unknown]) {
        const res = await app.inject({ url: path, headers: signedIn });
        expect(res.body, path).toContain('<div id="root"></div>');
        expect(res.body, path).not.toContain('ssr-data');
      }
    });

    it('renders the portfolio’s filters from the address, as the browser does', async () => {
      const res = await app.inject({ url: '/en/portfolio?ministry=mhlw&fiscalYear=2022' });
      expect(res.statusCode).toBe(200);
      const h = head(res.body);
      expect(h.canonical).toBe(`${PUBLIC_URL}/en/portfolio`);
      expect(h.main).toContain('<option value="mhlw" selected="">');
      expect(h.main).toContain('<option value="2022" selected="">');
      // only the chosen ministry in the table, linked to its page across strategies
      const ministries = [...h.main.matchAll(/href="\/en\/portfolio\/ministries\/([\w-]+)"/g)].map(
        (m) => m[1],
      );
      expect(ministries).toEqual(['mhlw']);
      const seed = /<script type="application\/json" id="ssr-data">([\s\S]*?)<\/script>/.exec(res.body)![1]!;
      expect(Object.keys((JSON.parse(seed) as { responses: object }).responses)).toContain(
        '/api/portfolio?ministry=mhlw&fiscalYear=2022',
      );
      const year = head((await app.inject({ url: '/portfolio/ministries/mhlw?fiscalYear=2022' })).body);
      expect(year.main).toContain('<option value="2022" selected="">');
      expect(year.main).toContain('data-testid="ministry-strategy"');
    });

    it('redirects a strategy to its newest published cycle, unless a session decides', async () => {
      const ja = await app.inject({ url: '/strategies/ai2022' });
      expect(ja.statusCode).toBe(302);
      expect(ja.headers.location).toBe(S);
      expect((await app.inject({ url: '/en/strategies/ai2022' })).headers.location).toBe(`/en${S}`);
      const signed = await app.inject({ url: '/strategies/ai2022', headers: signedIn });
      expect(signed.statusCode).toBe(200);
      expect(signed.body).toContain('<div id="root"></div>');
    });

    it('renders pages side by side, each with its own data', async () => {
      const paths = Object.values(PAGES).flatMap((p) => [p.path, localPath('en', p.path)]);
      const one = [];
      for (const path of paths) one.push((await app.inject({ url: path })).body);
      const together = await Promise.all(paths.map(async (path) => (await app.inject({ url: path })).body));
      expect(together).toEqual(one);
    });

    it('revalidates a rendered page by its ETag', async () => {
      const first = await app.inject({ url: `${S}/tree` });
      const etag = first.headers.etag as string;
      expect(etag).toMatch(/^"[\w-]+"$/);
      expect(first.headers['content-security-policy']).toContain("script-src 'self'");
      const again = await app.inject({ url: `${S}/tree`, headers: { 'if-none-match': `W/${etag}` } });
      expect(again.statusCode).toBe(304);
      const other = await app.inject({ url: `/en${S}/tree`, headers: { 'if-none-match': etag } });
      expect(other.statusCode).toBe(200);
    });
  });
}

describe('the page template', () => {
  it('keeps hostile text inside its elements', () => {
    const hostile = '</script><script>alert(1)</script><!--';
    const html = pageHtml(
      '<html lang="ja"><head><meta name="description" content="x" /><title>x</title></head><body><div id="root"></div></body></html>',
      {
        lang: 'en',
        title: `${hostile} "t"`,
        description: `${hostile} "d"`,
        canonical: 'https://example.jp/"x',
        jsonLd: [{ '@type': 'Thing', name: hostile }],
        html: '<p>ok</p>',
        seed: { body: hostile },
      },
    );
    expect(html).not.toContain('<script>alert(1)');
    expect(html.match(/<\/script>/g)).toHaveLength(2);
    const ld = /<script type="application\/ld\+json">([\s\S]*?)<\/script>/.exec(html)![1]!;
    expect((JSON.parse(ld) as { name: string }).name).toBe(hostile);
    const seed = /<script type="application\/json" id="ssr-data">([\s\S]*?)<\/script>/.exec(html)![1]!;
    expect((JSON.parse(seed) as { body: string }).body).toBe(hostile);
    expect(html).toContain('<html lang="en">');
    expect(html).toContain('<div id="root"><p>ok</p></div>');
  });
});
