/**
 * The W3C Nu HTML Checker (vnu.jar from the vnu-jar package, run with the machine's Java).
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';

const vnu = createRequire(import.meta.url).resolve('vnu-jar/build/dist/vnu.jar');

interface VnuMessage {
  url: string;
  type: string;
  message: string;
  lastLine?: number;
}

/** Checks the documents in one run of the checker (the JVM starts once); messages by name. */
export function checkHtml(docs: Record<string, string>): Record<string, string[]> {
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
