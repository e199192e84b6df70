/**
 * Survey sheets end to end on every engine: the template a ministry downloads, a clerk's
 * edits made with exceljs, the dry-run preview, the import in one transaction, and what
 * must not happen — writes on a conflict, version bumps of untouched rows, another
 * ministry's or cycle's sheet accepted.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countQueries } from '../db/database.ts';
import { formatSurveyProblems } from '../importers/survey/messages.ts';
import { previewLines } from '../importers/survey/preview.ts';
import { ENGINES, createTestDb, type TestDb } from '../../test/helpers/db.ts';
import { sampleDb } from '../../test/helpers/sample.ts';
import {
  blankKpiRows,
  CYCLE,
  editWorkbook,
  K,
  kpiSheet,
  loadWorkbook,
  openSurveyCycle,
  P,
  progressSheet,
  rowOf,
  type SurveyPeople,
} from '../../test/fixtures/survey/setup.ts';
import { largeStrategy, LARGE_CYCLE, LARGE_ORG } from '../../test/fixtures/survey/large.ts';
import { createUser } from './accounts.service.ts';
import { history } from './audit.service.ts';
import { closeCycle } from './cycles.service.ts';
import { getEntry, saveEntry, submitEntry } from './entries.service.ts';
import { importStrategy } from './interchange.service.ts';
import { listIndicators } from './strategies.service.ts';
import { importSurvey, principalForLogin, saveEntryChanges, surveyTemplate } from './survey.service.ts';
import type { EntryChange } from '../importers/survey/validate.ts';
import type { Principal } from '../domain/access.ts';
import type { ProgressEntry } from '../domain/model.ts';
import { ANONYMOUS, SYSTEM } from '../domain/access.ts';
import { search } from './search.service.ts';

const I01 = `${CYCLE}.ai2022-i01`;
const I09 = `${CYCLE}.ai2022-i09`;
const I13 = `${CYCLE}.ai2022-i13`;
const messages = (r: { problems: Parameters<typeof formatSurveyProblems>[1] }) =>
  formatSurveyProblems('ja', r.problems);

for (const engine of ENGINES) {
  describe(`survey sheets on ${engine}`, () => {
    let db: TestDb;
    let people: SurveyPeople;
    let template: Buffer;
    const actor = { id: 'test', ip: '' };
    beforeAll(async () => {
      db = await sampleDb(engine);
      people = await openSurveyCycle(db);
      template = (await surveyTemplate(db, CYCLE, '総務省', people.mic, { now: '2023-11-01T09:00:00.000Z' }))
        .body;
    });
    afterAll(async () => db.destroy());

    it('prefills one row per initiative of the ministry, with ids hidden and input cells unlocked', async () => {
      const wb = await loadWorkbook(template);
      expect(wb.worksheets.map((w) => w.name)).toEqual(['記入要領', '進捗調査票', 'KPI', '_meta']);
      const meta = wb.getWorksheet('_meta')!;
      expect(meta.state).toBe('veryHidden');
      const pairs = Object.fromEntries(
        [1, 2, 3, 4, 5, 6].map((r) => [meta.getCell(r, 1).value, meta.getCell(r, 2).value]),
      );
      expect(pairs).toEqual({
        kind: 'shinchoku-survey',
        template_version: 1,
        strategy_id: 'ai2022',
        cycle_id: CYCLE,
        organisation_id: 'mic',
        generated_at: '2023-11-01T09:00:00.000Z',
      });
      const ws = progressSheet(wb);
      expect(ws.getCell(4, P.text).value).toBe('主な進捗（今回記入）');
      // 総務省 owns i01, i09, i13, i15 (jointly), i20, i24, i29 (jointly): seven rows, in tree order.
      const ids = [5, 6, 7, 8, 9, 10, 11].map((r) => ws.getCell(r, P.entryId).value);
      expect(new Set(ids).size).toBe(7);
      expect(ids[0]).toBe(I01);
      expect(ws.getCell(12, P.entryId).value).toBeNull();
      const row = rowOf(ws, I01);
      expect(row.getCell(2).value).toBe(
        '1 差し迫った危機への対処 ＞ 1.1 「国家強靱化のためのAI」の確立 ＞ 1.1.1 AIによる利活用の基礎となるデジタル・ツインの構築',
      );
      expect(row.getCell(3).value).toBe('観測データ提供システムの試作');
      expect(String(row.getCell(5).value)).toMatch(/^観測データが高精度化していくのに備え/);
      expect(row.getCell(P.version).value).toBe(1);
      expect(ws.getColumn(P.entryId).hidden).toBe(true);
      expect(ws.getColumn(P.version).hidden).toBe(true);
      const joint = rowOf(ws, `${CYCLE}.ai2022-i15`);
      expect(joint.getCell(4).value).toBe('科技、総務省、文科省、経産省');
      // Protection: the sheet is protected without a password; only the input cells are unlocked.
      const { sheetProtection } = ws as unknown as { sheetProtection: Record<string, unknown> };
      expect(sheetProtection).toMatchObject({ sheet: true, formatRows: true });
      expect(sheetProtection.formatColumns).not.toBe(true);
      expect(sheetProtection).not.toHaveProperty('hashValue');
      expect(row.getCell(P.text).protection).toMatchObject({ locked: false });
      expect(row.getCell(3).protection?.locked).not.toBe(false);
      expect(row.getCell(P.stage).dataValidation).toMatchObject({
        type: 'list',
        formulae: ["'_meta'!$D$1:$D$16"],
      });
      expect(meta.getCell(1, 4).value).toBe('開始予定');
      const guide = wb.getWorksheet('記入要領')!;
      expect(String(guide.getCell(1, 1).value)).toBe(
        '記入要領 — AI戦略2022 フォローアップ 2023年度（総務省）',
      );
    });

    it('names the file in Japanese and refuses ministries and roles that may not have it', async () => {
      const file = await surveyTemplate(db, CYCLE, 'MIC', people.reviewer);
      expect(file.fileName).toBe('進捗調査票_総務省_2023年度.xlsx');
      expect(file.asciiFileName).toBe(`survey-mic-${CYCLE}.xlsx`);
      await expect(surveyTemplate(db, CYCLE, 'mic', people.mhlw)).rejects.toMatchObject({
        code: 'forbidden',
      });
      await expect(surveyTemplate(db, CYCLE, '未来省', null)).rejects.toMatchObject({ code: 'invalid' });
      await expect(surveyTemplate(db, 'ai2022-fy2099', 'mic', null)).rejects.toMatchObject({
        code: 'not_found',
      });
    });

    it('round-trips a clerk’s edits: preview first, then one write per changed row', async () => {
      const filled = await editWorkbook(template, (wb) => {
        const ws = progressSheet(wb);
        const a = rowOf(ws, I01);
        a.getCell(P.text).value =
          '観測データを配信する仕組みを本格運用に移した。\n利用機関は12機関に増えた。';
        a.getCell(P.stage).value = '運用中';
        a.getCell(P.plans).value = 'R6年度：全国の観測網に展開\n・2025年度末: 効果を検証';
        const b = rowOf(ws, I09);
        b.getCell(P.text).value = { richText: [{ text: 'WISDOM X の' }, { text: '分析対象を広げた。' }] };
      });
      const before = await countQueries(() => importSurvey(db, filled, people.mic, { dryRun: true }));
      const dry = before.result;
      expect(messages(dry)).toEqual([]);
      expect(dry).toMatchObject({ ok: true, dryRun: true, applied: false });
      expect(dry.counts).toEqual({
        rows: 7,
        unchanged: 5,
        entries: 2,
        observationsAdded: 0,
        observationsChanged: 0,
      });
      expect(dry.entries.map((e) => [e.row, e.entryId])).toEqual([
        [5, I01],
        [expect.any(Number), I09],
      ]);
      expect(dry.entries[0]!.after).toEqual({
        text: '観測データを配信する仕組みを本格運用に移した。\n利用機関は12機関に増えた。',
        textEn: '',
        stage: 'running',
        plans: [
          { period: 'FY2024', text: '全国の観測網に展開' },
          { period: 'FY2025-end', text: '効果を検証' },
        ],
      });
      expect(previewLines('ja', dry).slice(0, 4)).toEqual([
        '5行目 観測データ提供システムの試作',
        '  主な進捗: （なし） → 観測データを配信する仕組みを本格運用に移した。 利用機関は12機関に増えた。',
        '  段階: （なし） → 運用中',
        '  予定: （なし） → 2024年度: 全国の観測網に展開 2025年度末: 効果を検証',
      ]);
      // The dry run loads everything in a fixed number of statements and writes nothing.
      expect(before.queries).toBeLessThan(20);
      expect((await getEntry(db, I01, people.mic)).entry.version).toBe(1);

      const applied = await importSurvey(db, filled, people.mic);
      expect(applied).toMatchObject({ ok: true, applied: true });
      const a = (await getEntry(db, I01, people.mic)).entry;
      expect(a).toMatchObject({ version: 2, stage: 'running', updatedBy: people.mic.userId });
      expect(a.plans).toHaveLength(2);
      expect((await getEntry(db, I09, people.mic)).entry.text).toBe('WISDOM X の分析対象を広げた。');
      // Untouched rows keep their version; the audit trail has one save per changed row.
      expect((await getEntry(db, I13, people.mic)).entry.version).toBe(1);
      const trail = await history(db, { entityType: 'progress_entry', entityId: I01 });
      expect(trail.map((t) => t.action)).toEqual(['entry.save']);
      // Staff search finds the imported drafts at once; the public does not see them.
      const found = await search(db, { q: '観測網' }, SYSTEM);
      expect(found.hits.map((h) => h.refId)).toContain(I01);
      expect((await search(db, { q: '観測網' }, ANONYMOUS)).hits.map((h) => h.refId)).not.toContain(I01);

      // The same file again changes nothing: its rows now say what the database says.
      const again = await importSurvey(db, filled, people.mic);
      expect(again).toMatchObject({ ok: true, applied: true, counts: { entries: 0, unchanged: 7 } });
      expect((await getEntry(db, I01, people.mic)).entry.version).toBe(2);
    });

    it('writes nothing when one row was changed by someone else since, and says which row', async () => {
      const sheet = (await surveyTemplate(db, CYCLE, 'mic', people.mic)).body;
      const i13 = (await getEntry(db, I13, people.mic)).entry;
      const save = await countQueries(() =>
        saveEntry(db, I13, i13.version, { ...i13, text: '画面から先に書いた進捗' }, people.mic, actor),
      );
      // A save (autosave every 1.5 s while typing) reads its entry, initiative and cycle in
      // one statement and re-indexes the entry from them: the transaction, the checks, the
      // versioned update, the audit chain's head locked and the audit row, what the search
      // document names (strategy, organisations, the nodes around the entry: one statement)
      // and the document written over in place, whatever the size of the strategy.
      console.log(`a save on ${engine}: ${save.queries} statements`);
      expect(save.queries).toBeLessThanOrEqual(8);
      const filled = await editWorkbook(sheet, (wb) => {
        const ws = progressSheet(wb);
        rowOf(ws, I13).getCell(P.text).value = '調査票で書いた進捗';
        rowOf(ws, I09).getCell(P.text).value = '調査票で直した進捗';
      });
      const row13 = rowOf(progressSheet(await loadWorkbook(filled)), I13).number;
      const r = await importSurvey(db, filled, people.mic);
      expect(r.ok).toBe(false);
      expect(messages(r)).toEqual([
        `エラー 「進捗調査票」シート ${row13}行目: この施策の進捗は、調査票の作成後に別の人が変更しています（版 1 → 2）。調査票をダウンロードし直して記入してください`,
      ]);
      expect((await getEntry(db, I09, people.mic)).entry.text).toBe('WISDOM X の分析対象を広げた。');
      expect((await getEntry(db, I13, people.mic)).entry.text).toBe('画面から先に書いた進捗');
    });

    it('skips an untouched row even when its entry moved on since the sheet was made', async () => {
      const sheet = (await surveyTemplate(db, CYCLE, 'mic', people.mic)).body;
      const i13 = (await getEntry(db, I13, people.mic)).entry;
      await saveEntry(db, I13, i13.version, { ...i13, text: 'さらに画面で直した' }, people.mic, actor);
      const filled = await editWorkbook(sheet, (wb) => {
        rowOf(progressSheet(wb), I09).getCell(P.text).value = '調査票で直した進捗（2回目）';
      });
      const r = await importSurvey(db, filled, people.mic);
      expect(messages(r)).toEqual([]);
      expect(r.counts.entries).toBe(1);
      expect((await getEntry(db, I13, people.mic)).entry.text).toBe('さらに画面で直した');
    });

    it('round-trips the English progress text; a sheet made before the English column keeps it', async () => {
      const sheet = (await surveyTemplate(db, CYCLE, 'mic', people.mic)).body;
      const header = progressSheet(await loadWorkbook(sheet)).getCell(4, P.textEn);
      expect(header.value).toBe('主な進捗（英語・任意） Main progress in English (optional)');
      expect(rowOf(progressSheet(await loadWorkbook(sheet)), I13).getCell(P.textEn).protection).toMatchObject(
        {
          locked: false,
        },
      );
      const english = 'Widened the analysis to new fields.';
      const filled = await editWorkbook(sheet, (wb) => {
        rowOf(progressSheet(wb), I13).getCell(P.textEn).value = `${english}\r\n`;
      });
      const dry = await importSurvey(db, filled, people.mic, { dryRun: true });
      expect(messages(dry)).toEqual([]);
      expect(previewLines('ja', dry).slice(0, 2)).toEqual([
        `${rowOf(progressSheet(await loadWorkbook(filled)), I13).number}行目 分散型機械学習技術の研究開発機関の選定`,
        `  主な進捗（英語）: （なし） → ${english}`,
      ]);
      const before = (await getEntry(db, I13, people.mic)).entry;
      expect((await importSurvey(db, filled, people.mic)).counts.entries).toBe(1);
      const after = (await getEntry(db, I13, people.mic)).entry;
      expect(after).toMatchObject({ text: before.text, textEn: english, version: before.version + 1 });

      // A new sheet shows the English; imported untouched, it changes nothing.
      const again = (await surveyTemplate(db, CYCLE, 'mic', people.mic)).body;
      expect(rowOf(progressSheet(await loadWorkbook(again)), I13).getCell(P.textEn).value).toBe(english);
      expect((await importSurvey(db, again, people.mic)).counts).toMatchObject({ entries: 0, unchanged: 7 });

      // A sheet of the shape before the English column (no header, no cells there): its
      // untouched rows are still untouched, and a changed row keeps the entry's English.
      const old = await editWorkbook(again, (wb) => {
        const ws = progressSheet(wb);
        ws.spliceColumns(P.textEn, 1);
        rowOf(ws, I13).getCell(P.text).value = '調査票（英語の列なし）で直した進捗';
      });
      const fromOld = await importSurvey(db, old, people.mic);
      expect(messages(fromOld)).toEqual([]);
      expect(fromOld.counts).toMatchObject({ entries: 1, unchanged: 6 });
      expect((await getEntry(db, I13, people.mic)).entry).toMatchObject({
        text: '調査票（英語の列なし）で直した進捗',
        textEn: english,
      });

      // Emptying the English cell of a sheet that has the column takes the English out.
      const cleared = await editWorkbook((await surveyTemplate(db, CYCLE, 'mic', people.mic)).body, (wb) => {
        rowOf(progressSheet(wb), I13).getCell(P.textEn).value = null;
      });
      expect((await importSurvey(db, cleared, people.mic)).counts.entries).toBe(1);
      expect((await getEntry(db, I13, people.mic)).entry.textEn).toBe('');
    });

    it('refuses changes to submitted entries, a sheet of another ministry, and a closed cycle', async () => {
      const sheet = (await surveyTemplate(db, CYCLE, 'mic', people.mic)).body;
      const i20 = `${CYCLE}.ai2022-i20`;
      const e = (await getEntry(db, i20, people.mic)).entry;
      const saved = await saveEntry(db, i20, e.version, { ...e, text: '提出する進捗' }, people.mic, actor);
      await submitEntry(db, i20, saved.version, people.mic, actor);
      const filled = await editWorkbook(sheet, (wb) => {
        rowOf(progressSheet(wb), i20).getCell(P.text).value = '提出後に直そうとした';
      });
      const locked = await importSurvey(db, filled, people.mic);
      expect(messages(locked)).toEqual([
        expect.stringMatching(
          /^エラー 「進捗調査票」シート \d+行目: この施策の進捗は「提出済み」のため変更できません/,
        ),
      ]);
      const foreign = await importSurvey(db, filled, people.mhlw);
      expect(messages(foreign)).toEqual([
        'エラー: この調査票は総務省の調査票です。mhlw-editor は総務省の担当ではないため取り込めません',
      ]);
      const secretariat = await importSurvey(db, filled, people.reviewer);
      expect(secretariat.problems.map((p) => p.code)).toEqual(['survey.meta.not_editor']);
      const otherCycle = await importSurvey(db, filled, people.mic, { cycleId: 'ai2022-fy2022' });
      expect(messages(otherCycle)).toEqual([
        'エラー: この調査票は 2023年度（ai2022-fy2023） のフォローアップのものです。ai2022-fy2022 には取り込めません',
      ]);
    });

    it('adds and corrects KPI figures through saveObservation', async () => {
      const sheet = (await surveyTemplate(db, CYCLE, '文科省', people.mext)).body;
      const wb0 = await loadWorkbook(sheet);
      const ws0 = kpiSheet(wb0);
      // ai2022-k1 has two figures reported in FY2022: shown, locked, and not changeable.
      const k1rows = [5, 6, 7, 8].map((r) => ws0.getRow(r));
      expect(k1rows.map((r) => r.getCell(K.indicatorId).value)).toEqual(Array(4).fill('ai2022-k1'));
      expect(k1rows.map((r) => r.getCell(K.period).value)).toEqual(['2021年度末', '2022年度末', null, null]);
      expect(k1rows[1]!.getCell(K.value).value).toBe(217);
      expect(k1rows[1]!.getCell(K.value).protection?.locked).not.toBe(false);
      const filled = await editWorkbook(sheet, (wb) => {
        const [blank] = blankKpiRows(kpiSheet(wb), 'ai2022-k1');
        blank!.getCell(K.period).value = 'R5年度末';
        blank!.getCell(K.value).value = '３５０';
        blank!.getCell(K.source).value = '文部科学省調べ';
      });
      const dry = await importSurvey(db, filled, people.mext, { dryRun: true });
      expect(messages(dry)).toEqual([]);
      expect(dry.observations).toEqual([
        expect.objectContaining({
          indicatorId: 'ai2022-k1',
          period: 'FY2023-end',
          version: null,
          after: { value: 350, source: '文部科学省調べ', note: '' },
        }),
      ]);
      expect(previewLines('ja', dry)).toContain(
        `${dry.observations[0]!.row}行目 数理・データサイエンス・AI教育プログラムの認定件数（リテラシーレベル） FY2023-end: 350 を追加`,
      );
      expect(await importSurvey(db, filled, people.mext)).toMatchObject({ ok: true, applied: true });
      const [k1] = (await listIndicators(db, 'ai2022', SYSTEM)).filter((i) => i.id === 'ai2022-k1');
      expect(k1!.observations.map((o) => [o.period, o.value, o.cycleId])).toContainEqual([
        'FY2023-end',
        350,
        CYCLE,
      ]);

      // A new sheet shows the new figure as correctable; correct it, and try an old one.
      const next = (await surveyTemplate(db, CYCLE, 'mext', people.mext)).body;
      const corrected = await editWorkbook(next, (wb) => {
        const ws = kpiSheet(wb);
        for (let r = 5; r <= ws.rowCount; r++) {
          const row = ws.getRow(r);
          if (row.getCell(K.indicatorId).value !== 'ai2022-k1') continue;
          if (row.getCell(K.period).value === '2023年度末') row.getCell(K.value).value = 352;
        }
      });
      const fix = await importSurvey(db, corrected, people.mext);
      expect(fix).toMatchObject({ ok: true, counts: { observationsChanged: 1, observationsAdded: 0 } });
      const oldFigure = await editWorkbook(next, (wb) => {
        kpiSheet(wb).getCell(6, K.value).value = 218;
      });
      expect(messages(await importSurvey(db, oldFigure, people.mext))).toEqual([
        'エラー 「KPI」シート 6行目: この値は2022年度のフォローアップで報告されたもので、変更できません',
      ]);
    });

    it('refuses every sheet once the cycle is closed', async () => {
      const sheet = (await surveyTemplate(db, CYCLE, 'mic', people.mic)).body;
      const filled = await editWorkbook(sheet, (wb) => {
        rowOf(progressSheet(wb), I01).getCell(P.text).value = '締切後の記入';
      });
      const cycle = await db.kysely
        .selectFrom('cycles')
        .selectAll()
        .where('id', '=', CYCLE)
        .executeTakeFirstOrThrow();
      await closeCycle(db, CYCLE, cycle.version, people.admin, actor);
      expect(messages(await importSurvey(db, filled, people.mic))).toEqual([
        'エラー: 2023年度（ai2022-fy2023） は受付中ではありません（現在: 締切済み）。調査票を取り込めるのは受付中のフォローアップだけです',
      ]);
    });
  });

  describe(`the bulk write applies saveEntry's rules on ${engine}`, () => {
    let db: TestDb;
    let people: SurveyPeople;
    const actor = { id: 'test', ip: '' };
    beforeAll(async () => {
      db = await sampleDb(engine);
      people = await openSurveyCycle(db);
    });
    afterAll(async () => db.destroy());

    const change = (e: ProgressEntry, over: Partial<EntryChange> = {}): EntryChange => ({
      row: 5,
      entryId: e.id,
      initiativeId: e.initiativeId,
      initiative: '',
      basedOn: e.version,
      before: { text: e.text, textEn: e.textEn, stage: e.stage, plans: e.plans },
      after: {
        text: '一括で書いた進捗',
        textEn: 'Progress written in bulk',
        stage: 'built',
        plans: [{ period: 'FY2024', text: '展開' }],
      },
      evidence: e.evidence,
      ...over,
    });
    const bulk = (who: Principal, c: EntryChange) =>
      db.kysely.transaction().execute((trx) => saveEntryChanges(trx, CYCLE, [c], who, actor));
    const entry = async (id: string) => (await getEntry(db, id, people.admin)).entry;

    /** Both paths refuse the same write, and neither changes the entry. */
    async function bothRefuse(who: Principal, c: EntryChange, serviceCode: string, bulkCode: string) {
      const before = await entry(c.entryId);
      await expect(
        saveEntry(db, c.entryId, c.basedOn, { ...c.after, evidence: c.evidence }, who, actor),
      ).rejects.toMatchObject({ code: serviceCode });
      expect((await bulk(who, c)).map((p) => p.code)).toEqual([bulkCode]);
      expect(await entry(c.entryId)).toEqual(before);
    }

    it('refuses what saveEntry refuses', async () => {
      const i01 = await entry(I01);
      await bothRefuse(people.mic, change(i01, { basedOn: 7 }), 'conflict', 'survey.entry.conflict');
      await bothRefuse(people.mhlw, change(i01), 'forbidden', 'survey.row.unknown_entry');
      await bothRefuse(people.reviewer, change(i01), 'forbidden', 'survey.row.unknown_entry');
      const readToken: Principal = { ...people.mic, via: 'token', scopes: ['read'] };
      await bothRefuse(readToken, change(i01), 'forbidden', 'survey.row.unknown_entry');
      const badStage = change(i01, { after: { text: 'x', textEn: '', stage: 'finished', plans: [] } });
      await bothRefuse(people.mic, badStage, 'invalid', 'survey.stage.unknown');
      const i20 = await entry(`${CYCLE}.ai2022-i20`);
      const saved = await saveEntry(db, i20.id, i20.version, { ...i20, text: '提出' }, people.mic, actor);
      const submitted = await submitEntry(db, i20.id, saved.version, people.mic, actor);
      await bothRefuse(people.mic, change(submitted), 'conflict', 'survey.entry.locked');
    });

    it('writes what saveEntry writes, with the same audit event', async () => {
      const i09 = await entry(I09);
      expect(await bulk(people.mic, change(i09))).toEqual([]);
      const written = await entry(I09);
      expect(written).toMatchObject({
        version: i09.version + 1,
        text: '一括で書いた進捗',
        stage: 'built',
        plans: [{ period: 'FY2024', text: '展開' }],
        updatedBy: 'test',
      });
      const [event] = await history(db, { entityType: 'progress_entry', entityId: I09 });
      expect(event).toMatchObject({ action: 'entry.save', actor: 'test', cycleId: CYCLE });
      expect(event!.before).toEqual(i09);
      expect(event!.after).toEqual(written);
      // saveEntry accepts the bulk write's result as the next base version.
      const next = await saveEntry(
        db,
        I09,
        written.version,
        { ...written, text: '画面で続き' },
        people.mic,
        actor,
      );
      expect(next.version).toBe(written.version + 1);
    });

    it('refuses every write once the cycle is closed', async () => {
      const cycle = await db.kysely
        .selectFrom('cycles')
        .selectAll()
        .where('id', '=', CYCLE)
        .executeTakeFirstOrThrow();
      await closeCycle(db, CYCLE, cycle.version, people.admin, actor);
      await bothRefuse(people.mic, change(await entry(I13)), 'forbidden', 'survey.cycle.not_open');
    });
  });

  describe(`a 5,000-row survey on ${engine}`, () => {
    let db: TestDb;
    beforeAll(async () => {
      db = await createTestDb(engine);
      await importStrategy(db, largeStrategy(5000), { actor: 'test', replace: false });
      await createUser(
        db,
        {
          login: 'big',
          displayName: 'big',
          password: 'correct horse battery',
          role: 'editor',
          organisationIds: [LARGE_ORG],
        },
        { id: 'test', ip: '' },
      );
    }, 180_000);
    afterAll(async () => db.destroy());

    it('imports 5,000 rows in a bounded number of statements: bulk reads, versioned bulk writes', async () => {
      const clerk = (await principalForLogin(db, 'big'))!;
      const sheet = (await surveyTemplate(db, LARGE_CYCLE, LARGE_ORG, clerk)).body;
      const filled = await editWorkbook(sheet, (wb) => {
        const ws = progressSheet(wb);
        for (let r = 5; r < 5005; r++) {
          ws.getCell(r, P.text).value = `今年度は${r}行目の施策を全国で実施し、関係機関との連携を進めた。`;
          ws.getCell(r, P.stage).value = '実施中';
          ws.getCell(r, P.plans).value = 'R6年度: 全国展開';
        }
      });
      const ticks: [number, number][] = [];
      const onProgress = (done: number, total: number) => ticks.push([done, total]);
      const { result, queries } = await countQueries(() => importSurvey(db, filled, clerk, { onProgress }));
      expect(messages(result)).toEqual([]);
      expect(result.counts.entries).toBe(5000);
      // Reads, one versioned UPDATE per 1,000 rows, one audit insert per 500, the re-index
      // (its documents 200 per insert): about 60, and never a statement per row.
      console.log(`survey import on ${engine}: ${queries} statements for 5,000 rows`);
      expect(queries).toBeLessThan(80);
      const written = await db.kysely
        .selectFrom('progressEntries')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('cycleId', '=', LARGE_CYCLE)
        .where('version', '=', 2)
        .where('text', 'like', '今年度は%行目の施策を全国で実施し、関係機関との連携を進めた。')
        .executeTakeFirstOrThrow();
      expect(Number(written.n)).toBe(5000);
      // Progress goes up through checking (5,030 rows of both sheets) and writing (5,000 changes) to the end.
      expect(ticks.length).toBeGreaterThan(20);
      expect(ticks.every(([d, t], i) => d <= t && (i === 0 || d >= ticks[i - 1]![0]))).toBe(true);
      expect(ticks.at(-1)).toEqual([10_030, 10_030]);
    }, 300_000);
  });
}
