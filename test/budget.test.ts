/**
 * Budget beside results (issue #24), on both engines, through the API: the review's CSV
 * (Shift_JIS as the review publishes it) previewed with its column mapping and problems and
 * nothing written; refused files name each problem by row and column and write nothing; a
 * confirmed import, re-imported and updated without duplicates; roll-ups by pillar, strategy
 * and ministry that count a shared project once; a published cycle keeps the links it was
 * published with; the secretariat's list of money spent without reported progress.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/api/app.ts';
import type { CycleBudget, InitiativeBudget, UnreportedSpending } from '../src/services/budget.service.ts';
import type { BudgetImportResult } from '../src/services/budget.service.ts';
import { setInitiativeProjects } from '../src/services/budget.service.ts';
import { createTestUsers, sessionsFor, type TestRole, type TestSession } from './helpers/accounts.ts';
import { ENGINES, type TestDb } from './helpers/db.ts';
import { openFy2023, sampleDb } from './helpers/sample.ts';

const FIXTURES = path.join(import.meta.dirname, 'fixtures/budget');
const file = (name: string) => fs.readFileSync(path.join(FIXTURES, name));
const PUBLISHED = 'ai2022-fy2022';
const OPEN = 'ai2022-fy2023';
const K = 1000; // the fixtures are in 千円

/** Initiative → project numbers, linked by the admin through the API. */
const LINKS: Record<string, string[]> = {
  'ai2022-i01': ['2022-総務-0101'],
  'ai2022-i02': ['2022-国交-0215'],
  'ai2022-i04': ['2022-農水-0048'],
  'ai2022-i05': ['2022-農水-0048'],
  'ai2022-i06': ['2022-環境-0090'],
  'ai2022-i07': ['2022-経産-0777'],
  'ai2022-i10': ['2022-文科-0330'],
};

type Preview = Omit<BudgetImportResult, 'problems'> & {
  problems: (BudgetImportResult['problems'][number] & { message: string })[];
};

