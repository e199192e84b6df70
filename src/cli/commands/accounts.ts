import type { Command } from 'commander';
import type { Db } from '../../db/database.ts';
import {
  createToken,
  createUser,
  revokeToken,
  setDisabled,
  setPassword,
} from '../../services/accounts.service.ts';
import { resetMfa } from '../../services/mfa.service.ts';
import { SYSTEM_ACTOR } from '../../services/audit.service.ts';
import { CliError, withDatabase } from '../context.ts';

const CLI_ACTOR = { ...SYSTEM_ACTOR, id: 'system:cli' };

/** Reads a password from SHINCHOKU_PASSWORD or, interactively, from standard input. */
async function readPassword(): Promise<string> {
  const fromEnv = process.env.SHINCHOKU_PASSWORD;
  if (fromEnv) return fromEnv;
  if (!process.stdin.isTTY) {
    let text = '';
    for await (const chunk of process.stdin) text += String(chunk);
    const line = text.split(/\r?\n/)[0] ?? '';
    if (line === '') throw new CliError('no password given (type it, pipe it, or set SHINCHOKU_PASSWORD)');
    return line;
  }
  const { createInterface } = await import('node:readline/promises');
  const rl = createInterface({ input: process.stdin, output: process.stderr, terminal: true });
  const answer = await rl.question('password: ');
  rl.close();
  return answer;
}

/** The action of a command that changes the account or token it names, then says so. */
function change(act: (db: Db, name: string) => Promise<unknown>, done: (name: string) => string) {
  return async (name: string): Promise<void> => {
    await withDatabase(async (db) => {
      await act(db, name);
      console.log(done(name));
    });
  };
}

export function registerAccountCommands(program: Command): void {
  const user = program.command('user').description('manage accounts');
  user
    .command('add <login>')
    .description('create an account; the password is read from stdin or SHINCHOKU_PASSWORD')
    .requiredOption('--role <role>', 'admin | reviewer | editor | viewer')
    .option('--name <name>', 'display name')
    .option('--email <email>', 'e-mail address for notifications')
    .option('--org <ids...>', 'organisation ids a ministry editor works for (e.g. mic mext)')
    .action(async (login: string, opts: { role: string; name?: string; email?: string; org?: string[] }) => {
      const password = await readPassword();
      await withDatabase(async (db) => {
        const created = await createUser(
          db,
          {
            login,
            displayName: opts.name ?? login,
            email: opts.email ?? '',
            password,
            role: opts.role,
            organisationIds: opts.org ?? [],
          },
          CLI_ACTOR,
        );
        console.log(
          `created ${created.login} (${created.role}${created.organisationIds.length ? `: ${created.organisationIds.join(', ')}` : ''})`,
        );
      });
    });
  user
    .command('passwd <login>')
    .description('set a new password (ends the account’s sessions)')
    .action(async (login: string) => {
      const password = await readPassword();
      await withDatabase(async (db) => {
        await setPassword(db, login, password, CLI_ACTOR);
        console.log(`password of ${login} changed`);
      });
    });
  user
    .command('disable <login>')
    .description('disable an account (ends its sessions and revokes its API tokens for good)')
    .option('--enable', 'enable it again instead')
    .action(async (login: string, opts: { enable?: boolean }) => {
      await withDatabase(async (db) => {
        await setDisabled(db, login, !opts.enable, CLI_ACTOR);
        console.log(`${login} ${opts.enable ? 'enabled' : 'disabled'}`);
      });
    });

  user
    .command('mfa-reset <login>')
    .description('remove an account’s second factor (a lost device); it enrols again if its role needs one')
    .action(
      change(
        (db, login) => resetMfa(db, login, CLI_ACTOR),
        (login) => `second factor of ${login} removed`,
      ),
    );

  const token = program.command('token').description('manage API tokens');
  token
    .command('create <login>')
    .description('create an API token for an account; prints it once')
    .requiredOption('--name <name>', 'what the token is for')
    .option('--scope <scopes...>', 'read | progress | review | admin', ['read'])
    .option('--expires <date>', 'expiry (ISO date); at most TOKEN_TTL_DAYS away, which is the default')
    .action(async (login: string, opts: { name: string; scope: string[]; expires?: string }) => {
      await withDatabase(async (db, config) => {
        const created = await createToken(db, login, opts.name, opts.scope, CLI_ACTOR, {
          expiresAt: opts.expires ?? null,
          ttlDays: config.auth.tokenTtlDays,
        });
        console.log(
          `token ${created.id} (expires ${created.expiresAt}; shown once, keep it secret):\n${created.token}`,
        );
      });
    });
  token
    .command('revoke <id>')
    .description('revoke an API token')
    .action(
      change(
        (db, id) => revokeToken(db, id, CLI_ACTOR),
        (id) => `token ${id} revoked`,
      ),
    );
}
