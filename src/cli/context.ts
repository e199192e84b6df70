/**
 * What every command needs: the configuration, an open and migrated database, the files it
 * is given, and one way of reporting user errors (one line, exit code 1, no stack trace).
 */
import fs from 'node:fs/promises';
import { ConfigError, loadConfig, type Config } from '../config.ts';
import { DatabaseUnavailableError, openDatabase, type Db } from '../db/database.ts';
import { migrateToLatest, MigrationError } from '../db/migrate.ts';
import { AppError } from '../domain/errors.ts';
import { freezeUnfrozenCycles } from '../services/publication.service.ts';

export class CliError extends Error {}

/** A file named on the command line, as text; one that cannot be read fails naming it. */
export async function readTextFile(file: string): Promise<string> {
  try {
    return await fs.readFile(file, 'utf8');
  } catch (err) {
    throw new CliError(
      `cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`,
    );
  }
}

let config: Config | undefined;

/** The configuration, read from the environment once per command. */
export function cliConfig(): Config {
  config ??= loadConfig();
  return config;
}

/** Starts a command: its configuration is read afresh (one process may run several, as tests do). */
export function startCommand(): void {
  config = undefined;
}

export async function withDatabase<T>(
  fn: (db: Db, config: Config, applied: string[]) => Promise<T>,
  opts: { keepOpen?: boolean; server?: boolean } = {},
): Promise<T> {
  const config = cliConfig();
  // Statements of the server are bounded; an operator's migrate, import or backup is not.
  const db = await openDatabase(config.database, {
    busyTimeoutMs: config.busyTimeoutMs,
    ...(opts.server && { statementTimeoutMs: config.statementTimeoutMs }),
  });
  let keep = false;
  try {
    const applied = await migrateToLatest(db);
    // Published cycles of an older database get their snapshot before anything reads them.
    await freezeUnfrozenCycles(db);
    const result = await fn(db, config, applied);
    keep = opts.keepOpen ?? false;
    return result;
  } finally {
    if (!keep) await db.close();
  }
}

/** Turns an error into the one line a user sees; returns undefined for programming errors. */
export function userMessage(err: unknown): string | undefined {
  if (err instanceof AppError) {
    const details = err.details as { issues?: { path: string; message: string }[] } | undefined;
    const lines = [err.message];
    for (const issue of details?.issues ?? []) lines.push(`  ${issue.path}: ${issue.message}`);
    return lines.join('\n');
  }
  if (
    err instanceof ConfigError ||
    err instanceof DatabaseUnavailableError ||
    err instanceof MigrationError ||
    err instanceof CliError
  ) {
    return err.message;
  }
  return undefined;
}
