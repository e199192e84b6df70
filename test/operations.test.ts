/**
 * Operations endpoints and request handling (issue #18 part 7, #20 part 3): liveness and
 * readiness, Prometheus metrics and who may read them, structured request logs, JSON bodies
 * that are not UTF-8, and protected routes refusing a caller without credentials before
 * reading the body.
 */
import net from 'node:net';
import { Writable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { z } from 'zod';
import { buildApp } from '../src/api/app.ts';
import { createMetrics, type Metrics } from '../src/api/metrics.ts';
import { defineRoute } from '../src/api/route.ts';
import { openDatabase, type Db } from '../src/db/database.ts';
import { createUser } from '../src/services/accounts.service.ts';
import { runJob } from '../src/services/jobs.service.ts';
import { deliverPending, smtpMailer } from '../src/services/mail.service.ts';
import { notify } from '../src/services/notifications.service.ts';
import { createTestUsers, PASSWORD, sessionFor, type TestSession } from './helpers/accounts.ts';
import { ENGINES, TEST_DATABASE_URL, type TestDb } from './helpers/db.ts';
import { openFy2023, sampleDb } from './helpers/sample.ts';
import { startSmtpSink } from './helpers/smtp.ts';
import { startTcpProxy, type TcpProxy } from './helpers/tcp-proxy.ts';

const ENTRY = 'ai2022-fy2023.ai2022-i01';
const TOKEN = 'metrics-token-0123456789';

/** Log lines written by the app, parsed. */
function logSink(): { stream: Writable; lines: Record<string, unknown>[] } {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) {
        lines.push(JSON.parse(line) as Record<string, unknown>);
      }
      done();
    },
  });
  return { stream, lines };
}

/** The value of one sample in Prometheus text, e.g. sample(text, 'x_total{job="mail"}'). */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

