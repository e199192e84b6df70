/**
 * The reports service keeps each published revision's file once rendered: the same bytes
 * for the next caller, a new file after a correction, nothing kept for a draft, and the
 * spreadsheet (whose earlier years follow the viewer) kept for the public only.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES, type TestDb } from '../../test/helpers/db.ts';
import { sampleDb } from '../../test/helpers/sample.ts';
import { ANONYMOUS, viewerFor, type Principal } from '../domain/access.ts';
import { correctCycle } from './corrections.service.ts';
import { generateReport } from './reports.service.ts';

const CYCLE = 'ai2022-fy2022';
const ENTRY = `${CYCLE}.ai2022-i06`;
const reviewer: Principal = {
  userId: 'u',
  login: 'r',
  displayName: 'r',
  role: 'reviewer',
  organisationIds: [],
  via: 'session',
};

for (const engine of ENGINES) {
  describe(`published report files on ${engine}`, () => {
    let db: TestDb;
    beforeAll(async () => {
      db = await sampleDb(engine);
    });
    afterAll(async () => db.destroy());

    const report = (format: 'md' | 'xlsx', viewer = ANONYMOUS) =>
      generateReport(db, { strategyId: 'ai2022', cycleId: CYCLE, format, viewer });

    it('hands the next caller the same file of a revision, and a new one after a correction', async () => {
      const first = await report('md');
      expect(first.revision).toBe(0);
      expect(await report('md')).toBe(first);
      expect((await report('md', viewerFor(reviewer))).body).toBe(first.body);

      await correctCycle(
        db,
        CYCLE,
        { reason: '表記の訂正', entries: [{ id: ENTRY, version: 1, text: '訂正後の記述' }] },
        reviewer,
        { id: 'u', ip: '' },
      );
      const corrected = await report('md');
      expect(corrected.revision).toBe(1);
      expect(corrected.body.toString()).toContain('訂正後の記述');
      expect(first.body.toString()).not.toContain('訂正後の記述');
      expect(await report('md')).toBe(corrected);
      // the earlier revision is still the file it was
      const earlier = await generateReport(db, {
        strategyId: 'ai2022',
        cycleId: CYCLE,
        format: 'md',
        revision: 0,
      });
      expect(earlier.body.equals(first.body)).toBe(true);
    });

    it("keeps the spreadsheet for the public only: staff see other years' drafts in it", async () => {
      const publicFile = await report('xlsx');
      expect(await report('xlsx')).toBe(publicFile);
      const staff = viewerFor(reviewer);
      expect(await report('xlsx', staff)).not.toBe(await report('xlsx', staff));
    });
  });
}
