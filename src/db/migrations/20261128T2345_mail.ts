import type { Kysely } from 'kysely';

// E-mail delivery of notifications: each notification is mailed at most once.

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations see an untyped db
type Db = Kysely<any>;

export async function up(db: Db): Promise<void> {
  await db.schema.alterTable('notifications').addColumn('emailed_at', 'text').execute();
}

export async function down(db: Db): Promise<void> {
  await db.schema.alterTable('notifications').dropColumn('emailed_at').execute();
}
