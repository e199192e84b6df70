import { childOf, createTables, dropTables, type Db } from './lib.ts';

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

export async function up(db: Db): Promise<void> {
  await createTables(db, {
    mail_claims: {
      notification_id: 'text primary key references notifications.id on delete cascade',
      claimed_by: 'text not null',
      claimed_at: 'text not null',
    },

    deadline_reminders: {
      cycle_id: childOf('cycles'),
      user_id: childOf('users'),
      reminded_at: 'text not null',
      deadline_reminders_pk: 'primary key (cycle_id, user_id)',
    },
  });

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
  await dropTables(db, ['deadline_reminders', 'mail_claims']);
}
