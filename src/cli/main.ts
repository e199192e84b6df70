/**
 * The `shinchoku` command. Each command lives in cli/commands/; this file wires them up
 * and turns user errors into one line and exit code 1.
 */
import { Command, CommanderError } from 'commander';
import { VERSION } from '../version.ts';
import { registerAccountCommands } from './commands/accounts.ts';
import { registerAuditCommands } from './commands/audit.ts';
import { registerDataCommands } from './commands/data.ts';
import { registerExportSite } from './commands/export-site.ts';
import { registerImportBudget } from './commands/import-budget.ts';
import { registerImportReport } from './commands/import-report.ts';
import { registerImportStructure } from './commands/import-structure.ts';
import { registerInsightCommands } from './commands/insight.ts';
import { registerReport } from './commands/report.ts';
import { registerServe } from './commands/serve.ts';
import { registerSurveyCommands } from './commands/survey.ts';
import { startCommand, userMessage } from './context.ts';

export function buildProgram(): Command {
  const program = new Command('shinchoku')
    .description('Follow-up of a national strategy (進捗): data, reports, open data')
    .version(VERSION)
    .exitOverride()
    .showHelpAfterError();
  registerServe(program);
  registerDataCommands(program);
  registerImportReport(program);
  registerImportStructure(program);
  registerImportBudget(program);
  registerAccountCommands(program);
  registerAuditCommands(program);
  registerInsightCommands(program);
  registerReport(program);
  registerExportSite(program);
  registerSurveyCommands(program);
  return program;
}

export async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
  startCommand();
  try {
    await program.parseAsync(argv);
    return 0;
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode;
    const message = userMessage(err);
    if (message !== undefined) {
      process.stderr.write(`shinchoku: ${message}\n`);
      return 1;
    }
    process.stderr.write(`shinchoku: unexpected error: ${(err as Error).stack ?? String(err)}\n`);
    return 2;
  }
}
