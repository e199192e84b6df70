/**
 * What a data portal harvests, checked with tools we did not write: the DCAT catalogue
 * against the DCAT-AP 3.0.1 SHACL shapes (test/fixtures/dcat-ap/shapes.ttl, from
 * SEMICeu/DCAT-AP at 7c531da), every distribution's size and SHA-256 against the bytes the
 * server sends, the served JSON Schema validating report.json (ajv), the CSVW metadata
 * naming the CSV's real header, the licence in the data, CORS on published data only,
 * robots.txt and the sitemap.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import rdf from '@zazuko/env-node';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import type { FastifyInstance } from 'fastify';
import SHACLValidator from 'rdf-validate-shacl';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/api/app.ts';
import { importBudget, setInitiativeProjects } from '../src/services/budget.service.ts';
import { createTestUsers, sessionFor } from './helpers/accounts.ts';
import { ENGINES, type TestDb } from './helpers/db.ts';
import { openFy2023, sampleDb } from './helpers/sample.ts';

const SHAPES = new URL('./fixtures/dcat-ap/shapes.ttl', import.meta.url);
const ORIGIN = 'https://shinchoku.example.go.jp';
const PUBLISHED = '/api/strategies/ai2022/cycles/ai2022-fy2022';
const REVIEW = fs.readFileSync(path.resolve(import.meta.dirname, 'fixtures/budget/review-2023.csv'));

interface JsonLdNode {
  [key: string]: unknown;
}

async function shaclReport(doc: unknown) {
  const shapes = await rdf.dataset().import(rdf.fromFile(SHAPES.pathname));
  const parser = rdf.formats.parsers.import('application/ld+json', Readable.from([JSON.stringify(doc)]), {
    baseIRI: ORIGIN,
  });
  if (!parser) throw new Error('no JSON-LD parser');
  const data = await rdf.dataset().import(parser);
  const validator = new SHACLValidator(shapes, { factory: rdf });
  const report = await validator.validate(data);
  return {
    conforms: report.conforms,
    size: data.size,
    messages: report.results.map(
      (r) => `${r.focusNode?.value} ${r.path?.value}: ${r.message.map((m) => m.value).join(' ')}`,
    ),
  };
}

for (const engine of ENGINES) {
  describe(`open data for portals (${engine})`, () => {
    let db: TestDb;
    let app: FastifyInstance;
    let adminHeaders: Record<string, string>;
    beforeAll(async () => {
      db = await sampleDb(engine);
      // An open cycle with drafts: it must appear nowhere in what is harvested.
      const users = await createTestUsers(db);
      await openFy2023(db, users.admin);
      // The review's figures, and a project linked before FY2022 was published: budget.csv has rows.
      const actor = { id: users.admin.id, ip: '' };
      await importBudget(db, REVIEW, { fileName: 'review-2023.csv', dryRun: false, actor });
      await setInitiativeProjects(db, 'ai2022-i01', ['2022-総務-0101'], actor, '2000-01-01T00:00:00.000Z');
      adminHeaders = (await sessionFor(db, users.admin)).headers;
      app = await buildApp({ db, config: { logLevel: 'silent', trustProxy: 0, publicUrl: ORIGIN } });
    });
    afterAll(async () => {
      await app.close();
      await db.destroy();
    });
    const get = (url: string, headers: Record<string, string> = {}) =>
      app.inject({ method: 'GET', url, headers });

    it('catalogues each published cycle in DCAT-AP, and its files’ sizes and checksums are the served bytes', async () => {
      const res = await get('/catalog.jsonld');
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toMatch(/^application\/ld\+json/);
      expect(res.headers['access-control-allow-origin']).toBe('*');
      const doc = res.json() as JsonLdNode;
      const datasets = doc['dcat:dataset'] as JsonLdNode[];
      expect(datasets.map((d) => d['dct:identifier'])).toEqual(['ai2022-fy2022']);
      expect(res.body).not.toContain('ai2022-fy2023');

      const report = await shaclReport(doc);
      expect(report.size).toBeGreaterThan(60);
      expect(report.messages).toEqual([]);
      expect(report.conforms).toBe(true);

      const dataset = datasets[0]!;
      expect(dataset['dct:license']).toEqual({ '@id': 'https://creativecommons.org/licenses/by/4.0/' });
      expect(JSON.stringify(dataset['dct:rights'])).toContain('政府標準利用規約（第2.0版）');
      expect((dataset['dct:issued'] as { '@value': string })['@value']).toMatch(/^\d{4}-\d\d-\d\dT/);
      const distributions = dataset['dcat:distribution'] as JsonLdNode[];
      expect(distributions.map((d) => (d['@id'] as string).replace(/^.*\//, ''))).toEqual([
        'report.json',
        'report.csv',
        'indicators.csv',
        'budget.csv',
      ]);
      for (const d of distributions) {
        const url = (d['dcat:downloadURL'] as { '@id': string })['@id'];
        expect(url.startsWith(ORIGIN)).toBe(true);
        const file = await get(url.slice(ORIGIN.length));
        expect(file.statusCode).toBe(200);
        expect(file.headers['access-control-allow-origin']).toBe('*');
        const bytes = file.rawPayload;
        expect(Number((d['dcat:byteSize'] as { '@value': string })['@value'])).toBe(bytes.length);
        const checksum = d['spdx:checksum'] as { 'spdx:checksumValue': { '@value': string } };
        expect(checksum['spdx:checksumValue']['@value']).toBe(
          createHash('sha256').update(bytes).digest('hex'),
        );
      }
    });

    it('fails the DCAT-AP check for a dataset without a description (the check can fail)', async () => {
      const doc = (await get('/catalog.jsonld')).json() as JsonLdNode;
      const [dataset] = doc['dcat:dataset'] as JsonLdNode[];
      delete dataset!['dct:description'];
      const report = await shaclReport(doc);
      expect(report.conforms).toBe(false);
      expect(report.messages.join('\n')).toContain('http://purl.org/dc/terms/description');
    });

    it('serves the schema at its $id, and report.json names it and its licence and validates against it', async () => {
      const schemaRes = await get('/schemas/report-cycle.v1.json');
      expect(schemaRes.statusCode).toBe(200);
      const schema = schemaRes.json() as { $id: string };
      expect(schema.$id).toBe(`${ORIGIN}/schemas/report-cycle.v1.json`);
      const data = (await get(`${PUBLISHED}/report.json`)).json() as {
        $schema: string;
        licence: { name: string; attribution: string; compatibleWith: string };
        cycle: { publishedAt: string | null };
      };
      expect(data.$schema).toBe(schema.$id);
      expect(data.licence.name).toBe('政府標準利用規約（第2.0版）');
      expect(data.licence.attribution).toContain('AI戦略2022');
      expect(data.cycle.publishedAt).not.toBeNull();
      const ajv = new Ajv2020({ strict: false, allErrors: true });
      addFormats.default(ajv);
      const validate = ajv.compile(schema);
      expect(validate(data), JSON.stringify(validate.errors)).toBe(true);
      expect((await get('/schemas/nope.json')).statusCode).toBe(400);
    });

    it('describes every CSV file in CSVW with its real header row, the English columns as English; the KPI figures have their own CSV', async () => {
      const meta = (await get(`${PUBLISHED}/report.csv-metadata.json`)).json() as {
        tables: { url: string; tableSchema: { columns: { name: string; lang?: string }[] } }[];
        'dc:license': { '@id': string };
      };
      expect(meta['dc:license']['@id']).toBe('https://creativecommons.org/licenses/by/4.0/');
      expect(meta.tables.map((t) => t.url.replace(/^.*\//, ''))).toEqual([
        'report.csv',
        'indicators.csv',
        'corrections.csv',
        'budget.csv',
      ]);
      const english = meta.tables.flatMap((t) => t.tableSchema.columns.filter((c) => c.lang === 'en'));
      expect(english.map((c) => c.name)).toEqual(
        expect.arrayContaining(['initiative_title_en', 'text_en', 'overview_en', 'reason_en']),
      );
      expect(english.every((c) => c.name.endsWith('_en'))).toBe(true);
      for (const table of meta.tables) {
        const csv = await get(table.url.slice(ORIGIN.length));
        expect(csv.statusCode).toBe(200);
        const header = csv.body.replace(/^\uFEFF/, '').split('\r\n')[0]!;
        expect(header.split(',')).toEqual(table.tableSchema.columns.map((c) => c.name));
      }
      expect((await get(`${PUBLISHED}/budget.csv`)).body).toContain('2022-総務-0101');
      const figures = (await get(`${PUBLISHED}/indicators.csv`)).body;
      expect(figures.split('\r\n').length).toBeGreaterThan(3);
      expect(figures).toContain('ai2022-k1');
      // An unpublished cycle's figures are nobody's business but its staff's.
      expect((await get('/api/strategies/ai2022/cycles/ai2022-fy2023/indicators.csv')).statusCode).toBe(404);
      expect(
        (await get('/api/strategies/ai2022/cycles/ai2022-fy2023/report.csv-metadata.json')).statusCode,
      ).toBe(404);
    });

    it('lists publications and corrections in an Atom feed', async () => {
      const feed = await get('/strategies/ai2022/feed.atom');
      expect(feed.headers['content-type']).toMatch(/^application\/atom\+xml/);
      expect(feed.body).toContain('<feed xmlns="http://www.w3.org/2005/Atom"');
      expect(feed.body).toContain('進捗状況（2022年度）を公表しました');
      expect(feed.body).toContain(
        `<link rel="alternate" type="text/html" href="${ORIGIN}/strategies/ai2022/cycles/ai2022-fy2022"/>`,
      );
      expect(feed.body).not.toContain('ai2022-fy2023');
      expect((await get('/strategies/nope/feed.atom')).statusCode).toBe(404);
    });

    it('after a correction, lists the new revision with the sizes and checksums of the bytes then served', async () => {
      const entryId = 'ai2022-fy2022.ai2022-i01';
      const { entries } = (await get(`${PUBLISHED}/nodes/ai2022-p1-g1-t1/entries`)).json<{
        entries: { id: string; version: number }[];
      }>();
      const version = entries.find((e) => e.id === entryId)?.version;
      const corrected = await app.inject({
        method: 'POST',
        url: '/api/cycles/ai2022-fy2022/corrections',
        headers: { ...adminHeaders, 'content-type': 'application/json' },
        payload: JSON.stringify({
          reason: '英訳を追加',
          reasonEn: 'Added the English',
          entries: [{ id: entryId, version, textEn: 'Built the observation data service.' }],
        }),
      });
      expect(corrected.statusCode, corrected.body).toBeLessThan(300);
      const doc = (await get('/catalog.jsonld')).json() as JsonLdNode;
      const [dataset] = doc['dcat:dataset'] as JsonLdNode[];
      const at = (k: string) => (dataset![k] as { '@value': string })['@value'];
      expect(at('dct:modified') > at('dct:issued')).toBe(true);
      const csv = await get(`${PUBLISHED}/report.csv`);
      expect(csv.body).toContain('Built the observation data service.');
      for (const d of dataset!['dcat:distribution'] as JsonLdNode[]) {
        const url = (d['dcat:downloadURL'] as { '@id': string })['@id'];
        const bytes = (await get(url.slice(ORIGIN.length))).rawPayload;
        expect(Number((d['dcat:byteSize'] as { '@value': string })['@value']), url).toBe(bytes.length);
        const checksum = d['spdx:checksum'] as { 'spdx:checksumValue': { '@value': string } };
        expect(checksum['spdx:checksumValue']['@value'], url).toBe(
          createHash('sha256').update(bytes).digest('hex'),
        );
      }
      expect((await shaclReport(doc)).messages).toEqual([]);
    });

    it('points crawlers at the public pages and away from the signed-in screens', async () => {
      const robots = (await get('/robots.txt')).body;
      expect(robots).toContain('Disallow: /admin');
      expect(robots).toContain(`Sitemap: ${ORIGIN}/sitemap.xml`);
      const sitemap = await get('/sitemap.xml');
      expect(sitemap.headers['content-type']).toMatch(/^application\/xml/);
      expect(sitemap.body).toContain(`<loc>${ORIGIN}/strategies/ai2022/cycles/ai2022-fy2022/nodes/`);
      expect(sitemap.body).toContain('hreflang="en"');
      expect(sitemap.body).toContain(`<loc>${ORIGIN}/portfolio</loc>`);
      expect(sitemap.body).toContain(`<loc>${ORIGIN}/portfolio/ministries/mhlw</loc>`);
      expect(sitemap.body).not.toContain('ai2022-fy2023');
    });
  });
}
