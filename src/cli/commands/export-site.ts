/**
 * `shinchoku export-site --out DIR [--base-url URL]`
 *
 * Writes the static copy of the public site (every public page of every published cycle in
 * Japanese and English, the downloads, the catalogue, the feeds, the schemas and the web
 * assets, with relative links) into DIR; a second run rewrites only what changed. The
 * pages are rendered in-process by the server renderer, so the web app must be built.
 * --base-url (default PUBLIC_URL) is the site's address wherever an absolute URL is needed.
 */
import path from 'node:path';
import type { Command } from 'commander';
import { buildApp } from '../../api/app.ts';
import { siteSource } from '../../api/site-source.ts';
import { parsePublicUrl } from '../../config.ts';
import { WEB_DIST } from '../../paths.ts';
import { exportSite, NotAnExportError } from '../../services/export-site.service.ts';
import { closeReportRenderers } from '../../services/reports.service.ts';
import { CliError, withDatabase } from '../context.ts';

export function registerExportSite(program: Command): void {
  program
    .command('export-site')
    .description('write a static copy of the public site (pages, downloads, catalogue) with relative links')
    .requiredOption('--out <dir>', 'folder to write (created, or an earlier export brought up to date)')
    .option('--base-url <url>', 'the address the site is published at, for canonical and catalogue URLs')
    .action(async (opts: { out: string; baseUrl?: string }) => {
      await withDatabase(async (db, config) => {
        const baseUrl = opts.baseUrl === undefined ? config.publicUrl : parsePublicUrl(opts.baseUrl, '', 0);
        const app = await buildApp({ db, config: { ...config, publicUrl: baseUrl, logLevel: 'silent' } });
        try {
          const source = await siteSource(app, WEB_DIST, baseUrl).catch((err: Error) => {
            throw new CliError(err.message);
          });
          const result = await exportSite(db, source, { out: path.resolve(opts.out), baseUrl });
          console.log(
            `${opts.out}: ${result.files} files (${result.pages} pages): ` +
              `${result.written} written, ${result.unchanged} unchanged, ${result.removed} removed`,
          );
          if (result.live.length > 0)
            console.log(`linked to ${baseUrl} instead (not in the copy): ${result.live.join(' ')}`);
        } catch (err) {
          if (err instanceof NotAnExportError) throw new CliError(err.message);
          throw err;
        } finally {
          await app.close();
          await closeReportRenderers();
        }
      });
    });
}
