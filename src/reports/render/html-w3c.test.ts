/**
 * The HTML report passes the W3C Nu HTML Checker (vnu.jar, run with the machine's Java):
 * no error in either language. Chart markup once carried the chart library's own
 * `ecmeta_*` attributes, which the checker refuses.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StrategyTree } from '../../domain/views.ts';
import type { TestDb } from '../../../test/helpers/db.ts';
import { sampleTree } from '../../../test/helpers/reports.ts';
import { buildReportDocument } from '../document.ts';
import { renderHtml } from './html.ts';

const vnu = createRequire(import.meta.url).resolve('vnu-jar/build/dist/vnu.jar');

interface VnuMessage {
  url: string;
  type: string;
  message: string;
  lastLine?: number;
}

/** Checks the documents in one run of the checker (the JVM starts once); messages by name. */
function check(docs: Record<string, string>): Record<string, string[]> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shinchoku-vnu-'));
  try {
    const files = Object.entries(docs).map(([name, html]) => {
      const file = path.join(dir, `${name}.html`);
      fs.writeFileSync(file, html);
      return file;
    });
    let out: string;
    try {
      out = execFileSync('java', ['-jar', vnu, '--format', 'json', '--errors-only', ...files], {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
      });
    } catch (err) {
      // vnu exits 1 when it finds errors and writes its report to standard error.
      out = (err as { stderr?: string }).stderr ?? '';
    }
    const { messages } = JSON.parse(out || '{"messages":[]}') as { messages: VnuMessage[] };
    const byName: Record<string, string[]> = Object.fromEntries(Object.keys(docs).map((n) => [n, []]));
    for (const m of messages) {
      const name = path.basename(decodeURIComponent(new URL(m.url).pathname), '.html');
      byName[name]?.push(`${m.lastLine}: ${m.message}`);
    }
    return byName;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

describe('HTML report in the W3C checker', () => {
  let db: TestDb;
  let tree: StrategyTree;
  beforeAll(async () => {
    ({ db, tree } = await sampleTree('sqlite'));
  });
  afterAll(() => db.destroy());

  it('has no error in either language, and the check finds one it should', () => {
    const ja = renderHtml(buildReportDocument({ tree, lang: 'ja' }));
    const en = renderHtml(buildReportDocument({ tree, lang: 'en' }));
    const bad = ja.replace('<svg ', '<svg ecmeta_x="1" ');
    const result = check({ ja, en, bad });
    expect(result.ja).toEqual([]);
    expect(result.en).toEqual([]);
    expect(result.bad!.join('\n')).toContain('ecmeta_x');
  }, 90_000);
});
