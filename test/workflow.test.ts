/**
 * The whole yearly cycle through the HTTP API, on both engines: the secretariat opens a
 * cycle, ministries submit, a reviewer returns and accepts, assesses and summarises, the
 * cycle is published and the public sees it, then a correction appears as one.
 */
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/api/app.ts';
import {
  createTestUsers,
  PASSWORD,
  sessionsFor,
  type TestRole,
  type TestSession,
} from './helpers/accounts.ts';
import { ENGINES, type TestDb } from './helpers/db.ts';
import { sampleDb } from './helpers/sample.ts';
import { textDigest } from '../src/domain/outline.ts';
import { flatten } from '../src/domain/tree-builder.ts';
import type { OutlineTree } from '../src/domain/views.ts';

interface Entry {
  id: string;
  version: number;
  reviewState: string;
  initiativeId: string;
}

for (const engine of ENGINES) {
  describe(`the yearly cycle on ${engine}`, () => {
    let db: TestDb;
    let app: FastifyInstance;
    let s: Record<TestRole, TestSession>;
    beforeAll(async () => {
      db = await sampleDb(engine);
      app = await buildApp({ db });
      const users = await createTestUsers(db);
      s = await sessionsFor(db, users);
    });
    afterAll(async () => {
      await app.close();
      await db.destroy();
    });

    const call = (as: TestRole | null, method: 'GET' | 'POST' | 'PUT', url: string, payload?: unknown) =>
      app.inject({
        method,
        url,
        headers: as ? s[as].headers : {},
        ...(payload !== undefined && { payload: payload as object }),
      });
    const json = <T>(res: LightMyRequestResponse): T => res.json() as T;

    it('logs in with a password, sets a HttpOnly SameSite cookie, and logs out on the server', async () => {
      const bad = await app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { login: 'admin', password: 'nope' },
      });
      expect(bad.statusCode).toBe(401);
      const res = await app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { login: 'admin', password: PASSWORD },
      });
      expect(res.statusCode).toBe(200);
      const setCookie = String(res.headers['set-cookie']);
      expect(setCookie).toMatch(/shinchoku_session=/);
      expect(setCookie).toMatch(/HttpOnly/);
      expect(setCookie).toMatch(/SameSite=Lax/);
      const cookie = setCookie.split(';')[0]!;
      const { csrfToken } = json<{ csrfToken: string }>(res);
      const me = await app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie } });
      expect(json<{ user: { login: string } }>(me).user.login).toBe('admin');
      const noCsrf = await app.inject({ method: 'POST', url: '/api/auth/logout', headers: { cookie } });
      expect(noCsrf.statusCode).toBe(403);
      const out = await app.inject({
        method: 'POST',
        url: '/api/auth/logout',
        headers: { cookie, 'x-csrf-token': csrfToken },
      });
      expect(out.statusCode).toBe(200);
      const after = await app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie } });
      expect(after.statusCode).toBe(401);
    });

    it('runs a whole cycle from opening to a publicly visible correction', async () => {
      // The secretariat creates and opens FY2023; every initiative gets an empty draft.
      const created = await call('admin', 'POST', '/api/strategies/ai2022/cycles', {
        fiscalYear: 2023,
        asOf: '2024-04',
        deadline: '2024-01-31',
      });
      expect(created.statusCode, created.body).toBe(200);
      const cycle = json<{ id: string; version: number }>(created);
      expect((await call(null, 'GET', `/api/strategies/ai2022/cycles/${cycle.id}/tree`)).statusCode).toBe(
        404,
      );
      const opened = await call('admin', 'POST', `/api/cycles/${cycle.id}/open`, { version: cycle.version });
      expect(opened.statusCode, opened.body).toBe(200);
      const entriesOfCycle = async () =>
        json<{ entries: { entry: Entry }[] }>(
          await call('reviewer', 'GET', `/api/cycles/${cycle.id}/entries`),
        ).entries;
      expect(await entriesOfCycle()).toHaveLength(29);

      // An initiative added while the cycle is open gets its draft at once, for its ministry.
      const added = await call('admin', 'POST', '/api/strategies/ai2022/initiatives', {
        title: '年度途中に追加した施策',
        ownerIds: ['mic'],
        nodeIds: ['ai2022-p1-g1-t1'],
      });
      expect(added.statusCode, added.body).toBe(200);
      const addedId = json<{ id: string }>(added).id;
      const withAdded = json<{ entries: { entry: Entry }[] }>(
        await call('editor', 'GET', `/api/cycles/${cycle.id}/entries`),
      ).entries;
      expect(withAdded.find((m) => m.entry.initiativeId === addedId)?.entry).toMatchObject({
        id: `${cycle.id}.${addedId}`,
        reviewState: 'draft',
        version: 1,
      });
      const all = await entriesOfCycle();
      expect(all).toHaveLength(30);

      // The 総務省 editor sees only 総務省's items and is offered last year's text.
      const mine = json<{ entries: { entry: Entry; initiative: { ownerIds: string[] } }[] }>(
        await call('editor', 'GET', `/api/cycles/${cycle.id}/entries`),
      ).entries;
      expect(mine.length).toBeGreaterThan(0);
      expect(mine.every((m) => m.initiative.ownerIds.includes('mic'))).toBe(true);
      const target = mine.find((m) => m.entry.initiativeId === 'ai2022-i01')!.entry;
      const context = json<{ previous: { text: string } | null }>(
        await call('editor', 'GET', `/api/entries/${target.id}`),
      );
      expect(context.previous?.text.length).toBeGreaterThan(10);

      // Another ministry can neither read nor write it.
      expect((await call('editorOther', 'GET', `/api/entries/${target.id}`)).statusCode).toBe(404);
      const foreign = await call('editorOther', 'PUT', `/api/entries/${target.id}`, {
        version: 1,
        text: '横取り',
        stage: null,
      });
      expect(foreign.statusCode).toBe(403);

      // Draft, submit; the reviewer returns it with a comment; the ministry fixes it.
      let e = json<Entry>(
        await call('editor', 'PUT', `/api/entries/${target.id}`, {
          version: 1,
          text: '観測データ配信システムの本格運用を開始した。',
          stage: 'implemented',
        }),
      );
      expect(e.version).toBe(2);
      e = json<Entry>(
        await call('editor', 'POST', `/api/entries/${target.id}/submit`, { version: e.version }),
      );
      expect(e.reviewState).toBe('submitted');
      const returned = await call('reviewer', 'POST', `/api/entries/${target.id}/return`, {
        version: e.version,
        comment: '成果の数値を追記してください',
      });
      expect(json<Entry>(returned).reviewState).toBe('returned');
      const notes = json<{ notifications: { kind: string; params: { comment?: string } }[] }>(
        await call('editor', 'GET', '/api/notifications'),
      );
      expect(notes.notifications.map((n) => n.kind)).toEqual(
        expect.arrayContaining(['entry_returned', 'cycle_opened']),
      );
      e = json<Entry>(returned);
      e = json<Entry>(
        await call('editor', 'PUT', `/api/entries/${target.id}`, {
          version: e.version,
          text: '観測データ配信システムの本格運用を開始し、配信量は前年度の2倍となった。',
          stage: 'implemented',
        }),
      );
      e = json<Entry>(
        await call('editor', 'POST', `/api/entries/${target.id}/submit`, { version: e.version }),
      );

      // Publishing is refused while anything is outstanding, and says what.
      const early = await call('admin', 'POST', `/api/cycles/${cycle.id}/publish`, { version: 2 });
      expect(early.statusCode).toBe(409);
      expect(
        json<{ error: { details: { checklist: { ready: boolean } } } }>(early).error.details.checklist.ready,
      ).toBe(false);

      // Every other ministry submits; the reviewer accepts everything.
      for (const { entry } of all) {
        let current: Entry;
        if (entry.id !== target.id) {
          current = json<Entry>(
            await call('editorAll', 'PUT', `/api/entries/${entry.id}`, {
              version: entry.version,
              text: `${entry.initiativeId}の2023年度の進捗。`,
              stage: 'ongoing',
            }),
          );
          current = json<Entry>(
            await call('editorAll', 'POST', `/api/entries/${entry.id}/submit`, { version: current.version }),
          );
        } else current = e;
        const accepted = await call('reviewer', 'POST', `/api/entries/${entry.id}/accept`, {
          version: current.version,
        });
        expect(accepted.statusCode, accepted.body).toBe(200);
      }

      // The reviewer writes every assessment that the checklist asks for, and the summary.
      const list = json<{ assessments: { missing: string[] } }>(
        await call('reviewer', 'GET', `/api/cycles/${cycle.id}/checklist`),
      );
      expect(list.assessments.missing.length).toBeGreaterThan(10);
      for (const nodeId of list.assessments.missing) {
        const saved = await call('reviewer', 'PUT', `/api/cycles/${cycle.id}/assessments/${nodeId}`, {
          version: null,
          rating: 'steady',
          narrative: '着実に進展している。',
          needsAcceleration: false,
        });
        expect(saved.statusCode, saved.body).toBe(200);
      }
      const summary = await call('reviewer', 'PUT', `/api/cycles/${cycle.id}/summary`, {
        version: null,
        overall: ['全体として着実に進展している。'],
        pillars: [{ nodeId: 'ai2022-p1', bullets: ['危機対応のAIが進展。'] }],
      });
      expect(summary.statusCode, summary.body).toBe(200);
      const ready = json<{ ready: boolean }>(await call('admin', 'GET', `/api/cycles/${cycle.id}/checklist`));
      expect(ready.ready).toBe(true);

      // An editor cannot publish; the admin can; then the public reads it.
      expect(
        (await call('editor', 'POST', `/api/cycles/${cycle.id}/publish`, { version: 2 })).statusCode,
      ).toBe(403);
      const published = await call('admin', 'POST', `/api/cycles/${cycle.id}/publish`, { version: 2 });
      expect(published.statusCode, published.body).toBe(200);
      // What the public sees: the tree carries the entry's outline (its text's digest), and
      // the page of a node it is listed under reads the text.
      const publicEntry = async () => {
        const tree = await call(null, 'GET', `/api/strategies/ai2022/cycles/${cycle.id}/tree`);
        expect(tree.statusCode).toBe(200);
        const node = flatten(json<OutlineTree>(tree).nodes).find((n) =>
          n.items.some((i) => i.entry?.id === target.id),
        )!;
        const digest = node.items.find((i) => i.entry?.id === target.id)!.entry!.textDigest;
        const texts = await call(
          null,
          'GET',
          `/api/strategies/ai2022/cycles/${cycle.id}/nodes/${node.id}/entries`,
        );
        expect(texts.statusCode).toBe(200);
        const text = json<{ entries: { id: string; text: string }[] }>(texts).entries.find(
          (x) => x.id === target.id,
        )!.text;
        expect(digest).toBe(textDigest(text));
        return text;
      };
      expect(await publicEntry()).toContain('配信量は前年度の2倍');

      // A published cycle is immutable except through a correction with a reason.
      const entry = json<{ entry: Entry }>(await call('reviewer', 'GET', `/api/entries/${target.id}`)).entry;
      const edited = await call('editor', 'PUT', `/api/entries/${target.id}`, {
        version: entry.version,
        text: 'x',
        stage: null,
      });
      expect(edited.statusCode).toBe(409);
      expect(json<{ error: { code: string; message: string } }>(edited).error).toMatchObject({
        code: 'published',
        message: expect.stringContaining('correction') as unknown as string,
      });
      const correction = await call('reviewer', 'POST', `/api/cycles/${cycle.id}/corrections`, {
        reason: '配信量の数値に誤りがあったため訂正',
        entries: [
          {
            id: target.id,
            version: entry.version,
            text: '観測データ配信システムの本格運用を開始し、配信量は前年度の1.5倍となった。',
            stage: 'implemented',
          },
        ],
      });
      expect(correction.statusCode, correction.body).toBe(200);
      const corrections = json<{ corrections: { revision: number; reason: string }[] }>(
        await call(null, 'GET', `/api/strategies/ai2022/cycles/${cycle.id}/corrections`),
      );
      expect(corrections.corrections).toEqual([
        expect.objectContaining({ revision: 1, reason: '配信量の数値に誤りがあったため訂正' }),
      ]);
      expect(await publicEntry()).toContain('1.5倍');

      // Every step is in the audit trail, with before and after.
      const history = json<{ history: { action: string; changed: string[]; reason: string }[] }>(
        await call('reviewer', 'GET', `/api/entries/${target.id}/history`),
      ).history;
      expect(history.map((h) => h.action)).toEqual([
        'entry.save',
        'entry.submit',
        'entry.return',
        'entry.save',
        'entry.submit',
        'entry.accept',
        'entry.correct',
      ]);
      expect(history.at(-1)).toMatchObject({
        reason: '配信量の数値に誤りがあったため訂正',
        changed: ['text'],
      });
      const csv = await call('admin', 'GET', `/api/audit.csv?cycleId=${cycle.id}`);
      expect(csv.headers['content-type']).toMatch(/text\/csv/);
      expect(csv.body.startsWith('\uFEFFat,actor,ip,action')).toBe(true);
    });

    it('answers a stale write with 409 and the current state, never overwriting', async () => {
      const cycles = json<{ cycles: { id: string; state: string }[] }>(
        await call('reviewer', 'GET', '/api/strategies/ai2022/cycles'),
      );
      const created = json<{ id: string; version: number }>(
        await call('admin', 'POST', '/api/strategies/ai2022/cycles', { fiscalYear: 2024, asOf: '2025-04' }),
      );
      expect(cycles.cycles.length).toBeGreaterThan(0);
      await call('admin', 'POST', `/api/cycles/${created.id}/open`, { version: created.version });
      const id = `${created.id}.ai2022-i06`;
      const first = await call('editorAll', 'PUT', `/api/entries/${id}`, {
        version: 1,
        text: '先に保存した内容',
        stage: null,
      });
      expect(first.statusCode).toBe(200);
      const second = await call('editorAll', 'PUT', `/api/entries/${id}`, {
        version: 1,
        text: '古い版を基にした内容',
        stage: null,
      });
      expect(second.statusCode).toBe(409);
      const body = json<{ error: { code: string; details: { current: { text: string; version: number } } } }>(
        second,
      );
      expect(body.error.code).toBe('conflict');
      expect(body.error.details.current).toMatchObject({ text: '先に保存した内容', version: 2 });
      // Ten concurrent saves on the same version: exactly one wins.
      const results = await Promise.all(
        Array.from({ length: 10 }, (_, i) =>
          call('editorAll', 'PUT', `/api/entries/${id}`, { version: 2, text: `同時保存${i}`, stage: null }),
        ),
      );
      expect(results.map((r) => r.statusCode).sort()).toEqual([200, ...Array(9).fill(409)]);
      const final = json<{ entry: { text: string; version: number } }>(
        await call('reviewer', 'GET', `/api/entries/${id}`),
      ).entry;
      expect(final.version).toBe(3);
      const winner = results.findIndex((r) => r.statusCode === 200);
      expect(final.text).toBe(`同時保存${winner}`);
    });
  });
}
