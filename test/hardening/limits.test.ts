/**
 * Size limits and hostile files (issue #9): a 2 MB JSON body is a 413 with a JSON error on
 * every kind of route (also when it arrives chunked, without a length), deeply nested JSON
 * is a 400, an XLSX zip bomb is refused before anything unpacks it — by the structure
 * importer and by every upload route of the route table — and file names the server
 * hands out or is handed cannot climb out of a directory.
 */
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/api/app.ts';
import { routes } from '../../src/api/routes/index.ts';
import { registerSurveyUpload, XLSX_TYPE } from '../../src/api/routes/survey.ts';
import { knownOrganisations, readStructure } from '../../src/services/imports.service.ts';
import { createTestUsers, sessionFor, type TestSession } from '../helpers/accounts.ts';
import { ENGINES, type TestDb } from '../helpers/db.ts';
import { sampleDb } from '../helpers/sample.ts';
import { exportAll } from './helpers/checks.ts';
import { xlsxZipBomb } from './helpers/files.ts';
import { FY2023, openNewCycle } from './helpers/workflow.ts';

const MB = 1024 * 1024;
const ENTRY = `${FY2023}.ai2022-i01`;

/** Every route that takes a file as its raw body (an uploaded workbook or CSV). */
const uploadRoutes = routes.filter((r) => r.method !== 'GET' && (r.consumes?.length ?? 0) > 0);
/** Those that take a workbook: a zip bomb is theirs to refuse. */
const workbookRoutes = uploadRoutes.filter((r) => r.consumes?.includes(XLSX_TYPE));

/** A JSON body of `bytes` bytes that is otherwise a valid entry save. */
const bigEntryBody = (bytes: number) =>
  JSON.stringify({ version: 1, text: 'あ'.repeat(Math.ceil(bytes / 3)), stage: null });

/** Sends a body in chunks with no content-length, over a real socket. */
function sendChunked(port: number, url: string, headers: Record<string, string>, body: string) {
  return new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        path: url,
        method: 'PUT',
        headers: { ...headers, 'content-type': 'application/json' },
      },
      (res) => {
        let text = '';
        res.on('data', (d: Buffer) => (text += d.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
      },
    );
    // The server may answer and close before the whole body is sent.
    req.on('error', (err) => ((err as NodeJS.ErrnoException).code === 'EPIPE' ? undefined : reject(err)));
    for (let i = 0; i < body.length; i += 64 * 1024) req.write(body.slice(i, i + 64 * 1024));
    req.end();
  });
}

for (const engine of ENGINES) {
  describe(`request limits on ${engine}`, () => {
    let db: TestDb;
    let app: FastifyInstance;
    let editor: TestSession;
    let admin: TestSession;
    let port: number;
    beforeAll(async () => {
      db = await sampleDb(engine);
      const users = await createTestUsers(db);
      await openNewCycle(db, users.admin);
      editor = await sessionFor(db, users.editor);
      admin = await sessionFor(db, users.admin);
      app = await buildApp({ db });
      registerSurveyUpload(app);
      await app.listen({ port: 0, host: '127.0.0.1' });
      port = (app.server.address() as { port: number }).port;
    });
    afterAll(async () => {
      await app?.close();
      await db?.destroy();
    });

    it('answers a 2 MB JSON body with 413 and a JSON error, public or signed in, and writes nothing', async () => {
      const before = await exportAll(db);
      const cases = [
        { method: 'POST' as const, url: '/api/auth/login', headers: {} },
        { method: 'PUT' as const, url: `/api/entries/${ENTRY}`, headers: editor.headers },
        { method: 'POST' as const, url: '/api/strategies', headers: admin.headers },
      ];
      for (const c of cases) {
        const res = await app.inject({
          ...c,
          headers: { ...c.headers, 'content-type': 'application/json' },
          payload: bigEntryBody(2 * MB),
        });
        expect(res.statusCode, c.url).toBe(413);
        expect(res.headers['content-type']).toMatch(/^application\/json/);
        expect(res.json()).toMatchObject({ error: { code: 'too_large' } });
      }
      const chunked = await sendChunked(port, `/api/entries/${ENTRY}`, editor.headers, bigEntryBody(2 * MB));
      expect(chunked.status).toBe(413);
      expect(JSON.parse(chunked.body)).toMatchObject({ error: { code: 'too_large' } });
      expect(await exportAll(db)).toEqual(before);
    });

    it('answers deeply nested JSON with 400, and a body just under the limit by its schema', async () => {
      const nested = `${'['.repeat(200_000)}${']'.repeat(200_000)}`;
      const deep = await app.inject({
        method: 'PUT',
        url: `/api/entries/${ENTRY}`,
        headers: { ...editor.headers, 'content-type': 'application/json' },
        payload: nested,
      });
      expect(deep.statusCode).toBe(400);
      expect(deep.json()).toMatchObject({ error: { code: 'invalid' } });
      const under = await app.inject({
        method: 'PUT',
        url: `/api/entries/${ENTRY}`,
        headers: { ...editor.headers, 'content-type': 'application/json' },
        payload: bigEntryBody(900 * 1024),
      });
      // Within the body limit, the text is judged by its own limit (20,000 characters).
      expect(under.statusCode).toBe(400);
      expect(under.json()).toMatchObject({ error: { code: 'invalid' } });
    });

    it.skipIf(uploadRoutes.length === 0)(
      'refuses an XLSX zip bomb, an oversized file and a climbing file name on every upload route',
      async () => {
        const bomb = await xlsxZipBomb(120);
        const target = path.join(os.tmpdir(), `shinchoku-traversal-${process.pid}.xlsx`);
        const before = await exportAll(db);
        for (const route of workbookRoutes) {
          const url = route.url.replace(':cycleId', FY2023);
          const started = Date.now();
          const res = await app.inject({
            method: route.method,
            url,
            headers: {
              ...editor.headers,
              'content-type': XLSX_TYPE,
              // The name is the client's; the server must not use it as a path.
              'content-disposition': `attachment; filename="../../../..${target}"`,
            },
            payload: bomb,
          });
          expect(res.statusCode, `${route.method} ${route.url}: ${res.body.slice(0, 300)}`).toBe(400);
          expect(JSON.stringify(res.json())).toMatch(/ratio|too_large_unpacked/);
          expect(Date.now() - started).toBeLessThan(10_000);
        }
        for (const route of uploadRoutes) {
          const huge = await app.inject({
            method: route.method,
            url: route.url.replace(':cycleId', FY2023),
            headers: { ...admin.headers, 'content-type': route.consumes![0]! },
            payload: Buffer.alloc(11 * MB, 0x50),
          });
          expect(huge.statusCode, route.url).toBe(413);
          expect(huge.json()).toMatchObject({ error: { code: 'too_large' } });
        }
        expect(fs.existsSync(target)).toBe(false);
        expect(await exportAll(db)).toEqual(before);
      },
      60_000,
    );
  });
}

describe('files handed to the importers', () => {
  it('refuses an XLSX zip bomb in the structure importer before unpacking it', async () => {
    const bomb = await xlsxZipBomb(120);
    expect(bomb.length).toBeLessThan(MB);
    const result = await readStructure([{ name: 'bomb.xlsx', bytes: bomb }], {
      knownOrganisations: await knownOrganisations(null),
    });
    expect(result.ok).toBe(false);
    expect(result.problems.map((p) => p.code)).toEqual([
      expect.stringMatching(/^(file\.too_large|xlsx\.corrupt)$/),
    ]);
    expect(result.problems[0]?.params.file).toBe('bomb.xlsx');
  }, 60_000);
});
