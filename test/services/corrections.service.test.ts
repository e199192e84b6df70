/**
 * Corrections of every fact kind, visible everywhere (issue #18, part 4), on both engines:
 * one correction changes an entry (text, stage, plans), an assessment, the summary, an
 * indicator's baseline and target, a figure, a node's and an initiative's title. The public
 * tree, node entries and indicator page show the corrected facts; the list of corrections
 * names each one (kind, item, field, before → after, where it shows); every download states
 * revision 1 and lists the correction; revision 0 stays downloadable as it was, and each
 * revision's download is cached by its own ETag. A refused correction writes nothing.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/api/app.ts';
import type { Correction } from '../../src/domain/corrections.ts';
import type { Indicator, ProgressEntry } from '../../src/domain/model.ts';
import { textDigest } from '../../src/domain/outline.ts';
import { flatten } from '../../src/domain/tree-builder.ts';
import type { OutlineTree } from '../../src/domain/views.ts';
import { findChromium } from '../../src/reports/render/pdf.ts';
import { createTestUsers, sessionsFor, type TestRole, type TestSession } from '../helpers/accounts.ts';
import { ENGINES, type TestDb } from '../helpers/db.ts';
import { sampleDb } from '../helpers/sample.ts';

const CYCLE = 'ai2022-fy2022';
const BASE = `/api/strategies/ai2022/cycles/${CYCLE}`;
const ENTRY = `${CYCLE}.ai2022-i06`;
const REASON = '公表後に判明した誤記を訂正';
const TEXT = 'GOSAT-GWの観測データからCO2濃度を推計するモデルを構築した（訂正）。';
const NARRATIVE = '着実に進展している（訂正後の概況）。';
const OVERALL = '訂正後の全体の状況：取組は概ね着実に進んでいる。';
const NODE_TITLE = '訂正後の具体目標名';
const INITIATIVE_TITLE = '訂正後の取組名';

for (const engine of ENGINES) {
  describe(`corrections of every kind on ${engine}`, () => {
    let db: TestDb;
    let app: FastifyInstance;
    let s: Record<TestRole, TestSession>;
    let correction: Correction;
    beforeAll(async () => {
      db = await sampleDb(engine);
      app = await buildApp({ db });
      s = await sessionsFor(db, await createTestUsers(db));
    });
    afterAll(async () => {
      await app.close();
      await db.destroy();
    });

    const call = (as: TestRole | null, method: 'GET' | 'POST', url: string, payload?: object) =>
      app.inject({ method, url, headers: as ? s[as].headers : {}, ...(payload && { payload }) });
    const json = <T>(res: LightMyRequestResponse): T => res.json() as T;
    const counts = async () => ({
      snapshots: (await db.kysely.selectFrom('cycleSnapshots').select('revision').execute()).length,
      corrections: (await db.kysely.selectFrom('corrections').select('id').execute()).length,
      audit: (await db.kysely.selectFrom('auditLog').select('id').execute()).length,
      entry: await db.kysely
        .selectFrom('progressEntries')
        .selectAll()
        .where('id', '=', ENTRY)
        .executeTakeFirst(),
    });
    const versions = async () => ({
      entry: (
        await db.kysely
          .selectFrom('progressEntries')
          .select('version')
          .where('id', '=', ENTRY)
          .executeTakeFirstOrThrow()
      ).version,
      assessment: (
        await db.kysely
          .selectFrom('assessments')
          .select('version')
          .where('cycleId', '=', CYCLE)
          .where('nodeId', '=', 'ai2022-p1-g1-t1')
          .executeTakeFirstOrThrow()
      ).version,
      summary: (
        await db.kysely
          .selectFrom('summaries')
          .select('version')
          .where('cycleId', '=', CYCLE)
          .executeTakeFirstOrThrow()
      ).version,
    });

    it('refuses a correction that is invalid, stale or changes nothing, and writes nothing', async () => {
      const before = await counts();
      const v = await versions();
      const bad = await call('reviewer', 'POST', `/api/cycles/${CYCLE}/corrections`, {
        reason: REASON,
        entries: [{ id: ENTRY, version: v.entry, text: TEXT, stage: 'no-such-stage' }],
      });
      expect(bad.statusCode).toBe(400);
      expect(
        json<{ error: { details: { issues: { path: string }[] } } }>(bad).error.details.issues[0]?.path,
      ).toBe('entries.0.stage');
      const stale = await call('reviewer', 'POST', `/api/cycles/${CYCLE}/corrections`, {
        reason: REASON,
        revision: 3,
        entries: [{ id: ENTRY, version: v.entry, text: TEXT }],
      });
      expect(stale.statusCode).toBe(409);
      const same = await call('reviewer', 'POST', `/api/cycles/${CYCLE}/corrections`, {
        reason: REASON,
        nodes: [{ id: 'ai2022-p1', title: '差し迫った危機への対処' }],
      });
      expect(same.statusCode).toBe(400);
      expect(json<{ error: { message: string } }>(same).error.message).toMatch(/changes nothing/);
      const unknown = await call('reviewer', 'POST', `/api/cycles/${CYCLE}/corrections`, {
        reason: REASON,
        entries: [{ id: ENTRY, version: v.entry, text: TEXT }],
        observations: [{ id: 'no-such-figure', value: 1 }],
      });
      expect(unknown.statusCode).toBe(404);
      const editor = await call('editorAll', 'POST', `/api/cycles/${CYCLE}/corrections`, {
        reason: REASON,
        entries: [{ id: ENTRY, version: v.entry, text: TEXT }],
      });
      expect(editor.statusCode).toBe(403);
      expect(await counts()).toEqual(before);
    });

    it('corrects every kind of fact in one revision, and lists what changed', async () => {
      const v = await versions();
      const res = await call('reviewer', 'POST', `/api/cycles/${CYCLE}/corrections`, {
        reason: REASON,
        revision: 0,
        entries: [
          {
            id: ENTRY,
            version: v.entry,
            text: TEXT,
            stage: 'piloted',
            plans: [{ period: 'FY2024', text: '本格運用' }],
          },
        ],
        assessments: [
          { nodeId: 'ai2022-p1-g1-t1', version: v.assessment, rating: 'steady', narrative: NARRATIVE },
        ],
        summary: { version: v.summary, overall: [OVERALL] },
        indicators: [{ id: 'ai2022-k1', baselineValue: 80, targetValue: 300, targetPeriod: 'FY2025' }],
        observations: [{ id: 'ai2022-k1.FY2022-end', value: 218, note: '集計の誤りを訂正' }],
        nodes: [{ id: 'ai2022-p1-g1-t3', title: NODE_TITLE }],
        initiatives: [{ id: 'ai2022-i06', title: INITIATIVE_TITLE }],
      });
      expect(res.statusCode, res.body).toBe(200);
      correction = json<Correction>(res);
      expect(correction.revision).toBe(1);
      const fields = correction.changes.map((c) => `${c.kind}.${c.field}`);
      expect(fields).toEqual([
        'entry.text',
        'entry.stage',
        'entry.plans',
        'assessment.rating',
        'assessment.narrative',
        'summary.overall',
        'indicator.baselineValue',
        'indicator.targetValue',
        'indicator.targetPeriod',
        'observation.value',
        'observation.note',
        'node.title',
        'initiative.title',
      ]);
      expect(correction.changes[0]).toMatchObject({
        itemId: ENTRY,
        after: TEXT,
        subject: {
          type: 'initiative',
          id: 'ai2022-i06',
          title: expect.stringContaining('GOSAT-GW') as unknown as string,
        },
      });
      expect(correction.changes.find((c) => c.kind === 'indicator')).toMatchObject({
        before: 78,
        after: 80,
        subject: { type: 'indicator', id: 'ai2022-k1' },
      });
      expect(correction.changes.find((c) => c.kind === 'observation')).toMatchObject({
        before: 217,
        after: 218,
      });
      const listed = json<{
        corrections: Correction[];
        publication: { revision: number; contentHash: string; revisions: unknown[] };
      }>(await call(null, 'GET', `${BASE}/corrections`));
      expect(listed.corrections).toEqual([correction]);
      expect(listed.publication).toMatchObject({ revision: 1, contentHash: correction.contentHash });
      expect(listed.publication.revisions).toHaveLength(2);
      // Audited, each with the reason.
      const audit = await db.kysely
        .selectFrom('auditLog')
        .select(['action', 'reason'])
        .where('reason', '=', REASON)
        .execute();
      expect(audit.map((a) => a.action).sort()).toEqual([
        'assessment.correct',
        'entry.correct',
        'indicator.correct',
        'initiative.correct',
        'node.correct',
        'observation.correct',
        'summary.correct',
      ]);
    });

    it('shows the corrected facts to the public: tree, node entries, indicator page and projection', async () => {
      const tree = json<OutlineTree>(await call(null, 'GET', `${BASE}/tree`));
      const nodes = flatten(tree.nodes);
      const item = nodes.flatMap((n) => n.items).find((i) => i.entry?.id === ENTRY)!;
      expect(item.entry?.textDigest).toBe(textDigest(TEXT));
      expect(item.entry?.stage).toBe('piloted');
      expect(item.initiative.title).toBe(INITIATIVE_TITLE);
      expect(nodes.find((n) => n.id === 'ai2022-p1-g1-t3')?.title).toBe(NODE_TITLE);
      expect(nodes.find((n) => n.id === 'ai2022-p1-g1-t1')?.assessment).toMatchObject({
        rating: 'steady',
        narrative: NARRATIVE,
      });
      expect(tree.summary?.overall).toEqual([OVERALL]);
      const node = nodes.find((n) => n.items.some((i) => i.entry?.id === ENTRY))!;
      const entries = json<{ entries: ProgressEntry[] }>(
        await call(null, 'GET', `${BASE}/nodes/${node.id}/entries`),
      ).entries;
      expect(entries.find((e) => e.id === ENTRY)).toMatchObject({
        text: TEXT,
        stage: 'piloted',
        plans: [{ period: 'FY2024', text: '本格運用' }],
      });
      const indicator = json<Indicator>(await call(null, 'GET', '/api/indicators/ai2022-k1'));
      expect(indicator).toMatchObject({ baselineValue: 80, targetValue: 300, targetPeriod: 'FY2025' });
      expect(indicator.observations.find((o) => o.period === 'FY2022-end')).toMatchObject({
        value: 218,
        note: '集計の誤りを訂正',
      });
      const projection = json<{
        status: string;
        deadlineFiscalYear: number | null;
        points: { value: number }[];
      }>(await call(null, 'GET', '/api/indicators/ai2022-k1/projection'));
      expect(projection.deadlineFiscalYear).toBe(2025);
      expect(projection.status).not.toBe('no_target');
      expect(projection.points.map((p) => p.value)).toEqual([78, 218]);
      // The cycle's own rows follow; shared structure keeps its working copy.
      const live = await db.kysely
        .selectFrom('nodes')
        .select('title')
        .where('id', '=', 'ai2022-p1-g1-t3')
        .executeTakeFirstOrThrow();
      expect(live.title).not.toBe(NODE_TITLE);
      const figure = await db.kysely
        .selectFrom('observations')
        .select('value')
        .where('id', '=', 'ai2022-k1.FY2022-end')
        .executeTakeFirstOrThrow();
      expect(figure.value).toBe(218);
    });

    it('states the revision and lists the correction in JSON, CSV and its companion file', async () => {
      const data = json<{
        revision: number;
        contentHash: string;
        corrections: { revision: number; reason: string; changes: { kind: string }[] }[];
        summary: { overall: string[] };
      }>(await call(null, 'GET', `${BASE}/report.json`));
      expect(data.revision).toBe(1);
      expect(data.contentHash).toBe(correction.contentHash);
      expect(data.corrections).toHaveLength(1);
      expect(data.corrections[0]).toMatchObject({ revision: 1, reason: REASON });
      expect(data.corrections[0]!.changes).toHaveLength(13);
      expect(data.summary.overall).toEqual([OVERALL]);
      const csv = (await call(null, 'GET', `${BASE}/report.csv`)).body;
      const header = csv.slice(1, csv.indexOf('\r\n')).split(',');
      expect(header.slice(-2)).toEqual(['revision', 'corrected_in']);
      const row = csv.split('\r\n').find((l) => l.includes('ai2022-i06') && l.includes(INITIATIVE_TITLE))!;
      expect(row.endsWith(',1,1')).toBe(true);
      const companion = await call(null, 'GET', `${BASE}/corrections.csv`);
      expect(companion.headers['content-type']).toMatch(/^text\/csv/);
      expect(companion.body.startsWith('\uFEFF')).toBe(true);
      const lines = companion.body.slice(1).trimEnd().split('\r\n');
      expect(lines).toHaveLength(14);
      expect(lines[0]).toBe(
        'strategy_id,cycle_id,revision,corrected_at,reason,reason_en,kind,item_id,field,subject_type,subject_id,subject_title,before,after,content_hash',
      );
      expect(lines.find((l) => l.includes(',observation,'))).toContain(',217,218,');
    });

    it('states the revision and lists the correction in HTML, Markdown, XLSX and PPTX', async () => {
      const html = (await call(null, 'GET', `${BASE}/report.html`)).body;
      expect(html).toContain('訂正版（第1版）');
      expect(html).toContain('<section id="corrections"');
      expect(html).toContain(REASON);
      expect(html).toContain(`${NODE_TITLE}`);
      expect(html).toContain('訂正あり');
      expect(html).toContain(correction.contentHash);
      const md = (await call(null, 'GET', `${BASE}/report.md?lang=en`)).body;
      expect(md).toContain('Corrected edition (revision 1)');
      expect(md).toContain('## Corrections after publication');
      expect(md).toContain('(Baseline): 78 → 80');
      const xlsx = new ExcelJS.Workbook();
      await xlsx.xlsx.load(
        (await call(null, 'GET', `${BASE}/report.xlsx`)).rawPayload as unknown as ArrayBuffer,
      );
      const sheet = xlsx.getWorksheet('訂正')!;
      expect(sheet).toBeDefined();
      expect(sheet.getRow(2).getCell(1).value).toBe('訂正版（第1版）');
      expect(sheet.getRow(2).getCell(8).value).toBe(correction.contentHash);
      const rows = sheet.getSheetValues().slice(3) as unknown[][];
      expect(rows).toHaveLength(13);
      expect(rows.some((r) => r.includes('実績値') && r.includes('217') && r.includes('218'))).toBe(true);
      const zip = await JSZip.loadAsync((await call(null, 'GET', `${BASE}/report.pptx`)).rawPayload);
      const slide = async (n: number) => zip.file(`ppt/slides/slide${n}.xml`)!.async('string');
      expect(await slide(1)).toContain('訂正版（第1版）');
      // The corrections slides follow the cover (continued while the table runs on).
      const second = await slide(2);
      expect(second).toContain('<a:t>公開後の訂正</a:t>');
      expect(second).toContain(REASON);
      expect(second).toContain('<a:t>試行</a:t>'); // the stage by its label, not its code
      let all = second;
      for (let n = 3; (await slide(n)).includes('公開後の訂正'); n++) all += await slide(n);
      expect(all).toContain(`<a:t>${INITIATIVE_TITLE}</a:t>`);
      expect(all).toContain('<a:t>218</a:t>');
    });

    it.skipIf(findChromium() === null)(
      'states the revision and lists the correction in the PDF',
      async () => {
        const res = await call(null, 'GET', `${BASE}/report.pdf`);
        expect(res.statusCode).toBe(200);
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shinchoku-pdf-'));
        try {
          fs.writeFileSync(path.join(dir, 'r.pdf'), res.rawPayload);
          const text = execFileSync('pdftotext', [path.join(dir, 'r.pdf'), '-'], { encoding: 'utf8' });
          expect(text).toContain('訂正版（第1版）');
          expect(text).toContain('公開後の訂正');
          expect(text).toContain(REASON);
        } finally {
          fs.rmSync(dir, { recursive: true, force: true });
        }
      },
    );

    it('keeps revision 0 downloadable as published, each revision with its own immutable ETag', async () => {
      const old = await call(null, 'GET', `${BASE}/report.json?revision=0`);
      expect(old.statusCode).toBe(200);
      expect(old.headers.etag).toBe(`"${CYCLE}.r0.json.ja"`);
      expect(old.headers['cache-control']).toBe('public, max-age=31536000, immutable');
      const data = json<{
        revision: number;
        corrections: unknown[];
        summary: { overall: string[] };
        nodes: { id: string; title: string }[];
        indicators: { id: string; baselineValue: number }[];
      }>(old);
      expect(data.revision).toBe(0);
      expect(data.corrections).toEqual([]);
      expect(data.summary.overall).not.toContain(OVERALL);
      expect(data.nodes.find((n) => n.id === 'ai2022-p1-g1-t3')?.title).not.toBe(NODE_TITLE);
      expect(data.indicators.find((k) => k.id === 'ai2022-k1')?.baselineValue).toBe(78);
      const again = await app.inject({
        method: 'GET',
        url: `${BASE}/report.json?revision=0`,
        headers: { 'if-none-match': `"${CYCLE}.r0.json.ja"` },
      });
      expect(again.statusCode).toBe(304);
      expect(again.body).toBe('');
      const newest = await call(null, 'GET', `${BASE}/report.html`);
      expect(newest.headers.etag).toBe(`"${CYCLE}.r1.html.ja"`);
      expect(newest.headers['cache-control']).toBe('no-cache');
      const stale = await app.inject({
        method: 'GET',
        url: `${BASE}/report.html`,
        headers: { 'if-none-match': `"${CYCLE}.r0.html.ja"` },
      });
      expect(stale.statusCode).toBe(200);
      expect(stale.body).toContain('訂正版（第1版）');
      const html0 = (await call(null, 'GET', `${BASE}/report.html?revision=0`)).body;
      expect(html0).toContain('公開版（初版）');
      expect(html0).toContain('公開後の訂正はありません。');
      expect((await call(null, 'GET', `${BASE}/report.json?revision=2`)).statusCode).toBe(404);
      expect(
        (await call(null, 'GET', `${BASE}/corrections.csv?revision=0`)).body.trim().split('\r\n'),
      ).toHaveLength(1);
    });
  });
}
