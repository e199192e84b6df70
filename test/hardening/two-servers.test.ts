/**
 * Two servers, one PostgreSQL database, no affinity (issues #9, #20): a session made on one
 * server is honoured by the other, and concurrent edits of one entry through both end in
 * 409s, never in a lost update — the final version is 1 + the successful saves and the
 * final text is the last successful one. Concurrent first writes of one assessment give
 * one success and 409s, never a 500. A publication on one is public on the other at once.
 * Both run the background jobs on short timers against one SMTP sink: every notification
 * is e-mailed once and every deadline reminded once, with links to PUBLIC_URL.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestUsers, PASSWORD } from '../helpers/accounts.ts';
import { TEST_DATABASE_URL, type TestDb } from '../helpers/db.ts';
import { sampleDb } from '../helpers/sample.ts';
import { bodyText, headerOf, startSmtpSink, type SmtpSink } from '../helpers/smtp.ts';
import { createUser } from '../../src/services/accounts.service.ts';
import { createCycle, openCycle } from '../../src/services/cycles.service.ts';
import { importStrategy } from '../../src/services/interchange.service.ts';
import { readSample } from '../../src/services/sample.service.ts';
import { entryAudit } from './helpers/checks.ts';
import { login, type Client } from './helpers/http.ts';
import { killChildren, sleep, startServer, type Server } from './helpers/processes.ts';
import { FY2023, openNewCycle, principalOf } from './helpers/workflow.ts';

/** ai2022-i01 is owned by 総務省 (mic); "mic-editor" may write it. */
const ENTRY = `${FY2023}.ai2022-i01`;

/** A closed cycle, ready to publish (its entries accepted, assessed, summarised). */
const FY2024 = 'ai2022-fy2024';
/** An open cycle whose deadline is two days away: the servers' reminder job finds it. */
const FY2025 = 'ai2022-fy2025';
const PUBLIC_URL = 'https://shinchoku.example.go.jp';
/** Editors with an address: each is mailed every notification once. */
const MAILED = ['mic', 'mic', 'mext', 'mext', 'maff', 'meti'].map((org, i) => ({ login: `m${i}`, org }));

interface Entry {
  version: number;
  text: string;
}

/** The sample with a FY2024 cycle that is closed and complete: publishing it is one call. */
async function sampleWithClosedCycle(): Promise<unknown> {
  type Assessment = { nodeId: string; rating: string | null; narrative: string };
  const data = structuredClone(await readSample()) as {
    cycles: (Record<string, unknown> & { assessments: Assessment[] })[];
  };
  const first = data.cycles[0]!;
  // The sample leaves one target without a rating; the checklist wants them all rated.
  const assessments = first.assessments.map((a) =>
    a.rating === null || a.narrative.trim() === ''
      ? { ...a, rating: 'steady', narrative: '着実に進展している。' }
      : a,
  );
  data.cycles.push({
    ...first,
    id: FY2024,
    fiscalYear: 2024,
    asOf: '2025-04',
    state: 'closed',
    publishedAt: null,
    assessments,
  });
  return data;
}

