/**
 * Graceful shutdown (issue #20): on SIGTERM the real server stops accepting connections at
 * once, finishes the request it is in the middle of — here a login whose body is still
 * arriving — and then exits 0.
 */
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestUsers, PASSWORD } from '../helpers/accounts.ts';
import { sampleDb } from '../helpers/sample.ts';
import type { TestDb } from '../helpers/db.ts';
import { killChildren, sleep, startServer, type Server } from './helpers/processes.ts';

describe('graceful shutdown of the server', () => {
  let db: TestDb;
  let server: Server;
  beforeAll(async () => {
    db = await sampleDb('sqlite');
    await createTestUsers(db);
    server = await startServer(db.url);
  }, 240_000);
  afterAll(async () => {
    await killChildren();
    await db?.destroy();
  });

  it('finishes a request in progress after SIGTERM, refuses new connections, then exits 0', async () => {
    const { port } = new URL(server.url);
    const body = JSON.stringify({ login: 'viewer', password: PASSWORD });
    const socket = net.connect(Number(port), '127.0.0.1');
    let answer = '';
    socket.on('data', (d: Buffer) => (answer += d.toString('utf8')));
    const closed = new Promise<void>((resolve) => socket.on('close', () => resolve()));
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
    socket.write(
      [
        'POST /api/auth/login HTTP/1.1',
        `host: 127.0.0.1:${port}`,
        'content-type: application/json',
        `content-length: ${Buffer.byteLength(body)}`,
        '',
        '',
      ].join('\r\n'),
    );
    socket.write(body.slice(0, 10));
    await sleep(300);

    const exited = new Promise<number | null>((resolve) =>
      server.child.once('exit', (code) => resolve(code)),
    );
    server.child.kill('SIGTERM');
    await sleep(500);
    // Still running (a request is in progress), but no longer taking connections.
    expect(server.child.exitCode).toBeNull();
    const refused = await fetch(`${server.url}/api/health/live`, { signal: AbortSignal.timeout(2000) }).then(
      (r) => `status ${r.status}`,
      (err: Error) => `failed: ${String((err.cause as { code?: string } | undefined)?.code ?? err.message)}`,
    );
    expect(refused).toBe('failed: ECONNREFUSED');

    // The rest of the body arrives: the login is answered in full.
    socket.write(body.slice(10));
    await closed;
    expect(answer).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
    expect(answer).toMatch(/\r\nset-cookie: shinchoku_session=/i);
    expect(answer).toMatch(/"csrfToken":"[^"]+"/);

    const code = await Promise.race([exited, sleep(10_000).then(() => 'still running')]);
    expect(code).toBe(0);
    expect(server.output()).toContain('SIGTERM: finishing the requests in progress, then stopping');
  }, 60_000);
});
