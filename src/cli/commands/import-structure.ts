/**
 * `shinchoku import-structure FILE… [--dry-run] [--json OUT]`: sets up a new strategy from
 * one XLSX workbook (sheets nodes, organisations, initiatives, indicators, strategy) or from
 * CSV files named after those kinds (a folder of them works too). Loads it into the
 * database, or writes it in the interchange format with --json, or only previews it.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import { importMessage } from '../../importers/messages.ts';
import type { InputFile } from '../../importers/structure/index.ts';
import { treeLines } from '../../importers/structure/index.ts';
import { loadStructure, readStructure } from '../../services/imports.service.ts';
import { serialiseExport } from '../../services/interchange.service.ts';
import { withDatabase } from '../context.ts';
import { formatCounts } from './data.ts';
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
  strategyId?: string;
  title?: string;
  dryRun?: boolean;
  json?: string;
  replace?: boolean;
  lang?: string;
}

async function expand(paths: readonly string[]): Promise<string[]> {
  const out: string[] = [];
  for (const p of paths) {
    const stat = await fs.stat(p).catch(() => null);
    if (!stat?.isDirectory()) {
      out.push(p);
      continue;
    }
    const names = (await fs.readdir(p)).filter((n) => /\.(csv|tsv|xlsx)$/i.test(n)).sort();
    out.push(...names.map((n) => path.join(p, n)));
  }
  return out;
}

export function registerImportStructure(program: Command): void {
  program
    .command('import-structure <files...>')
    .description(
      'set up a new strategy from CSV files or an XLSX workbook (nodes, organisations, initiatives, indicators)',
    )
    .option('--strategy-id <id>', 'id of the new strategy (or the id column of a strategy sheet)')
    .option('--title <title>', 'title of the new strategy (or the title column of a strategy sheet)')
    .option('--dry-run', 'check and preview the tree, write nothing')
    .option('--json <out>', 'write the interchange format to this file instead of loading it')
    .option('--replace', 'replace a strategy with the same id')
    .option('--lang <lang>', 'language of the messages: ja or en', 'ja')
    .action(async (files: string[], opts: Options) => {
      const lang = langOption(opts.lang);
      const inputs: InputFile[] = [];
      for (const f of await expand(files)) inputs.push(await readInput(f, lang));
      const knownOrganisations = await organisationsForImport();
      const result = await withProgress('import-structure', (onProgress) =>
        readStructure(inputs, {
          ...(opts.strategyId !== undefined && { strategyId: opts.strategyId }),
          ...(opts.title !== undefined && { title: opts.title }),
          knownOrganisations,
          onProgress,
        }),
      );
      printProblems(lang, result.problems);
      if (!result.ok) throw importRefused(lang, result.problems);
      const { draft, counts } = result.value;
      console.log(`${draft.strategy.title} [${draft.strategy.id}]`);
      console.log(`  ${importMessage(lang, 'cli.structure_counts', { ...counts })}`);
      if (opts.dryRun) {
        for (const line of treeLines(draft)) console.log(`  ${line}`);
        console.log(importMessage(lang, 'cli.structure_dry_run'));
        return;
      }
      if (opts.json !== undefined) {
        await writeAtomically(opts.json, serialiseExport(draft));
        console.log(importMessage(lang, 'cli.written', { file: opts.json }));
        return;
      }
      await withDatabase(async (db) => {
        const loaded = await loadStructure(db, result.value, { replace: opts.replace ?? false });
        console.log(
          `${importMessage(lang, 'cli.imported', { id: loaded.strategyId })}: ${formatCounts(loaded.counts)}`,
        );
      });
    });
}
