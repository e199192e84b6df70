/**
 * The embeddable widgets (issue #22, item 6) on both engines: a target's card and an
 * indicator's chart as published, in Japanese and English; frameable by any site (CSP
 * frame-ancestors *, no X-Frame-Options) while every other response still forbids framing;
 * no inline script or style; an ETag per published revision that a correction changes,
 * with its 訂正あり mark; a 404 page for what is unpublished or unknown; no draft text; and
 * valid HTML in the W3C checker.
 */
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestUsers,
  sessionsFor,
  type TestRole,
  type TestSession,
} from '../../../test/helpers/accounts.ts';
import { ENGINES, type TestDb } from '../../../test/helpers/db.ts';
import { openFy2023, sampleDb } from '../../../test/helpers/sample.ts';
import { checkHtml } from '../../../test/helpers/vnu.ts';
import { CORPUS } from '../../../test/hardening/helpers/corpus.ts';
import { htmlProblems } from '../../../test/hardening/helpers/markup.ts';
import { escapeHtml } from '../../reports/render/escape.ts';
import en from '../../../locales/en/embed.json' with { type: 'json' };
import ja from '../../../locales/ja/embed.json' with { type: 'json' };
import { buildApp } from '../app.ts';

const NODE = 'ai2022-p1-g1-t1';
const KPI = 'ai2022-k1';
const MARKER = `draftmarker${Math.random().toString(36).slice(2, 10)}`;