for (const engine of ENGINES) {
  describe(`operations on ${engine}`, () => {
    let db: TestDb;
    let app: FastifyInstance;
    let metrics: Metrics;
    let log: ReturnType<typeof logSink>;
    let viewer: TestSession;
    let editor: TestSession;
    beforeAll(async () => {
      db = await sampleDb(engine);
      const users = await createTestUsers(db);
      await openFy2023(db, users.admin);
      viewer = await sessionFor(db, users.viewer);
      editor = await sessionFor(db, users.editor);
      metrics = createMetrics(db);
      log = logSink();
      app = await buildApp({
        db,
        metrics,
        config: { logLevel: 'info', trustProxy: 0 },
        logStream: log.stream,
      });
    });
    afterAll(async () => {
      await app.close();
      await db.destroy();
    });

    it('answers liveness without the database and readiness with it', async () => {
      const live = await app.inject({ method: 'GET', url: '/api/health/live' });
      expect(live.statusCode).toBe(200);
      expect(live.json()).toEqual({ status: 'ok' });
      for (const url of ['/api/health/ready', '/api/health']) {
        const ready = await app.inject({ method: 'GET', url });
        expect(ready.statusCode).toBe(200);
        expect(ready.json()).toEqual({ status: 'ok', engine });
        expect(ready.headers['cache-control']).toBe('no-store');
      }
    });

    it('counts requests by route pattern, jobs, the outbox and the pool in /metrics', async () => {
      for (let i = 0; i < 3; i++) await app.inject({ method: 'GET', url: '/api/organisations/mic' });
      await app.inject({ method: 'GET', url: '/api/organisations/no-such-ministry' });
      await app.inject({ method: 'GET', url: '/api/no/such/route/12345' });
      // One notification for an editor with an address: the outbox holds one mail.
      const mailed = await createUser(
        db,
        {
          login: 'mailed',
          displayName: 'x',
          email: 'mailed@example.go.jp',
          password: PASSWORD,
          role: 'editor',
          organisationIds: ['mic'],
        },
        { id: 'test', ip: '' },
      );
      const before = await app.inject({ method: 'GET', url: '/metrics' });
      const outboxBefore = sample(before.body, 'shinchoku_mail_outbox_depth')!;
      await notify(
        db.kysely,
        [mailed.id],
        'cycle_opened',
        { cycleId: 'x', deadline: '' },
        new Date().toISOString(),
      );
      // A mail job that fails (nothing listens on the port), then one that delivers.
      const closedPort = await new Promise<number>((resolve) => {
        const srv = net.createServer().listen(0, '127.0.0.1', () => {
          const { port } = srv.address() as net.AddressInfo;
          srv.close(() => resolve(port));
        });
      });
      const quiet = { error: () => undefined, debug: () => undefined };
      const failing = smtpMailer(`smtp://127.0.0.1:${closedPort}`, 'a@example.go.jp');
      expect(
        await runJob(
          { name: 'mail', everyMs: 1, run: () => deliverPending(db, failing, 'https://x') },
          quiet,
          metrics.jobs,
        ),
      ).toBe(false);
      const during = await app.inject({ method: 'GET', url: '/metrics' });
      expect(sample(during.body, 'shinchoku_mail_outbox_depth')).toBe(outboxBefore + 1);
      const smtp = await startSmtpSink();
      const working = smtpMailer(smtp.url, 'a@example.go.jp');
      expect(
        await runJob(
          { name: 'mail', everyMs: 1, run: () => deliverPending(db, working, 'https://x') },
          quiet,
          metrics.jobs,
        ),
      ).toBe(true);
      await smtp.close();

      const res = await app.inject({ method: 'GET', url: '/metrics' });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
      const text = res.body;
      const route = (r: string, status: number) =>
        `shinchoku_http_requests_total{method="GET",route="${r}",status_code="${status}"}`;
      expect(sample(text, route('/api/organisations/:organisationId', 200))).toBe(3);
      expect(sample(text, route('/api/organisations/:organisationId', 404))).toBe(1);
      expect(sample(text, route('unmatched', 404))).toBe(1);
      expect(text).not.toContain('no-such-ministry');
      expect(text).not.toContain('/api/organisations/mic');
      expect(text).not.toContain('12345');
      expect(
        sample(
          text,
          'shinchoku_http_request_duration_seconds_count{method="GET",route="/api/organisations/:organisationId",status_code="200"}',
        ),
      ).toBe(3);
      expect(sample(text, 'shinchoku_job_runs_total{job="mail"}')).toBe(2);
      expect(sample(text, 'shinchoku_job_failures_total{job="mail"}')).toBe(1);
      expect(sample(text, 'shinchoku_job_last_success_timestamp_seconds{job="mail"}')).toBeGreaterThan(
        Date.now() / 1000 - 60,
      );
      expect(sample(text, 'shinchoku_mail_outbox_depth')).toBe(outboxBefore);
      if (engine === 'postgres') {
        expect(sample(text, 'shinchoku_db_pool_connections{state="total"}')).toBeGreaterThan(0);
        expect(sample(text, 'shinchoku_db_pool_connections{state="idle"}')).toBeGreaterThanOrEqual(0);
        // The outbox depth is read during the scrape: a caller may be waiting for a connection.
        expect(sample(text, 'shinchoku_db_pool_connections{state="waiting"}')).toBeGreaterThanOrEqual(0);
      } else {
        expect(text).not.toContain('shinchoku_db_pool_connections');
      }
    });

    it('answers /metrics on loopback only, or to the METRICS_TOKEN from anywhere', async () => {
      const get = (a: FastifyInstance, remoteAddress: string, headers: Record<string, string> = {}) =>
        a.inject({ method: 'GET', url: '/metrics', remoteAddress, headers });
      expect((await get(app, '127.0.0.1')).statusCode).toBe(200);
      expect((await get(app, '::1')).statusCode).toBe(200);
      const remote = await get(app, '10.0.0.5');
      expect(remote.statusCode).toBe(403);
      expect(remote.json()).toMatchObject({ error: { code: 'forbidden' } });
      expect(remote.body).not.toContain('shinchoku_');
      // A proxy on this host connects from loopback: what it relays is not local.
      expect((await get(app, '127.0.0.1', { 'x-forwarded-for': '203.0.113.9' })).statusCode).toBe(403);

      const guarded = await buildApp({
        db,
        config: { logLevel: 'silent', trustProxy: 0, metricsToken: TOKEN },
      });
      try {
        expect((await get(guarded, '127.0.0.1')).statusCode).toBe(401);
        expect((await get(guarded, '10.0.0.5', { authorization: `Bearer ${TOKEN}x` })).statusCode).toBe(401);
        const ok = await get(guarded, '10.0.0.5', { authorization: `Bearer ${TOKEN}` });
        expect(ok.statusCode).toBe(200);
        expect(ok.body).toContain('# TYPE shinchoku_http_requests_total counter');
      } finally {
        await guarded.close();
      }
    });

    it('logs one line per request with its id and the login name, and no address or e-mail', async () => {
      log.lines.length = 0;
      const res = await app.inject({
        method: 'GET',
        url: '/api/auth/me?secret=query',
        headers: { ...viewer.headers, 'x-request-id': 'req-42.abc' },
      });
      expect(res.statusCode).toBe(200);
      expect(res.headers['x-request-id']).toBe('req-42.abc');
      const line = log.lines.find((l) => l.reqId === 'req-42.abc');
      expect(line).toMatchObject({
        msg: 'request completed',
        method: 'GET',
        path: '/api/auth/me',
        route: '/api/auth/me',
        statusCode: 200,
        login: 'viewer',
      });
      const all = JSON.stringify(log.lines);
      expect(all).not.toContain('secret=query');
      expect(all).not.toContain('127.0.0.1');
      expect(all).not.toContain('@');
      expect(all).not.toContain(viewer.cookie.split('=')[1]);

      // An id that is not sane (spaces, too long) is replaced by a new one.
      for (const bad of ['two words', 'x'.repeat(200), 'a\u00e9b']) {
        const other = await app.inject({
          method: 'GET',
          url: '/api/health/live',
          headers: { 'x-request-id': bad },
        });
        const id = other.headers['x-request-id'] as string;
        expect(id).toMatch(/^[0-9a-f-]{36}$/);
        expect(log.lines.find((l) => l.reqId === id)).toMatchObject({ statusCode: 200 });
        expect(log.lines.find((l) => l.reqId === id)).not.toHaveProperty('login');
      }
    });

    it('refuses a JSON body that is not UTF-8 with 400, and writes nothing', async () => {
      const read = async () =>
        (
          await app.inject({ method: 'GET', url: `/api/entries/${ENTRY}`, headers: editor.headers })
        ).json() as {
          entry: { version: number; text: string };
        };
      const before = (await read()).entry;
      const bytes = Buffer.concat([
        Buffer.from(`{"version":${before.version},"text":"進捗`),
        Buffer.from([0xe9, 0x80, 0xff, 0xfe]),
        Buffer.from('","stage":null}'),
      ]);
      const res = await app.inject({
        method: 'PUT',
        url: `/api/entries/${ENTRY}`,
        headers: { ...editor.headers, 'content-type': 'application/json; charset=utf-8' },
        payload: bytes,
      });
      expect(res.statusCode).toBe(400);
      expect(res.json()).toEqual({
        error: { code: 'invalid', message: 'the request body is not valid UTF-8' },
      });
      expect((await read()).entry).toEqual(before);

      // The same body in valid UTF-8 is saved as sent.
      const good = await app.inject({
        method: 'PUT',
        url: `/api/entries/${ENTRY}`,
        headers: { ...editor.headers, 'content-type': 'application/json' },
        payload: Buffer.from(JSON.stringify({ version: before.version, text: '進捗é', stage: null })),
      });
      expect(good.statusCode).toBe(200);
      expect((await read()).entry.text).toBe('進捗é');
    });

    it('refuses a protected route without credentials before reading its body', async () => {
      // Not even JSON: a caller without credentials is told to log in, not about the body.
      const junk = await app.inject({
        method: 'PUT',
        url: `/api/entries/${ENTRY}`,
        headers: { 'content-type': 'application/json' },
        payload: '{not json',
      });
      expect(junk.statusCode).toBe(401);
      expect(junk.json()).toMatchObject({ error: { code: 'unauthorized' } });
      // With a cookie, the body is read (and judged) first.
      const judged = await app.inject({
        method: 'PUT',
        url: `/api/entries/${ENTRY}`,
        headers: { ...editor.headers, 'content-type': 'application/json' },
        payload: '{not json',
      });
      expect(judged.statusCode).toBe(400);

      // Over a socket: headers announce 900 kB, only 1 kB is sent, the answer comes anyway.
      await app.listen({ port: 0, host: '127.0.0.1' });
      const { port } = app.server.address() as net.AddressInfo;
      const answer = await partialUpload(port, `/api/entries/${ENTRY}`, {});
      expect(answer.status).toBe(401);
      expect(answer.body).toContain('"unauthorized"');
      // A caller with a session waits for its body: no answer until the upload ends.
      const waiting = await partialUpload(port, `/api/entries/${ENTRY}`, { cookie: editor.cookie });
      expect(waiting.status).toBe(0);
    });
  });
}

