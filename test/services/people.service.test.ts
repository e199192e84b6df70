/**
 * People are shown by name and ministry, never by internal id, on both engines: in an
 * entry's history and in the version a conflict (409) carries.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/api/app.ts';
import { createTestUsers, sessionsFor, type TestRole, type TestSession } from '../helpers/accounts.ts';
import { ENGINES, type TestDb } from '../helpers/db.ts';
import { sampleDb } from '../helpers/sample.ts';

for (const engine of ENGINES) {
  describe(`people by name and ministry on ${engine}`, () => {
    let db: TestDb;
    let app: FastifyInstance;
    let s: Record<TestRole, TestSession>;
    let editorId: string;
    beforeAll(async () => {
      db = await sampleDb(engine);
      app = await buildApp({ db });
      const users = await createTestUsers(db);
      editorId = users.editor.id;
      s = await sessionsFor(db, users);
    });
    afterAll(async () => {
      await app.close();
      await db.destroy();
    });

    const call = (as: TestRole, method: 'GET' | 'POST' | 'PUT', url: string, payload?: object) =>
      app.inject({ method, url, headers: s[as].headers, ...(payload && { payload }) });

    it('names who wrote the version in a conflict, and who did what in the history', async () => {
      const created = await call('admin', 'POST', '/api/strategies/ai2022/cycles', {
        fiscalYear: 2023,
        asOf: '2024-04',
      });
      const cycle = created.json<{ id: string; version: number }>();
      expect(
        (await call('admin', 'POST', `/api/cycles/${cycle.id}/open`, { version: cycle.version })).statusCode,
      ).toBe(200);
      const entryId = `${cycle.id}.ai2022-i01`;
      const draft = { text: '最初の版', stage: null, plans: [], evidence: [] };
      const saved = await call('editor', 'PUT', `/api/entries/${entryId}`, { version: 1, ...draft });
      expect(saved.statusCode, saved.body).toBe(200);
      const stale = await call('editor', 'PUT', `/api/entries/${entryId}`, {
        version: 1,
        ...draft,
        text: '古い版から',
      });
      expect(stale.statusCode).toBe(409);
      const current = stale.json<{
        error: { details: { current: { updatedBy: string; updatedByName: string } } };
      }>().error.details.current;
      expect(current.updatedBy).toBe(editorId);
      expect(current.updatedByName).toBe('mic-editor（総務省）');
      const history = (await call('reviewer', 'GET', `/api/entries/${entryId}/history`)).json<{
        history: { actorName: string }[];
      }>().history;
      expect(history.map((h) => h.actorName)).toContain('mic-editor（総務省）');
      expect(JSON.stringify(history.map((h) => h.actorName))).not.toContain(editorId);
    });
  });
}
