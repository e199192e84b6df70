/**
 * E-mail delivery of notifications through SMTP (nodemailer), when SMTP_URL is set. The
 * in-app notification is written in the transaction of the change; mail goes out afterwards
 * from this outbox, so a failed or slow mail server never blocks or loses a change.
 */
import nodemailer from 'nodemailer';
import type { Db } from '../db/database.ts';
import * as wf from '../db/repositories/workflow.repository.ts';
import { registerMessages, t } from '../i18n.ts';
import mailEn from '../../locales/en/mail.json' with { type: 'json' };
import mailJa from '../../locales/ja/mail.json' with { type: 'json' };
import { notify } from './notifications.service.ts';

registerMessages('ja', mailJa);
registerMessages('en', mailEn);

export interface Mailer {
  send(message: { to: string; subject: string; text: string }): Promise<void>;
}

export function smtpMailer(url: string, from: string): Mailer {
  const transport = nodemailer.createTransport(url);
  return { send: async (m) => void (await transport.sendMail({ from, ...m })) };
}

/** Mails every notification not mailed yet to users who have an address; returns how many. */
export async function deliverPending(db: Db, mailer: Mailer, baseUrl: string): Promise<number> {
  const rows = await db.kysely
    .selectFrom('notifications')
    .innerJoin('users', 'users.id', 'notifications.userId')
    .select(['notifications.id', 'notifications.kind', 'notifications.params', 'users.email'])
    .where('notifications.emailedAt', 'is', null)
    .where('users.email', '!=', '')
    .where('users.disabled', '=', 0)
    .orderBy('notifications.createdAt')
    .limit(200)
    .execute();
  let sent = 0;
  for (const row of rows) {
    const params = { ...(JSON.parse(row.params) as Record<string, string>), url: `${baseUrl}/tasks` };
    const text = `${t('ja', `mail.${row.kind}.body`, params)}\n\n---\n${t('en', `mail.${row.kind}.body`, params)}\n`;
    try {
      await mailer.send({ to: row.email, subject: t('ja', `mail.${row.kind}.subject`, params), text });
    } catch {
      // The mail server is down: leave the row for the next round.
      break;
    }
    await db.kysely
      .updateTable('notifications')
      .set({ emailedAt: new Date().toISOString() })
      .where('id', '=', row.id)
      .execute();
    sent += 1;
  }
  return sent;
}

/**
 * Reminds ministry editors of open cycles whose deadline is within `days` days and who still
 * owe entries; each editor is reminded once per cycle.
 */
export async function remindDeadlines(
  db: Db,
  days = 3,
  today = new Date().toISOString().slice(0, 10),
): Promise<number> {
  const limit = new Date(Date.parse(today) + days * 86_400_000).toISOString().slice(0, 10);
  const cycles = await db.kysely
    .selectFrom('cycles')
    .selectAll()
    .where('state', '=', 'open')
    .where('deadline', 'is not', null)
    .where('deadline', '>=', today)
    .where('deadline', '<=', limit)
    .execute();
  let reminded = 0;
  for (const cycle of cycles) {
    const owing = await db.kysely
      .selectFrom('progressEntries')
      .innerJoin('initiativeOwners', 'initiativeOwners.initiativeId', 'progressEntries.initiativeId')
      .select(['initiativeOwners.organisationId', 'progressEntries.id'])
      .where('progressEntries.cycleId', '=', cycle.id)
      .where('progressEntries.reviewState', 'in', ['draft', 'returned'])
      .execute();
    const orgs = [...new Set(owing.map((o) => o.organisationId))];
    const already = new Set(
      (
        await db.kysely
          .selectFrom('notifications')
          .select(['userId', 'params'])
          .where('kind', '=', 'deadline_approaching')
          .execute()
      )
        .filter((n) => (JSON.parse(n.params) as { cycleId?: string }).cycleId === cycle.id)
        .map((n) => n.userId),
    );
    const editors = (await wf.editorsOf(db.kysely, orgs)).filter((u) => !already.has(u));
    const now = new Date().toISOString();
    for (const editor of editors) {
      const mine = await db.kysely
        .selectFrom('userOrganisations')
        .select('organisationId')
        .where('userId', '=', editor)
        .execute();
      const count = new Set(
        owing.filter((o) => mine.some((m) => m.organisationId === o.organisationId)).map((o) => o.id),
      ).size;
      await notify(
        db.kysely,
        [editor],
        'deadline_approaching',
        { cycleId: cycle.id, deadline: cycle.deadline ?? '', count: String(count) },
        now,
      );
      reminded += 1;
    }
  }
  return reminded;
}
