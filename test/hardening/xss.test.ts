/**
 * Stored XSS (issue #9): a corpus of markup — script tags, event handlers, javascript:
 * URLs, SVG onload, broken markup, template literals, attribute breakers, XML/CDATA
 * breakers — is written through the API into every text field a user can write, on both
 * engines. Then (a) every JSON API returns each text exactly as stored (JSON is data; the
 * browser renders it as text), and (b) every report format renders it inert: HTML escaped
 * with no smuggled element, attribute or URL; Markdown escaped; PPTX and XLSX parts
 * well-formed XML with the text only in text nodes; CSV and open-data JSON verbatim as data.
 * The corpus and how it is written: helpers/corpus.ts; the browser side: xss-browser.test.ts.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/api/app.ts';
import { escapeHtml, escapeMarkdown } from '../../src/reports/render/escape.ts';
import { REPORT_FORMATS } from '../../src/reports/formats.ts';
import { reindexAll } from '../../src/services/search.service.ts';
import { createTestUsers, sessionFor, type TestSession } from '../helpers/accounts.ts';
import { ENGINES, type TestDb } from '../helpers/db.ts';
import { sampleDb } from '../helpers/sample.ts';
import {
  EVIDENCE_URL,
  FIELD_NAMES,
  fieldTexts,
  ok,
  storeCorpus,
  UNIT,
  type Field,
} from './helpers/corpus.ts';
import { htmlProblems, ooxmlParts, parseCsv } from './helpers/markup.ts';

const F = fieldTexts();

/** Texts each report format must show (it may leave out others: the seed deck has no initiative titles). */
const SHOWN: Record<string, Field[]> = {
  deck: ['strategy.title', 'target.title', 'entry.text', 'assessment.narrative', 'summary.overall'],
  data: ['target.title', 'initiative.title', 'entry.text', 'assessment.narrative'],
};
const SHOWN_BY_FORMAT: Record<string, Field[]> = {
  html: SHOWN.deck!,
  md: SHOWN.deck!,
  pptx: SHOWN.deck!,
  xlsx: SHOWN.data!,
  csv: SHOWN.data!,
  json: SHOWN.data!,
};

/** Every string inside a JSON value. */
function strings(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string') out.push(value);
  else if (Array.isArray(value)) value.forEach((v) => strings(v, out));
  else if (value !== null && typeof value === 'object') Object.values(value).forEach((v) => strings(v, out));
  return out;
}

