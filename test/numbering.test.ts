/**
 * Readable ids and automatic numbers for what the secretariat adds, on both engines: a new
 * target under a goal gets the goal's next code and an id like its siblings', a new
 * initiative the strategy's next number; existing ids stay as they are.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/api/app.ts';
import { createTestUsers, sessionsFor, type TestRole, type TestSession } from './helpers/accounts.ts';
import { ENGINES, type TestDb } from './helpers/db.ts';
import { sampleDb } from './helpers/sample.ts';

interface Node {
  id: string;
  parentId: string | null;
  code: string;
}

for (const engine of ENGINES) {
  describe(`numbering new nodes and initiatives on ${engine}`, () => {
    let db: TestDb;
    let app: FastifyInstance;
    let s: Record<TestRole, TestSession>;
    beforeAll(async () => {
      db = await sampleDb(engine);
      app = await buildApp({ db });
      s = await sessionsFor(db, await createTestUsers(db));
    });
    afterAll(async () => {
      await app.close();
      await db.destroy();
    });

    const call = (method: 'GET' | 'POST', url: string, payload?: object) =>
      app.inject({ method, url, headers: s.admin.headers, ...(payload && { payload }) });
    const nodes = async () =>
      (await call('GET', '/api/strategies/ai2022/nodes')).json<{ nodes: Node[] }>().nodes;

    it('numbers a new target within its goal and names it like its siblings', async () => {
      const before = await nodes();
      const goal = before.find((n) => n.id === 'ai2022-p1-g1')!;
      const siblings = before.filter((n) => n.parentId === goal.id);
      const res = await call('POST', '/api/strategies/ai2022/nodes', {
        parentId: goal.id,
        title: '新しい目標',
      });
      expect(res.statusCode, res.body).toBe(200);
      const created = res.json<Node>();
      expect(created.id).toBe(`ai2022-p1-g1-t${siblings.length + 1}`);
      expect(created.code).toBe(`${goal.code}.${siblings.length + 1}`);
      // A code the secretariat gives is kept; the next one still gets its own id.
      const given = await call('POST', '/api/strategies/ai2022/nodes', {
        parentId: goal.id,
        title: '番号を指定',
        code: '1.1.X',
      });
      expect(given.json()).toMatchObject({ id: `ai2022-p1-g1-t${siblings.length + 2}`, code: '1.1.X' });
      const after = await nodes();
      expect(after.filter((n) => before.some((b) => b.id === n.id))).toEqual(before);
    });

    it('gives a new initiative the strategy’s next number', async () => {
      const res = await call('POST', '/api/strategies/ai2022/initiatives', {
        title: '新しい施策',
        ownerIds: ['mic'],
        nodeIds: ['ai2022-p1-g1-t1'],
      });
      expect(res.statusCode, res.body).toBe(200);
      const first = res.json<{ id: string }>().id;
      expect(first).toMatch(/^ai2022-i\d{2}$/);
      const again = await call('POST', '/api/strategies/ai2022/initiatives', {
        title: 'もう一つ',
        ownerIds: ['mic'],
        nodeIds: ['ai2022-p1-g1-t1'],
      });
      expect(again.json<{ id: string }>().id).toBe(`ai2022-i${Number(first.slice(8)) + 1}`);
    });
  });
}
