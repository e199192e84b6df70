/**
 * E-mail delivery of notifications through SMTP (nodemailer), when SMTP_URL is set. The
 * in-app notification is written in the transaction of the change; mail goes out afterwards
 * from this outbox, so a failed or slow mail server never blocks or loses a change.
 */
import os from 'node:os';
import nodemailer from 'nodemailer';
import type { Db } from '../db/database.ts';
import * as notificationsRepo from '../db/repositories/notifications.repository.ts';
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

/** The mail server refused or failed a message; the rest wait for the next round. */
export class MailDeliveryError extends Error {}

/** Which server process holds a claim (for an operator reading mail_claims). */
const CLAIMANT = `${os.hostname()}:${process.pid}`;
/** A claim older than this, on a notification still not e-mailed, was left by a dead server. */
const CLAIM_LEASE_MS = 60 * 60 * 1000;
const BATCH = 50;

/**
 * Mails every notification not mailed yet to users who have an address; returns how many.
 * Each one is claimed first, so that servers sharing the database never both send it. A
 * failure gives back the claims not yet sent and throws MailDeliveryError (the job logs it).
 * `publicUrl` is where the links in the mail point (PUBLIC_URL).
 */
export async function deliverPending(db: Db, mailer: Mailer, publicUrl: string): Promise<number> {
  let sent = 0;
  for (;;) {
    const now = Date.now();
    const claimed = await notificationsRepo.claimOutbox(db.kysely, {
      claimant: CLAIMANT,
      now: new Date(now).toISOString(),
      leaseStart: new Date(now - CLAIM_LEASE_MS).toISOString(),
      limit: BATCH,
    });
    for (const [i, row] of claimed.entries()) {
      const params = { ...(JSON.parse(row.params) as Record<string, string>), url: `${publicUrl}/tasks` };
      const text = `${t('ja', `mail.${row.kind}.body`, params)}\n\n---\n${t('en', `mail.${row.kind}.body`, params)}\n`;
      try {
        await mailer.send({ to: row.email, subject: t('ja', `mail.${row.kind}.subject`, params), text });
      } catch (err) {
        await notificationsRepo.releaseClaims(
          db.kysely,
          claimed.slice(i).map((r) => r.id),
        );
        throw new MailDeliveryError(
          `the mail server failed after ${sent} sent, ${claimed.length - i} left for the next round: ${(err as Error).message}`,
          { cause: err },
        );
      }
      await notificationsRepo.markEmailed(db.kysely, row.id, new Date().toISOString());
      sent += 1;
    }
    if (claimed.length < BATCH) return sent;
  }
}

/** How many notifications wait to be e-mailed (a metric). */
export async function outboxDepth(db: Db): Promise<number> {
  return notificationsRepo.outboxDepth(db.kysely);
}

/**
 * Reminds ministry editors of open cycles whose deadline is within `days` days and who still
 * owe entries; each editor is reminded once per cycle, also when several servers run this
 * at the same moment (the reminder is claimed in the transaction that writes it).
 */
export async function remindDeadlines(
  db: Db,
  days = 3,
  today = new Date().toISOString().slice(0, 10),
): Promise<number> {
  const limit = new Date(Date.parse(today) + days * 86_400_000).toISOString().slice(0, 10);
  const cycles = await notificationsRepo.cyclesDueBetween(db.kysely, today, limit);
  let reminded = 0;
  for (const cycle of cycles) {
    const owed = await notificationsRepo.owedEntries(db.kysely, cycle.id);
    const already = await notificationsRepo.remindedUsers(db.kysely, cycle.id);
    const editors = (await wf.editorsOf(db.kysely, [...new Set(owed.map((o) => o.organisationId))])).filter(
      (u) => !already.has(u),
    );
    const memberships = await notificationsRepo.organisationsOf(db.kysely, editors);
    for (const editor of editors) {
      const mine = new Set(memberships.get(editor));
      const count = new Set(owed.filter((o) => mine.has(o.organisationId)).map((o) => o.id)).size;
      const now = new Date().toISOString();
      const done = await db.kysely.transaction().execute(async (trx) => {
        if (!(await notificationsRepo.claimReminder(trx, cycle.id, editor, now))) return false;
        await notify(
          trx,
          [editor],
          'deadline_approaching',
          { cycleId: cycle.id, deadline: cycle.deadline, count: String(count) },
          now,
        );
        return true;
      });
      if (done) reminded += 1;
    }
  }
  return reminded;
}
