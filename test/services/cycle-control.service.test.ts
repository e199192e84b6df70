/**
 * Cycle control through the HTTP API, on both engines: the secretariat changes the cycle's
 * deadline and extends one ministry's, entries past their ministry's deadline are overdue,
 * and a reminder (督促) reaches the editors of every ministry that still owes entries —
 * in the app and by e-mail — naming the items and the deadline; published cycles refuse.
 */
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/api/app.ts';
import { UNSCOPED } from '../../src/domain/access.ts';
import type { Cycle } from '../../src/domain/model.ts';
import type { Checklist } from '../../src/domain/views.ts';
import { checklist } from '../../src/services/cycles.service.ts';
import { deliverPending, type Mailer } from '../../src/services/mail.service.ts';
import { myTasks } from '../../src/services/tasks.service.ts';
import { createTestUsers, sessionsFor, type TestRole, type TestSession } from '../helpers/accounts.ts';
import { ENGINES, type TestDb } from '../helpers/db.ts';
import { openFy2023, sampleDb } from '../helpers/sample.ts';
import type { PublicUser } from '../../src/services/accounts.service.ts';

interface Reminders {
  sentAt: string;
  ministries: { organisationId: string; deadline: string | null; items: string[]; recipients: number }[];
}
type Row = Checklist['byOrganisation'][number];

