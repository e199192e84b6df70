import type { Kysely } from 'kysely';

// The accounts screen (issue #19): when each account last signed in, whether it must choose a
// new password at its next sign-in (accounts given a temporary password by an administrator),
// and a contact e-mail address per organisation (the ministry's desk for the follow-up).

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations see an untyped db
type Db = Kysely<any>;

export async function up(db: Db): Promise<void> {
  await db.schema.alterTable('users').addColumn('last_login_at', 'text').execute();
  await db.schema
    .alterTable('users')
    .addColumn('must_change_password', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema
    .alterTable('organisations')
    .addColumn('contact_email', 'text', (c) => c.notNull().defaultTo(''))
    .execute();
}

export async function down(db: Db): Promise<void> {
  await db.schema.alterTable('organisations').dropColumn('contact_email').execute();
  await db.schema.alterTable('users').dropColumn('must_change_password').execute();
  await db.schema.alterTable('users').dropColumn('last_login_at').execute();
}
