/**
 * A ministry's year through the HTTP API, on every engine: its KPI figures on the entry
 * (and the secretariat's on its behalf), withdrawing a submission, "my items" in every
 * state, notifications that name the item and one per ministry batch for reviewers, the
 * conflict naming a person, and survey sheets imported with submission, uploaded twice,
 * and downloaded all at once by the secretariat.
 */
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import JSZip from 'jszip';
import { buildApp } from '../src/api/app.ts';
import { registerSurveyUpload, XLSX_TYPE } from '../src/api/routes/survey.ts';
import type { PublicUser } from '../src/services/accounts.service.ts';
import { sessionFor, type TestSession } from './helpers/accounts.ts';
import { ENGINES, type TestDb } from './helpers/db.ts';
import { sampleDb } from './helpers/sample.ts';
import {
  blankKpiRows,
  CYCLE,
  editWorkbook,
  K,
  kpiSheet,
  openSurveyCycle,
  P,
  progressSheet,
  rowOf,
} from './fixtures/survey/setup.ts';
import * as usersRepo from '../src/db/repositories/users.repository.ts';

const I01 = `${CYCLE}.ai2022-i01`;
const I09 = `${CYCLE}.ai2022-i09`;
/** 文科省's initiative with the sample's KPIs ai2022-k1…k3. */
const I22 = `${CYCLE}.ai2022-i22`;

type Who = 'mic' | 'mhlw' | 'mext' | 'reviewer' | 'admin';

interface Entry {
  id: string;
  version: number;
  reviewState: string;
  text: string;
}

interface Notice {
  kind: string;
  params: Record<string, string>;
  readAt: string | null;
}

async function zipNames(body: Buffer): Promise<string[]> {
  return Object.keys((await JSZip.loadAsync(body)).files);
}

