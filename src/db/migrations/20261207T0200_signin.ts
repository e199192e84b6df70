import { childOf, createTables, dropTables, type Db } from './lib.ts';

// Sign-in a security review accepts (issue #18): throttling counters instead of a hard
// lock, short-lived sign-in challenges (second factor, OpenID Connect redirects), TOTP
// secrets and recovery codes, links to an identity provider's subjects. API tokens expire:
// tokens without an expiry get one 90 days from now, and the tokens of disabled accounts
// are revoked, so that enabling an account again does not bring them back.

const TOKEN_DAYS = 90;

export async function up(db: Db): Promise<void> {
  await createTables(db, {
    login_throttle: {
      key: 'text primary key',
      failures: 'integer not null',
      last_failure_at: 'text not null',
    },

    auth_challenges: {
      id: 'text primary key',
      kind: 'text not null',
      user_id: 'text references users.id on delete cascade',
      data: "text not null default '{}'",
      attempts: 'integer not null default 0',
      created_at: 'text not null',
      expires_at: 'text not null',
      auth_challenges_user_idx: 'index (user_id)',
    },

    user_mfa: {
      user_id: 'text primary key references users.id on delete cascade',
      secret: 'text not null',
      confirmed_at: 'text',
      last_step: 'integer',
      created_at: 'text not null',
    },

    mfa_recovery_codes: {
      user_id: childOf('users'),
      code_hash: 'text not null',
      used_at: 'text',
      mfa_recovery_codes_pk: 'primary key (user_id, code_hash)',
    },

    user_identities: {
      issuer: 'text not null',
      subject: 'text not null',
      user_id: childOf('users'),
      created_at: 'text not null',
      last_login_at: 'text not null',
      user_identities_pk: 'primary key (issuer, subject)',
      user_identities_user_idx: 'index (user_id)',
    },
  });

  const now = new Date();
  await db
    .updateTable('api_tokens')
    .set({ expires_at: new Date(now.getTime() + TOKEN_DAYS * 86_400_000).toISOString() })
    .where('expires_at', 'is', null)
    .execute();
  await db
    .updateTable('api_tokens')
    .set({ revoked_at: now.toISOString() })
    .where('revoked_at', 'is', null)
    .where('user_id', 'in', db.selectFrom('users').select('id').where('disabled', '=', 1))
    .execute();
}

export async function down(db: Db): Promise<void> {
  await dropTables(db, [
    'user_identities',
    'mfa_recovery_codes',
    'user_mfa',
    'auth_challenges',
    'login_throttle',
  ]);
}
