/**
 * The secretariat's review work through the HTTP API, on both engines (issue #19): bulk
 * accept and return (all or none, naming what failed), an entry written on a ministry's
 * behalf (audited and shown as such), the named exceptions 該当なし and 報告なし, a checklist
 * whose counts agree, publication with the exceptions in the report, and the XLSX export.
 */
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/api/app.ts';
import type { Checklist } from '../../src/domain/views.ts';
import { createTestUsers, sessionsFor, type TestRole, type TestSession } from '../helpers/accounts.ts';
import { ENGINES, type TestDb } from '../helpers/db.ts';
import { openFy2023, sampleDb } from '../helpers/sample.ts';

interface Entry {
  id: string;
  version: number;
  reviewState: string;
  initiativeId: string;
  text: string;
  reviewComment: string;
  updatedAt: string;
}
interface Item {
  entry: Entry;
  initiative: { id: string; ownerIds: string[] };
}

for (const engine of ENGINES) {
  describe(`review work on ${engine}`, () => {
    let db: TestDb;
    let app: FastifyInstance;
    let s: Record<TestRole, TestSession>;
    let users: Awaited<ReturnType<typeof createTestUsers>>;
    let cycleId: string;
    beforeAll(async () => {
      db = await sampleDb(engine);
      app = await buildApp({ db });
      users = await createTestUsers(db);
      s = await sessionsFor(db, users);
      cycleId = (await openFy2023(db, users.admin)).cycle.id;
    });
    afterAll(async () => {
      await app.close();
      await db.destroy();
    });

    const call = (as: TestRole | null, method: 'GET' | 'POST' | 'PUT', url: string, payload?: unknown) =>
      app.inject({
        method,
        url,
        headers: as ? s[as].headers : {},
        ...(payload !== undefined && { payload: payload as object }),
      });
    const json = <T>(res: LightMyRequestResponse): T => res.json() as T;
    const items = async () =>
      json<{ entries: Item[] }>(await call('reviewer', 'GET', `/api/cycles/${cycleId}/entries`)).entries;
    const checklist = async () =>
      json<Checklist>(await call('reviewer', 'GET', `/api/cycles/${cycleId}/checklist`));
    const submit = async (as: TestRole, entry: Entry, text: string): Promise<Entry> => {
      const saved = await call(as, 'PUT', `/api/entries/${entry.id}`, {
        version: entry.version,
        text,
        stage: null,
      });
      expect(saved.statusCode, saved.body).toBe(200);
      const sent = await call(as, 'POST', `/api/entries/${entry.id}/submit`, {
        version: json<Entry>(saved).version,
      });
      expect(sent.statusCode, sent.body).toBe(200);
      return json<Entry>(sent);
    };

    it('accepts many at once, or none of them and says which failed and why', async () => {
      const mic = (await items()).filter((i) => i.initiative.ownerIds.includes('mic')).slice(0, 3);
      expect(mic).toHaveLength(3);
      const sent: Entry[] = [];
      for (const i of mic) sent.push(await submit('editor', i.entry, `${i.initiative.id}の進捗。`));

      // One stale version and one entry not awaiting review: nothing is accepted.
      const draft = (await items()).find((i) => i.entry.reviewState === 'draft')!.entry;
      const refused = await call('reviewer', 'POST', `/api/cycles/${cycleId}/review`, {
        action: 'accept',
        items: [
          { id: sent[0]!.id, version: sent[0]!.version },
          { id: sent[1]!.id, version: sent[1]!.version - 1 },
          { id: draft.id, version: draft.version },
        ],
      });
      expect(refused.statusCode).toBe(409);
      const failures = json<{ error: { details: { failures: { id: string; code: string }[] } } }>(refused)
        .error.details.failures;
      expect(failures.map((f) => f.id)).toEqual([sent[1]!.id, draft.id]);
      expect(failures.every((f) => f.code === 'conflict')).toBe(true);
      expect((await items()).find((i) => i.entry.id === sent[0]!.id)!.entry.reviewState).toBe('submitted');

      // An entry of another cycle is a failure too, not a write elsewhere.
      const elsewhere = await call('reviewer', 'POST', `/api/cycles/ai2022-fy2022/review`, {
        action: 'accept',
        items: [{ id: sent[0]!.id, version: sent[0]!.version }],
      });
      expect(elsewhere.statusCode).toBe(409);

      const done = await call('reviewer', 'POST', `/api/cycles/${cycleId}/review`, {
        action: 'accept',
        items: sent.map((e) => ({ id: e.id, version: e.version })),
      });
      expect(done.statusCode, done.body).toBe(200);
      expect(json<{ done: Entry[] }>(done).done.map((e) => e.reviewState)).toEqual([
        'accepted',
        'accepted',
        'accepted',
      ]);
      // Only reviewers review: the admin is refused.
      expect(
        (
          await call('admin', 'POST', `/api/cycles/${cycleId}/review`, {
            action: 'accept',
            items: [{ id: sent[0]!.id, version: 99 }],
          })
        ).statusCode,
      ).toBe(403);
    });

    it('returns many with one comment, which the ministry reads', async () => {
      const mine = (await items()).filter(
        (i) => i.initiative.ownerIds.includes('mic') && i.entry.reviewState === 'draft',
      );
      const a = await submit('editor', mine[0]!.entry, '約○機関で実施した。');
      const b = await submit('editor', mine[1]!.entry, '実施した。');
      const empty = await call('reviewer', 'POST', `/api/cycles/${cycleId}/review`, {
        action: 'return',
        items: [{ id: a.id, version: a.version }],
        comment: '  ',
      });
      expect(empty.statusCode).toBe(400);
      const res = await call('reviewer', 'POST', `/api/cycles/${cycleId}/review`, {
        action: 'return',
        items: [a, b].map((e) => ({ id: e.id, version: e.version })),
        comment: '件数を記入してください',
      });
      expect(res.statusCode, res.body).toBe(200);
      const back = (await call('editor', 'GET', `/api/entries/${a.id}`)).json() as { entry: Entry };
      expect(back.entry).toMatchObject({ reviewState: 'returned', reviewComment: '件数を記入してください' });
      const notes = json<{ notifications: { kind: string; params: { entryId?: string } }[] }>(
        await call('editor', 'GET', '/api/notifications'),
      ).notifications.filter((n) => n.kind === 'entry_returned');
      expect(notes.map((n) => n.params.entryId).sort()).toEqual([a.id, b.id].sort());
    });

    it('flags placeholders in the text and plans on the server, without refusing the save', async () => {
      const [draft] = (await items()).filter(
        (i) => i.initiative.ownerIds.includes('mic') && i.entry.reviewState === 'draft',
      );
      const saved = await call('editor', 'PUT', `/api/entries/${draft!.entry.id}`, {
        version: draft!.entry.version,
        text: '約○機関で実施した。件数はXX件。',
        stage: null,
        plans: [{ period: 'FY2024', text: '開始時期は未定' }],
      });
      expect(saved.statusCode, saved.body).toBe(200);
      const one = json<{ placeholders: string[] }>(
        await call('reviewer', 'GET', `/api/entries/${draft!.entry.id}`),
      );
      expect(one.placeholders).toEqual(['約○', 'XX', '未定']);
      const listed = (await items()) as (Item & { placeholders: string[] })[];
      expect(listed.find((i) => i.entry.id === draft!.entry.id)!.placeholders).toEqual(['約○', 'XX', '未定']);
      expect(listed.filter((i) => i.entry.text === '').every((i) => i.placeholders.length === 0)).toBe(true);
    });

    it("writes an entry on a ministry's behalf, audited and shown to the ministry as such", async () => {
      const target = (await items()).find(
        (i) => i.initiative.ownerIds.join() === 'mhlw' && i.entry.reviewState === 'draft',
      )!.entry;
      // A ministry editor cannot use the secretariat's way in.
      expect(
        (
          await call('editorOther', 'POST', `/api/entries/${target.id}/on-behalf`, {
            version: target.version,
            text: 'x',
          })
        ).statusCode,
      ).toBe(403);
      const res = await call('reviewer', 'POST', `/api/entries/${target.id}/on-behalf`, {
        version: target.version,
        text: '事務局が聞き取った進捗。',
        submit: true,
      });
      expect(res.statusCode, res.body).toBe(200);
      expect(json<Entry>(res)).toMatchObject({ reviewState: 'submitted', text: '事務局が聞き取った進捗。' });

      const seen = json<{ onBehalf: { by: string; at: string } | null }>(
        await call('editorOther', 'GET', `/api/entries/${target.id}`),
      );
      expect(seen.onBehalf?.by).toBe(users.reviewer.displayName);
      expect(seen.onBehalf?.at).toMatch(/^\d{4}-\d\d-\d\dT/);
      const trail = json<{ entries: { action: string; reason: string; actor: string }[] }>(
        await call('admin', 'GET', `/api/audit?entityId=${encodeURIComponent(target.id)}`),
      ).entries;
      expect(trail.at(-1)).toMatchObject({
        action: 'entry.save_on_behalf',
        actor: users.reviewer.id,
        reason: expect.stringContaining('(mhlw)') as unknown,
      });
      const notes = json<{ notifications: { kind: string }[] }>(
        await call('editorOther', 'GET', '/api/notifications'),
      ).notifications;
      expect(notes.map((n) => n.kind)).toContain('entry_on_behalf');
    });

    it('marks an item 該当なし with a required reason, can withdraw it, and the checklist names it', async () => {
      const target = (await items()).find(
        (i) => i.initiative.ownerIds.join() === 'mhlw' && i.entry.reviewState === 'draft',
      )!.entry;
      const noReason = await call('reviewer', 'POST', `/api/entries/${target.id}/exception`, {
        version: target.version,
        kind: 'not_applicable',
        reason: ' ',
      });
      expect(noReason.statusCode).toBe(400);
      const marked = json<Entry>(
        await call('admin', 'POST', `/api/entries/${target.id}/exception`, {
          version: target.version,
          kind: 'not_applicable',
          reason: '本年度は事業を実施していない',
        }),
      );
      expect(marked).toMatchObject({ reviewState: 'not_applicable', text: '本年度は事業を実施していない' });
      // The ministry can no longer write over it.
      expect(
        (
          await call('editorOther', 'PUT', `/api/entries/${target.id}`, {
            version: marked.version,
            text: 'x',
            stage: null,
          })
        ).statusCode,
      ).toBe(409);
      const withdrawn = json<Entry>(
        await call('reviewer', 'POST', `/api/entries/${target.id}/exception/withdraw`, {
          version: marked.version,
        }),
      );
      expect(withdrawn).toMatchObject({ reviewState: 'draft', text: '' });
      const again = json<Entry>(
        await call('admin', 'POST', `/api/entries/${target.id}/exception`, {
          version: withdrawn.version,
          kind: 'not_applicable',
          reason: '本年度は事業を実施していない',
        }),
      );

      const list = await checklist();
      expect(list.exceptions).toEqual([
        expect.objectContaining({
          entryId: target.id,
          organisations: ['厚労省'],
          kind: 'not_applicable',
          reason: '本年度は事業を実施していない',
          by: users.admin.displayName,
          at: again.updatedAt,
        }),
      ]);
      // Every entry is in exactly one state, overall and per ministry.
      const e = list.entries;
      expect(e.draft + e.submitted + e.returned + e.accepted + e.not_applicable + e.no_report).toBe(e.total);
      expect(e.settled).toBe(e.accepted + e.not_applicable + e.no_report);
      expect(e).toMatchObject({ accepted: 3, returned: 2, submitted: 1, not_applicable: 1 });
      for (const o of list.byOrganisation) {
        expect(o.draft + o.submitted + o.returned + o.accepted + o.not_applicable + o.no_report).toBe(
          o.total,
        );
        expect(o.items).toHaveLength(o.total);
        expect(o.outstanding).toBe(o.draft + o.returned);
      }
      const mhlw = list.byOrganisation.find((o) => o.organisationId === 'mhlw')!;
      expect(mhlw.items.find((i) => i.entryId === target.id)?.state).toBe('not_applicable');
    });

    it('exports every entry with its state to one A4 sheet, an editor only its own', async () => {
      const res = await call('reviewer', 'GET', `/api/cycles/${cycleId}/entries.xlsx`);
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toMatch(/spreadsheetml\.sheet/);
      const { default: Excel } = await import('exceljs');
      const read = async (body: Buffer) => {
        const wb = new Excel.Workbook();
        await wb.xlsx.load(body as unknown as ArrayBuffer);
        return wb;
      };
      const wb = await read(res.rawPayload);
      expect(wb.worksheets).toHaveLength(1);
      const sheet = wb.worksheets[0]!;
      expect(sheet.pageSetup.paperSize).toBe(9);
      expect(sheet.pageSetup.printTitlesRow).toBe('1:1');
      expect(sheet.getRow(1).getCell(4).value).toBe('状態');
      const all = await items();
      expect(sheet.rowCount).toBe(all.length + 1);
      const states = sheet.getColumn(4).values.slice(2);
      expect(states).toContain('該当なし');
      expect(states.filter((v) => v === '受理済み')).toHaveLength(3);

      const own = await read((await call('editor', 'GET', `/api/cycles/${cycleId}/entries.xlsx`)).rawPayload);
      const mic = all.filter((i) => i.initiative.ownerIds.includes('mic'));
      expect(own.worksheets[0]!.rowCount).toBe(mic.length + 1);
    });

    it('publishes with named exceptions once every entry is accepted or excepted; the report lists them', async () => {
      for (const { entry } of await items()) {
        if (entry.reviewState === 'submitted' || entry.reviewState === 'returned') {
          let e = entry;
          if (e.reviewState === 'returned') {
            e = json<Entry>(
              await call('reviewer', 'POST', `/api/entries/${e.id}/on-behalf`, {
                version: e.version,
                text: '修正した進捗。',
                submit: true,
              }),
            );
          }
          const ok = await call('reviewer', 'POST', `/api/entries/${e.id}/accept`, { version: e.version });
          expect(ok.statusCode, ok.body).toBe(200);
        } else if (entry.reviewState === 'draft') {
          const ok = await call('reviewer', 'POST', `/api/entries/${entry.id}/exception`, {
            version: entry.version,
            kind: 'no_report',
            reason: '期限までに報告がなかった',
          });
          expect(ok.statusCode, ok.body).toBe(200);
        }
      }
      const list = await checklist();
      expect(list.entries.settled).toBe(list.entries.total);
      for (const nodeId of list.assessments.missing) {
        await call('reviewer', 'PUT', `/api/cycles/${cycleId}/assessments/${nodeId}`, {
          version: null,
          rating: 'steady',
          narrative: '着実に進展している。',
        });
      }
      await call('reviewer', 'PUT', `/api/cycles/${cycleId}/summary`, {
        version: null,
        overall: ['全体として着実に進展している。'],
        pillars: [],
      });
      const ready = await checklist();
      expect(ready.ready).toBe(true);
      const cycle = json<{ cycles: { id: string; version: number }[] }>(
        await call('admin', 'GET', '/api/strategies/ai2022'),
      ).cycles.find((c) => c.id === cycleId)!;
      const published = await call('admin', 'POST', `/api/cycles/${cycleId}/publish`, {
        version: cycle.version,
      });
      expect(published.statusCode, published.body).toBe(200);

      const md = await call(null, 'GET', `/api/strategies/ai2022/cycles/${cycleId}/report.md`);
      expect(md.statusCode, md.body).toBe(200);
      expect(md.body).toContain('## 例外（該当なし・報告なし）');
      expect(md.body).toContain('本年度は事業を実施していない');
      expect(md.body).toMatch(/［該当なし］.+（厚労省）：本年度は事業を実施していない/);
      expect(md.body).toContain('【報告なし】');
      // The open data flags each exception: report.json with its kind, report.csv in its own columns.
      const data = json<{
        items: {
          initiativeId: string;
          reported: boolean;
          text: string;
          exception: { kind: string } | null;
        }[];
      }>(await call(null, 'GET', `/api/strategies/ai2022/cycles/${cycleId}/report.json`));
      const excepted = data.items.filter((i) => i.exception !== null);
      expect(new Set(excepted.map((i) => i.exception!.kind))).toEqual(
        new Set(['not_applicable', 'no_report']),
      );
      expect(excepted.every((i) => !i.reported)).toBe(true);
      expect(excepted.find((i) => i.exception!.kind === 'no_report')).toMatchObject({
        text: '期限までに報告がなかった',
        exception: { kind: 'no_report', labelJa: '報告なし', labelEn: expect.any(String) },
      });
      expect(data.items.filter((i) => i.exception === null).every((i) => i.reported)).toBe(true);
      const csv = (await call(null, 'GET', `/api/strategies/ai2022/cycles/${cycleId}/report.csv`)).body;
      const header = csv
        .replace(/^\uFEFF/, '')
        .split('\r\n')[0]!
        .split(',');
      const at = header.indexOf('exception_code');
      expect(header.slice(at - 2, at + 2)).toEqual(['text_en', 'plans', 'exception_code', 'exception_label']);
      // the reason, no English text, no plans, then the exception
      expect(csv).toContain('期限までに報告がなかった,,,no_report,報告なし,');
      expect(csv).toMatch(/,not_applicable,該当なし,/);
      // Frozen: the secretariat cannot except or write on behalf after publication.
      const frozen = (await items()).find((i) => i.entry.reviewState === 'no_report')!.entry;
      const late = await call('reviewer', 'POST', `/api/entries/${frozen.id}/exception/withdraw`, {
        version: frozen.version,
      });
      expect(late.statusCode).toBe(409);
      expect(json<{ error: { code: string } }>(late).error.code).toBe('published');
    });
  });
}
