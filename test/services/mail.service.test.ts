import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../src/services/accounts.service.ts';
import { createCycle, openCycle } from '../../src/services/cycles.service.ts';
import { notify } from '../../src/services/notifications.service.ts';
import {
  deliverPending,
  MailDeliveryError,
  remindDeadlines,
  smtpMailer,
  type Mailer,
} from '../../src/services/mail.service.ts';
import { PASSWORD } from '../helpers/accounts.ts';
import { createBackup, restoreBackup } from '../../src/services/backup.service.ts';
import { createTestDb, ENGINES, type TestDb } from '../helpers/db.ts';
import { sampleDb } from '../helpers/sample.ts';
import { bodyText, startSmtpSink, type SmtpSink } from '../helpers/smtp.ts';

for (const engine of ENGINES) {
  describe(`notification e-mail on ${engine}`, () => {
    let db: TestDb;
    let smtp: SmtpSink;
    beforeAll(async () => {
      db = await sampleDb(engine);
      smtp = await startSmtpSink();
    });
    afterAll(async () => {
      await smtp.close();
      await db.destroy();
    });

    it('mails the cycle opening and the deadline reminder once, over SMTP, to editors with an address', async () => {
      const actor = { id: 'test', ip: '' };
      await createUser(
        db,
        {
          login: 'mic',
          displayName: '総務省担当',
          email: 'mic@example.go.jp',
          password: PASSWORD,
          role: 'editor',
          organisationIds: ['mic'],
        },
        actor,
      );
      await createUser(
        db,
        {
          login: 'quiet',
          displayName: '連絡先なし',
          password: PASSWORD,
          role: 'editor',
          organisationIds: ['mext'],
        },
        actor,
      );
      const admin = {
        userId: 'a',
        login: 'a',
        displayName: 'a',
        role: 'admin' as const,
        organisationIds: [],
        via: 'session' as const,
      };
      const cycle = await createCycle(
        db,
        'ai2022',
        { fiscalYear: 2023, asOf: '2024-04', deadline: '2024-01-31' },
        admin,
        actor,
      );
      await openCycle(db, cycle.id, cycle.version, admin, actor);
      expect(await remindDeadlines(db, 3, '2024-01-29')).toBe(2);
      expect(await remindDeadlines(db, 3, '2024-01-30')).toBe(0);

      const mailer = smtpMailer(smtp.url, 'shinchoku <noreply@example.go.jp>');
      expect(await deliverPending(db, mailer, 'https://shinchoku.example.go.jp')).toBe(2);
      expect(await deliverPending(db, mailer, 'https://shinchoku.example.go.jp')).toBe(0);
      expect(smtp.messages).toHaveLength(2);
      // Links point to the public address (PUBLIC_URL), never to where the server listens.
      for (const m of smtp.messages) {
        expect(bodyText(m.data)).toContain('https://shinchoku.example.go.jp/tasks');
        expect(m.data).not.toContain('127.0.0.1');
      }
      expect(smtp.messages.every((m) => m.to.join() === '<mic@example.go.jp>')).toBe(true);
      const decoded = smtp.messages.map((m) => m.data).join('\n');
      expect(decoded).toMatch(/Subject: /);
      const pending = await db.kysely
        .selectFrom('notifications')
        .select('emailedAt')
        .where('emailedAt', 'is', null)
        .execute();
      // The editor without an address keeps in-app notifications only.
      expect(pending.length).toBe(2);
    });
  });
}

