/**
 * TOTP for local accounts (RFC 6238; issue #18): enrolment with a QR code, confirmed by a
 * code before it counts, ten recovery codes shown once and stored hashed, the secret
 * encrypted at rest; the password step then leaves a short-lived challenge (not a session)
 * that a code turns into a session; a code is accepted once; MFA_REQUIRED_ROLES makes
 * administrators enrol at their next sign-in. Codes are computed here with otpauth.
 */
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { Secret, TOTP } from 'otpauth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/api/app.ts';
import { DEFAULT_AUTH, type AuthConfig } from '../../src/config.ts';
import { createUser, sha256, type PublicUser } from '../../src/services/accounts.service.ts';
import { openSecret } from '../../src/services/mfa.service.ts';
import { MAX_CHALLENGE_ATTEMPTS } from '../../src/services/signin.service.ts';
import { PASSWORD, sessionFor } from '../helpers/accounts.ts';
import { createTestDb, ENGINES, type TestDb } from '../helpers/db.ts';

const AUTH: AuthConfig = {
  ...DEFAULT_AUTH,
  mfaKey: Buffer.alloc(32, 42),
  mfaRequiredRoles: ['admin'],
};
const ACTOR = { id: 'test', ip: '' };

/** The code of the 30-second step `offset` steps from now. */
const codeFor = (secret: string, offset = 0) =>
  new TOTP({ secret: Secret.fromBase32(secret) }).generate({ timestamp: Date.now() + offset * 30_000 });

const cookiesOf = (res: LightMyRequestResponse) =>
  Object.fromEntries(
    ([res.headers['set-cookie'] ?? []].flat() as string[]).map((c) => {
      const [pair = ''] = c.split(';');
      const i = pair.indexOf('=');
      return [pair.slice(0, i), pair.slice(i + 1)];
    }),
  );

