/**
 * `shinchoku report --strategy ID --cycle ID --format F --out FILE [--lang ja|en] [--draft]`
 *
 * Renders a cycle's report as the public sees it: an unpublished cycle is "not found"
 * unless --draft is given, and a draft report is marked 未公開（下書き） throughout.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import { ANONYMOUS, SYSTEM } from '../../domain/access.ts';
import { isLang } from '../../i18n.ts';
import { isReportFormat, REPORT_FORMATS } from '../../reports/formats.ts';
import { CliError, withDatabase } from '../context.ts';

interface Options {
  strategy: string;
  cycle: string;
  format: string;
  out: string;
  lang: string;
  draft?: boolean;
}

export function registerReport(program: Command): void {
  program
    .command('report')
    .description('write the progress report of a cycle (slides, web page, PDF, Markdown, Excel, open data)')
    .requiredOption('--strategy <id>', 'strategy id')
    .requiredOption('--cycle <id>', 'cycle id')
    .requiredOption('--format <format>', REPORT_FORMATS.join('|'))
    .requiredOption('--out <file>', 'output file')
    .option('--lang <lang>', 'language of labels and dates: ja or en', 'ja')
    .option('--draft', 'allow an unpublished cycle (the report is marked as a draft)')
    .action(async (opts: Options) => {
      if (!isReportFormat(opts.format)) {
        throw new CliError(`unknown format ${opts.format} (use ${REPORT_FORMATS.join(', ')})`);
      }
      if (!isLang(opts.lang)) throw new CliError(`unknown language ${opts.lang} (use ja or en)`);
      const { format, lang } = opts;
      // Loaded here, not at start-up: the renderers' libraries are large.
      const { generateReport } = await import('../../services/reports.service.ts');
      await withDatabase(async (db, config) => {
        const file = await generateReport(db, {
          strategyId: opts.strategy,
          cycleId: opts.cycle,
          format,
          lang,
          viewer: opts.draft ? SYSTEM : ANONYMOUS,
          chromiumPath: config.chromiumPath,
        });
        await fs.mkdir(path.dirname(path.resolve(opts.out)), { recursive: true });
        await fs.writeFile(opts.out, file.body);
        console.log(`${opts.out}: ${file.body.length} bytes (${format})`);
      });
    });
}
