/**
 * `shinchoku report --strategy ID --cycle ID --format F --out FILE [--lang ja|en] [--draft] [--revision N]`
 *
 * Renders a cycle's report as the public sees it: an unpublished cycle is "not found"
 * unless --draft is given, and a draft report is marked 未公開（下書き） throughout. A
 * published cycle's newest revision by default, or the one --revision names.
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
  revision?: string;
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
    .option('--revision <n>', 'an earlier revision of a published cycle (0 = as published)')
    .action(async (opts: Options) => {
      if (!isReportFormat(opts.format)) {
        throw new CliError(`unknown format ${opts.format} (use ${REPORT_FORMATS.join(', ')})`);
      }
      if (!isLang(opts.lang)) throw new CliError(`unknown language ${opts.lang} (use ja or en)`);
      const { format, lang } = opts;
      const revision = opts.revision === undefined ? undefined : Number(opts.revision);
      if (revision !== undefined && !(Number.isInteger(revision) && revision >= 0))
        throw new CliError(`--revision takes a whole number from 0 (got ${opts.revision})`);
      // Loaded here, not at start-up: the renderers' libraries are large.
      const { generateReport, closeReportRenderers } = await import('../../services/reports.service.ts');
      await withDatabase(async (db, config) => {
        const file = await generateReport(db, {
          strategyId: opts.strategy,
          cycleId: opts.cycle,
          format,
          lang,
          viewer: opts.draft ? SYSTEM : ANONYMOUS,
          chromiumPath: config.chromiumPath,
          revision,
        });
        await fs.mkdir(path.dirname(path.resolve(opts.out)), { recursive: true });
        await fs.writeFile(opts.out, file.body);
        const edition = file.revision === null ? '' : `, revision ${file.revision}`;
        console.log(`${opts.out}: ${file.body.length} bytes (${format}${edition})`);
      }).finally(closeReportRenderers);
    });
}