for (const engine of ENGINES) {
  describe(`two-step sign-in on ${engine}`, () => {
    let db: TestDb;
    let app: FastifyInstance;
    const users: Record<string, PublicUser> = {};
    beforeAll(async () => {
      db = await createTestDb(engine);
      for (const [login, role] of [
        ['viewer', 'viewer'],
        ['boss', 'admin'],
        ['lost', 'reviewer'],
      ] as const) {
        users[login] = await createUser(db, { login, displayName: login, password: PASSWORD, role }, ACTOR);
      }
      app = await buildApp({ db, config: { logLevel: 'silent', trustProxy: 0, auth: AUTH } });
    });
    afterAll(async () => {
      await app?.close();
      await db?.destroy();
    });

    const post = (url: string, payload: unknown, cookie = '', csrf = '') =>
      app.inject({
        method: 'POST',
        url,
        headers: { ...(cookie && { cookie }), ...(csrf && { 'x-csrf-token': csrf }) },
        payload: payload as object,
      });
    const login = (name: string, password = PASSWORD) => post('/api/auth/login', { login: name, password });
    const sessionCount = async () =>
      Number(
        (
          await db.kysely
            .selectFrom('sessions')
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    /** Lets every throttling wait pass (wrong codes count like wrong passwords). */
    const waitsPass = () => db.kysely.deleteFrom('loginThrottle').execute();
    /** A user's TOTP secret, decrypted with the test's key. */
    const secretOf = async (login: string) => {
      const row = await db.kysely
        .selectFrom('userMfa')
        .innerJoin('users', 'users.id', 'userMfa.userId')
        .select(['userMfa.userId', 'userMfa.secret'])
        .where('users.login', '=', login)
        .executeTakeFirstOrThrow();
      return openSecret(AUTH.mfaKey!, row.userId, row.secret);
    };
    /** Enrols `login` while signed in; returns the secret and the recovery codes. */
    const enrolSignedIn = async (login: string) => {
      const s = await sessionFor(db, users[login]!);
      const started = await post('/api/auth/mfa/enrol', undefined, s.cookie, s.csrf);
      expect(started.statusCode, started.body).toBe(200);
      const { secret } = started.json() as { secret: string };
      const done = await post('/api/auth/mfa/confirm', { code: codeFor(secret) }, s.cookie, s.csrf);
      expect(done.statusCode, done.body).toBe(200);
      return { secret, ...(done.json() as { recoveryCodes: string[] }) };
    };

    it('signs in without a second factor when none is set up and the role needs none', async () => {
      const res = await login('viewer');
      expect(res.statusCode).toBe(200);
      expect((res.json() as { user: { login: string } }).user.login).toBe('viewer');
    });

    it('enrols with a QR code, confirmed by a code; the secret is stored encrypted', async () => {
      const res = await login('viewer');
      const session = `shinchoku_session=${cookiesOf(res).shinchoku_session}`;
      const csrf = (res.json() as { csrfToken: string }).csrfToken;
      const started = await post('/api/auth/mfa/enrol', undefined, session, csrf);
      expect(started.statusCode).toBe(200);
      const enrolment = started.json() as { secret: string; uri: string; qrCode: string };
      expect(enrolment.secret).toMatch(/^[A-Z2-7]{32}$/);
      expect(enrolment.uri).toBe(
        `otpauth://totp/shinchoku:viewer?issuer=shinchoku&secret=${enrolment.secret}&algorithm=SHA1&digits=6&period=30`,
      );
      const svg = Buffer.from(
        enrolment.qrCode.replace('data:image/svg+xml;base64,', ''),
        'base64',
      ).toString();
      expect(svg).toMatch(/^<svg[^>]+viewBox/);
      const stored = JSON.stringify(await db.kysely.selectFrom('userMfa').selectAll().execute());
      expect(stored).not.toContain(enrolment.secret);
      expect(stored).toMatch(/"secret":"v1\./);

      // Not active until a right code confirms it.
      const wrong = await post('/api/auth/mfa/confirm', { code: '000000' }, session, csrf);
      expect(wrong.statusCode).toBe(400);
      expect(wrong.json()).toMatchObject({ error: { details: { reason: 'mfa_code' } } });
      expect((await login('viewer')).json()).toHaveProperty('user');
      const confirmed = await post(
        '/api/auth/mfa/confirm',
        { code: codeFor(enrolment.secret) },
        session,
        csrf,
      );
      expect(confirmed.statusCode).toBe(200);
      const { recoveryCodes, me } = confirmed.json() as { recoveryCodes: string[]; me: unknown };
      expect(me).toBeNull();
      expect(recoveryCodes).toHaveLength(10);
      expect(new Set(recoveryCodes).size).toBe(10);
      for (const code of recoveryCodes) expect(code).toMatch(/^[a-z2-7]{4}(-[a-z2-7]{4}){3}$/);
      const hashes = JSON.stringify(await db.kysely.selectFrom('mfaRecoveryCodes').selectAll().execute());
      for (const code of recoveryCodes) expect(hashes).not.toContain(code);
      const status = await app.inject({ method: 'GET', url: '/api/auth/mfa', headers: { cookie: session } });
      expect(status.json()).toEqual({
        available: true,
        enabled: true,
        required: false,
        recoveryCodesLeft: 10,
        passwordAccount: true,
      });
    });

    it('asks for a code after the password, and the challenge is no session', async () => {
      const before = await sessionCount();
      const step = await login('viewer');
      expect(step.statusCode).toBe(200);
      expect(step.json()).toEqual({ mfa: 'verify' });
      const cookies = cookiesOf(step);
      expect(cookies.shinchoku_session).toBeUndefined();
      expect(String(step.headers['set-cookie'])).toMatch(
        /shinchoku_mfa=[^;]+; Max-Age=300; Path=\/api\/auth\/mfa; HttpOnly; SameSite=Strict/,
      );
      expect(await sessionCount()).toBe(before);
      const me = await app.inject({
        method: 'GET',
        url: '/api/auth/me',
        headers: { cookie: `shinchoku_session=${cookies.shinchoku_mfa}` },
      });
      expect(me.statusCode).toBe(401);
    });

    it('signs in with a code once; the same code is refused again', async () => {
      const secret = await secretOf('viewer');
      // The enrolment used this step's code: the next step's is still inside the window.
      const code = codeFor(secret, 1);
      const first = cookiesOf(await login('viewer')).shinchoku_mfa!;
      const ok = await post('/api/auth/mfa/verify', { code }, `shinchoku_mfa=${first}`);
      expect(ok.statusCode, ok.body).toBe(200);
      expect((ok.json() as { user: { login: string } }).user.login).toBe('viewer');
      expect(cookiesOf(ok).shinchoku_session).toMatch(/.{20,}/);
      // The challenge is used up, and the code cannot open a second session.
      expect((await post('/api/auth/mfa/verify', { code }, `shinchoku_mfa=${first}`)).json()).toMatchObject({
        error: { details: { reason: 'mfa_expired' } },
      });
      const second = cookiesOf(await login('viewer')).shinchoku_mfa!;
      const replay = await post('/api/auth/mfa/verify', { code }, `shinchoku_mfa=${second}`);
      expect(replay.statusCode).toBe(401);
      expect(replay.json()).toMatchObject({ error: { details: { reason: 'mfa_code' } } });
      const events = await db.kysely
        .selectFrom('auditLog')
        .select(['action', 'after'])
        .where('action', 'like', 'session.%')
        .execute();
      expect(
        events.filter((e) => e.action === 'session.login_failed').map((e) => JSON.parse(e.after!) as unknown),
      ).toContainEqual({
        login: 'viewer',
        reason: 'wrong_code',
        waitSeconds: 0,
      });
      expect(
        events.filter((e) => e.action === 'session.login').map((e) => JSON.parse(e.after!) as unknown),
      ).toContainEqual({ method: 'totp' });
    });

    it('takes each recovery code once, and ends the challenge after five wrong codes', async () => {
      const { recoveryCodes } = await enrolSignedIn('lost');
      const challenge = cookiesOf(await login('lost')).shinchoku_mfa!;
      const code = recoveryCodes[3]!.toUpperCase().replaceAll('-', ' ');
      const ok = await post('/api/auth/mfa/verify', { code }, `shinchoku_mfa=${challenge}`);
      expect(ok.statusCode, ok.body).toBe(200);
      const again = cookiesOf(await login('lost')).shinchoku_mfa!;
      const reused = await post(
        '/api/auth/mfa/verify',
        { code: recoveryCodes[3]! },
        `shinchoku_mfa=${again}`,
      );
      expect(reused.json()).toMatchObject({ error: { details: { reason: 'mfa_code' } } });
      for (let i = 1; i < MAX_CHALLENGE_ATTEMPTS - 1; i++) {
        await waitsPass();
        const res = await post('/api/auth/mfa/verify', { code: `99999${i}` }, `shinchoku_mfa=${again}`);
        expect(res.json()).toMatchObject({ error: { details: { reason: 'mfa_code' } } });
      }
      await waitsPass();
      const last = await post('/api/auth/mfa/verify', { code: '999990' }, `shinchoku_mfa=${again}`);
      expect(last.json()).toMatchObject({ error: { details: { reason: 'mfa_expired' } } });
      const right = await post('/api/auth/mfa/verify', { code: recoveryCodes[4]! }, `shinchoku_mfa=${again}`);
      expect(right.json()).toMatchObject({ error: { details: { reason: 'mfa_expired' } } });
      const left = await db.kysely.selectFrom('authChallenges').select('id').execute();
      expect(left.map((c) => c.id)).not.toContain(sha256(again));
    });

    it('makes an administrator enrol at the next sign-in, before any session', async () => {
      const before = await sessionCount();
      const step = await login('boss');
      expect(step.json()).toEqual({ mfa: 'enrol' });
      const challenge = `shinchoku_mfa=${cookiesOf(step).shinchoku_mfa}`;
      // The challenge opens enrolment only, and nothing else.
      expect((await post('/api/auth/mfa/verify', { code: '123456' }, challenge)).json()).toMatchObject({
        error: { details: { reason: 'mfa_expired' } },
      });
      const started = await post('/api/auth/mfa/enrol', undefined, challenge);
      expect(started.statusCode, started.body).toBe(200);
      const { secret } = started.json() as { secret: string };
      expect(await sessionCount()).toBe(before);
      const done = await post('/api/auth/mfa/confirm', { code: codeFor(secret) }, challenge);
      expect(done.statusCode, done.body).toBe(200);
      const body = done.json() as { recoveryCodes: string[]; me: { user: { login: string; role: string } } };
      expect(body.recoveryCodes).toHaveLength(10);
      expect(body.me.user).toMatchObject({ login: 'boss', role: 'admin' });
      const session = `shinchoku_session=${cookiesOf(done).shinchoku_session}`;
      const me = await app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: session } });
      expect(me.statusCode).toBe(200);
      const status = await app.inject({ method: 'GET', url: '/api/auth/mfa', headers: { cookie: session } });
      expect(status.json()).toMatchObject({ enabled: true, required: true });
      expect((await login('boss')).json()).toEqual({ mfa: 'verify' });
    });

    it('lets an administrator reset a lost second factor; the user enrols again if the role needs it', async () => {
      const boss = await login('boss');
      const challenge = `shinchoku_mfa=${cookiesOf(boss).shinchoku_mfa}`;
      const code = codeFor(await secretOf('boss'), 1);
      const signedIn = await post('/api/auth/mfa/verify', { code }, challenge);
      expect(signedIn.statusCode, signedIn.body).toBe(200);
      const admin = {
        cookie: `shinchoku_session=${cookiesOf(signedIn).shinchoku_session}`,
        csrf: (signedIn.json() as { csrfToken: string }).csrfToken,
      };
      const reset = await post('/api/users/lost/mfa/reset', undefined, admin.cookie, admin.csrf);
      expect(reset.statusCode).toBe(200);
      await waitsPass();
      expect((await login('lost')).json()).toHaveProperty('user');
      await post('/api/users/boss/mfa/reset', undefined, admin.cookie, admin.csrf);
      expect((await login('boss')).json()).toEqual({ mfa: 'enrol' });
      const actions = await db.kysely
        .selectFrom('auditLog')
        .select('action')
        .where('action', 'like', 'user.mfa%')
        .execute();
      expect(actions.map((a) => a.action).sort()).toEqual([
        'user.mfa_enable',
        'user.mfa_enable',
        'user.mfa_enable',
        'user.mfa_reset',
        'user.mfa_reset',
      ]);
    });
  });
}
