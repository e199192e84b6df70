/**
 * The links between strategies travel in a backup (issue #24), on both engines: an initiative
 * of the AI strategy listed under a node of a second strategy, a node of the second standing
 * for the AI strategy, budget lines from the review's CSV and an initiative's link to its
 * project. A restore into an empty database of either engine gives them back row for row, and
 * the second strategy's nodes list the shared initiative and stand for the AI strategy again.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as backupRepo from '../src/db/repositories/backup.repository.ts';
import type { Db } from '../src/db/database.ts';
import { createBackup, restoreBackup } from '../src/services/backup.service.ts';
import { importBudget, setInitiativeProjects } from '../src/services/budget.service.ts';
import { importStrategy } from '../src/services/interchange.service.ts';
import { linkInitiative, nodeLinks } from '../src/services/shared.service.ts';
import { setNodeStrategy } from '../src/services/umbrella.service.ts';
import { createTestDb, ENGINES, type TestDb } from './helpers/db.ts';
import { sampleDb } from './helpers/sample.ts';
import { smallStrategy } from './helpers/small-strategy.ts';

const actor = { id: 'test', ip: '' };
const LINKS = ['sharedListings', 'umbrellaNodes', 'budgetLines', 'initiativeProjects'] as const;
const REVIEW = fs.readFileSync(path.resolve(import.meta.dirname, 'fixtures/budget/review-2023.csv'));

async function linksOf(db: Db): Promise<Record<string, backupRepo.BackupRow[]>> {
  const out: Record<string, backupRepo.BackupRow[]> = {};
  for (const table of LINKS) out[table] = await backupRepo.readTable(db.kysely, table);
  return out;
}

for (const engine of ENGINES) {
  describe(`links between strategies in a backup on ${engine}`, () => {
    let db: TestDb;
    const others: TestDb[] = [];
    beforeAll(async () => {
      db = await sampleDb(engine);
      await importStrategy(db, smallStrategy('beta', { publishedYear: 2022 }), { actor: 'test' });
      await linkInitiative(db, 'beta', 'beta-t2', 'ai2022-i01', actor);
      await setNodeStrategy(db, 'beta', 'beta-t1', 'ai2022', actor);
      const imported = await importBudget(db, REVIEW, { fileName: 'review-2023.csv', dryRun: false, actor });
      expect(imported.applied).toBe(true);
      await setInitiativeProjects(db, 'ai2022-i01', ['2022-総務-0101'], actor);
    });
    afterAll(async () => Promise.all([db, ...others].map((d) => d?.destroy())));

    it('restores shared listings, umbrella nodes, budget lines and project links on both engines', async () => {
      const before = await linksOf(db);
      expect(LINKS.map((t) => before[t]?.length)).toEqual([1, 1, 15, 1]);
      // amounts are numbers in the file whichever engine wrote it
      expect(typeof before.budgetLines?.[0]?.initialBudget).toBe('number');
      const text = await createBackup(db);
      for (const other of ENGINES) {
        const empty = await createTestDb(other);
        others.push(empty);
        await restoreBackup(empty, text);
        expect(await linksOf(empty), other).toEqual(before);
        const shared = await nodeLinks(empty, 'beta', 'beta-t2');
        expect(shared.items.map((i) => i.initiative.id)).toEqual(['ai2022-i01']);
        expect((await nodeLinks(empty, 'beta', 'beta-t1')).standsFor).toBe('ai2022');
      }
    });
  });
}
