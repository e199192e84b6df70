/**
 * Throttling in place of lock-out (issue #18, ASVS 2.2.1): failed sign-ins make the next
 * attempt wait, per login name and address, per login name and per address, with growing
 * waits — but an attacker cannot hold anyone's account: attempts refused for a wait are not
 * counted, and the wait a login name imposes on other addresses is capped at one minute.
 * Unknown login, wrong password, disabled account and a running wait all get the same reply.
 * Every refused attempt is in the audit trail (ASVS 7.2.1), never the password.
 * Time is moved by moving the counters' last failure back in the database.
 */
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/api/app.ts';
import { THROTTLE_RULES } from '../../src/domain/throttle.ts';
import { createUser, setDisabled } from '../../src/services/accounts.service.ts';
import { PASSWORD } from '../helpers/accounts.ts';
import { createTestDb, ENGINES, type TestDb } from '../helpers/db.ts';

const ACTOR = { id: 'test', ip: '' };

for (const engine of ENGINES) {
  describe(`sign-in throttling on ${engine}`, () => {
    let db: TestDb;
    let app: FastifyInstance;
    beforeAll(async () => {
      db = await createTestDb(engine);
      for (const [login, role] of [
        ['admin', 'admin'],
        ['chief', 'admin'],
        ['viewer', 'viewer'],
        ['reviewer', 'reviewer'],
        ['retired', 'viewer'],
      ] as const) {
        await createUser(db, { login, displayName: login, password: PASSWORD, role }, ACTOR);
      }
      await setDisabled(db, 'retired', true, ACTOR);
      // One proxy in front: the client address is the right-most X-Forwarded-For entry.
      app = await buildApp({ db, config: { logLevel: 'silent', trustProxy: 1 } });
    });
    afterAll(async () => {
      await app?.close();
      await db?.destroy();
    });

    /** Starts a new rate-limit window (the route allows 20 sign-ins a minute per address). */
    const nextMinute = async () => {
      await app.close();
      app = await buildApp({ db, config: { logLevel: 'silent', trustProxy: 1 } });
    };
    const login = (name: string, password: string, from: string) =>
      app.inject({
        method: 'POST',
        url: '/api/auth/login',
        headers: { 'x-forwarded-for': from },
        payload: { login: name, password },
      });
    const retryAfter = (res: LightMyRequestResponse) =>
      (res.json() as { error: { details: { retryAfterSeconds: number } } }).error.details.retryAfterSeconds;
    /** The reply without the wait, which depends only on the counters. */
    const shape = (res: LightMyRequestResponse) => {
      const body = res.json() as { error: { details: Record<string, unknown> } };
      const { retryAfterSeconds: _wait, ...details } = body.error.details;
      return { status: res.statusCode, body: { ...body.error, details } };
    };
    /** Lets `ms` pass for every counter. */
    const elapse = async (ms: number) => {
      const rows = await db.kysely.selectFrom('loginThrottle').selectAll().execute();
      for (const row of rows) {
        await db.kysely
          .updateTable('loginThrottle')
          .set({ lastFailureAt: new Date(Date.parse(row.lastFailureAt) - ms).toISOString() })
          .where('key', '=', row.key)
          .execute();
      }
    };
    const failures = async (login: string) =>
      db.kysely
        .selectFrom('auditLog')
        .select(['after', 'ip'])
        .where('action', '=', 'session.login_failed')
        .execute()
        .then((rows) =>
          rows
            .map((r) => ({ ip: r.ip, ...(JSON.parse(r.after ?? '{}') as { login: string; reason: string }) }))
            .filter((r) => r.login === login),
        );

    it('gives an unknown login, a wrong password, a disabled account and a wait the same reply', async () => {
      const unknown: LightMyRequestResponse[] = [];
      const wrong: LightMyRequestResponse[] = [];
      for (let i = 0; i < THROTTLE_RULES.pair.free + 3; i++) {
        unknown.push(await login('nobody-here', `guess ${i}`, '198.51.100.1'));
        wrong.push(await login('viewer', `guess ${i}`, '198.51.100.2'));
      }
      const disabled = await login('retired', PASSWORD, '198.51.100.3');
      const first = shape(wrong[0]!);
      expect(first).toEqual({
        status: 401,
        body: {
          code: 'unauthorized',
          message: 'wrong login or password',
          details: { reason: 'credentials' },
        },
      });
      for (const res of [...unknown, ...wrong, disabled]) expect(shape(res)).toEqual(first);
      // The waits follow the counters alone, which exist for every login name tried.
      const waits = (list: LightMyRequestResponse[]) => list.map(retryAfter);
      expect(waits(unknown)).toEqual(waits(wrong));
      expect(waits(wrong).slice(0, THROTTLE_RULES.pair.free)).toEqual([0, 0, 0]);
      expect(Math.max(...waits(wrong))).toBeGreaterThan(0);
      // While a wait runs the right password is refused alike, without being checked.
      const during = await login('viewer', PASSWORD, '198.51.100.2');
      expect(shape(during)).toEqual(first);
      expect(retryAfter(during)).toBeGreaterThan(0);
      expect((await failures('viewer')).filter((f) => f.reason === 'throttled').length).toBeGreaterThan(0);
      await elapse(retryAfter(during) * 1000);
      expect((await login('viewer', PASSWORD, '198.51.100.2')).statusCode).toBe(200);
    });

    it('spends about the same time on an unknown login, a wrong password and a wait', async () => {
      const time = async (name: string, from: string) => {
        const start = performance.now();
        expect((await login(name, 'not it at all', from)).statusCode).toBe(401);
        return performance.now() - start;
      };
      // A wait of several seconds for one pair; then fresh addresses for the checked attempts,
      // taken in turn so that load on the machine hits each kind alike. Skipping the password
      // hash for any of them would make it several times faster than the others.
      await Promise.all([0, 1, 2, 3, 4, 5, 6, 7].map((i) => login('chief', `x${i}`, '203.0.113.23')));
      const samples = {
        wrongPassword: [] as number[],
        unknownLogin: [] as number[],
        throttled: [] as number[],
      };
      for (let i = 0; i < 12; i++) {
        samples.wrongPassword.push(await time(i % 2 ? 'reviewer' : 'viewer', `203.0.114.${i}`));
        samples.unknownLogin.push(await time(`nobody-${i}`, `203.0.115.${i}`));
        samples.throttled.push(await time('chief', '203.0.113.23'));
      }
      const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
      const wrong = median(samples.wrongPassword);
      for (const t of [median(samples.unknownLogin), median(samples.throttled)]) {
        expect(t / wrong).toBeGreaterThan(1 / 3);
        expect(t / wrong).toBeLessThan(3);
      }
    });

    it('counts every one of ten simultaneous wrong passwords, or refuses it for a wait', async () => {
      const guesses = await Promise.all(
        Array.from({ length: 10 }, (_, i) => login('reviewer', `wrong ${i}`, '192.0.2.50')),
      );
      expect(guesses.map((g) => g.statusCode)).toEqual(guesses.map(() => 401));
      const counter = await db.kysely
        .selectFrom('loginThrottle')
        .selectAll()
        .where('key', '=', 'pair:reviewer|192.0.2.50')
        .executeTakeFirstOrThrow();
      const audited = (await failures('reviewer')).filter((f) => f.ip === '192.0.2.50');
      expect(audited).toHaveLength(10);
      const checked = audited.filter((f) => f.reason === 'wrong_password').length;
      expect(counter.failures).toBe(checked);
      expect(counter.failures).toBeGreaterThan(THROTTLE_RULES.pair.free);
      expect(retryAfter(await login('reviewer', PASSWORD, '192.0.2.50'))).toBeGreaterThan(0);
    });

    it('does not let an attacker hammering an admin keep the admin out', async () => {
      const attacker = '203.0.113.66';
      const checked = async () =>
        (
          await db.kysely
            .selectFrom('loginThrottle')
            .select('failures')
            .where('key', '=', `pair:admin|${attacker}`)
            .executeTakeFirst()
        )?.failures ?? 0;
      // A long attack from one address: whenever it must wait, it waits exactly that long.
      for (let sent = 0; (await checked()) < 30 && sent < 500; sent++) {
        if (sent % 15 === 14) await nextMinute();
        const res = await login('admin', `guess ${sent}`, attacker);
        expect(res.statusCode).toBe(401);
        await elapse(retryAfter(res) * 1000);
      }
      expect(await checked()).toBe(30);
      // The attacker's own address now waits long; the admin elsewhere at most a minute.
      const attackerWait = retryAfter(await login('admin', 'one more', attacker));
      expect(attackerWait).toBeGreaterThan(THROTTLE_RULES.account.capMs / 1000);
      const first = await login('admin', PASSWORD, '198.51.100.77');
      expect(first.statusCode).toBe(401);
      expect(retryAfter(first)).toBeLessThanOrEqual(THROTTLE_RULES.account.capMs / 1000);
      // The attacker goes on, but attempts refused for a wait do not count, so the wait ends.
      await elapse(THROTTLE_RULES.account.capMs);
      await nextMinute();
      for (let i = 0; i < 15; i++) expect((await login('admin', `more ${i}`, attacker)).statusCode).toBe(401);
      const admin = await login('admin', PASSWORD, '198.51.100.77');
      expect(admin.statusCode, admin.body).toBe(200);
      expect((admin.json() as { user: { login: string } }).user.login).toBe('admin');
    });

    it('writes every refused sign-in to the audit trail: login name, address, reason, wait; never the password', async () => {
      const before = Date.now();
      await login('viewer', 'audited guess', '192.0.2.99');
      await login('nobody-at-all', 'audited guess x', '192.0.2.99');
      const rows = await db.kysely
        .selectFrom('auditLog')
        .selectAll()
        .where('action', '=', 'session.login_failed')
        .where('ip', '=', '192.0.2.99')
        .orderBy('at')
        .execute();
      expect(
        rows.map((r) => ({
          actor: r.actor,
          entityId: r.entityId,
          after: JSON.parse(r.after ?? '') as unknown,
        })),
      ).toEqual([
        {
          actor: 'anonymous',
          entityId: expect.any(String) as string,
          after: { login: 'viewer', reason: 'wrong_password', waitSeconds: 0 },
        },
        {
          actor: 'anonymous',
          entityId: '',
          after: { login: 'nobody-at-all', reason: 'unknown_login', waitSeconds: 0 },
        },
      ]);
      expect(rows[0]!.entityId).not.toBe('');
      for (const r of rows) expect(Date.parse(r.at)).toBeGreaterThanOrEqual(before - 1000);
      const all = JSON.stringify(await db.kysely.selectFrom('auditLog').selectAll().execute());
      for (const secret of [PASSWORD, 'audited guess', 'guess 0', 'wrong 0'])
        expect(all).not.toContain(secret);
    });
  });
}
