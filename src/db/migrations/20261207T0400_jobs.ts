import type { Kysely } from 'kysely';

// Background jobs done once when several servers share one database (issue #20).
//
// mail_claims: a server claims a notification before it e-mails it, by inserting its key;
// the primary key lets exactly one server win, on both engines. The claim stays once the
// mail is sent (emailed_at is set); a failed send deletes it, and a claim left by a server
// that died is taken over after a lease.
//
// deadline_reminders: one row per cycle and editor reminded of the deadline, inserted in the
// transaction that writes the reminder; the primary key makes a second server's insert, and
// so its reminder, a no-op. Reminders sent before this migration are recorded from the
// notifications that carried them.

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations see an untyped db
type Db = Kysely<any>;

export async function up(db: Db): Promise<void> {
  await db.schema
    .createTable('mail_claims')
    .addColumn('notification_id', 'text', (c) =>
      c.primaryKey().references('notifications.id').onDelete('cascade'),
    )
    .addColumn('claimed_by', 'text', (c) => c.notNull())
    .addColumn('claimed_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('deadline_reminders')
    .addColumn('cycle_id', 'text', (c) => c.notNull().references('cycles.id').onDelete('cascade'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('reminded_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('deadline_reminders_pk', ['cycle_id', 'user_id'])
    .execute();

  // Rows come back camel-cased (database.ts), whatever the names in the query.
  const sent = (await db
    .selectFrom('notifications')
    .select(['user_id', 'params', 'created_at'])
    .where('kind', '=', 'deadline_approaching')
    .orderBy('created_at')
    .execute()) as unknown as { userId: string; params: string; createdAt: string }[];
  const cycles = new Set(
    ((await db.selectFrom('cycles').select('id').execute()) as { id: string }[]).map((c) => c.id),
  );
  const seen = new Set<string>();
  for (const row of sent) {
    const cycleId = (JSON.parse(row.params) as { cycleId?: unknown }).cycleId;
    const key = `${String(cycleId)}\u0000${row.userId}`;
    if (typeof cycleId !== 'string' || !cycles.has(cycleId) || seen.has(key)) continue;
    seen.add(key);
    await db
      .insertInto('deadline_reminders')
      .values({ cycle_id: cycleId, user_id: row.userId, reminded_at: row.createdAt })
      .execute();
  }
}

export async function down(db: Db): Promise<void> {
  await db.schema.dropTable('deadline_reminders').execute();
  await db.schema.dropTable('mail_claims').execute();
}