for (const engine of ENGINES) {
  describe(`budget beside results on ${engine}`, () => {
    let db: TestDb;
    let app: FastifyInstance;
    let s: Record<TestRole, TestSession>;
    beforeAll(async () => {
      db = await sampleDb(engine);
      app = await buildApp({ db });
      const users = await createTestUsers(db);
      s = await sessionsFor(db, users);
      await openFy2023(db, users.admin);
      // Linked before the FY2022 cycle was published (2023-04-01): part of its record.
      await setInitiativeProjects(
        db,
        'ai2022-i17',
        ['2022-厚労-0512'],
        { id: users.admin.id, ip: '' },
        '2023-03-01T00:00:00.000Z',
      );
    });
    afterAll(async () => {
      await app?.close();
      await db?.destroy();
    });

    const upload = (body: Buffer | string, query: string, as: TestRole = 'admin') =>
      app.inject({
        method: 'POST',
        url: `/api/budget/import?${query}`,
        headers: { ...s[as].headers, 'content-type': 'text/csv' },
        payload: body,
      });
    const get = (url: string, as: TestRole | null = null) =>
      app.inject({ url, headers: as ? s[as].headers : {} });
    const json = <T>(res: LightMyRequestResponse, status = 200): T => {
      expect(res.statusCode, res.body.slice(0, 500)).toBe(status);
      return res.json() as T;
    };
    const stored = async () =>
      (
        await db.kysely
          .selectFrom('budgetLines')
          .select(['projectNumber', 'fiscalYear', 'executed'])
          .execute()
      ).map((r) => ({ ...r, executed: r.executed === null ? null : Number(r.executed) }));

    it('links initiatives to project numbers (admin only), refusing a number with a space', async () => {
      for (const [id, numbers] of Object.entries(LINKS)) {
        const res = await app.inject({
          method: 'PUT',
          url: `/api/initiatives/${id}/budget/projects`,
          headers: s.admin.headers,
          payload: { projectNumbers: numbers },
        });
        expect(json<InitiativeBudget>(res).projects.map((p) => p.projectNumber)).toEqual(numbers);
      }
      const bad = await app.inject({
        method: 'PUT',
        url: '/api/initiatives/ai2022-i03/budget/projects',
        headers: s.admin.headers,
        payload: { projectNumbers: ['2022 文科 0001'] },
      });
      expect(bad.statusCode).toBe(400);
      expect(bad.json()).toMatchObject({
        error: { code: 'invalid', message: expect.stringMatching(/事業番号/) },
      });
      const editor = await app.inject({
        method: 'PUT',
        url: '/api/initiatives/ai2022-i01/budget/projects',
        headers: s.editor.headers,
        payload: { projectNumbers: [] },
      });
      expect(editor.statusCode).toBe(403);
    });

    it('previews a Shift_JIS file: its columns mapped, unknown ones and unlinked projects named, nothing written', async () => {
      const p = json<Preview>(await upload(file('review-2023.sjis.csv'), 'dryRun=1&name=review-2023.csv'));
      expect(p).toMatchObject({ ok: true, dryRun: true, applied: false, encoding: 'shift_jis' });
      expect(p.columns.map((c) => [c.header, c.field, c.unit])).toEqual([
        ['事業番号', 'projectNumber', null],
        ['府省庁', 'ministry', null],
        ['事業名', 'projectName', null],
        ['年度', 'fiscalYear', null],
        ['当初予算（千円）', 'initialBudget', '千円'],
        ['補正予算（千円）', 'supplementaryBudget', '千円'],
        ['前年度から繰越し（千円）', 'carriedOver', '千円'],
        ['予備費等（千円）', 'reserveFund', '千円'],
        ['計（千円）', 'total', '千円'],
        ['執行額（千円）', 'executed', '千円'],
        ['執行率', 'executionRate', null],
        ['担当部局庁', null, null],
      ]);
      expect(p.counts).toEqual({ rows: 15, added: 15, changed: 0, unchanged: 0, unlinked: 1 });
      const messages = p.problems.map((x) => x.message);
      expect(messages).toContain(
        '警告 review-2023.csv 1行目 担当部局庁列: この列は使いません（知らない列名です。取り込まれません）',
      );
      expect(messages).toContain(
        '警告 review-2023.csv 16行目 事業番号列: 事業番号「2022-防衛-0061」はどの施策にも結び付けられていません（取り込みますが、施策の予算には表れません）',
      );
      const farm = p.rows.find((r) => r.projectNumber === '2022-農水-0048' && r.fiscalYear === 2022)!;
      expect(farm).toMatchObject({
        row: 9,
        organisationId: 'maff',
        initialBudget: 1_520_000 * K,
        supplementaryBudget: 1_150_000 * K,
        executed: 2_389_650 * K,
        status: 'added',
        linked: true,
      });
      expect(await stored()).toEqual([]);
    });

    it('refuses a file with bad figures or a missing column: each problem at its row and column, nothing written', async () => {
      const bad = [
        '事業番号,府省庁,事業名,年度,当初予算（千円）,補正予算（千円）,執行額（千円）',
        '2022-総務-0101,総務省,観測データ提供基盤の整備事業,2022,"４５５，０００",0,541230',
        '2022-国交-0215,国土交通省,インフラ点検データ連携推進事業,2022,310500円,0,287410',
        '2022-文科-0330,文部科学省,研究データ基盤整備事業,2022,,0,1597300',
        '2022-農水-0048,農林水産省,スマート農業総合推進対策事業,令和四年度,1520000,0,2389650',
      ].join('\r\n');
      const res = await upload(bad, 'name=bad.csv');
      const body = json<{ error: { code: string; message: string; details: Preview } }>(res, 400);
      expect(body.error.message).toBe('問題が 3 件あるため、何も取り込んでいません');
      const errors = body.error.details.problems.filter((x) => x.severity === 'error').map((x) => x.message);
      expect(errors).toEqual([
        'エラー bad.csv 3行目 当初予算（千円）列: 「310500円」の単位が列の単位（千円）と違います',
        'エラー bad.csv 4行目 当初予算（千円）列: 空欄です（必ず記入してください）',
        'エラー bad.csv 5行目 年度列: 年度「令和四年度」を読めません（2023、2023年度、令和5年度、R5 のように書いてください）',
      ]);
      expect(body.error.details.problems.map((x) => x.message)).toContain(
        '警告 bad.csv 2行目 当初予算（千円）列: 「４５５，０００」の全角数字を半角として読みました',
      );
      const missing = await upload(
        '事業番号,府省庁,事業名,年度,当初予算（千円）\nA,総務省,x,2022,1',
        'dryRun=1',
      );
      const m = json<{ error: { details: Preview } }>(missing, 400);
      expect(m.error.details.problems.map((x) => x.message)).toEqual([
        'エラー budget.csv 1行目: 列「執行額」がありません',
      ]);
      expect(await stored()).toEqual([]);
      // Not the ministries' to upload.
      expect((await upload(file('review-2023.csv'), '', 'editor')).statusCode).toBe(403);
      expect(await stored()).toEqual([]);
    });

    it('imports once confirmed, and a re-import updates by project and year without duplicates', async () => {
      const first = json<Preview>(await upload(file('review-2023.sjis.csv'), 'name=review-2023.csv'));
      expect(first).toMatchObject({ ok: true, applied: true, counts: { added: 15 } });
      expect(await stored()).toHaveLength(15);
      const same = json<Preview>(await upload(file('review-2023.csv'), 'dryRun=1'));
      expect(same.counts).toMatchObject({ added: 0, changed: 0, unchanged: 15 });
      const later = json<Preview>(await upload(file('review-2024.csv'), 'name=review-2024.csv'));
      expect(later.counts).toMatchObject({ added: 0, changed: 2, unchanged: 13 });
      expect(
        later.rows.filter((r) => r.status === 'changed').map((r) => [r.row, r.projectNumber, r.fiscalYear]),
      ).toEqual([
        [4, '2022-総務-0101', 2023],
        [11, '2022-厚労-0512', 2022],
      ]);
      const rows = await stored();
      expect(rows).toHaveLength(15);
      expect(rows.find((r) => r.projectNumber === '2022-総務-0101' && r.fiscalYear === 2023)?.executed).toBe(
        452_300 * K,
      );
      const trail = await db.kysely
        .selectFrom('auditLog')
        .select('action')
        .where('action', '=', 'budget.import')
        .execute();
      expect(trail).toHaveLength(2);
    });

    it('rolls an open cycle up by pillar, strategy and ministry, a shared or cross-listed project once', async () => {
      const b = json<CycleBudget>(await get(`/api/strategies/ai2022/cycles/${OPEN}/budget`, 'reviewer'));
      expect(b).toMatchObject({ fiscalYear: 2023, linksAsOf: null });
      const node = (id: string) => b.nodes.find((n) => n.nodeId === id)?.totals;
      // p1: 総務 468,000 + 国交 298,000 + 農水 1,480,000 (two initiatives, two targets) + 経産 660,000
      expect(node('ai2022-p1')).toMatchObject({
        projects: 4,
        total: 2_906_000 * K,
        executed: 452_300 * K,
        pending: 3,
      });
      // p2: 文科 1,320,000 + 厚労 92,000, and its mirrors of p1's targets (総務, 国交, 経産);
      // p3 has the child-abuse tool again (cross-listed)
      expect(node('ai2022-p2')?.total).toBe((1_320_000 + 92_000 + 468_000 + 298_000 + 660_000) * K);
      expect(node('ai2022-p2-g2-t1')).toEqual(node('ai2022-p1-g1-t1'));
      expect(node('ai2022-p3')?.total).toBe(92_000 * K);
      expect(b.strategy).toMatchObject({ projects: 6, total: 4_318_000 * K });
      expect(b.strategy.rate).toBeCloseTo(452_300 / 468_000, 6);
      expect(b.ministries.map((m) => [m.organisationId, m.totals.total / K])).toEqual([
        ['maff', 1_480_000],
        ['mext', 1_320_000],
        ['meti', 660_000],
        ['mic', 468_000],
        ['mlit', 298_000],
        ['mhlw', 92_000],
      ]);
      // A draft cycle's budget is as hidden from the public as its tree.
      expect((await get(`/api/strategies/ai2022/cycles/${OPEN}/budget`)).statusCode).toBe(404);
    });

    it('shows a published cycle with the links it was published with, whatever was linked since', async () => {
      const b = json<CycleBudget>(await get(`/api/strategies/ai2022/cycles/${PUBLISHED}/budget`));
      expect(b.linksAsOf).toBe('2023-04-01T00:00:00.000Z');
      expect(b.initiatives).toEqual([
        {
          initiativeId: 'ai2022-i17',
          projectNumbers: ['2022-厚労-0512'],
          totals: expect.objectContaining({ total: 86_000 * K }),
        },
      ]);
      expect(b.strategy).toMatchObject({ projects: 1, total: 86_000 * K, executed: 71_500 * K });
      const csv = (await get(`/api/strategies/ai2022/cycles/${PUBLISHED}/budget.csv`)).body.split('\r\n');
      expect(csv[0]).toBe(
        '\uFEFFcycle_id,fiscal_year,initiative_id,initiative_title,project_number,project_name,ministry,initial_budget_yen,supplementary_budget_yen,carried_over_yen,reserve_fund_yen,executed_yen,imported_at',
      );
      expect(csv.slice(1, -1).map((l) => l.split(',').slice(2, 5))).toEqual([
        ['ai2022-i17', '児童虐待の緊急性判断を支援するツール', '2022-厚労-0512'],
      ]);
      // The public sees an initiative's links of the latest published cycle; staff those of now.
      const pub = json<InitiativeBudget>(await get('/api/initiatives/ai2022-i01/budget'));
      expect(pub).toMatchObject({ asOf: { cycleId: PUBLISHED }, projects: [] });
      const staff = json<InitiativeBudget>(await get('/api/initiatives/ai2022-i01/budget', 'viewer'));
      expect(staff.asOf).toBeNull();
      expect(staff.years.map((y) => [y.fiscalYear, y.totals.total / K])).toEqual([
        [2021, 420_000],
        [2022, 575_000],
        [2023, 468_000],
      ]);
      // Unlinking now leaves the published cycle as it was.
      const res = await app.inject({
        method: 'PUT',
        url: '/api/initiatives/ai2022-i17/budget/projects',
        headers: s.admin.headers,
        payload: { projectNumbers: [] },
      });
      expect(json<InitiativeBudget>(res).projects).toEqual([]);
      const again = json<CycleBudget>(await get(`/api/strategies/ai2022/cycles/${PUBLISHED}/budget`));
      expect(again.strategy.total).toBe(86_000 * K);
      const open = json<CycleBudget>(await get(`/api/strategies/ai2022/cycles/${OPEN}/budget`, 'reviewer'));
      expect(open.strategy.total).toBe(4_226_000 * K);
    });

    it('lists for the secretariat the initiatives that spent money and reported nothing', async () => {
      const url = `/api/strategies/ai2022/cycles/${OPEN}/budget/unreported`;
      const listed = async () =>
        json<UnreportedSpending>(await get(url, 'reviewer')).items.map((i) => [
          i.initiativeId,
          i.reason,
          i.executed / K,
        ]);
      // FY2023: only 総務省's project has its execution yet; its entry is not written.
      expect(await listed()).toEqual([['ai2022-i01', 'empty', 452_300]]);
      const entryUrl = `/api/entries/${OPEN}.ai2022-i01`;
      const write = async (method: 'PUT' | 'POST', url: string, payload: object) =>
        json<{ version: number }>(await app.inject({ method, url, headers: s.editor.headers, payload }));
      const { entry } = json<{ entry: { version: number } }>(await get(entryUrl, 'editor'));
      const saved = await write('PUT', entryUrl, {
        version: entry.version,
        text: '観測データの提供を開始',
        stage: null,
      });
      expect(await listed()).toEqual([['ai2022-i01', 'draft', 452_300]]);
      await write('POST', `${entryUrl}/submit`, { version: saved.version });
      expect(await listed()).toEqual([]);
      expect((await get(url, 'editor')).statusCode).toBe(403);
    });
  });
}
