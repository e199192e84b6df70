import { sql } from 'kysely';
import { auditLogAppendOnly, childOf, CREATED, createTables, dropTables, TRACKED, type Db } from './lib.ts';

// Accounts, sessions, API tokens, the append-only audit trail, notifications and
// corrections of published cycles.

export async function up(db: Db): Promise<void> {
  await createTables(db, {
    users: {
      id: 'text primary key',
      login: 'text not null unique',
      display_name: 'text not null',
      email: "text not null default ''",
      password_hash: 'text not null',
      role: 'text not null',
      disabled: 'integer not null default 0',
      failed_logins: 'integer not null default 0',
      locked_until: 'text',
      ...TRACKED,
    },

    user_organisations: {
      user_id: childOf('users'),
      organisation_id: 'text not null references organisations.id',
      user_organisations_pk: 'primary key (user_id, organisation_id)',
    },

    sessions: {
      // sha-256 of the cookie value: a stolen database does not yield live sessions.
      id: 'text primary key',
      user_id: childOf('users'),
      csrf_token: 'text not null',
      created_at: 'text not null',
      expires_at: 'text not null',
      last_seen_at: 'text not null',
      ip: "text not null default ''",
      sessions_user_idx: 'index (user_id)',
    },

    api_tokens: {
      id: 'text primary key',
      user_id: childOf('users'),
      name: 'text not null',
      token_hash: 'text not null unique',
      scopes: 'text not null',
      created_at: 'text not null',
      expires_at: 'text',
      last_used_at: 'text',
      revoked_at: 'text',
    },

    audit_log: {
      id: 'text primary key',
      at: 'text not null',
      actor: 'text not null',
      ip: "text not null default ''",
      action: 'text not null',
      entity_type: 'text not null',
      entity_id: 'text not null',
      cycle_id: 'text',
      before: 'text',
      after: 'text',
      reason: "text not null default ''",
      audit_entity_idx: 'index (entity_type, entity_id)',
      audit_at_idx: 'index (at)',
    },

    notifications: {
      id: 'text primary key',
      user_id: childOf('users'),
      kind: 'text not null',
      params: "text not null default '{}'",
      created_at: 'text not null',
      read_at: 'text',
      notifications_user_idx: 'index (user_id)',
    },

    corrections: {
      id: 'text primary key',
      cycle_id: childOf('cycles'),
      revision: 'integer not null',
      reason: 'text not null',
      changes: 'text not null',
      ...CREATED,
      corrections_revision_uq: 'unique (cycle_id, revision)',
    },
  });

  await db.schema.alterTable('progress_entries').addColumn('submitted_at', 'text').execute();
  await db.schema.alterTable('cycles').addColumn('deadline', 'text').execute();

  // The audit trail is append-only: the database itself refuses to change or remove a row.
  if (await isPostgres(db)) {
    await sql`create or replace function audit_log_append_only() returns trigger as $$
      begin raise exception 'audit_log is append-only'; end; $$ language plpgsql`.execute(db);
    await auditLogAppendOnly(db, 'postgres');
  } else {
    await auditLogAppendOnly(db, 'sqlite');
  }
}

async function isPostgres(db: Db): Promise<boolean> {
  try {
    await sql`select version()`.execute(db);
    return true;
  } catch {
    return false;
  }
}

export async function down(db: Db): Promise<void> {
  await dropTables(db, [
    'corrections',
    'notifications',
    'audit_log',
    'api_tokens',
    'sessions',
    'user_organisations',
    'users',
  ]);
}
