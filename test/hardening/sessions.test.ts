/**
 * Session expiry (ASVS 3.3.1, 3.3.2): a session ends after 2 hours without a request (idle)
 * and 12 hours after sign-in whatever happens (absolute); use slides the idle expiry; an
 * ended session is deleted on the server, not only refused. Times are moved in the database.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/api/app.ts';
import { sha256 } from '../../src/services/accounts.service.ts';
import { SESSION_IDLE_MS, SESSION_MAX_MS } from '../../src/services/signin.service.ts';
import { createTestUsers, PASSWORD, passwordSession } from '../helpers/accounts.ts';
import { ENGINES, type TestDb } from '../helpers/db.ts';
import { sampleDb } from '../helpers/sample.ts';

const ago = (ms: number) => new Date(Date.now() - ms).toISOString();

for (const engine of ENGINES) {
  describe(`session expiry on ${engine}`, () => {
    let db: TestDb;
    let app: FastifyInstance;
    beforeAll(async () => {
      db = await sampleDb(engine);
      await createTestUsers(db);
      app = await buildApp({ db });
    });
    afterAll(async () => {
      await app?.close();
      await db?.destroy();
    });

    /** A fresh session whose times are then set to `times`; returns its cookie token. */
    const sessionWith = async (times: { createdAt?: string; lastSeenAt?: string; expiresAt?: string }) => {
      const { sessionToken } = await passwordSession(db, 'viewer', PASSWORD);
      await db.kysely.updateTable('sessions').set(times).where('id', '=', sha256(sessionToken)).execute();
      return sessionToken;
    };
    const me = (token: string) =>
      app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: `shinchoku_session=${token}` } });
    const row = (token: string) =>
      db.kysely.selectFrom('sessions').selectAll().where('id', '=', sha256(token)).executeTakeFirst();

    it('slides the idle expiry with use', async () => {
      const token = await sessionWith({ lastSeenAt: ago(5 * 60_000), expiresAt: ago(-10 * 60_000) });
      expect((await me(token)).statusCode).toBe(200);
      const expires = Date.parse((await row(token))!.expiresAt);
      expect(expires).toBeGreaterThan(Date.now() + SESSION_IDLE_MS - 60_000);
    });

    it('ends a session idle for two hours, and deletes it', async () => {
      const token = await sessionWith({ lastSeenAt: ago(SESSION_IDLE_MS + 1000), expiresAt: ago(1000) });
      expect((await me(token)).statusCode).toBe(401);
      expect(await row(token)).toBeUndefined();
    });

    it('ends a session twelve hours after sign-in even while it is in use, and deletes it', async () => {
      const alive = await sessionWith({ createdAt: ago(SESSION_MAX_MS - 60_000), lastSeenAt: ago(1000) });
      expect((await me(alive)).statusCode).toBe(200);
      const token = await sessionWith({ createdAt: ago(SESSION_MAX_MS + 1000), lastSeenAt: ago(1000) });
      expect((await me(token)).statusCode).toBe(401);
      expect(await row(token)).toBeUndefined();
    });
  });
}
