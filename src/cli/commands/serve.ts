import type { Command } from 'commander';
import type { Config } from '../../config.ts';
import type { Db } from '../../db/database.ts';
import { buildApp } from '../../api/app.ts';
import { registerWebApp } from '../../api/static.ts';
import * as strategiesRepo from '../../db/repositories/strategies.repository.ts';
import { countUsers } from '../../services/accounts.service.ts';
import { createMetrics } from '../../api/metrics.ts';
import { scheduleJobs, type Job } from '../../services/jobs.service.ts';
import { deliverPending, remindDeadlines, smtpMailer } from '../../services/mail.service.ts';
import { closeReportRenderers } from '../../services/reports.service.ts';
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
          const metrics = createMetrics(db, { processMetrics: true });
          const app = await buildApp({ db, config, metrics });
          if (
            !(await registerWebApp(app, undefined, {
              publicUrl: config.publicUrlSet ? config.publicUrl : undefined,
            }))
          ) {
            console.log('web/dist is not built: serving the API only (npm run build builds the web app)');
          }
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
          if (config.smtpUrl && !config.publicUrlSet) {
            console.log(`PUBLIC_URL is not set: links in e-mails point to ${config.publicUrl}`);
          }
          const jobs = scheduleJobs(serverJobs(db, config), app.log, metrics.jobs);
          stopOnSignal(async () => {
            // Stop taking connections and let the requests in progress finish, then the jobs.
            await app.close();
            await jobs.stop();
            await closeReportRenderers();
            await db.close();
          });
        },
        { keepOpen: true, server: true },
      );
    });
}

/** Deadline reminders (hourly by default); with SMTP configured, the mail outbox (every 30 s). */
function serverJobs(db: Db, config: Config): Job[] {
  const jobs: Job[] = [
    { name: 'reminders', everyMs: config.reminderIntervalMs, run: () => remindDeadlines(db) },
  ];
  if (config.smtpUrl) {
    const mailer = smtpMailer(config.smtpUrl, config.mailFrom);
    jobs.push({
      name: 'mail',
      everyMs: config.mailIntervalMs,
      run: () => deliverPending(db, mailer, config.publicUrl),
    });
  }
  return jobs;
}

/** The longest a shutdown may take before the process exits anyway. */
const SHUTDOWN_TIMEOUT_MS = 30_000;

/**
 * On SIGTERM or SIGINT: runs `shutdown` once and exits 0 when it is done, 1 when it fails or
 * takes longer than SHUTDOWN_TIMEOUT_MS. A second signal exits at once.
 */
function stopOnSignal(shutdown: () => Promise<void>): void {
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) process.exit(1);
    stopping = true;
    console.log(`${signal}: finishing the requests in progress, then stopping`);
    setTimeout(() => {
      console.error(`shutdown took longer than ${SHUTDOWN_TIMEOUT_MS / 1000} s; exiting`);
      process.exit(1);
    }, SHUTDOWN_TIMEOUT_MS).unref();
    shutdown().then(
      () => process.exit(0),
      (err: unknown) => {
        console.error(`shutdown failed: ${(err as Error).message}`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
}
