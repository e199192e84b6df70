import type { Kysely } from 'kysely';

// Sign-in a security review accepts (issue #18): throttling counters instead of a hard
// lock, short-lived sign-in challenges (second factor, OpenID Connect redirects), TOTP
// secrets and recovery codes, links to an identity provider's subjects. API tokens expire:
// tokens without an expiry get one 90 days from now, and the tokens of disabled accounts
// are revoked, so that enabling an account again does not bring them back.

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations see an untyped db
type Db = Kysely<any>;

const TOKEN_DAYS = 90;

export async function up(db: Db): Promise<void> {
  await db.schema
    .createTable('login_throttle')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('failures', 'integer', (c) => c.notNull())
    .addColumn('last_failure_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('auth_challenges')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.references('users.id').onDelete('cascade'))
    .addColumn('data', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('auth_challenges_user_idx')
    .on('auth_challenges')
    .columns(['user_id'])
    .execute();

  await db.schema
    .createTable('user_mfa')
    .addColumn('user_id', 'text', (c) => c.primaryKey().references('users.id').onDelete('cascade'))
    .addColumn('secret', 'text', (c) => c.notNull())
    .addColumn('confirmed_at', 'text')
    .addColumn('last_step', 'integer')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('mfa_recovery_codes')
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('code_hash', 'text', (c) => c.notNull())
    .addColumn('used_at', 'text')
    .addPrimaryKeyConstraint('mfa_recovery_codes_pk', ['user_id', 'code_hash'])
    .execute();

  await db.schema
    .createTable('user_identities')
    .addColumn('issuer', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('last_login_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('user_identities_pk', ['issuer', 'subject'])
    .execute();
  await db.schema
    .createIndex('user_identities_user_idx')
    .on('user_identities')
    .columns(['user_id'])
    .execute();

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
  for (const table of [
    'user_identities',
    'mfa_recovery_codes',
    'user_mfa',
    'auth_challenges',
    'login_throttle',
  ]) {
    await db.schema.dropTable(table).execute();
  }
}
