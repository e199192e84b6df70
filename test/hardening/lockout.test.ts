/**
 * Lock-out under concurrency (issue #9): failed logins sent at once — as a password-guessing
 * script or several servers would — must each count. Ten simultaneous wrong passwords lock
 * the account (the limit is five), so the right password is then refused too. Every refused
 * login is in the audit trail (ASVS 7.2.1): the login name tried, the address, the time, why
 * it was refused and the lock — never the password.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/api/app.ts';
import { MAX_FAILED_LOGINS } from '../../src/services/accounts.service.ts';
import { createTestUsers, PASSWORD, sessionFor, type TestSession } from '../helpers/accounts.ts';
import { ENGINES, type TestDb } from '../helpers/db.ts';
import { sampleDb } from '../helpers/sample.ts';

for (const engine of ENGINES) {
  describe(`lock-out under concurrent guesses on ${engine}`, () => {
    let db: TestDb;
    let app: FastifyInstance;
    let admin: TestSession;
    let ids: Record<string, string>;
    beforeAll(async () => {
      db = await sampleDb(engine);
      const users = await createTestUsers(db);
      admin = await sessionFor(db, users.admin);
      ids = { viewer: users.viewer.id, reviewer: users.reviewer.id };
      app = await buildApp({ db });
    });
    afterAll(async () => {
      await app?.close();
      await db?.destroy();
    });

    const login = (password: string, name = 'viewer') =>
      app.inject({ method: 'POST', url: '/api/auth/login', payload: { login: name, password } });
    interface Audited {
      action: string;
      actor: string;
      ip: string;
      at: string;
      after: { login: string; reason?: string; lockedUntil?: string } | null;
    }
    const auditOf = async (userId: string): Promise<Audited[]> => {
      const res = await app.inject({
        method: 'GET',
        url: `/api/audit?entityType=user&entityId=${userId}`,
        headers: admin.headers,
      });
      expect(res.statusCode).toBe(200);
      return (res.json() as { entries: Audited[] }).entries;
    };
    const reasons = (entries: Audited[]) =>
      entries
        .filter((e) => e.action === 'session.login_failed')
        .map((e) => e.after?.reason)
        .sort();

    it('counts every one of ten simultaneous wrong passwords and locks the account', async () => {
      const guesses = await Promise.all(
        Array.from({ length: 2 * MAX_FAILED_LOGINS }, (_, i) => login(`wrong password ${i}`)),
      );
      expect(guesses.map((g) => g.statusCode)).toEqual(guesses.map(() => 401));
      const right = await login(PASSWORD);
      expect(right.statusCode).toBe(401);
      expect(right.json()).toMatchObject({ error: { details: { reason: 'locked' } } });
      // Each guess is in the audit trail, whether it was checked or refused by the lock.
      const failed = reasons(await auditOf(ids.viewer!));
      expect(failed).toHaveLength(2 * MAX_FAILED_LOGINS + 1);
      expect(failed.every((r) => r === 'wrong_password' || r === 'locked')).toBe(true);
    });

    it('writes every refused login to the audit trail: login name, address, reason, lock; never the password', async () => {
      const before = Date.now();
      for (let i = 0; i < MAX_FAILED_LOGINS; i++)
        expect((await login(`guess ${i}`, 'reviewer')).statusCode).toBe(401);
      expect((await login(PASSWORD, 'reviewer')).statusCode).toBe(401);
      expect((await login('guess x', 'no-such-login')).statusCode).toBe(401);

      const entries = await auditOf(ids.reviewer!);
      expect(reasons(entries)).toEqual(
        [...Array<string>(MAX_FAILED_LOGINS).fill('wrong_password'), 'locked'].sort(),
      );
      const locks = entries.filter((e) => e.action === 'session.locked');
      expect(locks).toHaveLength(1);
      expect(Date.parse(locks[0]!.after!.lockedUntil!)).toBeGreaterThan(Date.now());
      for (const e of entries.filter((x) => x.action.startsWith('session.'))) {
        expect(e).toMatchObject({ actor: 'anonymous', ip: '127.0.0.1', after: { login: 'reviewer' } });
        expect(Date.parse(e.at)).toBeGreaterThanOrEqual(before - 1000);
      }
      // A login name that names nobody is recorded too (it has no user to file it under).
      const unknown = await db.kysely
        .selectFrom('auditLog')
        .selectAll()
        .where('action', '=', 'session.login_failed')
        .where('entityId', '=', '')
        .execute();
      expect(unknown.map((u) => JSON.parse(u.after ?? 'null') as unknown)).toEqual([
        { login: 'no-such-login', reason: 'unknown_login' },
      ]);
      const all = JSON.stringify(await db.kysely.selectFrom('auditLog').selectAll().execute());
      for (const secret of [PASSWORD, 'guess 0', 'guess x', 'wrong password 0'])
        expect(all).not.toContain(secret);
    });
  });
}