for (const engine of ENGINES) {
  describe(`cycle control on ${engine}`, () => {
    let db: TestDb;
    let app: FastifyInstance;
    let users: Record<TestRole, PublicUser>;
    let s: Record<TestRole, TestSession>;
    let cycle: Cycle;
    beforeAll(async () => {
      db = await sampleDb(engine);
      app = await buildApp({ db });
      users = await createTestUsers(db);
      s = await sessionsFor(db, users);
      cycle = (await openFy2023(db, users.admin)).cycle;
      await db.kysely
        .updateTable('users')
        .set({ email: 'mic@example.go.jp' })
        .where('id', '=', users.editor.id)
        .execute();
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
    const row = (list: Checklist, org: string): Row =>
      list.byOrganisation.find((o) => o.organisationId === org)!;

    it('changes the cycle deadline from a date typed the Japanese way, audited', async () => {
      const bad = await call('admin', 'PUT', `/api/cycles/${cycle.id}/deadline`, {
        deadline: '3月末',
        version: cycle.version,
      });
      expect(bad.statusCode).toBe(400);
      expect(JSON.stringify(bad.json())).toContain('deadline');
      const res = await call('admin', 'PUT', `/api/cycles/${cycle.id}/deadline`, {
        deadline: '令和6年3月15日',
        version: cycle.version,
      });
      expect(res.statusCode).toBe(200);
      cycle = json<Cycle>(res);
      expect(cycle.deadline).toBe('2024-03-15');
      const stale = await call('admin', 'PUT', `/api/cycles/${cycle.id}/deadline`, {
        deadline: '2024-03-22',
        version: cycle.version - 1,
      });
      expect(stale.statusCode).toBe(409);
      const trail = await db.kysely
        .selectFrom('auditLog')
        .select(['action', 'entityId'])
        .where('action', '=', 'cycle.deadline')
        .execute();
      expect(trail).toEqual([{ action: 'cycle.deadline', entityId: cycle.id }]);
      expect(
        await call('editor', 'PUT', `/api/cycles/${cycle.id}/deadline`, {
          deadline: null,
          version: cycle.version,
        }),
      ).toHaveProperty('statusCode', 403);
    });

    it('creates a cycle with its deadline typed the same ways, and refuses one it cannot read', async () => {
      const bad = await call('admin', 'POST', '/api/strategies/ai2022/cycles', {
        fiscalYear: 2031,
        asOf: '2032-04',
        deadline: '3月末',
      });
      expect(bad.statusCode).toBe(400);
      const issues = json<{ error: { details: { issues: { path: string; message: string }[] } } }>(bad).error
        .details.issues;
      expect(issues).toEqual([
        expect.objectContaining({ path: 'deadline', message: expect.stringContaining('令和6年3月15日') }),
      ]);
      for (const [year, typed, iso] of [
        [2031, '令和14年1月30日', '2032-01-30'],
        [2032, '2033/1/31', '2033-01-31'],
        [2033, '', null],
      ] as const) {
        const res = await call('admin', 'POST', '/api/strategies/ai2022/cycles', {
          fiscalYear: year,
          asOf: `${year + 1}-04`,
          deadline: typed,
        });
        expect(res.statusCode, res.body).toBe(200);
        expect(json<Cycle>(res).deadline).toBe(iso);
      }
    });

    it("extends one ministry's deadline: versioned, and the effective deadline of its entries", async () => {
      const url = `/api/cycles/${cycle.id}/organisations/mic/deadline`;
      const created = await call('admin', 'PUT', url, { deadline: '2024/3/29', version: null });
      expect(created.statusCode).toBe(200);
      expect(created.json()).toEqual({
        cycleId: cycle.id,
        organisationId: 'mic',
        deadline: '2024-03-29',
        effectiveDeadline: '2024-03-29',
        version: 1,
      });
      expect((await call('admin', 'PUT', url, { deadline: '2024-04-01', version: null })).statusCode).toBe(
        409,
      );
      const changed = await call('admin', 'PUT', url, { deadline: '２０２４年４月５日', version: 1 });
      expect(json<{ deadline: string; version: number }>(changed)).toMatchObject({
        deadline: '2024-04-05',
        version: 2,
      });

      const list = json<Checklist>(await call('admin', 'GET', `/api/cycles/${cycle.id}/checklist`));
      expect(row(list, 'mic')).toMatchObject({
        deadline: '2024-04-05',
        deadlineOverride: { deadline: '2024-04-05', version: 2 },
      });
      expect(row(list, 'mhlw')).toMatchObject({ deadline: '2024-03-15', deadlineOverride: null });
    });

    it('counts entries still owed after their ministry deadline as overdue', async () => {
      // On 20 March 2024: 厚労省 (deadline 15 March) is overdue, 総務省 (extended to 5 April) is not.
      const before = await checklist(db, cycle.id, UNSCOPED, '2024-03-20');
      expect(row(before, 'mhlw').overdue).toBe(row(before, 'mhlw').outstanding);
      expect(row(before, 'mhlw').overdue).toBeGreaterThan(0);
      expect(row(before, 'mic').overdue).toBe(0);
      const after = await checklist(db, cycle.id, UNSCOPED, '2024-04-06');
      expect(row(after, 'mic').overdue).toBe(row(after, 'mic').outstanding);

      const principal = {
        userId: users.editor.id,
        login: 'mic-editor',
        displayName: 'mic-editor',
        role: 'editor' as const,
        organisationIds: ['mic'],
        via: 'session' as const,
      };
      const [mine] = await myTasks(db, principal, '2024-03-20');
      expect(mine!.toWrite.length).toBeGreaterThan(0);
      for (const task of mine!.toWrite) {
        // An item 総務省 shares with a ministry whose deadline passed is not overdue before 総務省's.
        expect(task.overdue).toBe(false);
      }
      const [mhlw] = await myTasks(
        db,
        { ...principal, userId: users.editorOther.id, organisationIds: ['mhlw'] },
        '2024-03-20',
      );
      const alone = mhlw!.toWrite.filter((x) => x.initiative.ownerIds.length === 1);
      expect(alone.length).toBeGreaterThan(0);
      expect(alone.every((x) => x.overdue && x.deadline === '2024-03-15')).toBe(true);

      // Over HTTP, today is long after 2024: the editor's tasks say overdue.
      const tasks = json<{ tasks: { toWrite: { overdue: boolean; deadline: string }[] }[] }>(
        await call('editor', 'GET', '/api/me/tasks'),
      );
      expect(tasks.tasks[0]!.toWrite.every((x) => x.overdue && x.deadline === '2024-04-05')).toBe(true);
    });

    it('reminds the ministries that owe entries, naming the items and the deadline; not those that are done', async () => {
      // One ministry submits everything it owes.
      const list = json<Checklist>(await call('admin', 'GET', `/api/cycles/${cycle.id}/checklist`));
      const done = list.byOrganisation
        .filter((o) => !['mic', 'mhlw'].includes(o.organisationId))
        .sort((a, b) => a.total - b.total)[0]!;
      const entries = json<{
        entries: { entry: { id: string; version: number }; initiative: { ownerIds: string[] } }[];
      }>(await call('editorAll', 'GET', `/api/cycles/${cycle.id}/entries`)).entries.filter((e) =>
        e.initiative.ownerIds.includes(done.organisationId),
      );
      for (const { entry } of entries) {
        const saved = await call('editorAll', 'PUT', `/api/entries/${entry.id}`, {
          version: entry.version,
          text: '実施した。',
          stage: null,
        });
        expect(saved.statusCode).toBe(200);
        const submitted = await call('editorAll', 'POST', `/api/entries/${entry.id}/submit`, {
          version: json<{ version: number }>(saved).version,
        });
        expect(submitted.statusCode).toBe(200);
      }

      const res = await call('admin', 'POST', `/api/cycles/${cycle.id}/reminders`, {});
      expect(res.statusCode).toBe(200);
      const sent = json<Reminders>(res);
      const ids = sent.ministries.map((m) => m.organisationId);
      expect(ids).not.toContain(done.organisationId);
      expect(ids).toEqual(expect.arrayContaining(['mic', 'mhlw']));
      const mic = sent.ministries.find((m) => m.organisationId === 'mic')!;
      expect(mic.deadline).toBe('2024-04-05');
      expect(mic.recipients).toBe(2); // mic-editor and all-editor
      const micEntries = json<{
        entries: { entry: { reviewState: string }; initiative: { title: string } }[];
      }>(await call('editor', 'GET', `/api/cycles/${cycle.id}/entries`)).entries.filter(
        (e) => e.entry.reviewState === 'draft',
      );
      expect(mic.items.sort()).toEqual(micEntries.map((e) => e.initiative.title).sort());

      const inbox = json<{ notifications: { kind: string; params: Record<string, string> }[] }>(
        await call('editor', 'GET', '/api/notifications'),
      ).notifications;
      const reminder = inbox.find((n) => n.kind === 'reminder')!;
      expect(reminder.params).toMatchObject({
        cycleId: cycle.id,
        deadline: '2024-04-05',
        count: String(mic.items.length),
      });
      expect(reminder.params.items).toContain(`「${mic.items[0]}」`);

      const after = json<Checklist>(await call('admin', 'GET', `/api/cycles/${cycle.id}/checklist`));
      expect(row(after, 'mic').lastRemindedAt).toBe(sent.sentAt);
      expect(row(after, done.organisationId).lastRemindedAt).toBeNull();

      // The same reminder by e-mail, through the outbox.
      const mails: { to: string; subject: string; text: string }[] = [];
      const mailer: Mailer = { send: async (m) => void mails.push(m) };
      await deliverPending(db, mailer, 'https://shinchoku.example');
      const mail = mails.find((m) => m.to === 'mic@example.go.jp' && m.subject.includes('督促'))!;
      expect(mail.text).toContain(`「${mic.items[0]}」`);
      expect(mail.text).toContain('令和6年4月5日（金）');
      expect(mail.text).toContain('Friday, 5 April 2024');
    });

    it('reminds one ministry on request, and only while the cycle is open', async () => {
      const one = json<Reminders>(
        await call('admin', 'POST', `/api/cycles/${cycle.id}/reminders`, { organisationId: 'mhlw' }),
      );
      expect(one.ministries.map((m) => m.organisationId)).toEqual(['mhlw']);
      expect(one.ministries[0]!.deadline).toBe('2024-03-15');
      expect(await call('reviewer', 'POST', `/api/cycles/${cycle.id}/reminders`, {})).toHaveProperty(
        'statusCode',
        403,
      );

      const closed = json<Cycle>(
        await call('admin', 'POST', `/api/cycles/${cycle.id}/close`, { version: cycle.version }),
      );
      expect(closed.state).toBe('closed');
      const inbox = json<{ notifications: { kind: string }[] }>(
        await call('editor', 'GET', '/api/notifications'),
      ).notifications;
      expect(inbox.map((n) => n.kind)).toContain('cycle_closed');
      expect((await call('admin', 'POST', `/api/cycles/${cycle.id}/reminders`, {})).statusCode).toBe(409);
      const reopened = await call('admin', 'POST', `/api/cycles/${cycle.id}/open`, {
        version: closed.version,
      });
      expect(json<Cycle>(reopened).state).toBe('open');
    });

    it('refuses deadline changes and reminders on a published cycle', async () => {
      const published = 'ai2022-fy2022';
      const version = json<{ cycles: Cycle[] }>(
        await call('admin', 'GET', '/api/strategies/ai2022'),
      ).cycles.find((c) => c.id === published)!.version;
      for (const res of [
        await call('admin', 'PUT', `/api/cycles/${published}/deadline`, { deadline: '2023-03-31', version }),
        await call('admin', 'PUT', `/api/cycles/${published}/organisations/mic/deadline`, {
          deadline: '2023-03-31',
          version: null,
        }),
        await call('admin', 'POST', `/api/cycles/${published}/reminders`, {}),
      ]) {
        expect(res.statusCode).toBe(409);
        expect(json<{ error: { code: string } }>(res).error.code).toBe('published');
      }
      expect(
        await db.kysely
          .selectFrom('cycleDeadlines')
          .select('cycleId')
          .where('cycleId', '=', published)
          .execute(),
      ).toEqual([]);
    });
  });
}