for (const engine of ENGINES) {
  describe(`stored XSS corpus on ${engine}`, () => {
    let db: TestDb;
    let app: FastifyInstance;
    let admin: TestSession;
    let reviewer: TestSession;
    let editor: TestSession;
    let cycleId: string;
    let entryId: string;
    let indicatorId: string;

    const call = async (
      as: TestSession | null,
      method: 'GET' | 'POST' | 'PUT' | 'PATCH',
      url: string,
      payload?: unknown,
    ) => {
      const res = await app.inject({
        method,
        url,
        headers: as?.headers ?? {},
        ...(payload !== undefined && { payload: payload as object }),
      });
      return res;
    };

    beforeAll(async () => {
      db = await sampleDb(engine);
      const users = await createTestUsers(db);
      admin = await sessionFor(db, users.admin);
      reviewer = await sessionFor(db, users.reviewer);
      app = await buildApp({ db });

      ({ editor, cycleId, entryId, indicatorId } = await storeCorpus(
        call,
        admin,
        reviewer,
        (user) => sessionFor(db, user),
        F,
      ));
      await reindexAll(db);
    });
    afterAll(async () => {
      await app?.close();
      await db?.destroy();
    });

    it('refuses script URLs as evidence and NUL characters in any text', async () => {
      const { body } = await call(editor, 'GET', `/api/entries/${entryId}`);
      const version = (JSON.parse(body) as { entry: { version: number } }).entry.version;
      for (const url of ['javascript:alert(1)', 'data:text/html,<script>alert(1)</script>', 'vbscript:x']) {
        const res = await call(editor, 'PUT', `/api/entries/${entryId}`, {
          version,
          text: 'x',
          stage: null,
          evidence: [{ url, title: 't' }],
        });
        expect(res.statusCode, url).toBe(400);
      }
      const nul = await call(editor, 'PUT', `/api/entries/${entryId}`, {
        version,
        text: 'a\u0000b',
        stage: null,
      });
      expect(nul.statusCode).toBe(400);
      expect(nul.json()).toMatchObject({ error: { code: 'invalid' } });
      const after = (await call(editor, 'GET', `/api/entries/${entryId}`)).json() as {
        entry: { version: number };
      };
      expect(after.entry.version).toBe(version);
    });

    it('returns every stored text unchanged from every JSON API', async () => {
      const reads: [TestSession | null, string][] = [
        [null, '/api/organisations'],
        [null, '/api/organisations/xss-org'],
        [admin, '/api/strategies'],
        [admin, '/api/strategies/xss'],
        [admin, '/api/strategies/xss/cycles'],
        [admin, `/api/strategies/xss/cycles/${cycleId}/tree`],
        [admin, '/api/strategies/xss/indicators'],
        [admin, `/api/indicators/${indicatorId}`],
        [admin, '/api/initiatives?strategy=xss'],
        [admin, '/api/users'],
        [editor, `/api/cycles/${cycleId}/entries`],
        [editor, `/api/entries/${entryId}`],
        [editor, `/api/entries/${entryId}/history`],
        [editor, '/api/notifications'],
        [editor, '/api/me/tasks'],
        [editor, '/api/auth/me'],
        [reviewer, `/api/cycles/${cycleId}/checklist`],
        [reviewer, `/api/audit?cycleId=${cycleId}`],
        [admin, `/api/strategies/xss/cycles/${cycleId}/suggestions`],
        [admin, `/api/strategies/xss/cycles/${cycleId}/overlaps`],
      ];
      const seen = new Set<string>();
      for (const [who, url] of reads) {
        const res = await call(who, 'GET', url);
        expect(res.statusCode, url).toBe(200);
        expect(res.headers['content-type'], url).toMatch(/^application\/json/);
        expect(res.headers['x-content-type-options']).toBe('nosniff');
        for (const s of strings(res.json())) {
          for (const name of FIELD_NAMES) {
            if (!s.includes(`《${name}》`)) continue;
            seen.add(name);
            expect(s, `${url}: ${name}`).toContain(F[name]);
          }
        }
      }
      expect([...seen].sort()).toEqual([...FIELD_NAMES].sort());
      const entry = (await call(editor, 'GET', `/api/entries/${entryId}`)).json() as {
        entry: { evidence: { url: string }[] };
      };
      expect(entry.entry.evidence[0]!.url).toBe(EVIDENCE_URL);

      // Search hits are data too: the title parts join back into the stored title.
      const search = (
        await call(admin, 'GET', `/api/search?q=${encodeURIComponent('initiative.title')}&strategy=xss`)
      ).json() as {
        hits: { kind: string; title: { text: string }[] }[];
      };
      const hit = search.hits.find((h) => h.kind === 'initiative');
      expect(hit?.title.map((p) => p.text).join('')).toBe(F['initiative.title']);
    });

    for (const format of REPORT_FORMATS.filter((f) => f !== 'pdf')) {
      it(`renders the corpus inert in report.${format}`, async () => {
        const res = await app.inject({
          method: 'GET',
          url: `/api/strategies/xss/cycles/${cycleId}/report.${format}`,
          headers: reviewer.headers,
        });
        expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
        const body = res.rawPayload;
        const text = body.toString('utf8');
        const shown = SHOWN_BY_FORMAT[format]!;
        switch (format) {
          case 'html': {
            const scripts = /script-src ([^;]*)/.exec(String(res.headers['content-security-policy']))?.[1];
            expect(scripts).toBe("'self'");
            expect(htmlProblems(text)).toEqual([]);
            for (const name of shown) expect(text, name).toContain(escapeHtml(F[name]));
            // No payload with markup characters appears unescaped anywhere.
            for (const p of Object.values(F)) if (/[<>"']/.test(p)) expect(text).not.toContain(p);
            expect(text).not.toContain(UNIT);
            break;
          }
          case 'md': {
            for (const name of shown) expect(text, name).toContain(escapeMarkdown(F[name]));
            expect(text).not.toMatch(/<[a-zA-Z!/?]/);
            break;
          }
          case 'pptx':
          case 'xlsx': {
            const parts = await ooxmlParts(body);
            expect(parts.length).toBeGreaterThan(3);
            expect(parts.flatMap((p) => p.problems.map((q) => `${p.name}: ${q}`))).toEqual([]);
            const all = parts.map((p) => p.text).join('\n');
            for (const name of shown) expect(all, name).toContain(F[name]);
            break;
          }
          case 'csv': {
            const cells = parseCsv(text.replace(/^\uFEFF/, '')).flat();
            for (const name of shown) {
              expect(
                cells.some((c) => c.includes(F[name])),
                name,
              ).toBe(true);
            }
            break;
          }
          case 'json': {
            expect(res.headers['content-type']).toMatch(/^application\/json/);
            const values = strings(JSON.parse(text));
            for (const name of shown) {
              expect(
                values.some((v) => v.includes(F[name])),
                name,
              ).toBe(true);
            }
            break;
          }
        }
      });
    }

    it('hands out report file names that cannot climb out of a directory', async () => {
      await ok(
        call(admin, 'PATCH', '/api/strategies/xss', { version: 2, title: '../../../etc/passwd\\..\\x' }),
      );
      for (const format of ['html', 'xlsx'] as const) {
        const res = await app.inject({
          method: 'GET',
          url: `/api/strategies/xss/cycles/${cycleId}/report.${format}`,
          headers: reviewer.headers,
        });
        const disposition = String(res.headers['content-disposition']);
        const names = [...disposition.matchAll(/filename\*?=(?:UTF-8'')?"?([^";]+)"?/g)].map((m) =>
          decodeURIComponent(m[1]!),
        );
        expect(names.length).toBe(2);
        for (const name of names) {
          expect(name, disposition).not.toMatch(/[/\\]/);
          expect(name, disposition).not.toMatch(/^\./);
        }
      }
    });
  });
}
