import type { Command } from 'commander';
import type { Config } from '../../config.ts';
import type { Db } from '../../db/database.ts';
import { buildApp } from '../../api/app.ts';
import { ensureWebBuild, registerWebApp } from '../../api/static.ts';
import * as strategiesRepo from '../../db/repositories/strategies.repository.ts';
import { countUsers } from '../../services/accounts.service.ts';
import { deliverPending, remindDeadlines, smtpMailer } from '../../services/mail.service.ts';
import { loadSample } from '../../services/sample.service.ts';
import { CliError, withDatabase } from '../context.ts';
import { migrations } from '../../db/migrations/index.ts';

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('start the web server (PORT, HOST, DATABASE_URL)')
    .option('--no-sample', 'do not load the sample strategy into a new database')
    .action(async (opts: { sample: boolean }) => {
      await withDatabase(
        async (db, config, applied) => {
          // A database created just now gets the sample, so that a first start shows something.
          const fresh = applied.length === Object.keys(migrations).length;
          if (fresh && opts.sample && (await strategiesRepo.listStrategies(db.kysely)).length === 0) {
            const result = await loadSample(db);
            console.log(`new database: loaded the sample strategy ${result.strategyId}`);
          }
          await ensureWebBuild();
          const app = await buildApp({ db, config });
          await registerWebApp(app);
          try {
            await app.listen({ port: config.port, host: config.host });
          } catch (err) {
            await db.close();
            const code = (err as NodeJS.ErrnoException).code;
            if (code === 'EADDRINUSE') {
              throw new CliError(
                `port ${config.port} on ${config.host} is already in use (set PORT to another port)`,
              );
            }
            if (code === 'EACCES' || code === 'EADDRNOTAVAIL') {
              throw new CliError(`cannot listen on ${config.host}:${config.port} (${code})`);
            }
            throw err;
          }
          const address = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${config.port}`;
          console.log(`shinchoku listening on ${address} (database: ${db.describe})`);
          if ((await countUsers(db)) === 0) {
            console.log(
              'no accounts yet: the public pages work; to sign in, create the first administrator with\n' +
                '  npx shinchoku user add admin --role admin   (the password is read from the terminal)',
            );
          }
          const timers = startJobs(db, config, address);
          const stop = async () => {
            timers.forEach(clearInterval);
            await app.close();
            await db.close();
            process.exit(0);
          };
          process.once('SIGINT', () => void stop());
          process.once('SIGTERM', () => void stop());
        },
        { keepOpen: true },
      );
    });
}

/** Deadline reminders every hour; with SMTP configured, the mail outbox every 30 seconds. */
function startJobs(db: Db, config: Config, baseUrl: string): NodeJS.Timeout[] {
  const quietly = (job: () => Promise<unknown>) => () => void job().catch(() => undefined);
  const timers = [
    setInterval(
      quietly(() => remindDeadlines(db)),
      60 * 60 * 1000,
    ),
  ];
  if (config.smtpUrl) {
    const mailer = smtpMailer(config.smtpUrl, config.mailFrom);
    timers.push(
      setInterval(
        quietly(() => deliverPending(db, mailer, baseUrl)),
        30 * 1000,
      ),
    );
  }
  timers.forEach((timer) => timer.unref());
  return timers;
}
