/**
 * What the import commands share: their common options, a progress bar for long imports,
 * drawn on standard error when it is a terminal (never into a pipe or a log file), reading
 * and writing files, the organisations ministry names are matched against, and how an
 * import refused for its problems ends.
 */
import { existsSync } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import cliProgress from 'cli-progress';
import { isLang, type Lang } from '../../i18n.ts';
import { formatProblems, importMessage } from '../../importers/messages.ts';
import type { Problem } from '../../importers/problems.ts';
import type { InputFile } from '../../importers/structure/index.ts';
import type { OrganisationRecord } from '../../domain/interchange.ts';
import { knownOrganisations } from '../../services/imports.service.ts';
import { cliConfig, CliError, withDatabase } from '../context.ts';

/** The database's organisations if there is a database, else the sample's (opens none then). */
export async function organisationsForImport(): Promise<OrganisationRecord[]> {
  const { database } = cliConfig();
  if (database.kind === 'sqlite' && !existsSync(database.file)) return knownOrganisations(null);
  return withDatabase((db) => knownOrganisations(db));
}

export interface Progress {
  update(done: number, total: number): void;
  stop(): void;
}

/** A bar on stderr if it is a TTY; otherwise a progress that does nothing. */
export function progressBar(label: string, stream: NodeJS.WriteStream = process.stderr): Progress {
  if (!stream.isTTY) return { update: () => undefined, stop: () => undefined };
  const bar = new cliProgress.SingleBar(
    {
      stream,
      format: `${label} [{bar}] {percentage}% {value}/{total}`,
      clearOnComplete: true,
      hideCursor: true,
    },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  return {
    update(done, total) {
      if (!started) bar.start(total, done);
      else {
        bar.setTotal(total);
        bar.update(done);
      }
      started = true;
    },
    stop() {
      if (started) bar.stop();
    },
  };
}

/** Runs `work` with a progress bar named `label`, stopping the bar however the work ends. */
export async function withProgress<T>(
  label: string,
  work: (onProgress: (done: number, total: number) => void) => Promise<T>,
): Promise<T> {
  const bar = progressBar(label);
  try {
    return await work((done, total) => bar.update(done, total));
  } finally {
    bar.stop();
  }
}

/** A command importing a file: --dry-run previews (as `preview` says), --json, --lang. */
export function importCommand(program: Command, name: string, description: string, preview: string): Command {
  return program
    .command(name)
    .description(description)
    .option('--dry-run', preview)
    .option('--json', 'print the result as JSON')
    .option('--lang <lang>', 'language of the messages: ja or en', 'ja');
}

export function langOption(value: string | undefined): Lang {
  const lang = value ?? 'ja';
  if (!isLang(lang)) throw new CliError(`unknown language ${lang} (ja or en)`);
  return lang;
}

export async function readInput(file: string, lang: Lang): Promise<InputFile> {
  try {
    return { name: path.basename(file), bytes: await fs.readFile(file) };
  } catch (err) {
    const reason = (err as NodeJS.ErrnoException).code ?? (err as Error).message;
    throw new CliError(importMessage(lang, 'file.unreadable', { file, reason }));
  }
}

/** Writes through a temporary file, so a failed write leaves no half-written output. */
export async function writeAtomically(file: string, content: string | Uint8Array): Promise<void> {
  await fs.mkdir(path.dirname(path.resolve(file)), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  try {
    await fs.writeFile(tmp, content);
    await fs.rename(tmp, file);
  } catch (err) {
    await fs.rm(tmp, { force: true });
    throw err;
  }
}

/** Prints an import's problems on standard error, one a line. */
export function printProblems(lang: Lang, problems: readonly Problem[]): void {
  for (const line of formatProblems(lang, problems)) process.stderr.write(`${line}\n`);
}

/** The error of an import refused for its problems, counting those that are errors. */
export function importRefused(
  lang: Lang,
  problems: readonly Problem[],
  key: 'cli.failed' | 'cli.budget_failed' = 'cli.failed',
): CliError {
  const count = problems.filter((p) => p.severity === 'error').length;
  return new CliError(importMessage(lang, key, { count }));
}
