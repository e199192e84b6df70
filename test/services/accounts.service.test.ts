import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/api/app.ts';
import { createToken, revokeToken } from '../../src/services/accounts.service.ts';
import { createTestUsers, PASSWORD, sessionFor } from '../helpers/accounts.ts';
import { runCli } from '../helpers/cli.ts';
import { ENGINES, createTestDb, type TestDb } from '../helpers/db.ts';
import { openFy2023, sampleDb } from '../helpers/sample.ts';

for (const engine of ENGINES) {
  describe(`accounts on ${engine}`, () => {
    let db: TestDb;
    let app: FastifyInstance;
    let users: Awaited<ReturnType<typeof createTestUsers>>;
    beforeAll(async () => {
      db = await sampleDb(engine);
      app = await buildApp({ db });
      users = await createTestUsers(db);
    });
    afterAll(async () => {
      await app.close();
      await db.destroy();
    });
    const login = (name: string, password: string, headers: Record<string, string> = {}) =>
      app.inject({ method: 'POST', url: '/api/auth/login', payload: { login: name, password }, headers });

    it('stores argon2id hashes, never the password', async () => {
      const row = await db.kysely
        .selectFrom('users')
        .select('passwordHash')
        .where('login', '=', 'viewer')
        .executeTakeFirstOrThrow();
      expect(row.passwordHash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
      expect(row.passwordHash).not.toContain(PASSWORD);
    });

    it('gives a new session id at login (no fixation) and refuses disabled accounts', async () => {
      const planted = 'shinchoku_session=attacker-chosen-value';
      const res = await login('viewer', PASSWORD, { cookie: planted });
      const cookie = String(res.headers['set-cookie']).split(';')[0]!;
      expect(cookie).not.toBe(planted);
      expect(
        (await app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: planted } })).statusCode,
      ).toBe(401);
      await db.kysely.updateTable('users').set({ disabled: 1 }).where('login', '=', 'viewer').execute();
      expect((await app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie } })).statusCode).toBe(
        401,
      );
      expect((await login('viewer', PASSWORD)).statusCode).toBe(401);
      await db.kysely.updateTable('users').set({ disabled: 0 }).where('login', '=', 'viewer').execute();
    });

    it('limits API tokens to their scopes, keeps only their hash, and honours revocation', async () => {
      const { cycle, actor } = await openFy2023(db, users.admin);
      const entry = `${cycle.id}.ai2022-i01`;
      const read = await createToken(db, 'mic-editor', 'reader', ['read'], actor);
      const write = await createToken(db, 'mic-editor', 'writer', ['progress'], actor);
      const stored = await db.kysely.selectFrom('apiTokens').select('tokenHash').execute();
      expect(stored.map((r) => r.tokenHash)).not.toContain(read.token);
      const put = (token: string) =>
        app.inject({
          method: 'PUT',
          url: `/api/entries/${entry}`,
          headers: { authorization: `Bearer ${token}` },
          payload: { version: 1, text: 'トークンで保存', stage: null },
        });
      expect((await put(read.token)).statusCode).toBe(403);
      expect(
        (
          await app.inject({
            method: 'GET',
            url: `/api/entries/${entry}`,
            headers: { authorization: `Bearer ${read.token}` },
          })
        ).statusCode,
      ).toBe(200);
      expect((await put(write.token)).statusCode).toBe(200);
      await revokeToken(db, write.id, actor);
      expect((await put(write.token)).statusCode).toBe(401);
      expect(
        (
          await app.inject({
            method: 'GET',
            url: '/api/strategies',
            headers: { authorization: 'Bearer shk_forged' },
          })
        ).statusCode,
      ).toBe(401);
    });

    it('refuses a cookie write without the CSRF header, and a wrong one', async () => {
      const s = await sessionFor(db, users.admin);
      const body = { title: 'CSRF確認' };
      const none = await app.inject({
        method: 'POST',
        url: '/api/strategies',
        headers: { cookie: s.cookie },
        payload: body,
      });
      expect(none.statusCode).toBe(403);
      const wrong = await app.inject({
        method: 'POST',
        url: '/api/strategies',
        headers: { cookie: s.cookie, 'x-csrf-token': 'guess' },
        payload: body,
      });
      expect(wrong.statusCode).toBe(403);
      const right = await app.inject({
        method: 'POST',
        url: '/api/strategies',
        headers: s.headers,
        payload: body,
      });
      expect(right.statusCode).toBe(200);
    });
  });
}

describe('account commands', () => {
  it(
    'adds a user with a password from the environment, creates and revokes a token, resets the second factor',
    { timeout: 120_000 },
    async () => {
      const db = await createTestDb('sqlite');
      try {
        const add = await runCli(['user', 'add', 'chief', '--role', 'admin', '--name', '事務局長'], {
          DATABASE_URL: db.url,
          SHINCHOKU_PASSWORD: PASSWORD,
        });
        expect(add.stdout.trim(), add.stderr).toBe('created chief (admin)');
        const weak = await runCli(['user', 'add', 'weak', '--role', 'viewer'], {
          DATABASE_URL: db.url,
          SHINCHOKU_PASSWORD: 'short',
        });
        expect(weak.code).toBe(1);
        expect(weak.stderr).toMatch(/at least 12 characters/);
        const token = await runCli(['token', 'create', 'chief', '--name', 'nightly', '--scope', 'read'], {
          DATABASE_URL: db.url,
        });
        const [, id] = /token (\S+) /.exec(token.stdout) ?? [];
        expect(token.stdout).toMatch(/\nshk_[A-Za-z0-9_-]{20,}\n/);
        const [, expires] = /expires (\S+);/.exec(token.stdout) ?? [];
        expect(Date.parse(expires!) - Date.now()).toBeGreaterThan(89 * 86_400_000);
        const revoke = await runCli(['token', 'revoke', id!], { DATABASE_URL: db.url });
        expect(revoke.stdout.trim()).toBe(`token ${id} revoked`);
        const reset = await runCli(['user', 'mfa-reset', 'chief'], { DATABASE_URL: db.url });
        expect(reset.stdout.trim()).toBe('second factor of chief removed');
      } finally {
        await db.destroy();
      }
    },
  );
});