for (const engine of ENGINES) {
  describe(`mail outbox and reminders done once on ${engine}`, () => {
    let db: TestDb;
    let smtp: SmtpSink;
    const admin = {
      userId: 'a',
      login: 'a',
      displayName: 'a',
      role: 'admin' as const,
      organisationIds: [],
      via: 'session' as const,
    };
    const actor = { id: 'test', ip: '' };
    const EDITORS = 12;
    beforeAll(async () => {
      db = await sampleDb(engine);
      smtp = await startSmtpSink({ delayMs: 5 });
      for (let i = 0; i < EDITORS; i++) {
        await createUser(
          db,
          {
            login: `ed${i}`,
            displayName: `担当${i}`,
            email: `ed${i}@example.go.jp`,
            password: PASSWORD,
            role: 'editor',
            organisationIds: [i % 2 === 0 ? 'mic' : 'mext'],
          },
          actor,
        );
      }
    });
    afterAll(async () => {
      await smtp.close();
      await db.destroy();
    });

    const count = async (table: 'mailClaims' | 'deadlineReminders') =>
      Number(
        (
          await db.kysely
            .selectFrom(table)
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );

    it('reminds each editor once when several workers run the reminders at the same moment', async () => {
      const cycle = await createCycle(
        db,
        'ai2022',
        { fiscalYear: 2023, asOf: '2024-04', deadline: '2024-01-31' },
        admin,
        actor,
      );
      await openCycle(db, cycle.id, cycle.version, admin, actor);
      const runs = await Promise.all([1, 2, 3, 4].map(() => remindDeadlines(db, 3, '2024-01-29')));
      expect(runs.reduce((a, b) => a + b, 0)).toBe(EDITORS);
      const reminders = await db.kysely
        .selectFrom('notifications')
        .select('userId')
        .where('kind', '=', 'deadline_approaching')
        .execute();
      expect(reminders).toHaveLength(EDITORS);
      expect(new Set(reminders.map((r) => r.userId)).size).toBe(EDITORS);
      expect(await count('deadlineReminders')).toBe(EDITORS);
      expect(await remindDeadlines(db, 3, '2024-01-30')).toBe(0);

      // A restored backup knows whom it reminded: nobody is reminded a second time.
      const copy = await createTestDb(engine);
      try {
        await restoreBackup(copy, await createBackup(db));
        expect(await remindDeadlines(copy, 3, '2024-01-30')).toBe(0);
        const again = await copy.kysely
          .selectFrom('notifications')
          .select('id')
          .where('kind', '=', 'deadline_approaching')
          .execute();
        expect(again).toHaveLength(EDITORS);
      } finally {
        await copy.destroy();
      }
    });

    it('gives the claims back when the mail server fails, and sends them on the next round', async () => {
      let calls = 0;
      const failing: Mailer = {
        send: async () => {
          calls += 1;
          if (calls === 3) throw new Error('451 try again later');
        },
      };
      const error = await deliverPending(db, failing, 'https://x.example').catch((e: unknown) => e);
      expect(error).toBeInstanceOf(MailDeliveryError);
      expect((error as Error).message).toBe(
        `the mail server failed after 2 sent, ${EDITORS * 2 - 2} left for the next round: 451 try again later`,
      );
      // Two sent and kept; the others are free again.
      expect(await count('mailClaims')).toBe(2);
      const left = await db.kysely
        .selectFrom('notifications')
        .select('id')
        .where('emailedAt', 'is', null)
        .execute();
      expect(left).toHaveLength(EDITORS * 2 - 2);
    });

    it('sends every mail exactly once when several workers empty the outbox at the same moment', async () => {
      const mailer = smtpMailer(smtp.url, 'shinchoku <noreply@example.go.jp>');
      const sent = await Promise.all([1, 2, 3].map(() => deliverPending(db, mailer, 'https://x.example')));
      expect(sent.reduce((a, b) => a + b, 0)).toBe(EDITORS * 2 - 2);
      expect(smtp.messages).toHaveLength(EDITORS * 2 - 2);
      // Per recipient: the opening and the reminder, minus the two the failing round sent.
      const perRecipient = new Map<string, number>();
      for (const m of smtp.messages) perRecipient.set(m.to.join(), (perRecipient.get(m.to.join()) ?? 0) + 1);
      expect([...perRecipient.values()].reduce((a, b) => a + b, 0)).toBe(EDITORS * 2 - 2);
      expect(Math.max(...perRecipient.values())).toBe(2);
      expect(await deliverPending(db, mailer, 'https://x.example')).toBe(0);
    });

    it('leaves a fresh claim of another server alone and takes over one left by a dead server', async () => {
      const ed0 = await db.kysely
        .selectFrom('users')
        .select('id')
        .where('login', '=', 'ed0')
        .executeTakeFirstOrThrow();
      const now = Date.now();
      await notify(db.kysely, [ed0.id], 'cycle_published', { cycleId: 'x' }, new Date(now).toISOString());
      await notify(db.kysely, [ed0.id], 'cycle_published', { cycleId: 'y' }, new Date(now + 1).toISOString());
      const fresh = await db.kysely
        .selectFrom('notifications')
        .select(['id', 'params'])
        .where('emailedAt', 'is', null)
        .where('kind', '=', 'cycle_published')
        .execute();
      expect(fresh).toHaveLength(2);
      const claims = fresh.map((n) => ({
        notificationId: n.id,
        claimedBy: 'other-host:1',
        // x: claimed a minute ago (its server is sending it); y: two hours ago (it died).
        claimedAt: new Date(now - (n.params.includes('"x"') ? 60_000 : 7_200_000)).toISOString(),
      }));
      await db.kysely.insertInto('mailClaims').values(claims).execute();
      const before = smtp.messages.length;
      const mailer = smtpMailer(smtp.url, 'shinchoku <noreply@example.go.jp>');
      expect(await deliverPending(db, mailer, 'https://x.example')).toBe(1);
      expect(smtp.messages.slice(before).map((m) => bodyText(m.data))).toEqual([
        expect.stringContaining('https://x.example/tasks'),
      ]);
      const still = await db.kysely
        .selectFrom('notifications')
        .select('params')
        .where('emailedAt', 'is', null)
        .where('kind', '=', 'cycle_published')
        .execute();
      expect(still.map((n) => JSON.parse(n.params) as { cycleId: string })).toEqual([{ cycleId: 'x' }]);
    });
  });
}
