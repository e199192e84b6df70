/**
 * The survey routes over HTTP on every engine: download with a Japanese file name, upload
 * of the raw workbook with a preview first, and the answers for bad sheets (400, located
 * problems), conflicts (409), oversized bodies (413) and callers who may not.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../app.ts';
import { getEntry, saveEntry } from '../../services/entries.service.ts';
import { createTestUsers, sessionFor, type TestSession } from '../../../test/helpers/accounts.ts';
import { ENGINES, type TestDb } from '../../../test/helpers/db.ts';
import { sampleDb } from '../../../test/helpers/sample.ts';
import { createCycle, openCycle } from '../../services/cycles.service.ts';
import { principalForLogin } from '../../services/survey.service.ts';
import {
  CYCLE,
  editWorkbook,
  loadWorkbook,
  P,
  progressSheet,
  rowOf,
} from '../../../test/fixtures/survey/setup.ts';
import { registerSurveyUpload, XLSX_TYPE } from './survey.ts';

const I01 = `${CYCLE}.ai2022-i01`;
const I09 = `${CYCLE}.ai2022-i09`;

interface Preview {
  ok: boolean;
  applied: boolean;
  counts: { entries: number; unchanged: number };
  entries: { row: number; entryId: string; text: { from: string; to: string } | null; stage: unknown }[];
  problems: { code: string; message: string; sheet?: string; row?: number; column?: string }[];
}

for (const engine of ENGINES) {
  describe(`survey routes on ${engine}`, () => {
    let db: TestDb;
    let app: FastifyInstance;
    const s = {} as Record<'editor' | 'editorOther' | 'reviewer' | 'viewer', TestSession>;
    beforeAll(async () => {
      db = await sampleDb(engine);
      const users = await createTestUsers(db);
      for (const k of ['editor', 'editorOther', 'reviewer', 'viewer'] as const)
        s[k] = await sessionFor(db, users[k]);
      const admin = (await principalForLogin(db, 'admin'))!;
      const actor = { id: 'test', ip: '' };
      const cycle = await createCycle(db, 'ai2022', { fiscalYear: 2023, asOf: '2024-04' }, admin, actor);
      await openCycle(db, cycle.id, cycle.version, admin, actor);
      app = await buildApp({ db });
      registerSurveyUpload(app);
      registerSurveyUpload(app);
    });
    afterAll(async () => {
      await app.close();
      await db.destroy();
    });

    const download = (as: keyof typeof s, query = '') =>
      app.inject({ method: 'GET', url: `/api/cycles/${CYCLE}/survey.xlsx${query}`, headers: s[as].headers });
    const upload = (as: keyof typeof s, body: Buffer, query = '', cycle = CYCLE) =>
      app.inject({
        method: 'POST',
        url: `/api/cycles/${cycle}/survey${query}`,
        headers: { ...s[as].headers, 'content-type': XLSX_TYPE },
        payload: body,
      });

    it('downloads the ministry’s sheet with a Japanese file name (RFC 5987)', async () => {
      const res = await download('editor');
      expect(res.statusCode, res.body).toBe(200);
      expect(res.headers['content-type']).toBe(XLSX_TYPE);
      expect(res.headers['content-disposition']).toBe(
        `attachment; filename="survey-mic-${CYCLE}.xlsx"; filename*=UTF-8''` +
          `${encodeURIComponent('進捗調査票_総務省_2023年度.xlsx')}`,
      );
      const wb = await loadWorkbook(res.rawPayload);
      expect(rowOf(progressSheet(wb), I01).getCell(3).value).toBe('観測データ提供システムの試作');
      expect((await download('reviewer', '?organisation=mic')).statusCode).toBe(200);
    });

    it('refuses other ministries’ editors and viewers, and asks the secretariat which ministry', async () => {
      expect((await download('editorOther', '?organisation=mic')).statusCode).toBe(403);
      expect((await download('viewer', '?organisation=mic')).statusCode).toBe(403);
      const res = await download('reviewer');
      expect(res.statusCode).toBe(400);
      expect(res.json()).toMatchObject({
        error: { code: 'invalid', message: '府省を organisation で指定してください' },
      });
      expect((await download('reviewer', '?organisation=nowhere')).statusCode).toBe(400);
    });

    it('previews an upload with ?dryRun=1, then imports it', async () => {
      const sheet = (await download('editor')).rawPayload;
      const filled = await editWorkbook(sheet, (wb) => {
        const row = rowOf(progressSheet(wb), I01);
        row.getCell(P.text).value = 'API から取り込んだ進捗';
        row.getCell(P.stage).value = '構築';
      });
      const dry = await upload('editor', filled, '?dryRun=1');
      expect(dry.statusCode, dry.body).toBe(200);
      const preview = dry.json<Preview>();
      expect(preview).toMatchObject({ ok: true, applied: false, counts: { entries: 1, unchanged: 6 } });
      expect(preview.entries).toEqual([
        {
          row: 5,
          entryId: I01,
          initiative: '観測データ提供システムの試作',
          basedOn: 1,
          text: { from: '', to: 'API から取り込んだ進捗' },
          textEn: null,
          stage: { from: null, to: '構築' },
          plans: null,
        },
      ]);
      const editor = (await principalForLogin(db, 'mic-editor'))!;
      expect((await getEntry(db, I01, editor)).entry.version).toBe(1);
      const done = await upload('editor', filled);
      expect(done.statusCode, done.body).toBe(200);
      expect(done.json<Preview>()).toMatchObject({ ok: true, applied: true });
      expect((await getEntry(db, I01, editor)).entry).toMatchObject({ version: 2, stage: 'built' });
    });

    it('answers 400 with every problem located, and 409 when rows were changed since', async () => {
      const sheet = (await download('editor')).rawPayload;
      const bad = await editWorkbook(sheet, (wb) => {
        rowOf(progressSheet(wb), I09).getCell(P.stage).value = '完了';
      });
      const res = await upload('editor', bad);
      expect(res.statusCode).toBe(400);
      const body = res.json<{ error: { code: string; message: string; details: Preview } }>();
      expect(body.error.message).toBe('調査票を取り込めませんでした（エラー 1件）');
      expect(body.error.details.problems).toEqual([
        expect.objectContaining({
          code: 'survey.stage.unknown',
          sheet: '進捗調査票',
          column: 'G',
          message: expect.stringMatching(
            /^エラー 「進捗調査票」シート \d+行目 G列: 段階「完了」は選択肢にありません/,
          ),
        }),
      ]);

      const editor = (await principalForLogin(db, 'mic-editor'))!;
      const e = (await getEntry(db, I09, editor)).entry;
      await saveEntry(db, I09, e.version, { ...e, text: '画面で先に保存' }, editor, { id: 'x', ip: '' });
      const late = await editWorkbook(sheet, (wb) => {
        rowOf(progressSheet(wb), I09).getCell(P.text).value = '調査票で後から保存';
      });
      const conflict = await upload('editor', late);
      expect(conflict.statusCode).toBe(409);
      expect(conflict.json<{ error: { details: Preview } }>().error.details.problems[0]!.code).toBe(
        'survey.entry.conflict',
      );
      expect((await getEntry(db, I09, editor)).entry.text).toBe('画面で先に保存');
    });

    it('refuses a sheet uploaded to another cycle, an empty body, and more than 10 MB', async () => {
      const sheet = (await download('editor')).rawPayload;
      const other = await upload('editor', sheet, '', 'ai2022-fy2022');
      expect(other.statusCode).toBe(400);
      expect(other.json<{ error: { details: Preview } }>().error.details.problems[0]!.message).toBe(
        'エラー: この調査票は 2023年度（ai2022-fy2023） のフォローアップのものです。ai2022-fy2022 には取り込めません',
      );
      const none = await app.inject({
        method: 'POST',
        url: `/api/cycles/${CYCLE}/survey`,
        headers: s.editor.headers,
      });
      expect(none.statusCode).toBe(400);
      expect(none.json()).toMatchObject({
        error: { message: '調査票のファイルがありません（本文に .xlsx ファイルを送ってください）' },
      });
      const huge = await upload('editor', Buffer.alloc(10 * 1024 * 1024 + 1));
      expect(huge.statusCode).toBe(413);
    });

    it('lets only editors upload, and keeps workbooks away from other routes', async () => {
      const sheet = (await download('editor')).rawPayload;
      expect((await upload('reviewer', sheet)).statusCode).toBe(403);
      const foreign = await upload('editorOther', sheet, '?dryRun=1');
      expect(foreign.statusCode).toBe(400);
      expect(foreign.json<{ error: { details: Preview } }>().error.details.problems[0]!.code).toBe(
        'survey.meta.organisation',
      );
      const elsewhere = await app.inject({
        method: 'PUT',
        url: `/api/entries/${I01}`,
        headers: { ...s.editor.headers, 'content-type': XLSX_TYPE },
        payload: sheet,
      });
      expect(elsewhere.statusCode).toBe(415);
    });
  });
}