/** No inline script or style anywhere: the page must work under its own CSP. */
function expectNoInline(html: string): void {
  // Tags only: stored text shows escaped (&lt;…), and may well read like markup.
  const tags = html.match(/<[a-zA-Z][^>]*>/g) ?? [];
  expect(tags.filter((t) => /^<style\b/i.test(t) || /\s(style|on[a-z]+)=/i.test(t))).toEqual([]);
  expect(tags.filter((t) => /^<script\b/i.test(t) && !/\ssrc="/.test(t))).toEqual([]);
}

function expectFrameable(res: LightMyRequestResponse): void {
  expect(res.headers['content-security-policy']).toMatch(/frame-ancestors \*/);
  expect(res.headers['content-security-policy']).not.toMatch(/unsafe-inline/);
  expect(res.headers['x-frame-options']).toBeUndefined();
}

describe('embed locale files', () => {
  it('hold the same keys and placeholders in Japanese and English', () => {
    const holes = (m: Record<string, string>) =>
      Object.fromEntries(Object.entries(m).map(([k, v]) => [k, (v.match(/\{\w+\}/g) ?? []).sort()]));
    expect(holes(en)).toEqual(holes(ja));
  });
});

for (const engine of ENGINES) {
  describe(`embeddable widgets on ${engine}`, () => {
    let db: TestDb;
    let app: FastifyInstance;
    let s: Record<TestRole, TestSession>;
    beforeAll(async () => {
      db = await sampleDb(engine);
      app = await buildApp({ db });
      const users = await createTestUsers(db);
      s = await sessionsFor(db, users);
      // A draft cycle with the secretariat's draft 概況 for the target: never in a widget.
      const { cycle } = await openFy2023(db, users.admin);
      const draft = await call('reviewer', 'PUT', `/api/cycles/${cycle.id}/assessments/${NODE}`, {
        version: null,
        rating: null,
        narrative: `下書きの概況 ${MARKER}`,
      });
      expect(draft.statusCode, draft.body).toBe(200);
    }, 120_000);
    afterAll(async () => {
      await app?.close();
      await db?.destroy();
    });

    const call = (as: TestRole | null, method: 'GET' | 'POST' | 'PUT', url: string, payload?: object) =>
      app.inject({ method, url, headers: as ? s[as].headers : {}, ...(payload && { payload }) });
    const get = (url: string, headers: Record<string, string> = {}) =>
      app.inject({ method: 'GET', url, headers });

    it('serves a target’s card as published, in Japanese and English, frameable and without inline code', async () => {
      const res = await get(`/embed/targets/${NODE}`);
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
      expectFrameable(res);
      const html = res.body;
      expect(html).toContain('<html lang="ja">');
      expect(html).toMatch(/<title>[^<]*：進捗状況<\/title>/);
      expect(html).toMatch(
        /<h1><a href="http:\/\/localhost(:\d+)?\/strategies\/ai2022\/cycles\/ai2022-fy2022\/nodes\/ai2022-p1-g1-t1"/,
      );
      expect(html).toContain('<h2>概況</h2>');
      expect(html).toContain('<h2>主な進捗</h2>');
      expect(html).toMatch(/<span class="badge badge-[a-z]+">評価：/);
      expect(html).toContain('出典：');
      expect(html).not.toContain('訂正あり');
      expect(Buffer.byteLength(html)).toBeLessThan(12_000);
      expectNoInline(html);

      const english = await get(`/en/embed/targets/${NODE}`);
      expect(english.statusCode).toBe(200);
      expect(english.body).toContain('<html lang="en">');
      expect(english.body).toContain('<h2>Overview</h2>');
      expect(english.body).toMatch(/href="http:\/\/localhost(:\d+)?\/en\/strategies\/ai2022\//);
      // The 概況 is Japanese only: marked so.
      expect(english.body).toMatch(/<p lang="ja">[^<]+<\/p><p class="note">Japanese only<\/p>/);
    });

    it('lists a target’s indicators with their figures, linked to their pages', async () => {
      const html = (await get('/embed/targets/ai2022-p3-g1')).body;
      expect(html).toContain('<h2>指標（KPI）</h2>');
      expect(html).toMatch(
        /<li><a href="http:\/\/localhost(:\d+)?\/indicators\/ai2022-k1" target="_blank" rel="noopener">数理・データサイエンス・AI教育プログラムの認定件数（リテラシーレベル）：78→217件（2021年度末→2022年度末）/,
      );
    });

    it('serves an indicator’s chart with a text alternative and the figures as a table', async () => {
      const res = await get(`/embed/indicators/${KPI}`);
      expect(res.statusCode).toBe(200);
      expectFrameable(res);
      const html = res.body;
      expect(html).toMatch(/<svg [^>]*role="img" aria-labelledby="chart-title chart-desc"/);
      expect(html).toMatch(/<title id="chart-title">[^<]+の推移<\/title><desc id="chart-desc">[^<]+<\/desc>/);
      expect(html).toMatch(/<table><caption>[^<]+の実績値<\/caption>/);
      expect(html).toContain('<th scope="row">2022年度末</th>');
      expectNoInline(html);
      const english = await get(`/en/embed/indicators/${KPI}`);
      expect(english.body).toContain('<th scope="row">end of FY2022</th>');
    });

    it('keeps framing forbidden everywhere else', async () => {
      for (const url of ['/api/strategies', '/embed.js', '/embed/embed.css', '/robots.txt', '/api/nope']) {
        const res = await get(url);
        expect(res.headers['content-security-policy'], url).toContain("frame-ancestors 'none'");
        expect(res.headers['x-frame-options'], url).toBe('DENY');
      }
    });

    it('serves the loader script and the stylesheet, cached by content', async () => {
      const js = await get('/embed.js');
      expect(js.statusCode).toBe(200);
      expect(js.headers['content-type']).toBe('text/javascript; charset=utf-8');
      expect(js.body).toContain('data-shinchoku-embed');
      const page = (await get(`/embed/targets/${NODE}`)).body;
      const css = /href="(\/embed\/embed\.css\?v=[\w-]+)"/.exec(page)![1]!;
      const versioned = await get(css);
      expect(versioned.statusCode).toBe(200);
      expect(versioned.headers['cache-control']).toContain('immutable');
      const frame = /src="(\/embed\/frame\.js\?v=[\w-]+)"/.exec(page)![1]!;
      expect((await get(frame)).body).toContain('postMessage');
    });

    it('answers 304 for the same revision and a new ETag, with 訂正あり, after a correction', async () => {
      const first = await get(`/embed/targets/${NODE}`);
      const etag = String(first.headers.etag);
      expect(etag).toMatch(/^"embed\.ai2022-fy2022\.r0\.ja\./);
      expect((await get(`/embed/targets/${NODE}`, { 'if-none-match': etag })).statusCode).toBe(304);
      const kpiTag = String((await get(`/embed/indicators/${KPI}`)).headers.etag);

      const assessment = await db.kysely
        .selectFrom('assessments')
        .select('version')
        .where('cycleId', '=', 'ai2022-fy2022')
        .where('nodeId', '=', NODE)
        .executeTakeFirstOrThrow();
      const fixed = await call('reviewer', 'POST', '/api/cycles/ai2022-fy2022/corrections', {
        reason: '誤記の訂正',
        revision: 0,
        assessments: [{ nodeId: NODE, version: assessment.version, narrative: '訂正後の概況。' }],
        indicators: [{ id: KPI, targetValue: 300 }],
      });
      expect(fixed.statusCode, fixed.body).toBe(200);

      const after = await get(`/embed/targets/${NODE}`, { 'if-none-match': etag });
      expect(after.statusCode).toBe(200);
      expect(after.headers.etag).not.toBe(etag);
      expect(after.body).toContain('訂正後の概況。');
      expect(after.body).toMatch(
        /<a class="corrected" href="http:\/\/localhost(:\d+)?\/strategies\/ai2022\/cycles\/ai2022-fy2022#corrections"[^>]*>訂正あり<\/a>/,
      );
      const kpi = await get(`/embed/indicators/${KPI}`, { 'if-none-match': kpiTag });
      expect(kpi.statusCode).toBe(200);
      expect(kpi.body).toContain('訂正あり');
      expect(kpi.body).toContain('目標 300');
    });

    it('renders hostile published text inert (the stored-XSS corpus)', async () => {
      const hostile = CORPUS.join(' ');
      const assessment = await db.kysely
        .selectFrom('assessments')
        .select('version')
        .where('cycleId', '=', 'ai2022-fy2022')
        .where('nodeId', '=', NODE)
        .executeTakeFirstOrThrow();
      const fixed = await call('reviewer', 'POST', '/api/cycles/ai2022-fy2022/corrections', {
        reason: '表記の訂正',
        assessments: [{ nodeId: NODE, version: assessment.version, narrative: hostile }],
        nodes: [{ id: NODE, title: hostile.slice(0, 400) }],
        indicators: [{ id: KPI, targetValue: null, targetText: hostile.slice(0, 1000) }],
        observations: [{ id: `${KPI}.FY2022-end`, source: hostile.slice(0, 1000) }],
      });
      expect(fixed.statusCode, fixed.body).toBe(200);
      for (const url of [`/embed/targets/${NODE}`, `/en/embed/targets/${NODE}`, `/embed/indicators/${KPI}`]) {
        const html = (await get(url)).body;
        // The head links the page's own stylesheet and script; the body must hold no such element.
        expect(htmlProblems(html.slice(html.indexOf('<body>'))), url).toEqual([]);
        expect(html.match(/<(script|link)\b[^>]*>/g), url).toEqual([
          expect.stringMatching(/^<link rel="canonical"/),
          expect.stringMatching(/^<link rel="stylesheet" href="\/embed\/embed\.css\?v=/),
          expect.stringMatching(/^<script src="\/embed\/frame\.js\?v=[\w-]+" defer>$/),
        ]);
        expect(html, url).toContain(escapeHtml(hostile.slice(0, 400)));
        expectNoInline(html);
      }
    });

    it('shows a 404 page, still frameable, for what is unpublished or unknown', async () => {
      const node = await call('admin', 'POST', '/api/strategies/ai2022/nodes', {
        parentId: null,
        title: `公開前の柱 ${MARKER}`,
      });
      expect(node.statusCode, node.body).toBeLessThan(300);
      const kpi = await call('admin', 'POST', '/api/strategies/ai2022/indicators', {
        name: `公開前の指標 ${MARKER}`,
        initiativeId: 'ai2022-i01',
        unit: '件',
      });
      expect(kpi.statusCode, kpi.body).toBeLessThan(300);
      const urls = [
        `/embed/targets/${node.json<{ id: string }>().id}`,
        `/en/embed/indicators/${kpi.json<{ id: string }>().id}`,
        '/embed/targets/nope',
        '/embed/indicators/nope',
      ];
      for (const url of urls) {
        for (const as of [null, 'admin'] as const) {
          const res = await call(as, 'GET', url);
          expect(res.statusCode, url).toBe(404);
          expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
          expect(res.body).toMatch(/<h1>(見つかりません|Not found)<\/h1>/);
          expect(res.body).not.toContain(MARKER);
          expectFrameable(res);
        }
      }
    });

    it('never shows a draft, whoever asks', async () => {
      for (const as of [null, 'admin', 'reviewer'] as const) {
        for (const url of [
          `/embed/targets/${NODE}`,
          `/en/embed/targets/${NODE}`,
          `/embed/indicators/${KPI}`,
        ]) {
          const res = await call(as, 'GET', url);
          expect(res.statusCode).toBe(200);
          expect(res.body).not.toContain(MARKER);
          expect(res.body).not.toContain('下書き');
        }
      }
    });

    it.runIf(engine === 'sqlite')(
      'passes the W3C checker in both languages, and the check finds an error it should',
      async () => {
        const pages = {
          target: (await get(`/embed/targets/${NODE}`)).body,
          targetEn: (await get(`/en/embed/targets/${NODE}`)).body,
          chart: (await get(`/embed/indicators/${KPI}`)).body,
          chartEn: (await get(`/en/embed/indicators/${KPI}`)).body,
          missing: (await get('/embed/targets/nope')).body,
        };
        const result = checkHtml({ ...pages, bad: pages.chart.replace('<svg ', '<svg ecmeta_x="1" ') });
        const { bad, ...rest } = result;
        for (const [name, errors] of Object.entries(rest)) expect(errors, name).toEqual([]);
        expect(bad!.join('\n')).toContain('ecmeta_x');
      },
      90_000,
    );
  });
}
