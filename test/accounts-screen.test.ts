/**
 * The accounts screen's API (issue #19) on every engine: what each answer contains (never a
 * password hash; a temporary password only in the create, reset and CSV answers), versions,
 * the last-admin guard, the forced password change and the CSV import's all-or-none rule.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/api/app.ts';
import { createTestUsers, PASSWORD, sessionFor, type TestSession } from './helpers/accounts.ts';
import { ENGINES, type TestDb } from './helpers/db.ts';
import { sampleDb } from './helpers/sample.ts';

interface Account {
  login: string;
  displayName: string;
  role: string;
  email: string;
  organisationIds: string[];
  organisations: { id: string; nameJa: string }[];
  disabled: boolean;
  lastLoginAt: string | null;
  mustChangePassword: boolean;
  version: number;
  temporaryPassword?: string;
}

const CSV_HEADER = 'login,name,role,organisations,email';

for (const engine of ENGINES) {
  describe(`the accounts screen's API on ${engine}`, () => {
    let db: TestDb;
    let app: FastifyInstance;
    let admin: TestSession;
    let users: Awaited<ReturnType<typeof createTestUsers>>;
    beforeAll(async () => {
      db = await sampleDb(engine);
      app = await buildApp({ db });
      users = await createTestUsers(db);
      admin = await sessionFor(db, users.admin);
    });
    afterAll(async () => {
      await app.close();
      await db.destroy();
    });

    const call = (method: 'GET' | 'POST' | 'PUT', url: string, payload?: object, s = admin) =>
      payload === undefined
        ? app.inject({ method, url, headers: s.headers })
        : app.inject({ method, url, headers: s.headers, payload });
    const login = (name: string, password: string) =>
      app.inject({ method: 'POST', url: '/api/auth/login', payload: { login: name, password } });
    const cookieOf = (res: { headers: Record<string, unknown> }) =>
      String(res.headers['set-cookie']).split(';')[0]!;
    const list = async () => (await call('GET', '/api/users')).json<{ users: Account[] }>().users;
    const audits = (action: string) =>
      db.kysely.selectFrom('auditLog').selectAll().where('action', '=', action).execute();

    it('creates an account with a temporary password shown once, and lists it without any password', async () => {
      const res = await call('POST', '/api/users', {
        login: 'sato',
        displayName: '佐藤 一郎',
        role: 'editor',
        organisationIds: ['mic', 'meti'],
        email: 'sato@example.go.jp',
      });
      expect(res.statusCode).toBe(200);
      const created = res.json<Account>();
      expect(created.temporaryPassword).toMatch(/^[A-Za-z2-9]{4}(-[A-Za-z2-9]{4}){3}$/);
      expect(created).toMatchObject({
        login: 'sato',
        role: 'editor',
        mustChangePassword: true,
        lastLoginAt: null,
        organisationIds: ['meti', 'mic'],
      });
      expect(created.organisations.map((o) => o.nameJa)).toEqual(['経済産業省', '総務省']);
      expect(res.body).not.toContain('argon2');
      const listed = await call('GET', '/api/users');
      expect(listed.body).not.toContain(created.temporaryPassword);
      expect(listed.body).not.toMatch(/argon2|passwordHash/);
      expect((await list()).find((u) => u.login === 'sato')).toMatchObject({ mustChangePassword: true });
      const [event] = (await audits('user.create')).filter((e) => e.after?.includes('"sato"'));
      expect(event?.after).not.toContain(created.temporaryPassword);
      expect(event?.after).not.toContain('argon2');
    });

    it('refuses a taken login, an editor without a ministry and an unknown ministry at their fields', async () => {
      const issues = async (body: object) => {
        const res = await call('POST', '/api/users', { role: 'editor', email: '', ...body });
        expect(res.statusCode).toBe(400);
        return res.json<{ error: { details: { issues: { path: string; code: string }[] } } }>().error.details
          .issues;
      };
      expect(await issues({ login: 'sato', organisationIds: ['mic'] })).toEqual([
        expect.objectContaining({ path: 'login', code: 'login_taken' }),
      ]);
      expect(await issues({ login: 'nobody', organisationIds: [] })).toEqual([
        expect.objectContaining({ path: 'organisationIds', code: 'organisation_required' }),
      ]);
      expect(await issues({ login: 'nobody', organisationIds: ['nowhere'] })).toEqual([
        expect.objectContaining({ path: 'organisationIds', code: 'unknown_organisation' }),
      ]);
      expect(await issues({ login: 'nobody', organisationIds: ['mic'], email: 'not-an-address' })).toEqual([
        expect.objectContaining({ path: 'email', code: 'email' }),
      ]);
      expect((await list()).some((u) => u.login === 'nobody')).toBe(false);
    });

    it('makes the temporary password good for changing it only, then records the sign-in', async () => {
      const temporary = (await call('POST', '/api/users/sato/password-reset')).json<{
        temporaryPassword: string;
      }>().temporaryPassword;
      const res = await login('sato', temporary);
      expect(res.statusCode).toBe(200);
      expect(res.json<{ user: { mustChangePassword: boolean } }>().user.mustChangePassword).toBe(true);
      const cookie = cookieOf(res);
      const csrf = res.json<{ csrfToken: string }>().csrfToken;
      const session = { cookie, csrf, headers: { cookie, 'x-csrf-token': csrf } };
      // Anything but changing the password is refused; public reads see an anonymous reader.
      const tasks = await call('GET', '/api/me/tasks', undefined, session);
      expect(tasks.statusCode).toBe(403);
      expect(tasks.json<{ error: { details: { reason: string } } }>().error.details.reason).toBe(
        'password_change',
      );
      const draftTree = await call(
        'GET',
        '/api/strategies/ai2022/cycles/ai2022-fy2023/tree',
        undefined,
        session,
      );
      expect([401, 404]).toContain(draftTree.statusCode);
      expect((await call('GET', '/api/auth/me', undefined, session)).statusCode).toBe(200);
      expect((await list()).find((u) => u.login === 'sato')?.lastLoginAt).not.toBeNull();
      // The current password must be right and the new one long enough and different.
      const change = (currentPassword: string, newPassword: string) =>
        call('POST', '/api/auth/password', { currentPassword, newPassword }, session);
      expect((await change('wrong-password', 'a brand new password')).statusCode).toBe(400);
      expect((await change(temporary, 'short')).statusCode).toBe(400);
      expect((await change(temporary, temporary)).statusCode).toBe(400);
      const changed = await change(temporary, 'a brand new password');
      expect(changed.statusCode).toBe(200);
      expect(changed.json<{ user: { mustChangePassword: boolean } }>().user.mustChangePassword).toBe(false);
      expect((await call('GET', '/api/me/tasks', undefined, session)).statusCode).toBe(200);
      expect((await login('sato', temporary)).statusCode).toBe(401);
      expect((await login('sato', 'a brand new password')).statusCode).toBe(200);
      expect((await audits('user.password_change')).length).toBeGreaterThan(0);
    });

    it('resets a password: a new temporary one, old sessions ended, the old password refused', async () => {
      const before = await login('sato', 'a brand new password');
      const cookie = cookieOf(before);
      const res = await call('POST', '/api/users/sato/password-reset');
      expect(res.statusCode).toBe(200);
      const { temporaryPassword } = res.json<{ temporaryPassword: string }>();
      expect(Object.keys(res.json<object>()).sort()).toEqual(['login', 'temporaryPassword']);
      expect((await app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie } })).statusCode).toBe(
        401,
      );
      expect((await login('sato', 'a brand new password')).statusCode).toBe(401);
      expect((await login('sato', temporaryPassword)).statusCode).toBe(200);
      expect((await list()).find((u) => u.login === 'sato')?.mustChangePassword).toBe(true);
      expect(await audits('user.password_reset')).not.toHaveLength(0);
    });

    it('edits role, ministries and e-mail over a version; a stale version gets 409 with the account', async () => {
      const sato = (await list()).find((u) => u.login === 'sato')!;
      const body = {
        version: sato.version,
        displayName: '佐藤 一郎',
        role: 'editor',
        organisationIds: ['mext'],
        email: 'ichiro.sato@example.go.jp',
      };
      const res = await call('PUT', '/api/users/sato', body);
      expect(res.statusCode).toBe(200);
      expect(res.json<Account>()).toMatchObject({
        organisationIds: ['mext'],
        email: 'ichiro.sato@example.go.jp',
        version: sato.version + 1,
      });
      expect(res.body).not.toMatch(/temporaryPassword|argon2/);
      const stale = await call('PUT', '/api/users/sato', { ...body, email: 'other@example.go.jp' });
      expect(stale.statusCode).toBe(409);
      expect(stale.json<{ error: { details: { current: Account } } }>().error.details.current).toMatchObject({
        login: 'sato',
        email: 'ichiro.sato@example.go.jp',
        version: sato.version + 1,
      });
      expect(await audits('user.update')).toHaveLength(1);
    });

    it('never leaves the system without an enabled administrator', async () => {
      const me = (await list()).find((u) => u.login === 'admin')!;
      const demote = await call('PUT', '/api/users/admin', {
        version: me.version,
        displayName: 'admin',
        role: 'reviewer',
        organisationIds: [],
        email: '',
      });
      expect(demote.statusCode).toBe(409);
      expect(demote.json<{ error: { details: { reason: string } } }>().error.details.reason).toBe(
        'last_admin',
      );
      const disable = await call('POST', '/api/users/admin/disable', { disabled: true });
      expect(disable.statusCode).toBe(409);
      expect((await list()).find((u) => u.login === 'admin')).toMatchObject({
        role: 'admin',
        disabled: false,
      });
      // With a second administrator, the first may be disabled, and enabled again.
      const second = await call('POST', '/api/users', { login: 'admin2', role: 'admin', email: '' });
      expect(second.statusCode).toBe(200);
      expect((await call('POST', '/api/users/admin2/disable', { disabled: true })).statusCode).toBe(200);
      expect((await call('POST', '/api/users/admin2/disable', { disabled: false })).statusCode).toBe(200);
      expect((await list()).find((u) => u.login === 'admin2')?.disabled).toBe(false);
    });

    it('previews a CSV file with every problem at its line, and creates nothing while one remains', async () => {
      const csv = [
        CSV_HEADER,
        'tanaka,田中 花子,府省担当,総務省,tanaka@example.go.jp',
        'sato,佐藤,editor,mic,sato2@example.go.jp',
        'kimura,木村,editor,どこか省,kimura@example.go.jp',
        'tanaka,田中,viewer,,tanaka2@example.go.jp',
        'mori,森,boss,,mori-at-example',
      ].join('\n');
      const preview = await call('POST', '/api/users/import', { csv, dryRun: true });
      expect(preview.statusCode).toBe(200);
      const body = preview.json<{
        rows: { line: number; login: string; role: string | null }[];
        problems: { line: number; column: string; code: string }[];
        created: boolean;
      }>();
      expect(body.created).toBe(false);
      expect(body.rows[0]).toMatchObject({ line: 2, login: 'tanaka', role: 'editor' });
      expect(body.problems.map((p) => [p.line, p.column, p.code])).toEqual([
        [3, 'login', 'login_taken'],
        [4, 'organisations', 'unknown_organisation'],
        [5, 'login', 'login_repeated'],
        [6, 'role', 'role'],
        [6, 'email', 'email'],
      ]);
      expect(preview.body).not.toContain('temporaryPassword');
      const refused = await call('POST', '/api/users/import', { csv, dryRun: false });
      expect(refused.statusCode).toBe(400);
      expect((await list()).some((u) => u.login === 'tanaka')).toBe(false);
    });

    it('creates every account of a clean CSV file at once, each with its own temporary password', async () => {
      const csv = [
        CSV_HEADER,
        'tanaka,田中 花子,府省担当,総務省,tanaka@example.go.jp',
        '"suzuki","鈴木, 次郎",editor,"文部科学省;厚生労働省",suzuki@example.go.jp',
      ].join('\r\n');
      const res = await call('POST', '/api/users/import', { csv, dryRun: false });
      expect(res.statusCode).toBe(200);
      const body = res.json<{ rows: { login: string; temporaryPassword?: string }[]; created: boolean }>();
      expect(body.created).toBe(true);
      const [tanaka, suzuki] = body.rows;
      expect(tanaka?.temporaryPassword).toBeTruthy();
      expect(suzuki?.temporaryPassword).not.toBe(tanaka?.temporaryPassword);
      const listed = await list();
      expect(listed.find((u) => u.login === 'suzuki')).toMatchObject({
        displayName: '鈴木, 次郎',
        organisationIds: ['mext', 'mhlw'],
        mustChangePassword: true,
      });
      expect((await login('tanaka', tanaka!.temporaryPassword!)).statusCode).toBe(200);
      const csvEvents = (await audits('user.create')).filter((e) => e.after?.includes('"via":"csv"'));
      expect(csvEvents).toHaveLength(2);
    });

    it('refuses the accounts routes to everyone but administrators', async () => {
      const editor = await sessionFor(db, users.editor);
      expect((await call('GET', '/api/users', undefined, editor)).statusCode).toBe(403);
      expect((await call('POST', '/api/users/sato/password-reset', undefined, editor)).statusCode).toBe(403);
      expect(PASSWORD).toBeTruthy();
    });

    it('keeps organisation contact addresses for administrators only', async () => {
      const org = (await call('GET', '/api/organisations'))
        .json<{ organisations: { id: string; version: number }[] }>()
        .organisations.find((o) => o.id === 'mic')!;
      const res = await call('PUT', '/api/organisations/mic', {
        version: org.version,
        shortName: '総務省',
        nameJa: '総務省',
        nameEn: 'MIC',
        aliases: [],
        contactEmail: 'ai-desk@soumu.example.go.jp',
      });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.body).not.toContain('ai-desk');
      const contacts = (await call('GET', '/api/organisation-contacts')).json<{
        contacts: { organisationId: string; contactEmail: string }[];
      }>().contacts;
      expect(contacts.find((c) => c.organisationId === 'mic')?.contactEmail).toBe(
        'ai-desk@soumu.example.go.jp',
      );
      const publicList = await app.inject({ method: 'GET', url: '/api/organisations' });
      expect(publicList.body).not.toContain('ai-desk');
      const bad = await call('PUT', '/api/organisations/mic', {
        version: org.version + 1,
        shortName: '総務省',
        nameJa: '総務省',
        aliases: [],
        contactEmail: 'not an address',
      });
      expect(bad.statusCode).toBe(400);
    });
  });
}
