/**
 * What the public sees of a strategy before its first publication (issue #9): nothing. A
 * strategy without a published cycle — its title, nodes, initiatives, indicators and search
 * hits — is not found for anonymous callers, as an unpublished cycle is; readers of drafts see
 * it. From its first published cycle on, the structure is public. Organisations stay public
 * (the registry of ministries is shared by every strategy), but list only visible initiatives.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/api/app.ts';
import { reindexAll } from '../../src/services/search.service.ts';
import { createTestUsers, sessionFor, type TestSession } from '../helpers/accounts.ts';
import { ENGINES, type TestDb } from '../helpers/db.ts';
import { sampleDb } from '../helpers/sample.ts';
import { ok, type ApiCall } from './helpers/corpus.ts';

for (const engine of ENGINES) {
  describe(`an unpublished strategy on ${engine}`, () => {
    let db: TestDb;
    let app: FastifyInstance;
    let s: Record<'admin' | 'reviewer' | 'editor' | 'viewer', TestSession>;
    const ids: Record<string, string> = {};
    const call: ApiCall = async (as, method, url, payload) =>
      app.inject({
        method,
        url,
        headers: as?.headers ?? {},
        ...(payload !== undefined && { payload: payload as object }),
      });

    beforeAll(async () => {
      db = await sampleDb(engine);
      const users = await createTestUsers(db);
      s = {
        admin: await sessionFor(db, users.admin),
        reviewer: await sessionFor(db, users.reviewer),
        editor: await sessionFor(db, users.editor),
        viewer: await sessionFor(db, users.viewer),
      };
      app = await buildApp({ db });
      await ok(
        call(s.admin, 'POST', '/api/strategies', {
          id: 'secret',
          title: '未発表戦略',
          titleEn: 'Unannounced strategy',
          levelLabels: [{ ja: '柱', en: 'Pillar' }],
          ownerOrganisationId: 'csti',
        }),
      );
      ids.node = (
        await ok<{ id: string }>(
          call(s.admin, 'POST', '/api/strategies/secret/nodes', { parentId: null, title: '未発表の柱' }),
        )
      ).id;
      ids.initiative = (
        await ok<{ id: string }>(
          call(s.admin, 'POST', '/api/strategies/secret/initiatives', {
            title: '未発表の施策',
            ownerIds: ['mic'],
            nodeIds: [ids.node],
          }),
        )
      ).id;
      ids.indicator = (
        await ok<{ id: string }>(
          call(s.admin, 'POST', '/api/strategies/secret/indicators', {
            nodeId: ids.node,
            initiativeId: ids.initiative,
            name: '未発表の指標',
            baselineValue: 1,
            baselinePeriod: 'FY2021-end',
            targetValue: 10,
            targetPeriod: 'FY2025',
          }),
        )
      ).id;
      const cycle = await ok<{ id: string; version: number }>(
        call(s.admin, 'POST', '/api/strategies/secret/cycles', { fiscalYear: 2023, asOf: '2024-04' }),
      );
      ids.cycle = cycle.id;
      await ok(call(s.admin, 'POST', `/api/cycles/${cycle.id}/open`, { version: cycle.version }));
      await reindexAll(db);
    });
    afterAll(async () => {
      await app?.close();
      await db?.destroy();
    });

    /** What `as` can learn of strategy `secret`, one line per way of asking. */
    const glimpses = async (as: TestSession | null): Promise<string[]> => {
      const seen: string[] = [];
      const look = async (url: string, found: (body: string) => boolean) => {
        const res = await call(as, 'GET', url);
        expect([200, 404], `${url}: ${res.body.slice(0, 200)}`).toContain(res.statusCode);
        if (res.statusCode === 200 && found(res.body)) seen.push(url);
      };
      const mentions = (body: string) => body.includes('secret') || body.includes('未発表');
      await look('/api/strategies', mentions);
      await look('/api/strategies/secret', () => true);
      await look('/api/strategies/secret/cycles', () => true);
      await look('/api/strategies/secret/indicators', () => true);
      await look(`/api/indicators/${ids.indicator}`, () => true);
      await look(`/api/initiatives/${ids.initiative}`, () => true);
      await look('/api/initiatives?strategy=secret', mentions);
      await look('/api/initiatives?organisation=mic', mentions);
      await look('/api/organisations/mic', mentions);
      await look(`/api/search?q=${encodeURIComponent('未発表')}`, mentions);
      await look(`/api/search?q=${encodeURIComponent('未発表')}&strategy=secret`, mentions);
      return seen;
    };

    it('is not found for anonymous callers anywhere, and fully visible to readers of drafts', async () => {
      expect(await glimpses(null)).toEqual([]);
      expect(await glimpses(s.viewer)).toHaveLength(11);
      // The structure of a published strategy stays public.
      expect((await call(null, 'GET', '/api/strategies/ai2022')).statusCode).toBe(200);
      expect((await call(null, 'GET', '/api/initiatives/ai2022-i01')).statusCode).toBe(200);
    });

    it('becomes public with its first published cycle', async () => {
      const { entries } = await ok<{ entries: { entry: { id: string; version: number } }[] }>(
        call(s.editor, 'GET', `/api/cycles/${ids.cycle}/entries`),
      );
      const entry = entries[0]!.entry;
      const saved = await ok<{ version: number }>(
        call(s.editor, 'PUT', `/api/entries/${entry.id}`, {
          version: entry.version,
          text: '実施した。',
          stage: null,
        }),
      );
      const submitted = await ok<{ version: number }>(
        call(s.editor, 'POST', `/api/entries/${entry.id}/submit`, { version: saved.version }),
      );
      await ok(call(s.reviewer, 'POST', `/api/entries/${entry.id}/accept`, { version: submitted.version }));
      await ok(
        call(s.reviewer, 'PUT', `/api/cycles/${ids.cycle}/assessments/${ids.node}`, {
          version: null,
          rating: 'steady',
          narrative: '着実に進展。',
        }),
      );
      await ok(
        call(s.reviewer, 'PUT', `/api/cycles/${ids.cycle}/summary`, {
          version: null,
          overall: ['着実に進展。'],
          pillars: [],
        }),
      );
      const { cycles } = await ok<{ cycles: { id: string; version: number }[] }>(
        call(s.admin, 'GET', '/api/strategies/secret/cycles'),
      );
      const version = cycles.find((c) => c.id === ids.cycle)!.version;
      await ok(call(s.admin, 'POST', `/api/cycles/${ids.cycle}/publish`, { version }));
      await reindexAll(db);
      expect(await glimpses(null)).toHaveLength(11);
    });
  });
}
