/**
 * An editor submits several of their ministry's items at once, on both engines (issue #19):
 * all or none, each refused item named with its reason, another ministry's item refused with
 * 403, and the reviewers told once per ministry batch — an item withdrawn and submitted
 * again is not counted twice.
 */
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/api/app.ts';
import { createTestUsers, sessionsFor, type TestRole, type TestSession } from './helpers/accounts.ts';
import { ENGINES, type TestDb } from './helpers/db.ts';
import { openFy2023, sampleDb } from './helpers/sample.ts';

interface Entry {
  id: string;
  version: number;
  reviewState: string;
}
interface Item {
  entry: Entry;
  initiative: { id: string; ownerIds: string[] };
}
interface Failure {
  id: string;
  code: string;
}
interface Notice {
  id: string;
  kind: string;
  params: Record<string, string>;
  readAt: string | null;
}

for (const engine of ENGINES) {
  describe(`bulk submission on ${engine}`, () => {
    let db: TestDb;
    let app: FastifyInstance;
    let s: Record<TestRole, TestSession>;
    let cycleId: string;
    beforeAll(async () => {
      db = await sampleDb(engine);
      app = await buildApp({ db });
      const users = await createTestUsers(db);
      s = await sessionsFor(db, users);
      cycleId = (await openFy2023(db, users.admin)).cycle.id;
    });
    afterAll(async () => {
      await app.close();
      await db.destroy();
    });

    const call = (as: TestRole, method: 'GET' | 'POST' | 'PUT', url: string, payload?: unknown) =>
      app.inject({
        method,
        url,
        headers: s[as].headers,
        ...(payload !== undefined && { payload: payload as object }),
      });
    const json = <T>(res: LightMyRequestResponse): T => res.json() as T;
    const items = async () =>
      json<{ entries: Item[] }>(await call('reviewer', 'GET', `/api/cycles/${cycleId}/entries`)).entries;
    const owned = async (org: string) =>
      (await items()).filter((i) => i.initiative.ownerIds.includes(org) && i.entry.reviewState === 'draft');
    const state = async (id: string) => (await items()).find((i) => i.entry.id === id)!.entry;
    const write = async (as: TestRole, e: Entry, text: string): Promise<Entry> => {
      const res = await call(as, 'PUT', `/api/entries/${e.id}`, { version: e.version, text, stage: null });
      expect(res.statusCode, res.body).toBe(200);
      return json<Entry>(res);
    };
    const submitMany = (as: TestRole, list: Entry[]) =>
      call(as, 'POST', `/api/cycles/${cycleId}/entries/submit`, {
        items: list.map((e) => ({ id: e.id, version: e.version })),
      });
    const failures = (res: LightMyRequestResponse) =>
      json<{ error: { details: { failures: Failure[] } } }>(res).error.details.failures;
    const notices = async (as: TestRole) =>
      json<{ notifications: Notice[] }>(await call(as, 'GET', '/api/notifications')).notifications;
    const readAll = async (as: TestRole) => {
      for (const n of await notices(as)) await call(as, 'POST', `/api/notifications/${n.id}/read`);
    };
    const unreadBatches = async () =>
      (await notices('reviewer')).filter((n) => n.readAt === null && n.kind === 'entry_submitted');

    it('submits none when one item is stale or empty, and names each failed item and why', async () => {
      const [a, b, c] = await owned('mic');
      const written = await write('editor', a!.entry, '一括提出する進捗 A。');
      const stale = await write('editor', b!.entry, '一括提出する進捗 B。');
      // c has no text yet; b is sent with the version before its save
      const res = await submitMany('editor', [written, { ...stale, version: b!.entry.version }, c!.entry]);
      expect(res.statusCode, res.body).toBe(409);
      expect(failures(res)).toEqual([
        expect.objectContaining({ id: stale.id, code: 'conflict' }),
        expect.objectContaining({ id: c!.entry.id, code: 'invalid' }),
      ]);
      for (const id of [written.id, stale.id, c!.entry.id])
        expect((await state(id)).reviewState).toBe('draft');
    });

    it("refuses the whole batch with 403 when one item is another ministry's", async () => {
      const [mine] = await owned('mic');
      const [theirs] = (await owned('mhlw')).filter((i) => !i.initiative.ownerIds.includes('mic'));
      const current = await state(mine!.entry.id);
      const res = await submitMany('editor', [current, theirs!.entry]);
      expect(res.statusCode, res.body).toBe(403);
      expect(failures(res)).toEqual([expect.objectContaining({ id: theirs!.entry.id, code: 'forbidden' })]);
      expect((await state(current.id)).reviewState).toBe('draft');
      // a reviewer is not an editor of the ministry
      expect((await submitMany('reviewer', [current])).statusCode).toBe(403);
    });

    it('submits all at once and tells the reviewers in one notice for the ministry', async () => {
      await readAll('reviewer');
      const [a, b] = await owned('mic');
      const ready = [await state(a!.entry.id), await write('editor', b!.entry, '一括提出する進捗 B。')];
      const res = await submitMany('editor', ready);
      expect(res.statusCode, res.body).toBe(200);
      const done = json<{ done: Entry[] }>(res).done;
      expect(done.map((e) => [e.id, e.reviewState])).toEqual(ready.map((e) => [e.id, 'submitted']));
      const batches = await unreadBatches();
      expect(batches).toHaveLength(1);
      expect(batches[0]!.params).toMatchObject({ organisationId: 'mic', count: '2' });

      // withdrawn and submitted again: still two items in the batch, not three
      const withdrawn = await call('editor', 'POST', `/api/entries/${done[0]!.id}/withdraw`, {
        version: done[0]!.version,
      });
      expect(withdrawn.statusCode, withdrawn.body).toBe(200);
      const again = await call('editor', 'POST', `/api/entries/${done[0]!.id}/submit`, {
        version: json<Entry>(withdrawn).version,
      });
      expect(again.statusCode, again.body).toBe(200);
      const after = await unreadBatches();
      expect(after.map((n) => n.params.count)).toEqual(['2']);
    });

    it('refuses an item of another cycle as not found in this one', async () => {
      const [a] = await owned('mic');
      const current = await write('editor', a!.entry, '別の周期に送る。');
      const res = await call('editor', 'POST', `/api/cycles/ai2022-fy2022/entries/submit`, {
        items: [{ id: current.id, version: current.version }],
      });
      expect(res.statusCode, res.body).toBe(409);
      expect(failures(res)).toEqual([expect.objectContaining({ id: current.id, code: 'not_found' })]);
      expect((await state(current.id)).reviewState).toBe('draft');
    });
  });
}
