/**
 * Two servers, one PostgreSQL database, no affinity (issue #9): a session made on one
 * server is honoured by the other, and concurrent edits of one entry through both end in
 * 409s, never in a lost update — the final version is 1 + the successful saves and the
 * final text is the last successful one. Concurrent first writes of one assessment give
 * one success and 409s, never a 500.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestUsers, PASSWORD } from '../helpers/accounts.ts';
import { TEST_DATABASE_URL, type TestDb } from '../helpers/db.ts';
import { sampleDb } from '../helpers/sample.ts';
import { entryAudit } from './helpers/checks.ts';
import { login, type Client } from './helpers/http.ts';
import { killChildren, startServer, type Server } from './helpers/processes.ts';
import { FY2023, openNewCycle } from './helpers/workflow.ts';

/** ai2022-i01 is owned by 総務省 (mic); "mic-editor" may write it. */
const ENTRY = `${FY2023}.ai2022-i01`;

interface Entry {
  version: number;
  text: string;
}

describe.skipIf(!TEST_DATABASE_URL)('two servers on one PostgreSQL database', () => {
  let db: TestDb;
  let servers: Server[];

  beforeAll(async () => {
    db = await sampleDb('postgres');
    const users = await createTestUsers(db);
    await openNewCycle(db, users.admin);
    servers = await Promise.all([startServer(db.url), startServer(db.url)]);
  }, 240_000);
  afterAll(async () => {
    await killChildren();
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
});
