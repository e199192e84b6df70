/**
 * `shinchoku template --cycle ID --org 総務省 --out FILE.xlsx`: writes a ministry's survey
 * sheet (調査票) for a cycle. `shinchoku import-survey FILE.xlsx --as LOGIN [--dry-run]`:
 * reads it back as that ministry editor — every problem printed with its sheet, row and
 * column, the changes previewed, and written in one transaction unless --dry-run.
 */
import { existsSync } from 'node:fs';
import type { Command } from 'commander';
import { formatSurveyProblems, surveyMessage } from '../../importers/survey/messages.ts';
import { previewLines } from '../../importers/survey/preview.ts';
import { importSurvey, principalForLogin, surveyTemplate } from '../../services/survey.service.ts';
import { CliError, withDatabase } from '../context.ts';
import { langOption, readInput, importCommand, withProgress, writeAtomically } from './import-shared.ts';

interface TemplateOptions {
  cycle: string;
  org: string;
  out: string;
  as?: string;
  force?: boolean;
  lang?: string;
}

interface ImportOptions {
  as: string;
  dryRun?: boolean;
  json?: boolean;
  lang?: string;
}

export function registerSurveyCommands(program: Command): void {
  program
    .command('template')
    .description('write the survey sheet (調査票, .xlsx) of one ministry for a cycle')
    .requiredOption('--cycle <id>', 'cycle id, e.g. ai2022-fy2023')
    .requiredOption('--org <organisation>', 'ministry: id, short name or alias (e.g. mic, 総務省)')
    .requiredOption('--out <file>', 'the .xlsx file to write')
    .option('--as <login>', 'act as this user (default: the secretariat)')
    .option('--force', 'overwrite the output file')
    .option('--lang <lang>', 'language of the messages: ja or en', 'ja')
    .action(async (opts: TemplateOptions) => {
      const lang = langOption(opts.lang);
      if (existsSync(opts.out) && !opts.force) {
        throw new CliError(`${opts.out} already exists (add --force to overwrite it)`);
      }
      await withDatabase(async (db) => {
        const principal = opts.as === undefined ? null : await principalForLogin(db, opts.as);
        if (opts.as !== undefined && principal === null) {
          throw new CliError(surveyMessage(lang, 'cli.unknown_user', { login: opts.as }));
        }
        const file = await surveyTemplate(db, opts.cycle, opts.org, principal);
        await writeAtomically(opts.out, file.body);
        console.log(
          surveyMessage(lang, 'cli.template_written', {
            file: opts.out,
            organisation: file.organisation.nameJa,
            ...file.counts,
          }),
        );
      });
    });

  importCommand(
    program,
    'import-survey <file>',
    'read a filled-in survey sheet back as a ministry editor (all rows or nothing)',
    'check and preview the changes, write nothing',
  )
    .requiredOption('--as <login>', 'the ministry editor the changes are made as')
    .action(async (file: string, opts: ImportOptions) => {
      const lang = langOption(opts.lang);
      const input = await readInput(file, lang);
      await withDatabase(async (db) => {
        const principal = await principalForLogin(db, opts.as);
        if (principal === null)
          throw new CliError(surveyMessage(lang, 'cli.unknown_user', { login: opts.as }));
        const result = await withProgress('import-survey', (onProgress) =>
          importSurvey(db, input.bytes, principal, {
            dryRun: opts.dryRun ?? false,
            fileName: input.name,
            actor: { id: principal.userId, ip: '' },
            onProgress,
          }),
        );
        if (opts.json) process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
        for (const line of formatSurveyProblems(lang, result.problems)) process.stderr.write(`${line}\n`);
        if (!result.ok)
          throw new CliError(surveyMessage(lang, 'cli.failed', { count: result.problems.length }));
        if (opts.json) return;
        for (const line of previewLines(lang, result)) console.log(line);
        const c = result.counts;
        console.log(
          surveyMessage(lang, 'cli.summary', {
            changed: c.entries,
            unchanged: c.unchanged,
            added: c.observationsAdded,
            updated: c.observationsChanged,
          }),
        );
        console.log(surveyMessage(lang, opts.dryRun ? 'cli.dry_run' : 'cli.applied'));
      });
    });
}
