/**
 * Lock-out under concurrency (issue #9): failed logins sent at once — as a password-guessing
 * script or several servers would — must each count. Ten simultaneous wrong passwords lock
 * the account (the limit is five), so the right password is then refused too.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/api/app.ts';
import { MAX_FAILED_LOGINS } from '../../src/services/accounts.service.ts';
import { createTestUsers, PASSWORD } from '../helpers/accounts.ts';
import { ENGINES, type TestDb } from '../helpers/db.ts';
import { sampleDb } from '../helpers/sample.ts';

for (const engine of ENGINES) {
  describe(`lock-out under concurrent guesses on ${engine}`, () => {
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

    const login = (password: string) =>
      app.inject({ method: 'POST', url: '/api/auth/login', payload: { login: 'viewer', password } });

    it('counts every one of ten simultaneous wrong passwords and locks the account', async () => {
      const guesses = await Promise.all(
        Array.from({ length: 2 * MAX_FAILED_LOGINS }, (_, i) => login(`wrong password ${i}`)),
      );
      expect(guesses.map((g) => g.statusCode)).toEqual(guesses.map(() => 401));
      const right = await login(PASSWORD);
      expect(right.statusCode).toBe(401);
      expect(right.json()).toMatchObject({ error: { details: { reason: 'locked' } } });
    });
  });
}
