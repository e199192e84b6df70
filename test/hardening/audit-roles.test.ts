/**
 * The PostgreSQL set-up of SECURITY.md › The audit trail, on the real server: the migrations
 * run as the owner of the tables, `shinchoku db grant` gives a second role what the server
 * needs, and that role — what a compromised server holds — can append to the trail but
 * cannot truncate it, change or delete a row, or drop or disable the triggers that guard
 * it. Roles are cluster-wide: each run makes its own, with a unique name, and drops them.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { openDatabase, type Db } from '../../src/db/database.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';
import { createUser } from '../../src/services/accounts.service.ts';
import { recordCheckpoint, verifyAuditTrail } from '../../src/services/audit.service.ts';
import { runCli } from '../helpers/cli.ts';
import { createTestDb, TEST_DATABASE_URL, type TestDb } from '../helpers/db.ts';
import { appendEvents } from './helpers/audit.ts';

vi.setConfig({ testTimeout: 120_000 });

describe('shinchoku db grant on SQLite', () => {
  let db: TestDb;
  afterAll(async () => db?.destroy());
  it('says that roles are a PostgreSQL matter, exit 1', async () => {
    db = await createTestDb('sqlite');
    const r = await runCli(['db', 'grant', 'shinchoku_server'], { DATABASE_URL: db.url });
    expect(r.code).toBe(1);
    expect(r.stderr.trim()).toBe(
      'shinchoku: roles are a PostgreSQL feature: on SQLite the triggers and the file permissions guard the trail',
    );
  });
});

describe.skipIf(!TEST_DATABASE_URL)('a PostgreSQL server role that cannot rewrite the audit trail', () => {
  const suffix = randomBytes(5).toString('hex');
  const owner = `shk_owner_${suffix}`;
  const server = `shk_server_${suffix}`;
  const schema = `shk_roles_${suffix}`;
  const urlAs = (role: string) => {
    const url = new URL(TEST_DATABASE_URL!);
    url.username = role;
    url.searchParams.set('options', `-c search_path=${schema}`);
    return url.toString();
  };
  const admin = async (text: string) => {
    const c = new pg.Client({ connectionString: TEST_DATABASE_URL });
    await c.connect();
    try {
      await c.query(text);
    } finally {
      await c.end();
    }
  };
  let asServer: Db;

  beforeAll(async () => {
    await admin(`create role ${owner} login; create role ${server} login;
      create schema ${schema} authorization ${owner}`);
    const migrated = await runCli(['migrate'], { DATABASE_URL: urlAs(owner) });
    expect(migrated.code, migrated.stderr).toBe(0);
    const granted = await runCli(['db', 'grant', server], { DATABASE_URL: urlAs(owner) });
    expect(granted.code, granted.stderr).toBe(0);
    expect(granted.stdout.trim()).toBe(
      `granted ${server} in schema ${schema}: read and write on every table; audit_log and audit_checkpoints read and append only; audit_chain_head read and update; no TRUNCATE or TRIGGER`,
    );
    asServer = await openDatabase({ kind: 'postgres', url: urlAs(server) });
  });
  afterAll(async () => {
    await asServer?.close();
    await admin(`drop schema if exists ${schema} cascade;
      drop owned by ${server}; drop owned by ${owner}; drop role ${server}; drop role ${owner}`);
  });

  it('runs the server: migrations up to date, accounts written, the trail appended and verified', async () => {
    expect(await migrateToLatest(asServer)).toEqual([]);
    await appendEvents(asServer, 3);
    await createUser(
      asServer,
      { login: 'kanri', displayName: '管理者', password: 'correct horse battery staple', role: 'admin' },
      { id: 'system', ip: '' },
    );
    await recordCheckpoint(asServer.kysely, 'backup', 'test', new Date().toISOString());
    expect(await verifyAuditTrail(asServer)).toMatchObject({ ok: true, rows: 4, checkpoints: 2 });
  });

  it('cannot truncate, change or delete the trail, nor drop or disable its triggers', async () => {
    const denied = (text: string, reason: RegExp) =>
      expect(sql.raw(text).execute(asServer.kysely), text).rejects.toThrow(reason);
    const permission = /permission denied/;
    const ownerOnly = /must be owner/;
    await denied('truncate audit_log', permission);
    await denied('truncate audit_checkpoints', permission);
    await denied('truncate audit_chain_head', permission);
    await denied(`update audit_log set reason = 'x'`, permission);
    await denied('delete from audit_log', permission);
    await denied('delete from audit_checkpoints', permission);
    await denied('delete from audit_chain_head', permission);
    await denied(
      `insert into audit_log (id, at, actor, ip, action, entity_type, entity_id, reason, seq, prev_hash, hash)
      values ('x', 'now', 'x', '', 'x', 'x', 'x', '', 11, 'p', 'h') on conflict (id) do update set reason = 'x'`,
      permission,
    );
    await denied('drop trigger audit_log_no_update on audit_log', ownerOnly);
    await denied('drop trigger audit_log_no_truncate on audit_log', ownerOnly);
    await denied('alter table audit_log disable trigger user', ownerOnly);
    await denied('alter table audit_chain_head disable trigger user', ownerOnly);
    await denied('drop table audit_log', ownerOnly);
    await denied(
      'create or replace function audit_log_append_only() returns trigger as $$ begin return null; end; $$ language plpgsql',
      /must be owner|permission denied/,
    );
    // It may move the head (every append does), but only forward.
    await denied('update audit_chain_head set seq = 0', /only moves forward/);
    expect(await verifyAuditTrail(asServer)).toMatchObject({ ok: true, rows: 4 });
  });

  it('refuses to grant to a superuser, to the owner of the tables, or to no role at all', async () => {
    const grant = (role: string) => runCli(['db', 'grant', role], { DATABASE_URL: urlAs(owner) });
    const superuser = await grant('postgres');
    expect(superuser.code).toBe(1);
    expect(superuser.stderr.trim()).toBe(
      'shinchoku: postgres is a superuser: it can drop the triggers; choose a plain role',
    );
    const itself = await grant(owner);
    expect(itself.code).toBe(1);
    expect(itself.stderr).toContain(`${owner} owns the tables: it can drop the triggers`);
    const nobody = await grant(`nobody_${suffix}`);
    expect(nobody.code).toBe(1);
    expect(nobody.stderr.trim()).toBe(`shinchoku: role not found: nobody_${suffix}`);
  });
});
