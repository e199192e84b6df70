/**
 * `shinchoku import-report FILE [--json OUT] [--strict]`: recovers a draft strategy from a
 * progress report (PDF, PPTX, HTML, Markdown or text) and writes it in the interchange format (load it with `shinchoku
 * import OUT`). Prints what it found and everything it could not place, with line numbers.
 * With `--into STRATEGY_ID` the year joins that strategy as a past cycle instead
 * (import-report-history.ts).
 */
import type { Command } from 'commander';
import { formatPeriod, parsePeriodCode } from '../../domain/calendar.ts';
import { formatProblems, importMessage } from '../../importers/messages.ts';
import { hasErrors } from '../../importers/problems.ts';
import { recoverReport } from '../../services/imports.service.ts';
import { serialiseExport } from '../../services/interchange.service.ts';
import { importIntoStrategy } from './import-report-history.ts';
import {
  importRefused,
  langOption,
  organisationsForImport,
  printProblems,
  readInput,
  withProgress,
  writeAtomically,
} from './import-shared.ts';

interface Options {
  json?: string;
  strategyId?: string;
  asOf?: string;
  addUnknownOrganisations?: boolean;
  strict?: boolean;
  lang?: string;
  into?: string;
  yes?: boolean;
}

export function registerImportReport(program: Command): void {
  program
    .command('import-report <file>')
    .description(
      'recover a draft strategy from a progress report (PDF, PPTX, HTML, Markdown or text; slides of 主な進捗 and 概況)',
    )
    .option('--json <out>', 'write the draft to this file (default: standard output)')
    .option('--strategy-id <id>', 'id of the strategy (default: the letters and digits of its title)')
    .option('--as-of <month>', 'as-of month when the cover has no date, e.g. 2023-04')
    .option(
      '--add-unknown-organisations',
      'take in ministry names nobody knows as new organisations (the default)',
    )
    .option('--strict', 'refuse ministry names nobody knows instead of proposing them as new organisations')
    .option('--lang <lang>', 'language of the messages: ja or en', 'ja')
    .option(
      '--into <strategyId>',
      'join the report to this stored strategy as a past cycle (prints the matches; writes with --yes)',
    )
    .option('--yes', 'with --into: write without asking')
    .action(async (file: string, opts: Options) => {
      const lang = langOption(opts.lang);
      const input = await readInput(file, lang);
      const organisations = await organisationsForImport();
      const result = await withProgress('import-report', (onProgress) =>
        recoverReport(input, {
          organisations,
          // A history's first report becomes the strategy --into names.
          ...((opts.strategyId ?? opts.into) !== undefined && { strategyId: opts.strategyId ?? opts.into }),
          ...(opts.asOf !== undefined && { asOf: opts.asOf }),
          strict: opts.strict ?? false,
          addUnknownOrganisations: !(opts.strict ?? false),
          onProgress,
        }),
      );
      // The report goes to stdout when the draft goes to a file, else to stderr beside it.
      const say = (line: string) =>
        (opts.json !== undefined || opts.into !== undefined ? process.stdout : process.stderr).write(
          `${line}\n`,
        );
      if (!result.ok || hasErrors(result.problems)) {
        printProblems(lang, result.problems);
        throw importRefused(lang, result.problems);
      }
      const { draft, counts } = result.value;
      const cycle = draft.cycles[0];
      if (!cycle) throw new Error('the report draft has no cycle');
      say(
        importMessage(lang, 'cli.report_heading', {
          title: draft.strategy.title,
          id: draft.strategy.id,
          fiscalYear: cycle.fiscalYear,
          asOf: formatPeriod(parsePeriodCode(cycle.asOf), lang, { era: lang === 'ja' }),
        }),
      );
      say(`  ${importMessage(lang, 'cli.counts_tree', { ...counts })}`);
      say(`  ${importMessage(lang, 'cli.counts_items', { ...counts })}`);
      if (result.problems.length > 0) {
        say(importMessage(lang, 'cli.problems_heading', { count: result.problems.length }));
        for (const line of formatProblems(lang, result.problems, 200)) say(`  ${line}`);
      }
      const text = serialiseExport(draft);
      if (opts.into !== undefined) {
        if (opts.json !== undefined) await writeAtomically(opts.json, text);
        await importIntoStrategy(draft, opts.into, { yes: opts.yes ?? false, lang });
        return;
      }
      if (opts.json === undefined) process.stdout.write(text);
      else {
        await writeAtomically(opts.json, text);
        say(importMessage(lang, 'cli.written', { file: opts.json }));
      }
    });
}
