import { addColumns, dropColumns, type Db } from './lib.ts';

// The accounts screen (issue #19): when each account last signed in, whether it must choose a
// new password at its next sign-in (accounts given a temporary password by an administrator),
// and a contact e-mail address per organisation (the ministry's desk for the follow-up).

export async function up(db: Db): Promise<void> {
  await addColumns(db, 'users', {
    last_login_at: 'text',
    must_change_password: 'integer not null default 0',
  });
  await addColumns(db, 'organisations', { contact_email: "text not null default ''" });
}

export async function down(db: Db): Promise<void> {
  await dropColumns(db, 'organisations', ['contact_email']);
  await dropColumns(db, 'users', ['must_change_password', 'last_login_at']);
}
