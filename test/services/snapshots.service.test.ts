import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/api/app.ts';
import { countQueries } from '../../src/db/database.ts';
import { ANONYMOUS } from '../../src/domain/access.ts';
import type { ProgressEntry } from '../../src/domain/model.ts';
import { textDigest } from '../../src/domain/outline.ts';
import { flatten } from '../../src/domain/tree-builder.ts';
import type { OutlineTree } from '../../src/domain/views.ts';
import { getTreeJson } from '../../src/services/strategies.service.ts';
import { createTestUsers, sessionFor, type TestSession } from '../helpers/accounts.ts';
import { ENGINES, type TestDb } from '../helpers/db.ts';
import { sampleDb } from '../helpers/sample.ts';

const TREE = '/api/strategies/ai2022/cycles/ai2022-fy2022/tree';

for (const engine of ENGINES) {
  describe(`published snapshots on ${engine}`, () => {
    let db: TestDb;
    let app: FastifyInstance;
    let admin: TestSession;
    let reviewer: TestSession;
    beforeAll(async () => {
      db = await sampleDb(engine);
      app = await buildApp({ db });
      const users = await createTestUsers(db);
      admin = await sessionFor(db, users.admin);
      reviewer = await sessionFor(db, users.reviewer);
    });
    afterAll(async () => {
      await app.close();
      await db.destroy();
    });

    /** The FY2022 snapshot of a revision as stored (every record in full). */
    const storedTree = async (revision: number) =>
      (
        await db.kysely
          .selectFrom('cycleSnapshots')
          .select('tree')
          .where('cycleId', '=', 'ai2022-fy2022')
          .where('revision', '=', revision)
          .executeTakeFirstOrThrow()
      ).tree;

    it('serves a published tree with an ETag, answers 304 when unchanged, from memory once read', async () => {
      const first = await app.inject({ method: 'GET', url: TREE });
      const etag = first.headers.etag as string;
      expect(etag).toBe('"ai2022-fy2022.r0"');
      const again = await app.inject({ method: 'GET', url: TREE, headers: { 'if-none-match': etag } });
      expect(again.statusCode).toBe(304);
      expect(again.body).toBe('');
      // From memory: the same bytes, as UTF-8 JSON, with their length.
      const kept = await app.inject({ method: 'GET', url: TREE });
      expect(kept.statusCode).toBe(200);
      expect(kept.headers['content-type']).toBe('application/json; charset=utf-8');
      expect(kept.body).toBe(first.body);
      expect(Number(kept.headers['content-length'])).toBe(Buffer.byteLength(first.body));
      expect((kept.json() as { strategy: { id: string } }).strategy.id).toBe('ai2022');
      // Read moments ago: no statement at all.
      const now = await countQueries(() => getTreeJson(db, 'ai2022', 'ai2022-fy2022', ANONYMOUS));
      expect(now.queries).toBe(0);
      // A second later the revision is checked again (another server may have corrected it):
      // one small statement, and the kept text is served.
      await new Promise((r) => setTimeout(r, 1_100));
      const later = await countQueries(() => getTreeJson(db, 'ai2022', 'ai2022-fy2022', ANONYMOUS));
      expect(later.queries).toBe(1);
      expect(later.result.json).toBe(now.result.json);
    });

    it("shows another server's new revision within a second", async () => {
      const shown = await getTreeJson(db, 'ai2022', 'ai2022-fy2022', ANONYMOUS);
      // Another process writes revision 7 straight into the database (nothing here hears of
      // it): the frozen tree, entries in full, with another date.
      const tree = JSON.parse(await storedTree(0)) as { cycle: { asOf: string } };
      await db.kysely
        .insertInto('cycleSnapshots')
        .values({
          cycleId: 'ai2022-fy2022',
          revision: 7,
          createdAt: '2024-06-01T00:00:00.000Z',
          tree: JSON.stringify({ ...tree, cycle: { ...tree.cycle, asOf: '2099-01' } }),
          contentHash: '',
        })
        .execute();
      await new Promise((r) => setTimeout(r, 1_100));
      const next = await getTreeJson(db, 'ai2022', 'ai2022-fy2022', ANONYMOUS);
      expect(next.etag).toBe('"ai2022-fy2022.r7"');
      expect((JSON.parse(next.json) as { cycle: { asOf: string } }).cycle.asOf).toBe('2099-01');
      await db.kysely.deleteFrom('cycleSnapshots').where('revision', '=', 7).execute();
      await new Promise((r) => setTimeout(r, 1_100));
      expect((await getTreeJson(db, 'ai2022', 'ai2022-fy2022', ANONYMOUS)).etag).toBe(shown.etag);
    });

    it('keeps the published cycle as it was when the structure changes later', async () => {
      const before = (await app.inject({ method: 'GET', url: TREE })).json() as {
        nodes: { id: string; title: string; version?: number }[];
      };
      const node = await db.kysely
        .selectFrom('nodes')
        .select(['version', 'title'])
        .where('id', '=', 'ai2022-p1')
        .executeTakeFirstOrThrow();
      const renamed = await app.inject({
        method: 'PATCH',
        url: '/api/nodes/ai2022-p1',
        headers: admin.headers,
        payload: { version: node.version, title: '改称後の柱' },
      });
      expect(renamed.statusCode, renamed.body).toBe(200);
      const after = (await app.inject({ method: 'GET', url: TREE })).json() as { nodes: { title: string }[] };
      expect(after.nodes[0]?.title).toBe(before.nodes[0]?.title);
      expect(after.nodes[0]?.title).toBe('差し迫った危機への対処');
    });

    it('patches a correction into a new revision with a new ETag', async () => {
      const entry = await db.kysely
        .selectFrom('progressEntries')
        .select(['id', 'version', 'stage'])
        .where('id', '=', 'ai2022-fy2022.ai2022-i06')
        .executeTakeFirstOrThrow();
      const res = await app.inject({
        method: 'POST',
        url: '/api/cycles/ai2022-fy2022/corrections',
        headers: reviewer.headers,
        payload: {
          reason: '衛星名の表記を訂正',
          entries: [
            {
              id: entry.id,
              version: entry.version,
              text: 'GOSAT-GWの観測スペクトルからCO2濃度を推計するモデルを構築（訂正版）。',
              stage: entry.stage,
            },
          ],
        },
      });
      expect(res.statusCode, res.body).toBe(200);
      const tree = await app.inject({
        method: 'GET',
        url: TREE,
        headers: { 'if-none-match': '"ai2022-fy2022.r0"' },
      });
      expect(tree.statusCode).toBe(200);
      expect(tree.headers.etag).toBe('"ai2022-fy2022.r1"');
      // The tree carries the corrected text's digest; the node's entries, the text.
      const corrected = 'GOSAT-GWの観測スペクトルからCO2濃度を推計するモデルを構築（訂正版）。';
      const outline = tree.json() as OutlineTree;
      const node = flatten(outline.nodes).find((n) => n.items.some((i) => i.entry?.id === entry.id))!;
      expect(node.items.find((i) => i.entry?.id === entry.id)?.entry?.textDigest).toBe(textDigest(corrected));
      const texts = await app.inject({
        method: 'GET',
        url: `/api/strategies/ai2022/cycles/ai2022-fy2022/nodes/${node.id}/entries`,
      });
      expect(texts.statusCode, texts.body).toBe(200);
      expect(
        (texts.json() as { entries: ProgressEntry[] }).entries.find((e) => e.id === entry.id)?.text,
      ).toBe(corrected);
      // Still the structure as published, not the renamed pillar.
      expect(tree.body).not.toContain('改称後の柱');
      // The snapshot itself keeps the entries in full: reports are made from it.
      expect(await storedTree(1)).toContain(corrected);
    });
  });
}
