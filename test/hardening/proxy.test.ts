/**
 * Behind reverse proxies (issue #18): TRUST_PROXY names how many proxies (hops) or which
 * proxy addresses are believed. The client address is the right-most X-Forwarded-For entry
 * that no trusted proxy wrote — never the left-most, which the client writes itself — so a
 * forged header neither changes the address the rate limit and the audit trail use nor
 * escapes the limit. A peer that is not a trusted proxy is believed nothing.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/api/app.ts';
import type { TrustProxy } from '../../src/config.ts';
import { createUser } from '../../src/services/accounts.service.ts';
import { PASSWORD } from '../helpers/accounts.ts';
import { createTestDb, type TestDb } from '../helpers/db.ts';

describe('client addresses behind proxies', () => {
  let db: TestDb;
  const apps: FastifyInstance[] = [];
  beforeAll(async () => {
    db = await createTestDb('sqlite');
    // `viewer` collects failed sign-ins; `reader` signs in.
    await createUser(
      db,
      { login: 'reader', displayName: 'r', password: PASSWORD, role: 'viewer' },
      { id: 't', ip: '' },
    );
    await createUser(
      db,
      { login: 'viewer', displayName: 'v', password: PASSWORD, role: 'viewer' },
      { id: 't', ip: '' },
    );
  });
  afterAll(async () => {
    await Promise.all(apps.map((a) => a.close()));
    await db?.destroy();
  });
  const appWith = async (trustProxy: TrustProxy) => {
    const app = await buildApp({ db, config: { logLevel: 'silent', trustProxy } });
    apps.push(app);
    return app;
  };
  const login = (app: FastifyInstance, headers: Record<string, string>, remoteAddress = '127.0.0.1') =>
    app.inject({
      method: 'POST',
      url: '/api/auth/login',
      remoteAddress,
      headers,
      payload: { login: 'viewer', password: 'not the password' },
    });
  /** The address of the newest refused sign-in in the audit trail. */
  const lastAuditedIp = async () => {
    const rows = await db.kysely
      .selectFrom('auditLog')
      .select(['ip', 'at'])
      .where('action', '=', 'session.login_failed')
      .execute();
    return rows.at(-1)?.ip;
  };

  it('takes the client from one hop: a forged left-most address changes nothing', async () => {
    const app = await appWith(1);
    for (const forged of ['1.2.3.4', '10.9.8.7', 'admin']) {
      const res = await login(app, { 'x-forwarded-for': `${forged}, 198.51.100.7` });
      expect(res.statusCode).toBe(401);
      expect(await lastAuditedIp()).toBe('198.51.100.7');
    }
  });

  it('keeps counting a client that rotates the forged address: the limit still applies', async () => {
    const app = await appWith(1);
    const statuses: number[] = [];
    for (let i = 0; i < 22; i++) {
      const res = await login(app, { 'x-forwarded-for': `203.0.113.${i}, 198.51.100.8` });
      statuses.push(res.statusCode);
    }
    expect(statuses.slice(0, 20).every((s) => s === 401)).toBe(true);
    expect(statuses.slice(20)).toEqual([429, 429]);
    // Another client behind the same proxy is not limited by the first one's attempts.
    expect((await login(app, { 'x-forwarded-for': '198.51.100.9' })).statusCode).toBe(401);
  });

  it('takes the client from two hops, past the outer proxy', async () => {
    const app = await appWith(2);
    await login(app, { 'x-forwarded-for': 'forged, 198.51.100.10, 10.0.0.2' });
    expect(await lastAuditedIp()).toBe('198.51.100.10');
  });

  it('believes only the listed proxies: a direct client cannot forge its address', async () => {
    const app = await appWith(['10.0.0.0/8']);
    await login(app, { 'x-forwarded-for': '198.51.100.11' }, '10.1.2.3');
    expect(await lastAuditedIp()).toBe('198.51.100.11');
    await login(app, { 'x-forwarded-for': '198.51.100.12' }, '192.0.2.200');
    expect(await lastAuditedIp()).toBe('192.0.2.200');
    // A chain through two listed proxies: the first address no listed proxy wrote.
    await login(app, { 'x-forwarded-for': 'forged, 198.51.100.13, 10.0.0.9' }, '10.1.2.3');
    expect(await lastAuditedIp()).toBe('198.51.100.13');
  });

  it('ignores forwarding headers without TRUST_PROXY, and HTTPS comes only from a trusted proxy', async () => {
    const direct = await appWith(0);
    const res = await login(direct, { 'x-forwarded-for': '198.51.100.14', 'x-forwarded-proto': 'https' });
    expect(await lastAuditedIp()).toBe('127.0.0.1');
    expect(res.headers['strict-transport-security']).toBeUndefined();

    const proxied = await appWith(['127.0.0.1']);
    const ok = await proxied.inject({
      method: 'POST',
      url: '/api/auth/login',
      headers: { 'x-forwarded-proto': 'https', 'x-forwarded-for': '198.51.100.15' },
      payload: { login: 'reader', password: PASSWORD },
    });
    expect(ok.statusCode).toBe(200);
    expect(ok.headers['strict-transport-security']).toMatch(/max-age=/);
    expect(String(ok.headers['set-cookie'])).toMatch(/shinchoku_session=[^;]+;.*Secure/);
    const spoofed = await proxied.inject({
      method: 'GET',
      url: '/api/health',
      remoteAddress: '192.0.2.201',
      headers: { 'x-forwarded-proto': 'https' },
    });
    expect(spoofed.headers['strict-transport-security']).toBeUndefined();
  });
});
