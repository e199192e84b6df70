/**
 * The static copy of the sample's public site, on every engine: every public page in both
 * languages, the downloads, catalogue, feeds and schemas, every link relative and resolving
 * to a file of the copy; a second run writes nothing; a correction rewrites only what it
 * changes.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../api/app.ts';
import { siteSource } from '../api/site-source.ts';
import { WEB_DIST } from '../paths.ts';
import { createTestUsers, sessionFor } from '../../test/helpers/accounts.ts';
import { ENGINES, type TestDb } from '../../test/helpers/db.ts';
import { sampleDb } from '../../test/helpers/sample.ts';
import { ensureWebBuild } from '../../test/helpers/web-build.ts';
import { exportSite, type SiteSource } from './export-site.service.ts';

const BASE = 'https://followup.example.go.jp/ai';
const C = 'strategies/ai2022/cycles/ai2022-fy2022';
const DATA = `api/${C}`;

const EXPECTED = [
  '.shinchoku-export',
  'index.html',
  'en/index.html',
  'strategies/ai2022/index.html',
  `${C}/index.html`,
  `en/${C}/tree/index.html`,
  `${C}/nodes/ai2022-p1-g1-t1/index.html`,
  `en/${C}/nodes/ai2022-p1-g1-t1/index.html`,
  `${C}/organisations/mic/index.html`,
  `${C}/compare/index.html`,
  `en/${C}/downloads/index.html`,
  'initiatives/ai2022-i01/index.html',
  'en/indicators/ai2022-k1/index.html',
  'portfolio/index.html',
  'en/portfolio/index.html',
  'portfolio/ministries/mhlw/index.html',
  'en/portfolio/ministries/mhlw/index.html',
  'search/index.html',
  'en/login/index.html',
  'catalog.jsonld',
  'robots.txt',
  'sitemap.xml',
  'schemas/report-cycle.v1.json',
  'strategies/ai2022/feed.atom',
  `${DATA}/report.json`,
  `${DATA}/report.csv`,
  `${DATA}/indicators.csv`,
  `${DATA}/budget.csv`,
  `${DATA}/report.csv-metadata.json`,
  `${DATA}/report.lang-en.pptx`,
  'favicon.svg',
];

const walk = (dir: string): string[] =>
  fs
    .readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)).split(path.sep).join('/'));

const links = (html: string) => [...html.matchAll(/\s(?:href|src|action)="([^"]*)"/g)].map((m) => m[1] ?? '');

for (const engine of ENGINES) {
  describe(`export-site on ${engine}`, () => {
    let db: TestDb;
    let app: FastifyInstance;
    let source: SiteSource;
    let out: string;
    const mtimes = () => new Map(walk(out).map((f) => [f, fs.statSync(path.join(out, f)).mtimeMs]));

    beforeAll(async () => {
      await ensureWebBuild();
      db = await sampleDb(engine);
      app = await buildApp({ db, config: { publicUrl: BASE } as never });
      source = await siteSource(app, WEB_DIST, BASE);
      out = fs.mkdtempSync(path.join(os.tmpdir(), 'shinchoku-export-'));
    }, 300_000);

    afterAll(async () => {
      await app?.close();
      await db?.destroy();
      if (out) fs.rmSync(out, { recursive: true, force: true });
    });

    it('writes every public page, download and asset, with relative links that resolve', async () => {
      const result = await exportSite(db, source, { out, baseUrl: BASE });
      const files = new Set(walk(out));
      for (const f of EXPECTED) expect(files, f).toContain(f);
      expect(result).toMatchObject({ written: files.size, unchanged: 0, removed: 0, files: files.size });
      expect(result.pages).toBeGreaterThan(100);
      expect([...files].filter((f) => f.startsWith('assets/') && f.endsWith('.js')).length).toBeGreaterThan(
        5,
      );
      for (const file of [...files].filter((f) => f.endsWith('.html'))) {
        const html = fs.readFileSync(path.join(out, file), 'utf8');
        for (const link of links(html)) {
          if (/^(?:[a-z]+:|#|\/\/)/.test(link)) continue;
          expect(link, `${file}: ${link}`).not.toMatch(/^\//);
          const target = path.join(path.dirname(path.join(out, file)), link.replace(/[?#].*$/, ''));
          expect(fs.existsSync(target), `${file} links to ${link}`).toBe(true);
        }
      }
      const node = fs.readFileSync(path.join(out, `en/${C}/nodes/ai2022-p1-g1-t1/index.html`), 'utf8');
      expect(node).toContain(`<link rel="canonical" href="${BASE}/en/${C}/nodes/ai2022-p1-g1-t1" />`);
      expect(node).toContain('Building digital twins');
      expect(node).toMatch(
        /"staticPath":"\/en\/strategies\/ai2022\/cycles\/ai2022-fy2022\/nodes\/ai2022-p1-g1-t1"/,
      );
      expect(node).toContain('src="../../../../../../../assets/index-');
      // The portfolio hydrates from its seed like every page, and links its ministries' pages.
      const portfolio = fs.readFileSync(path.join(out, 'en/portfolio/index.html'), 'utf8');
      expect(portfolio).toContain('<script type="module"');
      expect(portfolio).toContain('"staticPath":"/en/portfolio"');
      expect(portfolio).toContain('href="ministries/mhlw/index.html"');
      const search = fs.readFileSync(path.join(out, 'search/index.html'), 'utf8');
      expect(search).toContain(`href="${BASE}/search"`);
      expect(search).not.toContain('<script type="module"');
      expect(fs.readFileSync(path.join(out, 'catalog.jsonld'), 'utf8')).toContain(
        `${BASE}/${DATA}/report.csv`,
      );
    }, 300_000);

    it('writes nothing on a second run, leaving the files’ modification times alone', async () => {
      const before = mtimes();
      const result = await exportSite(db, source, { out, baseUrl: BASE });
      expect(result).toMatchObject({ written: 0, removed: 0, unchanged: before.size });
      expect(mtimes()).toEqual(before);
    }, 300_000);

    it('rewrites only what a correction changes, and removes what is no longer produced', async () => {
      const stray = path.join(out, 'strategies/gone/index.html');
      fs.mkdirSync(path.dirname(stray), { recursive: true });
      fs.writeFileSync(stray, 'old');
      const users = await createTestUsers(db);
      const reviewer = await sessionFor(db, users.reviewer);
      const entry = await db.kysely
        .selectFrom('progressEntries')
        .select(['id', 'version', 'stage'])
        .where('id', '=', 'ai2022-fy2022.ai2022-i06')
        .executeTakeFirstOrThrow();
      const corrected = await app.inject({
        method: 'POST',
        url: '/api/cycles/ai2022-fy2022/corrections',
        headers: reviewer.headers,
        payload: {
          reason: '表記の訂正（試験）',
          entries: [
            {
              id: entry.id,
              version: entry.version,
              text: '訂正後の進捗の本文（試験用）。',
              stage: entry.stage,
            },
          ],
        },
      });
      expect(corrected.statusCode, corrected.body).toBe(200);
      const before = mtimes();
      const result = await exportSite(db, source, { out, baseUrl: BASE });
      const after = mtimes();
      const changed = [...after].filter(([f, t]) => before.get(f) !== t).map(([f]) => f);
      expect(result.written).toBe(changed.length);
      expect(result.removed).toBe(1);
      expect(fs.existsSync(path.dirname(stray))).toBe(false);
      expect(changed).toContain('initiatives/ai2022-i06/index.html');
      expect(changed).toContain(`${DATA}/report.json`);
      // The revision as published stays as it was, beside the corrected one.
      expect(changed).not.toContain(`${DATA}/report.lang-ja.revision-0.json`);
      expect(after.has(`${DATA}/report.lang-ja.revision-1.json`)).toBe(true);
      // Pages that embed the cycle's tree or corrections for their hydration change with
      // them; the assets, schemas and robots.txt do not.
      expect(changed).toContain('strategies/ai2022/feed.atom');
      for (const f of ['robots.txt', 'schemas/report-cycle.v1.json', 'favicon.svg'])
        expect(changed).not.toContain(f);
      expect(changed.some((f) => f.startsWith('assets/'))).toBe(false);
      expect(result.unchanged).toBeGreaterThan(50);
      const page = fs.readFileSync(path.join(out, 'initiatives/ai2022-i06/index.html'), 'utf8');
      expect(page).toContain('訂正後の進捗の本文（試験用）。');
    }, 300_000);

    it('refuses a folder with files it did not write', async () => {
      const other = fs.mkdtempSync(path.join(os.tmpdir(), 'shinchoku-not-export-'));
      fs.writeFileSync(path.join(other, 'notes.txt'), 'mine');
      await expect(exportSite(db, source, { out: other, baseUrl: BASE })).rejects.toThrow(
        /not written by export-site/,
      );
      expect(fs.readdirSync(other)).toEqual(['notes.txt']);
      fs.rmSync(other, { recursive: true, force: true });
    }, 300_000);
  });
}