describe.skipIf(!TEST_DATABASE_URL)('a PostgreSQL that stops answering', () => {
  let db: TestDb;
  let proxy: TcpProxy;
  let relayed: Db;
  let app: FastifyInstance;
  // A statement longer than the server's statement timeout (500 ms here).
  const slow = defineRoute({
    method: 'GET',
    url: '/api/test/slow',
    summary: 'sleeps in the database',
    tags: ['test'],
    response: z.unknown(),
    handler: async ({ db: conn }) => {
      await sql`select pg_sleep(3)`.execute(conn.kysely);
      return {};
    },
  });
  beforeAll(async () => {
    db = await sampleDb('postgres');
    const target = new URL(db.url);
    proxy = await startTcpProxy(target.hostname, Number(target.port || 5432));
    relayed = await openDatabase({ kind: 'postgres', url: proxy.via(db.url) }, { statementTimeoutMs: 500 });
    app = await buildApp({ db: relayed, extraRoutes: [slow] });
  });
  afterAll(async () => {
    await proxy?.set('refuse');
    await app?.close();
    await relayed?.close();
    await proxy?.close();
    await db?.destroy();
  });

  const timed = async (url: string) => {
    const started = performance.now();
    const res = await app.inject({ method: 'GET', url });
    return { res, ms: performance.now() - started };
  };

  it('ends a statement that runs past the statement timeout with 503', async () => {
    const { res, ms } = await timed('/api/test/slow');
    expect(res.statusCode).toBe(503);
    expect(res.json()).toEqual({
      error: { code: 'unavailable', message: 'the database did not answer in time; retry shortly' },
    });
    expect(res.headers['retry-after']).toBe('5');
    expect(ms).toBeLessThan(2000);
    // The connection is fine afterwards.
    expect((await timed('/api/health/ready')).res.statusCode).toBe(200);
  });

  it('answers readiness 503 at once when connections are refused; liveness stays 200', async () => {
    await proxy.set('refuse');
    const ready = await timed('/api/health/ready');
    expect(ready.res.statusCode).toBe(503);
    expect(ready.res.json()).toEqual({ status: 'unavailable', engine: 'postgres' });
    expect(ready.ms).toBeLessThan(1500);
    const live = await timed('/api/health/live');
    expect(live.res.statusCode).toBe(200);
    const data = await timed('/api/strategies');
    expect(data.res.statusCode).toBe(503);
    expect(data.res.json()).toMatchObject({ error: { code: 'unavailable' } });
    await proxy.set('forward');
    expect((await timed('/api/health/ready')).res.statusCode).toBe(200);
  });

  it('answers readiness 503 within about 2 seconds when the database stops answering', async () => {
    await proxy.set('blackhole');
    const ready = await timed('/api/health/ready');
    expect(ready.res.statusCode).toBe(503);
    expect(ready.res.json()).toEqual({ status: 'unavailable', engine: 'postgres' });
    expect(ready.ms).toBeGreaterThan(1900);
    expect(ready.ms).toBeLessThan(3000);
    const live = await timed('/api/health/live');
    expect(live.res.statusCode).toBe(200);
    expect(live.ms).toBeLessThan(500);
    // The connections drop while a statement is still waiting: the query fails, the process
    // stays up (an 'error' nobody listened to would end it), and new connections serve again.
    await proxy.set('refuse');
    await proxy.set('forward');
    const again = await timed('/api/health/ready');
    expect(again.res.statusCode).toBe(200);
    expect(again.res.json()).toEqual({ status: 'ok', engine: 'postgres' });
  });
});

/**
 * Sends the headers of a 900 kB JSON upload and its first kilobyte, then waits up to 1 s for
 * an answer; status 0 when none came (the server is still reading the body).
 */
async function partialUpload(
  port: number,
  path: string,
  headers: Record<string, string>,
): Promise<{ status: number; body: string }> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    let received = '';
    const done = () => {
      socket.destroy();
      const status = /^HTTP\/1\.1 (\d{3})/.exec(received)?.[1];
      resolve({ status: status ? Number(status) : 0, body: received });
    };
    const timer = setTimeout(done, 1000);
    socket.on('data', (d: Buffer) => {
      received += d.toString('utf8');
      if (received.includes('\r\n\r\n') && /\}\s*$/.test(received)) {
        clearTimeout(timer);
        done();
      }
    });
    socket.on('error', () => undefined);
    const head = [
      `PUT ${path} HTTP/1.1`,
      'host: 127.0.0.1',
      'content-type: application/json',
      `content-length: ${900 * 1024}`,
      ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`),
      '',
      '',
    ].join('\r\n');
    socket.write(head);
    socket.write(`{"text":"${'a'.repeat(1000)}`);
  });
}
