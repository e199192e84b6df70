/**
 * HTTP compression and caching as a browser and a compressing proxy see them: text answers in
 * brotli or gzip when asked (never unasked), a published tree compressed once and kept, weak
 * If-None-Match answered 304, published report downloads cacheable per revision, and the
 * built web app's precompressed assets and revalidated index page.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/api/app.ts';
import { registerWebApp } from '../src/api/static.ts';
import { ENGINES, type TestDb } from './helpers/db.ts';
import { sampleDb } from './helpers/sample.ts';

const TREE = '/api/strategies/ai2022/cycles/ai2022-fy2022/tree';
const REPORT = '/api/strategies/ai2022/cycles/ai2022-fy2022/report';

for (const engine of ENGINES) {
  describe(`compression and caching on ${engine}`, () => {
    let db: TestDb;
    let app: FastifyInstance;
    beforeAll(async () => {
      db = await sampleDb(engine);
      app = await buildApp({ db });
    });
    afterAll(async () => {
      await app.close();
      await db.destroy();
    });

    const get = (url: string, headers: Record<string, string> = {}) =>
      app.inject({ method: 'GET', url, headers });

    it('compresses JSON in brotli or gzip as the client asks, and not unasked', async () => {
      const plain = await get('/api/openapi.json');
      expect(plain.headers['content-encoding']).toBeUndefined();
      const br = await get('/api/openapi.json', { 'accept-encoding': 'gzip, deflate, br' });
      expect(br.headers['content-encoding']).toBe('br');
      expect(br.headers.vary).toMatch(/accept-encoding/i);
      expect(zlib.brotliDecompressSync(br.rawPayload).toString()).toBe(plain.body);
      expect(br.rawPayload.length).toBeLessThan(plain.rawPayload.length / 4);
      const gz = await get('/api/openapi.json', { 'accept-encoding': 'gzip' });
      expect(gz.headers['content-encoding']).toBe('gzip');
      expect(zlib.gunzipSync(gz.rawPayload).toString()).toBe(plain.body);
      const refused = await get('/api/openapi.json', { 'accept-encoding': 'br;q=0, gzip;q=0' });
      expect(refused.headers['content-encoding']).toBeUndefined();
    });

    it('compresses the CSV download but not the PPTX (already a zip)', async () => {
      const csv = await get(`${REPORT}.csv`, { 'accept-encoding': 'br' });
      expect(csv.statusCode).toBe(200);
      expect(csv.headers['content-encoding']).toBe('br');
      expect(zlib.brotliDecompressSync(csv.rawPayload).toString()).toContain('ai2022');
      const pptx = await get(`${REPORT}.pptx`, { 'accept-encoding': 'br, gzip' });
      expect(pptx.statusCode).toBe(200);
      expect(pptx.headers['content-encoding']).toBeUndefined();
      expect(pptx.rawPayload.subarray(0, 2).toString()).toBe('PK');
    });

    it('sends a published tree compressed once, the same bytes each time', async () => {
      const plain = await get(TREE);
      const first = await get(TREE, { 'accept-encoding': 'br' });
      const second = await get(TREE, { 'accept-encoding': 'br' });
      expect(first.headers['content-encoding']).toBe('br');
      expect(first.headers.etag).toBe(plain.headers.etag);
      expect(first.headers.vary).toMatch(/accept-encoding/i);
      expect(zlib.brotliDecompressSync(first.rawPayload).toString()).toBe(plain.body);
      expect(second.rawPayload.equals(first.rawPayload)).toBe(true);
      const gz = await get(TREE, { 'accept-encoding': 'gzip;q=0.5, br;q=0' });
      expect(gz.headers['content-encoding']).toBe('gzip');
      expect(zlib.gunzipSync(gz.rawPayload).toString()).toBe(plain.body);
    });

    it('answers a weak If-None-Match (what a compressing proxy sends back) with 304', async () => {
      const etag = (await get(TREE)).headers.etag as string;
      expect(etag).toMatch(/^"/);
      expect((await get(TREE, { 'if-none-match': `W/${etag}` })).statusCode).toBe(304);
      expect((await get(TREE, { 'if-none-match': `"other", W/${etag}` })).statusCode).toBe(304);
      expect((await get(TREE, { 'if-none-match': '*' })).statusCode).toBe(304);
      expect((await get(TREE, { 'if-none-match': 'W/"other"' })).statusCode).toBe(200);
    });

    it('lets a published report download be cached per revision, with its ETag', async () => {
      const newest = await get(`${REPORT}.md`);
      expect(newest.statusCode).toBe(200);
      expect(newest.headers.etag).toBe('"ai2022-fy2022.r0.md.ja"');
      expect(newest.headers['cache-control']).toBe('no-cache');
      const named = await get(`${REPORT}.md?revision=0`);
      expect(named.headers['cache-control']).toBe('public, max-age=31536000, immutable');
      const weak = await get(`${REPORT}.md`, { 'if-none-match': 'W/"ai2022-fy2022.r0.md.ja"' });
      expect(weak.statusCode).toBe(304);
      expect(weak.body).toBe('');
      const otherLang = await get(`${REPORT}.md?lang=en`, { 'if-none-match': newest.headers.etag as string });
      expect(otherLang.statusCode).toBe(200);
    });
  });
}

describe('the built web app', () => {
  let dir: string;
  let app: FastifyInstance;
  const script = `console.log(${JSON.stringify('進捗'.repeat(400))});\n`;
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shinchoku-web-'));
    fs.mkdirSync(path.join(dir, 'assets'));
    fs.writeFileSync(path.join(dir, 'index.html'), '<!doctype html><html lang="ja"><title>t</title></html>');
    fs.writeFileSync(path.join(dir, 'assets/app-abc123.js'), script);
    fs.writeFileSync(path.join(dir, 'assets/app-abc123.js.br'), zlib.brotliCompressSync(script));
    fs.writeFileSync(path.join(dir, 'assets/app-abc123.js.gz'), zlib.gzipSync(script));
    fs.writeFileSync(path.join(dir, 'build.json'), '{}');
    app = Fastify();
    expect(await registerWebApp(app, dir)).toBe(true);
  });
  afterAll(async () => {
    await app.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('serves hashed assets from their precompressed copies, cached for good', async () => {
    const br = await app.inject({ url: '/assets/app-abc123.js', headers: { 'accept-encoding': 'br' } });
    expect(br.statusCode).toBe(200);
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers['content-type']).toMatch(/javascript/);
    expect(br.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(zlib.brotliDecompressSync(br.rawPayload).toString()).toBe(script);
    const gz = await app.inject({ url: '/assets/app-abc123.js', headers: { 'accept-encoding': 'gzip' } });
    expect(gz.headers['content-encoding']).toBe('gzip');
    const plain = await app.inject({ url: '/assets/app-abc123.js' });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body).toBe(script);
  });

  it('revalidates the index page by ETag, weak or strong, and keeps the build stamp private', async () => {
    const page = await app.inject({ url: '/strategies/ai2022' });
    expect(page.statusCode).toBe(200);
    const etag = page.headers.etag as string;
    expect(etag).toMatch(/^"[\w-]+"$/);
    expect(page.headers['cache-control']).toBe('no-cache');
    expect((await app.inject({ url: '/search', headers: { 'if-none-match': `W/${etag}` } })).statusCode).toBe(
      304,
    );
    const english = await app.inject({ url: '/en/search', headers: { 'if-none-match': etag } });
    expect(english.statusCode).toBe(200);
    expect(english.body).toContain('<html lang="en">');
    expect((await app.inject({ url: '/build.json' })).statusCode).toBe(404);
  });
});
