/**
 * `shinchoku import-budget FILE.csv [--dry-run]`: reads the administrative project review's
 * CSV (行政事業レビュー; UTF-8 or Shift_JIS), prints how its columns were understood and
 * every problem with its row and column, and writes its lines in one transaction — updating
 * a project's year already stored — unless --dry-run or a problem is an error.
 */
import type { Command } from 'commander';
import { importMessage } from '../../importers/messages.ts';
import { importBudget } from '../../services/budget.service.ts';
import { withDatabase } from '../context.ts';
import { importRefused, langOption, printProblems, readInput, importCommand } from './import-shared.ts';

interface Options {
  dryRun?: boolean;
  json?: boolean;
  lang?: string;
}

export function registerImportBudget(program: Command): void {
  importCommand(
    program,
    'import-budget <file>',
    'import budget and execution per project and fiscal year from the administrative project review CSV',
    'check and preview, write nothing',
  ).action(async (file: string, opts: Options) => {
    const lang = langOption(opts.lang);
    const input = await readInput(file, lang);
    await withDatabase(async (db) => {
      const result = await importBudget(db, input.bytes, {
        fileName: input.name,
        dryRun: opts.dryRun ?? false,
        actor: { id: 'system:import', ip: '' },
      });
      if (opts.json) process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
      printProblems(lang, result.problems);
      if (!result.ok) throw importRefused(lang, result.problems, 'cli.budget_failed');
      if (opts.json) return;
      for (const c of result.columns) {
        const target = c.field ? `${c.field}${c.unit ? ` (${c.unit})` : ''}` : '—';
        console.log(`  ${c.index}. ${c.header} → ${target}`);
      }
      console.log(importMessage(lang, 'cli.budget_summary', { ...result.counts }));
      console.log(importMessage(lang, opts.dryRun ? 'cli.budget_dry_run' : 'cli.budget_applied'));
    });
  });
}
