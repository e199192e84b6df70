/**
 * Report downloads through the API and the CLI: media types, Japanese file names with an
 * ASCII fallback, English labels with ?lang=en, and an unpublished or missing cycle hidden
 * (404 for anonymous callers; a one-line CLI error unless --draft).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES, type TestDb } from '../../../test/helpers/db.ts';
import { sampleDb } from '../../../test/helpers/sample.ts';
import { createCycle } from '../../services/cycles.service.ts';
import { main } from '../../cli/main.ts';
import { buildApp } from '../app.ts';

const BASE = '/api/strategies/ai2022/cycles';
const SYSTEM_ADMIN = {
  userId: 'test-admin',
  login: 'admin',
  displayName: 'admin',
  role: 'admin' as const,
  organisationIds: [],
  via: 'session' as const,
};

for (const engine of ENGINES) {
  describe(`report downloads (${engine})`, () => {
    let db: TestDb;
    let app: FastifyInstance;
    let draftId: string;
    beforeAll(async () => {
      db = await sampleDb(engine);
      app = await buildApp({ db });
      const draft = await createCycle(db, 'ai2022', { fiscalYear: 2023, asOf: '2024-04' }, SYSTEM_ADMIN, {
        id: 'test-admin',
        ip: '',
      });
      draftId = draft.id;
    });
    afterAll(async () => {
      await app.close();
      await db.destroy();
    });
    const get = (url: string) => app.inject({ method: 'GET', url });

    it('serves every format with its media type and a Japanese file name', async () => {
      const types: Record<string, RegExp> = {
        pptx: /presentationml\.presentation/,
        html: /^text\/html; charset=utf-8/,
        md: /^text\/markdown; charset=utf-8/,
        xlsx: /spreadsheetml\.sheet/,
        csv: /^text\/csv; charset=utf-8/,
        json: /^application\/json; charset=utf-8/,
      };
      for (const [format, type] of Object.entries(types)) {
        const res = await get(`${BASE}/ai2022-fy2022/report.${format}`);
        expect(res.statusCode, format).toBe(200);
        expect(res.headers['content-type']).toMatch(type);
        const disposition = String(res.headers['content-disposition']);
        expect(disposition).toContain(`filename="ai2022_ai2022-fy2022.${format}"`);
        const encoded = /filename\*=UTF-8''([^;]+)/.exec(disposition)![1]!;
        expect(decodeURIComponent(encoded)).toBe(`AI戦略2022_進捗状況_2022年度.${format}`);
        expect(res.rawPayload.length).toBeGreaterThan(1000);
      }
    });

    it('renders English labels and dates with ?lang=en', async () => {
      const md = (await get(`${BASE}/ai2022-fy2022/report.md?lang=en`)).body;
      expect(md).toContain('# Progress of "AI Strategy 2022"');
      expect(md).toContain('April 2023');
      expect(md).toContain('**Main progress**');
      expect(md).toContain('Ministry of Internal Affairs and Communications');
    });

    it('hides unpublished and unknown cycles, rejects unknown formats', async () => {
      expect((await get(`${BASE}/${draftId}/report.pptx`)).statusCode).toBe(404);
      expect((await get(`${BASE}/nope/report.md`)).statusCode).toBe(404);
      expect((await get(`/api/strategies/nope/cycles/ai2022-fy2022/report.md`)).statusCode).toBe(404);
      expect((await get(`${BASE}/ai2022-fy2022/report.docx`)).statusCode).toBe(400);
    });

    it('CLI: writes the file; an unpublished cycle needs --draft and is marked', async () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shinchoku-report-'));
      const saved = process.env.DATABASE_URL;
      process.env.DATABASE_URL = engine === 'sqlite' ? `sqlite:${db.url}` : db.url;
      try {
        const out = path.join(dir, 'r.md');
        const args = ['node', 'shinchoku', 'report', '--strategy', 'ai2022', '--format', 'md'];
        expect(await main([...args, '--cycle', 'ai2022-fy2022', '--out', out])).toBe(0);
        expect(fs.readFileSync(out, 'utf8')).toMatch(/^# 「AI戦略2022」の進捗状況/);
        expect(await main([...args, '--cycle', draftId, '--out', out])).toBe(1);
        expect(await main([...args, '--cycle', draftId, '--out', out, '--draft'])).toBe(0);
        expect(fs.readFileSync(out, 'utf8')).toContain('未公開（下書き）');
        expect(await main([...args, '--cycle', 'ai2022-fy2022', '--out', out, '--lang', 'fr'])).toBe(1);
      } finally {
        if (saved === undefined) delete process.env.DATABASE_URL;
        else process.env.DATABASE_URL = saved;
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });
  });
}
