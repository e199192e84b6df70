import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../src/services/accounts.service.ts';
import { createCycle, openCycle } from '../src/services/cycles.service.ts';
import { deliverPending, remindDeadlines, smtpMailer } from '../src/services/mail.service.ts';
import { PASSWORD } from './helpers/accounts.ts';
import { ENGINES, type TestDb } from './helpers/db.ts';
import { sampleDb } from './helpers/sample.ts';
import { startSmtpSink, type SmtpSink } from './helpers/smtp.ts';

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
      expect(await deliverPending(db, mailer, 'http://127.0.0.1:3000')).toBe(2);
      expect(await deliverPending(db, mailer, 'http://127.0.0.1:3000')).toBe(0);
      expect(smtp.messages).toHaveLength(2);
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
