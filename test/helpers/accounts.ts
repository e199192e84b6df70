/**
 * Accounts for tests: one user per role (two ministry editors: 総務省 and 厚労省), and
 * sessions opened directly in the database so that tests need not pay argon2 per request.
 */
import { randomBytes } from 'node:crypto';
import type { Db } from '../../src/db/database.ts';
import { createUser, sha256, type PublicUser } from '../../src/services/accounts.service.ts';
import { passwordLogin, SESSION_IDLE_MS, type LoginResult } from '../../src/services/signin.service.ts';

export const PASSWORD = 'correct horse battery staple';

export type TestRole = 'admin' | 'reviewer' | 'editor' | 'editorOther' | 'viewer' | 'editorAll';

export async function createTestUsers(db: Db): Promise<Record<TestRole, PublicUser>> {
  const actor = { id: 'test', ip: '' };
  const make = (login: string, role: string, organisationIds: string[] = []) =>
    createUser(db, { login, displayName: login, password: PASSWORD, role, organisationIds }, actor);
  return {
    admin: await make('admin', 'admin'),
    reviewer: await make('reviewer', 'reviewer'),
    editor: await make('mic-editor', 'editor', ['mic']),
    editorOther: await make('mhlw-editor', 'editor', ['mhlw']),
    viewer: await make('viewer', 'viewer'),
    editorAll: await make('all-editor', 'editor', [
      'csti',
      'mic',
      'mext',
      'mhlw',
      'maff',
      'meti',
      'mlit',
      'env',
      'mod',
    ]),
  };
}

export interface TestSession {
  cookie: string;
  csrf: string;
  headers: Record<string, string>;
}

export async function sessionFor(db: Db, user: PublicUser): Promise<TestSession> {
  const token = randomBytes(24).toString('base64url');
  const csrf = randomBytes(16).toString('base64url');
  const now = new Date();
  await db.kysely
    .insertInto('sessions')
    .values({
      id: sha256(token),
      userId: user.id,
      csrfToken: csrf,
      createdAt: now.toISOString(),
      expiresAt: new Date(now.getTime() + SESSION_IDLE_MS).toISOString(),
      lastSeenAt: now.toISOString(),
      ip: '127.0.0.1',
    })
    .execute();
  const cookie = `shinchoku_session=${token}`;
  return { cookie, csrf, headers: { cookie, 'x-csrf-token': csrf } };
}

/** A session for each of `createTestUsers`' users, by role. */
export async function sessionsFor(
  db: Db,
  users: Record<TestRole, PublicUser>,
): Promise<Record<TestRole, TestSession>> {
  const entries = await Promise.all(
    Object.entries(users).map(async ([role, user]) => [role, await sessionFor(db, user)] as const),
  );
  return Object.fromEntries(entries) as Record<TestRole, TestSession>;
}

/** Signs in with a password through the service, for an account without a second factor. */
export async function passwordSession(
  db: Db,
  login: string,
  password: string,
  ip = '127.0.0.1',
): Promise<LoginResult> {
  const outcome = await passwordLogin(db, login, password, ip, { mfaRequiredRoles: [] });
  if (outcome.kind !== 'session') throw new Error(`${login} needs a second factor`);
  return outcome.session;
}