describe.skipIf(!TEST_DATABASE_URL)('two servers on one PostgreSQL database', () => {
  let db: TestDb;
  let servers: Server[];
  let smtp: SmtpSink;

  beforeAll(async () => {
    db = await sampleDb('postgres');
    await importStrategy(db, await sampleWithClosedCycle(), { actor: 'test', replace: true });
    const users = await createTestUsers(db);
    for (const m of MAILED) {
      await createUser(
        db,
        {
          login: m.login,
          displayName: m.login,
          email: `${m.login}@example.go.jp`,
          password: PASSWORD,
          role: 'editor',
          organisationIds: [m.org],
        },
        { id: 'test', ip: '' },
      );
    }
    await openNewCycle(db, users.admin);
    const admin = principalOf(users.admin);
    const actor = { id: users.admin.id, ip: '127.0.0.1' };
    const deadline = new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 10);
    const due = await createCycle(
      db,
      'ai2022',
      { fiscalYear: 2025, asOf: '2026-04', deadline },
      admin,
      actor,
    );
    await openCycle(db, due.id, due.version, admin, actor);
    // A slow mail server widens the window in which two servers could pick the same mail.
    smtp = await startSmtpSink({ delayMs: 10 });
    const env = {
      SMTP_URL: smtp.url,
      MAIL_FROM: 'shinchoku <noreply@example.go.jp>',
      PUBLIC_URL,
      MAIL_INTERVAL_SECONDS: '0.2',
      REMINDER_INTERVAL_SECONDS: '0.3',
    };
    servers = await Promise.all([startServer(db.url, 90_000, env), startServer(db.url, 90_000, env)]);
  }, 240_000);
  afterAll(async () => {
    await killChildren();
    await smtp?.close();
    await db?.destroy();
  });

  it('honours a session made on one server on the other, and a logout on either', async () => {
    const [one, two] = servers.map((s) => s.url) as [string, string];
    const viaOne = await login(one, 'viewer', PASSWORD);
    const viaTwo = viaOne.on(two);
    const me = await viaTwo.get<{ user: { login: string } }>('/api/auth/me');
    expect(me.status).toBe(200);
    expect(me.body.user.login).toBe('viewer');
    // The CSRF token issued by one server is the session's, so the other accepts the write.
    expect((await viaTwo.post('/api/auth/logout')).status).toBe(200);
    expect((await viaOne.get('/api/auth/me')).status).toBe(401);
  });

  it('turns concurrent edits of one entry through both servers into 409s, never a lost update', async () => {
    const [one, two] = servers.map((s) => s.url) as [string, string];
    const first = await login(one, 'mic-editor', PASSWORD);
    const clients: Client[] = [first, first.on(two), first, first.on(two), first, first.on(two)];
    const successes: Entry[] = [];
    const statuses: number[] = [];
    const save = async (client: Client, version: number, text: string) => {
      const res = await client.put<Entry>(`/api/entries/${ENTRY}`, { version, text, stage: null });
      statuses.push(res.status);
      if (res.status === 200) successes.push({ version: res.body.version, text: res.body.text });
      return res;
    };

    // A duel: both servers are sent a save based on the same version at once.
    const { body: start } = await clients[0]!.get<{ entry: Entry }>(`/api/entries/${ENTRY}`);
    const duel = await Promise.all([
      save(clients[0]!, start.entry.version, '一号機からの保存'),
      save(clients[1]!, start.entry.version, '二号機からの保存'),
    ]);
    expect(duel.map((r) => r.status).sort()).toEqual([200, 409]);

    // Then six clients, three per server, read and save the same entry thirty times each.
    await Promise.all(
      clients.map(async (client, c) => {
        for (let k = 0; k < 30; k++) {
          const { body } = await client.get<{ entry: Entry }>(`/api/entries/${ENTRY}`);
          await save(client, body.entry.version, `クライアント${c}・${k}回目`);
        }
      }),
    );
    expect(statuses.filter((s) => s !== 200 && s !== 409)).toEqual([]);
    expect(statuses.filter((s) => s === 409).length).toBeGreaterThan(0);

    const final = (await clients[1]!.get<{ entry: Entry }>(`/api/entries/${ENTRY}`)).body.entry;
    expect(final.version).toBe(1 + successes.length);
    const versions = successes.map((s) => s.version).sort((a, b) => a - b);
    expect(versions).toEqual(successes.map((_, i) => i + 2));
    expect(final.text).toBe(successes.find((s) => s.version === final.version)!.text);
    const audited = (await entryAudit(db)).filter((a) => a.entityId === ENTRY && a.action === 'entry.save');
    expect(audited).toHaveLength(successes.length);
  });

  it('gives one success and 409s when both servers create the same assessment at once', async () => {
    const [one, two] = servers.map((s) => s.url) as [string, string];
    const reviewer = await login(one, 'reviewer', PASSWORD);
    const clients = [reviewer, reviewer.on(two), reviewer, reviewer.on(two)];
    const results = await Promise.all(
      clients.map((client, i) =>
        client.put(`/api/cycles/${FY2023}/assessments/ai2022-p1-g1-t2`, {
          version: null,
          rating: 'steady',
          narrative: `同時作成${i}`,
        }),
      ),
    );
    expect(results.map((r) => r.status).sort()).toEqual([200, 409, 409, 409]);
  });

  it('shows a cycle published through one server on the other within a second', async () => {
    const [one, two] = servers.map((s) => s.url) as [string, string];
    const tree = `/api/strategies/ai2022/cycles/${FY2024}/tree`;
    // The other server has been asked before (and said no), so a cache would be warm.
    for (let i = 0; i < 3; i++) expect((await fetch(`${two}${tree}`)).status).toBe(404);
    const reviewer = await login(one, 'reviewer', PASSWORD);
    const cycles = await reviewer.get<{ cycles: { id: string; version: number }[] }>(
      '/api/strategies/ai2022/cycles',
    );
    const cycle = cycles.body.cycles.find((c) => c.id === FY2024)!;
    const published = await reviewer.post<{ state: string }>(`/api/cycles/${FY2024}/publish`, {
      version: cycle.version,
    });
    expect(published.status).toBe(200);
    expect(published.body.state).toBe('published');
    const at = performance.now();
    let seen: Response | undefined;
    while (performance.now() - at < 1000) {
      const res = await fetch(`${two}${tree}`);
      if (res.status === 200) {
        seen = res;
        break;
      }
      await sleep(20);
    }
    expect(seen?.status, 'the published tree did not appear on the other server within 1 s').toBe(200);
    const body = (await seen!.json()) as { cycle: { id: string; state: string } };
    expect(body.cycle).toMatchObject({ id: FY2024, state: 'published' });
  });

  it('e-mails every notification once and reminds every editor once, with both servers running the jobs', async () => {
    const emailed = await db.kysely
      .selectFrom('users')
      .select(['id', 'login'])
      .where('email', '!=', '')
      .execute();
    expect(emailed).toHaveLength(MAILED.length);
    const ids = emailed.map((u) => u.id);
    // What must go out: each editor's notifications (two openings, the reminder, the publication).
    const pending = async () =>
      Number(
        (
          await db.kysely
            .selectFrom('notifications')
            .select((eb) => eb.fn.countAll().as('n'))
            .where('userId', 'in', ids)
            .where('emailedAt', 'is', null)
            .executeTakeFirstOrThrow()
        ).n,
      );
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline && ((await pending()) > 0 || smtp.messages.length < MAILED.length * 4)) {
      await sleep(200);
    }
    // Some more rounds of both servers' jobs: nothing more may go out.
    await sleep(1500);
    const notifications = await db.kysely
      .selectFrom('notifications')
      .select(['id', 'userId', 'kind', 'params', 'emailedAt'])
      .where('userId', 'in', ids)
      .execute();
    const kinds = notifications.map(
      (n) => `${n.kind} ${(JSON.parse(n.params) as { cycleId: string }).cycleId}`,
    );
    for (const login of MAILED.map((m) => m.login)) {
      const mine = notifications.filter((n) => n.userId === emailed.find((u) => u.login === login)!.id);
      expect(
        mine.map((n) => `${n.kind} ${(JSON.parse(n.params) as { cycleId: string }).cycleId}`).sort(),
        login,
      ).toEqual([
        `cycle_opened ${FY2023}`,
        `cycle_opened ${FY2025}`,
        `cycle_published ${FY2024}`,
        `deadline_approaching ${FY2025}`,
      ]);
    }
    expect(kinds).toHaveLength(MAILED.length * 4);
    expect(notifications.every((n) => n.emailedAt !== null)).toBe(true);

    // The sink got exactly one message per notification: per recipient, four distinct subjects.
    expect(smtp.messages).toHaveLength(MAILED.length * 4);
    const subjects = smtp.messages.map((m) => `${m.to.join()} ${headerOf(m.data, 'Subject')}`);
    expect(new Set(subjects).size).toBe(MAILED.length * 4);
    expect(subjects.filter((x) => x.startsWith('<m0@')).sort()).toEqual([
      `<m0@example.go.jp> 【進捗】${FY2023} のフォローアップが始まりました`,
      `<m0@example.go.jp> 【進捗】${FY2024} が公表されました`,
      `<m0@example.go.jp> 【進捗】${FY2025} のフォローアップが始まりました`,
      expect.stringMatching(
        new RegExp(`^<m0@example.go.jp> 【進捗】${FY2025} の提出締切（.*）が近づいています$`),
      ),
    ]);
    for (const m of MAILED) {
      expect(smtp.messages.filter((x) => x.to.join() === `<${m.login}@example.go.jp>`)).toHaveLength(4);
    }
    for (const message of smtp.messages) {
      expect(bodyText(message.data)).toContain(`${PUBLIC_URL}/tasks`);
      expect(message.data).not.toMatch(/127\.0\.0\.1/);
    }
  }, 60_000);
});
