import fs from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import { createBackup, restoreBackup } from '../../services/backup.service.ts';
import { exportStrategy, importStrategy, serialiseExport } from '../../services/interchange.service.ts';
import { loadSample } from '../../services/sample.service.ts';
import { CliError, readTextFile, withDatabase } from '../context.ts';

async function readJsonFile(file: string): Promise<unknown> {
  const text = await readTextFile(file);
  if (text.trim() === '') throw new CliError(`${file} is empty`);
  try {
    return JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (err) {
    throw new CliError(`${file} is not valid JSON: ${(err as Error).message}`);
  }
}

async function writeOut(text: string, out: string | undefined): Promise<void> {
  if (out === undefined) {
    process.stdout.write(text);
    return;
  }
  await fs.mkdir(path.dirname(path.resolve(out)), { recursive: true });
  await fs.writeFile(out, text);
}

export function registerDataCommands(program: Command): void {
  program
    .command('migrate')
    .description('apply pending database migrations')
    .action(async () => {
      await withDatabase(async (_db, _c, applied) => {
        console.log(applied.length ? `applied: ${applied.join(', ')}` : 'database is up to date');
      });
    });

  program
    .command('seed')
    .description('load the sample strategy (AI Strategy 2022 follow-up, April 2023)')
    .option('--replace', 'replace the sample if it is already loaded')
    .action(async (opts: { replace?: boolean }) => {
      await withDatabase(async (db) => {
        const result = await loadSample(db, { replace: opts.replace ?? false });
        console.log(`loaded ${result.strategyId}: ${formatCounts(result.counts)}`);
      });
    });

  program
    .command('export')
    .description('write a whole strategy with all its cycles (interchange format)')
    .requiredOption('--strategy <id>', 'strategy id')
    .option('--format <format>', 'json (the only format of this command)', 'json')
    .option('--out <file>', 'output file (default: standard output)')
    .action(async (opts: { strategy: string; format: string; out?: string }) => {
      if (opts.format !== 'json') throw new CliError(`unknown format ${opts.format} (use json)`);
      await withDatabase(async (db) => {
        await writeOut(serialiseExport(await exportStrategy(db, opts.strategy)), opts.out);
      });
    });

  program
    .command('import <file>')
    .description('load a strategy file written by export (or by import-report)')
    .option('--replace', 'replace a strategy with the same id')
    .option('--dry-run', 'validate and report, write nothing')
    .action(async (file: string, opts: { replace?: boolean; dryRun?: boolean }) => {
      const input = await readJsonFile(file);
      await withDatabase(async (db) => {
        const result = await importStrategy(db, input, {
          actor: 'system:import',
          replace: opts.replace ?? false,
          dryRun: opts.dryRun ?? false,
        });
        const verb = opts.dryRun ? 'would import' : 'imported';
        console.log(`${verb} ${result.strategyId}: ${formatCounts(result.counts)}`);
      });
    });

  program
    .command('backup <file>')
    .description(
      'write a consistent copy of every strategy, the accounts and the audit trail to FILE (works while the server runs)',
    )
    .action(async (file: string) => {
      await withDatabase(async (db) => {
        await writeOut(await createBackup(db), file);
        console.log(`backup written to ${file}`);
      });
    });

  program
    .command('restore <file>')
    .description('load a backup into an empty database (no strategy, no account), all or nothing')
    .action(async (file: string) => {
      const text = await readTextFile(file);
      await withDatabase(async (db) => {
        const { strategies, users } = await restoreBackup(db, text);
        console.log(`restored ${strategies} strategies, ${users} accounts`);
      });
    });
}

export function formatCounts(counts: Record<string, number>): string {
  return Object.entries(counts)
    .map(([k, v]) => `${v} ${k}`)
    .join(', ');
}
