/**
 * Two years of one strategy as reports: the quantum report of 令和6年6月 (FY2023, from the
 * corpus) and its follow-up of 令和7年6月 (FY2024: texts moved on, one target renamed, one
 * new, figures of another year), recovered into drafts as `import-report` does.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Engine } from '../../src/db/database.ts';
import { StrategyExport } from '../../src/domain/interchange.ts';
import { knownOrganisations, recoverReport } from '../../src/services/imports.service.ts';
import { importStrategy } from '../../src/services/interchange.service.ts';
import { createTestDb, type TestDb } from './db.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
export const YEAR1 = path.join(ROOT, 'test/fixtures/report-corpus/quantum-2024.md');
export const YEAR2 = path.join(ROOT, 'test/fixtures/report-history/quantum-2025.md');
/** A report of another strategy. */
export const OTHER = path.join(ROOT, 'test/fixtures/report-corpus/space-2024.txt');

/** A report file recovered into a draft (organisations as the database knows them). */
export async function draftOf(db: TestDb, file: string, strategyId = 'quantum'): Promise<StrategyExport> {
  const result = await recoverReport(
    { name: path.basename(file), bytes: fs.readFileSync(file) },
    { organisations: await knownOrganisations(db), strategyId },
  );
  if (!result.ok) throw new Error(`could not read ${file}`);
  return StrategyExport.parse(result.value.draft);
}

/** A database holding one year's report as a strategy of its own, its cycle published. */
export async function strategyFromReport(engine: Engine, file = YEAR1): Promise<TestDb> {
  const db = await createTestDb(engine);
  const draft = await draftOf(db, file);
  for (const c of draft.cycles) c.state = 'published';
  await importStrategy(db, draft, { actor: 'test' });
  return db;
}
