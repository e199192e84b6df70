/**
 * `shinchoku export-site` as an operator runs it: the copy written with its counts, a second
 * run writing nothing, a folder it did not write refused with one line and exit code 1.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../test/helpers/cli.ts';
import { ensureWebBuild } from '../../../test/helpers/web-build.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shinchoku-export-cli-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
const env = { DATABASE_URL: `sqlite:${path.join(dir, 'site.db')}` };

describe('shinchoku export-site', { timeout: 300_000 }, () => {
  it('writes the copy, then writes nothing again, and refuses a folder it did not write', async () => {
    await ensureWebBuild();
    expect((await runCli(['seed'], env)).code).toBe(0);
    const out = path.join(dir, 'site');
    const args = ['export-site', '--out', out, '--base-url', 'https://followup.example.go.jp/'];
    const first = await runCli(args, env, 240_000);
    expect(first.stderr).toBe('');
    expect(first.stdout).toMatch(/: (\d+) files \(\d+ pages\): \1 written, 0 unchanged, 0 removed/);
    expect(fs.readFileSync(path.join(out, 'robots.txt'), 'utf8')).toContain(
      'Sitemap: https://followup.example.go.jp/sitemap.xml',
    );
    const second = await runCli(args, env, 240_000);
    expect(second.stdout).toMatch(/: (\d+) files \(\d+ pages\): 0 written, \1 unchanged, 0 removed/);

    const mine = path.join(dir, 'mine');
    fs.mkdirSync(mine);
    fs.writeFileSync(path.join(mine, 'notes.txt'), 'keep');
    const refused = await runCli(['export-site', '--out', mine], env);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/not written by export-site/);
    expect(fs.readdirSync(mine)).toEqual(['notes.txt']);
    const badUrl = await runCli(['export-site', '--out', out, '--base-url', 'ftp://x'], env);
    expect(badUrl.code).toBe(1);
    expect(badUrl.stderr).toMatch(/must start with https:\/\//);
  });
});
