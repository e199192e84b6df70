import type { Db } from './lib.ts';

// E-mail delivery of notifications: each notification is mailed at most once.

export async function up(db: Db): Promise<void> {
  await db.schema.alterTable('notifications').addColumn('emailed_at', 'text').execute();
}

export async function down(db: Db): Promise<void> {
  await db.schema.alterTable('notifications').dropColumn('emailed_at').execute();
}
