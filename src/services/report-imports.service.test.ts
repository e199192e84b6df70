/**
 * Reports reviewed on screen, on both engines: an upload keeps the file and the recovered
 * draft with its "to check" items; a refused file writes nothing; a fix is saved only from
 * the version it was read at; accepting loads a new strategy and closes the review.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES, type TestDb } from '../../test/helpers/db.ts';
import { sampleDb } from '../../test/helpers/sample.ts';
import { AppError } from '../domain/errors.ts';
import * as strategiesRepo from '../db/repositories/strategies.repository.ts';
import {
  acceptAsNewStrategy,
  acceptAsPastCycle,
  planReportPastCycle,
  editReportImport,
  getReportImport,
  listReportImports,
  reportImportFile,
  uploadReport,
} from './report-imports.service.ts';

const actor = { id: 'admin', ip: '' };
const CORPUS = path.resolve(import.meta.dirname, '../../test/fixtures/report-corpus');
/** The corpus's green report with one item's ministry tag left off: the importer keeps it to check. */
export const untaggedGreen = (): Buffer =>
  Buffer.from(
    fs
      .readFileSync(path.join(CORPUS, 'green-2022.md'), 'utf8')
      .replace('液化水素の国際輸送の実証を実施。（経産省）', '液化水素の国際輸送の実証を実施。'),
  );

const codeOf = (err: unknown) =>
  err instanceof AppError ? [err.code, (err.details as { code?: string }).code] : err;

for (const engine of ENGINES) {
  describe(`report imports on ${engine}`, () => {
    let db: TestDb;
    beforeAll(async () => {
      db = await sampleDb(engine);
    });
    afterAll(async () => db.destroy());

    it('refuses a file that is not a report and writes nothing', async () => {
      const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
      const err = await uploadReport(db, { name: 'photo.png', bytes: png }, {}, actor).catch(
        (e: unknown) => e,
      );
      expect(codeOf(err)).toEqual(['invalid', 'unreadable']);
      const empty = await uploadReport(db, { name: 'e.pdf', bytes: new Uint8Array() }, {}, actor).catch(
        (e: unknown) => e,
      );
      expect(codeOf(empty)).toEqual(['invalid', 'empty_file']);
      expect(await listReportImports(db)).toEqual([]);
    });

    it('keeps an upload with its draft, to-check items, sources and file; fixes it; accepts it', async () => {
      const bytes = untaggedGreen();
      const row = await uploadReport(db, { name: 'green.md', bytes }, { strategyId: 'green2022' }, actor);
      expect(row.version).toBe(1);
      expect(row.fileKind).toBe('text');
      expect(row.review.draft.strategy.id).toBe('green2022');
      expect(row.review.toCheck.map((c) => c.text)).toEqual(['液化水素の国際輸送の実証を実施。']);
      const check = row.review.toCheck[0];
      expect(check?.nodeId).toBe(
        row.review.draft.nodes.find((n) => n.title === '水素サプライチェーンの構築')?.id,
      );
      expect(Object.keys(row.review.sources.nodes).sort()).toEqual(
        row.review.draft.nodes.map((n) => n.id).sort(),
      );
      expect(row.sourceLines.find((l) => l.line === check?.line)?.text).toContain('液化水素の国際輸送');
      expect((await reportImportFile(db, row.id)).bytes.equals(bytes)).toBe(true);
      expect((await listReportImports(db)).map((r) => r.id)).toEqual([row.id]);

      // A stale version and a bad edit are refused; nothing changes.
      const edit = {
        op: 'check_to_item' as const,
        checkId: 'c1',
        nodeId: check?.nodeId ?? '',
        owners: ['meti'],
      };
      expect(codeOf(await editReportImport(db, row.id, 7, edit, actor).catch((e: unknown) => e))).toEqual([
        'conflict',
        'changed',
      ]);
      const bad = { ...edit, nodeId: 'no-such-node' };
      expect(codeOf(await editReportImport(db, row.id, 1, bad, actor).catch((e: unknown) => e))).toEqual([
        'invalid',
        'unknown_node',
      ]);
      expect((await getReportImport(db, row.id)).version).toBe(1);

      const fixed = await editReportImport(db, row.id, 1, edit, actor);
      expect(fixed.version).toBe(2);
      expect(fixed.review.toCheck).toEqual([]);
      const made = fixed.review.draft.initiatives.find((i) => i.title === '液化水素の国際輸送の実証を実施');
      expect(made?.owners).toEqual(['meti']);
      expect(made?.listings.map((l) => l.nodeId)).toEqual([check?.nodeId]);

      const accepted = await acceptAsNewStrategy(db, row.id, 2, actor);
      expect(accepted).toMatchObject({
        state: 'accepted',
        strategyId: 'green2022',
        cycleId: 'green2022-fy2022',
        version: 3,
      });
      expect((await strategiesRepo.findStrategy(db.kysely, 'green2022'))?.title).toBe('グリーン成長戦略');
      const again = await editReportImport(
        db,
        row.id,
        3,
        { op: 'dismiss_check', checkId: 'c1' },
        actor,
      ).catch((e: unknown) => e);
      expect(codeOf(again)).toEqual(['conflict', 'accepted']);
    });

    it('accepts a second year as a past cycle of the first, after proposing the matches', async () => {
      const read = (file: string) =>
        fs.readFileSync(path.resolve(import.meta.dirname, '../../test/fixtures', file));
      const first = await uploadReport(
        db,
        { name: 'q.md', bytes: read('report-corpus/quantum-2024.md') },
        { strategyId: 'quantum' },
        actor,
      );
      await acceptAsNewStrategy(db, first.id, 1, actor);
      const second = await uploadReport(
        db,
        { name: 'q.md', bytes: read('report-history/quantum-2025.md') },
        { strategyId: 'quantum' },
        actor,
      );
      const plan = await planReportPastCycle(db, second.id, 'quantum');
      expect(plan.problems.filter((p) => p.severity === 'error')).toEqual([]);
      expect(plan.nodes.some((m) => m.kind === 'matched' && m.score > 0.9)).toBe(true);
      const accepted = await acceptAsPastCycle(db, second.id, 1, 'quantum', actor);
      expect(accepted).toMatchObject({ state: 'accepted', strategyId: 'quantum', cycleId: plan.cycleId });
      // The same year again is refused, and that upload stays open.
      const again = await uploadReport(
        db,
        { name: 'q.md', bytes: read('report-history/quantum-2025.md') },
        { strategyId: 'quantum' },
        actor,
      );
      const err = await acceptAsPastCycle(db, again.id, 1, 'quantum', actor).catch((e: unknown) => e);
      expect((err as AppError).code).toBe('conflict');
      expect((await getReportImport(db, again.id)).state).toBe('open');
    });

    it('refuses to accept a draft whose strategy id is taken, and keeps the review open', async () => {
      const row = await uploadReport(
        db,
        { name: 'green.md', bytes: untaggedGreen() },
        { strategyId: 'ai2022' },
        actor,
      );
      const err = await acceptAsNewStrategy(db, row.id, 1, actor).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(AppError);
      expect((err as AppError).code).toBe('conflict');
      expect((await getReportImport(db, row.id)).state).toBe('open');
    });
  });
}