for (const engine of ENGINES) {
  describe(`a ministry's year on ${engine}`, () => {
    let db: TestDb;
    let app: FastifyInstance;
    const s = {} as Record<Who, TestSession>;
    beforeAll(async () => {
      db = await sampleDb(engine);
      await openSurveyCycle(db);
      const logins: Record<Who, string> = {
        mic: 'mic-editor',
        mhlw: 'mhlw-editor',
        mext: 'mext-editor',
        reviewer: 'reviewer',
        admin: 'admin',
      };
      for (const [who, login] of Object.entries(logins)) {
        const user = (await usersRepo.findUserByLogin(db.kysely, login))!;
        s[who as Who] = await sessionFor(db, { id: user.id } as PublicUser);
      }
      app = await buildApp({ db });
      registerSurveyUpload(app);
    });
    afterAll(async () => {
      await app.close();
      await db.destroy();
    });

    const call = (as: Who, method: 'GET' | 'POST' | 'PUT', url: string, payload?: unknown) =>
      app.inject({
        method,
        url,
        headers: s[as].headers,
        ...(payload !== undefined && { payload: payload as object }),
      });
    const json = <T>(res: LightMyRequestResponse): T => res.json() as T;
    const entry = async (as: Who, id: string) =>
      json<{ entry: Entry; indicators: { id: string; observations: { period: string; value: number }[] }[] }>(
        await call(as, 'GET', `/api/entries/${id}`),
      );
    const write = async (as: Who, id: string, text: string) => {
      const { entry: e } = await entry(as, id);
      const res = await call(as, 'PUT', `/api/entries/${id}`, { version: e.version, text, stage: null });
      expect(res.statusCode, res.body).toBe(200);
      return json<Entry>(res);
    };
    const submit = async (as: Who, e: Entry) => {
      const res = await call(as, 'POST', `/api/entries/${e.id}/submit`, { version: e.version });
      expect(res.statusCode, res.body).toBe(200);
      return json<Entry>(res);
    };
    const notices = async (as: Who) =>
      json<{ notifications: Notice[] }>(await call(as, 'GET', '/api/notifications')).notifications;

    it('shows the initiative’s KPIs on the entry; the ministry adds a figure that another ministry cannot read', async () => {
      const before = await entry('mext', I22);
      expect(before.indicators.map((i) => i.id)).toEqual(['ai2022-k1', 'ai2022-k2', 'ai2022-k3']);
      const added = await call('mext', 'PUT', '/api/indicators/ai2022-k2/observations', {
        cycleId: CYCLE,
        period: 'FY2023-end',
        value: 41,
        source: '文科省調べ',
        note: '速報値',
        version: null,
      });
      expect(added.statusCode, added.body).toBe(200);
      const after = await entry('mext', I22);
      const k2 = after.indicators.find((i) => i.id === 'ai2022-k2')!;
      expect(k2.observations).toContainEqual(expect.objectContaining({ period: 'FY2023-end', value: 41 }));
      // the reviewer sees it on the entry; another ministry's editor cannot open the entry at all
      const seen = (await entry('reviewer', I22)).indicators.find((i) => i.id === 'ai2022-k2')!;
      expect(seen.observations.map((o) => o.value)).toContain(41);
      expect((await call('mhlw', 'GET', `/api/entries/${I22}`)).statusCode).toBe(404);
      const published = json<{ observations?: { value: number }[] }>(
        await call('mhlw', 'GET', '/api/indicators/ai2022-k2'),
      );
      expect(JSON.stringify(published)).not.toContain('速報値');
    });

    it('lets the secretariat enter a figure on a ministry’s behalf, audited as such', async () => {
      const body = { cycleId: CYCLE, period: 'FY2023-end', value: 12, source: '', note: '', version: null };
      expect(
        (await call('mext', 'PUT', '/api/indicators/ai2022-k3/observations/on-behalf', body)).statusCode,
      ).toBe(403);
      const res = await call('admin', 'PUT', '/api/indicators/ai2022-k3/observations/on-behalf', body);
      expect(res.statusCode, res.body).toBe(200);
      const id = json<{ id: string }>(res).id;
      const trail = json<{ entries: { action: string; reason: string }[] }>(
        await call('admin', 'GET', `/api/audit?entityType=observation&entityId=${id}`),
      );
      expect(trail.entries).toEqual([
        expect.objectContaining({ action: 'observation.create', reason: 'on behalf of csti, mext, meti' }),
      ]);
    });

    it('withdraws a submission before review, back to draft; not once the secretariat has acted', async () => {
      const saved = await write('mic', I01, '観測データの提供を始めた。');
      const submitted = await submit('mic', saved);
      const other = await call('mhlw', 'POST', `/api/entries/${I01}/withdraw`, {
        version: submitted.version,
      });
      expect(other.statusCode).toBe(403);
      const withdrawn = await call('mic', 'POST', `/api/entries/${I01}/withdraw`, {
        version: submitted.version,
      });
      expect(withdrawn.statusCode, withdrawn.body).toBe(200);
      expect(json<Entry>(withdrawn)).toMatchObject({
        reviewState: 'draft',
        text: '観測データの提供を始めた。',
      });
      const again = await call('mic', 'POST', `/api/entries/${I01}/withdraw`, {
        version: json<Entry>(withdrawn).version,
      });
      expect(again.statusCode).toBe(409);
      const resubmitted = await submit('mic', json<Entry>(withdrawn));
      const accepted = await call('reviewer', 'POST', `/api/entries/${I01}/accept`, {
        version: resubmitted.version,
      });
      expect(accepted.statusCode, accepted.body).toBe(200);
      const late = await call('mic', 'POST', `/api/entries/${I01}/withdraw`, {
        version: json<Entry>(accepted).version,
      });
      expect(late.statusCode).toBe(409);
    });

    it('lists every item of the ministry with its state on my tasks', async () => {
      const tasks = json<{ tasks: { mine: { entry: Entry }[]; toWrite: { entry: Entry }[] }[] }>(
        await call('mic', 'GET', '/api/me/tasks'),
      ).tasks;
      const mine = tasks.flatMap((t) => t.mine.map((m) => [m.entry.id, m.entry.reviewState]));
      expect(mine).toContainEqual([I01, 'accepted']);
      expect(mine).toContainEqual([I09, 'draft']);
      // the accepted one has left the list of what is owed, not the ministry's list
      expect(tasks.flatMap((t) => t.toWrite.map((w) => w.entry.id))).not.toContain(I01);
      const reviewer = json<{ tasks: { mine: unknown[] }[] }>(await call('reviewer', 'GET', '/api/me/tasks'));
      expect(reviewer.tasks.every((t) => t.mine.length === 0)).toBe(true);
    });

    it('tells the ministry which item was accepted or returned, and the reviewer once per ministry batch', async () => {
      const accepted = (await notices('mic')).find((n) => n.kind === 'entry_accepted');
      expect(accepted?.params).toMatchObject({ entryId: I01, initiative: '観測データ提供システムの試作' });
      // the reviewer reads what is there, then 総務省 submits two more items and 文科省 one
      for (const n of json<{ notifications: { id: string }[] }>(
        await call('reviewer', 'GET', '/api/notifications'),
      ).notifications)
        await call('reviewer', 'POST', `/api/notifications/${n.id}/read`);
      const i09 = await submit('mic', await write('mic', I09, 'WISDOM X の分析対象を広げた。'));
      const i10 = await submit(
        'mic',
        await write('mic', `${CYCLE}.ai2022-i13`, '多言語翻訳の対象を広げた。'),
      );
      await submit('mext', await write('mext', I22, '教育データの活用を進めた。'));
      const unread = (await notices('reviewer')).filter(
        (n) => n.readAt === null && n.kind === 'entry_submitted',
      );
      expect(unread.map((n) => [n.params.organisation, n.params.count]).sort()).toEqual([
        ['文科省', '1'],
        ['総務省', '2'],
      ]);
      expect(unread.find((n) => n.params.organisation === '総務省')!.params).toMatchObject({
        cycleId: CYCLE,
        entryId: i10.id,
      });
      const returned = await call('reviewer', 'POST', `/api/entries/${I09}/return`, {
        version: i09.version,
        comment: '数値を追記してください',
      });
      expect(returned.statusCode).toBe(200);
      const back = (await notices('mic')).find((n) => n.kind === 'entry_returned');
      expect(back?.params).toMatchObject({ entryId: I09, comment: '数値を追記してください' });
      expect(back?.params.initiative).toBeTruthy();
    });

    it('names the other person by name and ministry on a conflict, never by id', async () => {
      const { entry: e } = await entry('mic', I09);
      await write('mic', I09, '先に保存した版');
      const stale = await call('mic', 'PUT', `/api/entries/${I09}`, {
        version: e.version,
        text: '古い版から',
        stage: null,
      });
      expect(stale.statusCode).toBe(409);
      const { current } = json<{ error: { details: { current: { updatedByName: string } } } }>(stale).error
        .details;
      expect(current.updatedByName).toBe('mic-editor（総務省）');
    });

    it('imports a filled sheet with submission, and says there is no change when it comes again', async () => {
      const sheet = await call('mext', 'GET', `/api/cycles/${CYCLE}/survey.xlsx`);
      expect(sheet.statusCode).toBe(200);
      // 文科省's entry was submitted above: take it back to fill it in the sheet
      const { entry: current } = await entry('mext', I22);
      await call('mext', 'POST', `/api/entries/${I22}/withdraw`, { version: current.version });
      const fresh = (await call('mext', 'GET', `/api/cycles/${CYCLE}/survey.xlsx`)).rawPayload;
      const filled = await editWorkbook(fresh, (wb) => {
        rowOf(progressSheet(wb), I22).getCell(P.text).value = '調査票で書いた文科省の進捗。';
        const [blank] = blankKpiRows(kpiSheet(wb), 'ai2022-k1');
        blank!.getCell(K.period).value = 'R5年度末';
        blank!.getCell(K.value).value = 300;
      });
      const upload = (query: string, body = filled) =>
        app.inject({
          method: 'POST',
          url: `/api/cycles/${CYCLE}/survey${query}`,
          headers: { ...s.mext.headers, 'content-type': XLSX_TYPE },
          payload: body,
        });
      const preview = json<{
        counts: { entries: number; observationsAdded: number };
        toSubmit: { entryId: string }[];
      }>(await upload('?dryRun=1'));
      expect(preview.counts).toMatchObject({ entries: 1, observationsAdded: 1 });
      expect(preview.toSubmit.map((t) => t.entryId)).toContain(I22);
      const done = await upload('?submit=1');
      expect(done.statusCode, done.body).toBe(200);
      const result = json<{ applied: boolean; submitted: { entryId: string }[]; submitFailed: unknown[] }>(
        done,
      );
      expect(result.applied).toBe(true);
      expect(result.submitted.map((x) => x.entryId)).toEqual([I22]);
      expect(result.submitFailed).toEqual([]);
      expect((await entry('mext', I22)).entry).toMatchObject({
        reviewState: 'submitted',
        text: '調査票で書いた文科省の進捗。',
      });
      // the same file again: nothing to change, no error (the figure is already there)
      const again = await upload('?dryRun=1');
      expect(again.statusCode, again.body).toBe(200);
      expect(
        json<{ counts: { entries: number; observationsAdded: number; observationsChanged: number } }>(again)
          .counts,
      ).toMatchObject({ entries: 0, observationsAdded: 0, observationsChanged: 0 });
    });

    it('never names a hidden column in a clerk’s error', async () => {
      const sheet = (await call('mic', 'GET', `/api/cycles/${CYCLE}/survey.xlsx`)).rawPayload;
      const broken = await editWorkbook(sheet, (wb) => {
        const ws = progressSheet(wb);
        ws.getCell(4, P.version).value = 'ver';
        rowOf(ws, `${CYCLE}.ai2022-i20`).getCell(P.version).value = { formula: '1+1' } as never;
      });
      const res = await app.inject({
        method: 'POST',
        url: `/api/cycles/${CYCLE}/survey?dryRun=1`,
        headers: { ...s.mic.headers, 'content-type': XLSX_TYPE },
        payload: broken,
      });
      expect(res.statusCode).toBe(400);
      const problems = json<{ error: { details: { problems: { message: string; column?: string }[] } } }>(res)
        .error.details.problems;
      expect(problems.length).toBeGreaterThan(0);
      for (const p of problems) {
        expect(p.message).not.toMatch(/digest|version|[KL]列/);
        expect(p.column).toBeUndefined();
      }
      expect(problems.map((p) => p.message).join('\n')).toContain('非表示の列');
    });

    it('gives the secretariat every ministry’s sheet in one ZIP', async () => {
      expect((await call('mic', 'GET', `/api/cycles/${CYCLE}/surveys.zip`)).statusCode).toBe(403);
      const res = await call('reviewer', 'GET', `/api/cycles/${CYCLE}/surveys.zip`);
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toBe('application/zip');
      const names = await zipNames(res.rawPayload);
      expect(names).toContain('進捗調査票_総務省_2023年度.xlsx');
      expect(names).toContain('進捗調査票_文科省_2023年度.xlsx');
    });
  });
}
