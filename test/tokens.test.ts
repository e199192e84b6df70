/**
 * API tokens (issue #18): managing tokens needs a session or a token with the `admin`
 * scope — a `read` token revokes nothing; another user's token needs `user:manage`; tokens
 * expire (TOKEN_TTL_DAYS, never later); disabling an account revokes its tokens for good.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/api/app.ts';
import { DEFAULT_AUTH } from '../src/config.ts';
import { createToken, createUser, setDisabled } from '../src/services/accounts.service.ts';
import { PASSWORD, sessionFor, type TestSession } from './helpers/accounts.ts';
import { createTestDb, ENGINES, type TestDb } from './helpers/db.ts';

const ACTOR = { id: 'test', ip: '' };
const DAY = 86_400_000;

for (const engine of ENGINES) {
  describe(`API tokens on ${engine}`, () => {
    let db: TestDb;
    let app: FastifyInstance;
    const sessions: Record<string, TestSession> = {};
    beforeAll(async () => {
      db = await createTestDb(engine);
      for (const [login, role] of [
        ['admin', 'admin'],
        ['viewer', 'viewer'],
        ['other', 'viewer'],
        ['leaver', 'viewer'],
      ] as const) {
        const user = await createUser(db, { login, displayName: login, password: PASSWORD, role }, ACTOR);
        sessions[login] = await sessionFor(db, user);
      }
      app = await buildApp({
        db,
        config: { logLevel: 'silent', trustProxy: 0, auth: { ...DEFAULT_AUTH, tokenTtlDays: 30 } },
      });
    });
    afterAll(async () => {
      await app?.close();
      await db?.destroy();
    });

    const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
    const revoke = (id: string, headers: Record<string, string>) =>
      app.inject({ method: 'DELETE', url: `/api/tokens/${id}`, headers });
    const revokedAt = async (id: string) =>
      (
        await db.kysely
          .selectFrom('apiTokens')
          .select('revokedAt')
          .where('id', '=', id)
          .executeTakeFirstOrThrow()
      ).revokedAt;
    const works = async (token: string) =>
      (await app.inject({ method: 'GET', url: '/api/auth/me', headers: bearer(token) })).statusCode === 200;

    it('refuses token management to a read-scoped token, its own tokens included', async () => {
      const reader = await createToken(db, 'viewer', 'reader', ['read'], ACTOR);
      const target = await createToken(db, 'viewer', 'ci', ['read'], ACTOR);
      for (const id of [target.id, reader.id]) {
        const res = await revoke(id, bearer(reader.token));
        expect(res.statusCode).toBe(403);
        expect(res.json()).toMatchObject({
          error: { code: 'forbidden', message: 'not allowed: token:manage' },
        });
        expect(await revokedAt(id)).toBeNull();
      }
      const create = await app.inject({
        method: 'POST',
        url: '/api/tokens',
        headers: bearer(reader.token),
        payload: { name: 'more', scopes: ['read'] },
      });
      expect(create.statusCode).toBe(403);
      expect(await works(target.token)).toBe(true);
    });

    it('lets a session revoke its own tokens, and only an administrator revoke another user’s', async () => {
      const mine = await createToken(db, 'viewer', 'mine', ['read'], ACTOR);
      const theirs = await createToken(db, 'other', 'theirs', ['read'], ACTOR);
      const hidden = await revoke(theirs.id, sessions.viewer!.headers);
      expect(hidden.statusCode).toBe(404);
      expect(await revokedAt(theirs.id)).toBeNull();
      expect((await revoke(mine.id, sessions.viewer!.headers)).json()).toEqual({ ok: true });
      expect(await works(mine.token)).toBe(false);
      expect((await revoke(theirs.id, sessions.admin!.headers)).statusCode).toBe(200);
      expect(await works(theirs.token)).toBe(false);
    });

    it('lets an admin-scoped token revoke: its owner’s tokens, and others’ only when the owner administers', async () => {
      const viewerAdmin = await createToken(db, 'viewer', 'automation', ['admin'], ACTOR);
      const own = await createToken(db, 'viewer', 'own', ['read'], ACTOR);
      const others = await createToken(db, 'other', 'others', ['read'], ACTOR);
      expect((await revoke(own.id, bearer(viewerAdmin.token))).statusCode).toBe(200);
      expect((await revoke(others.id, bearer(viewerAdmin.token))).statusCode).toBe(404);
      expect(await revokedAt(others.id)).toBeNull();
      const adminToken = await createToken(db, 'admin', 'ops', ['admin'], ACTOR);
      expect((await revoke(others.id, bearer(adminToken.token))).statusCode).toBe(200);
      expect(await revokedAt(others.id)).not.toBeNull();
      const audit = await db.kysely
        .selectFrom('auditLog')
        .select(['actor'])
        .where('action', '=', 'token.revoke')
        .where('entityId', '=', others.id)
        .execute();
      expect(audit).toEqual([{ actor: (await userId('admin'))! }]);
    });

    const userId = async (login: string) =>
      (await db.kysely.selectFrom('users').select('id').where('login', '=', login).executeTakeFirst())?.id;

    it('gives every token an expiry within TOKEN_TTL_DAYS, and refuses it once passed', async () => {
      const res = await app.inject({
        method: 'POST',
        url: '/api/tokens',
        headers: sessions.viewer!.headers,
        payload: { name: 'nightly', scopes: ['read'] },
      });
      expect(res.statusCode).toBe(200);
      const created = res.json() as { id: string; token: string; expiresAt: string };
      expect(Math.abs(Date.parse(created.expiresAt) - (Date.now() + 30 * DAY))).toBeLessThan(60_000);
      const tooLong = await app.inject({
        method: 'POST',
        url: '/api/tokens',
        headers: sessions.viewer!.headers,
        payload: {
          name: 'forever',
          scopes: ['read'],
          expiresAt: new Date(Date.now() + 31 * DAY).toISOString(),
        },
      });
      expect(tooLong.statusCode).toBe(400);
      expect(tooLong.json()).toMatchObject({ error: { code: 'invalid', details: { field: 'expiresAt' } } });
      const shorter = new Date(Date.now() + 7 * DAY).toISOString();
      const week = await createToken(db, 'viewer', 'week', ['read'], ACTOR, {
        expiresAt: shorter,
        ttlDays: 30,
      });
      expect(week.expiresAt).toBe(shorter);

      expect(await works(created.token)).toBe(true);
      await db.kysely
        .updateTable('apiTokens')
        .set({ expiresAt: new Date(Date.now() - 1000).toISOString() })
        .where('id', '=', created.id)
        .execute();
      const expired = await app.inject({
        method: 'GET',
        url: '/api/auth/me',
        headers: bearer(created.token),
      });
      expect(expired.statusCode).toBe(401);
      expect(expired.json()).toMatchObject({
        error: { message: 'the API token is unknown, revoked or expired' },
      });
    });

    it('revokes the tokens and sessions of a disabled account for good: enabling it brings none back', async () => {
      const token = await createToken(db, 'leaver', 'sync', ['read'], ACTOR);
      expect(await works(token.token)).toBe(true);
      const disable = await app.inject({
        method: 'POST',
        url: '/api/users/leaver/disable',
        headers: sessions.admin!.headers,
        payload: { disabled: true },
      });
      expect(disable.statusCode).toBe(200);
      expect(await revokedAt(token.id)).not.toBeNull();
      expect(
        await db.kysely
          .selectFrom('sessions')
          .where('userId', '=', (await userId('leaver'))!)
          .selectAll()
          .execute(),
      ).toEqual([]);
      await setDisabled(db, 'leaver', false, ACTOR);
      expect(await works(token.token)).toBe(false);
      const me = await app.inject({
        method: 'GET',
        url: '/api/auth/me',
        headers: { cookie: sessions.leaver!.cookie },
      });
      expect(me.statusCode).toBe(401);
      // A disabled account gets no new token either.
      await setDisabled(db, 'leaver', true, ACTOR);
      await expect(createToken(db, 'leaver', 'again', ['read'], ACTOR)).rejects.toThrow(/disabled/);
    });
  });
}
