/**
 * The API document passes Redocly's lint with the repository's config (redocly.yaml:
 * the recommended rules, every one an error, and a few more): no error, no warning, and no
 * problem with the config itself. A broken document shows that the lint can fail.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { buildOpenApi } from '../../src/api/openapi.ts';
import { routes } from '../../src/api/routes/index.ts';
import { VERSION } from '../../src/version.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const CLI = path.join(ROOT, 'node_modules/@redocly/cli/bin/cli.js');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shinchoku-contract-'));

interface Lint {
  ok: boolean;
  problems: string[];
}

/** Runs `redocly lint` on a document with the repository's config. */
async function lint(document: unknown): Promise<Lint> {
  const file = path.join(dir, `openapi-${Math.random().toString(36).slice(2)}.json`);
  fs.writeFileSync(file, JSON.stringify(document, null, 2));
  const run = await promisify(execFile)(
    process.execPath,
    [CLI, 'lint', '--config', path.join(ROOT, 'redocly.yaml'), '--format=json', file],
    {
      cwd: ROOT,
      env: {
        ...process.env,
        REDOCLY_TELEMETRY: 'off',
        REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true',
        NO_COLOR: '1',
      },
      maxBuffer: 32 * 1024 * 1024,
    },
  ).catch((err: { stdout: string; stderr: string; code: number }) => err);
  // Problems with redocly.yaml itself (an unknown rule, a misspelt option) and documents
  // it cannot process at all are reported on stderr.
  const stderr = run.stderr
    .split('\n')
    .filter((line) => /config has|Unused rules|not expected here|went wrong|^\s+- /i.test(line));
  if (!run.stdout.trim().startsWith('{')) return { ok: false, problems: stderr };
  const out = JSON.parse(run.stdout) as {
    totals: { errors: number; warnings: number };
    problems: { ruleId: string; severity: string; message: string; location: { pointer: string }[] }[];
  };
  const problems = out.problems.map(
    (p) => `${p.severity} ${p.ruleId}: ${p.message} at ${p.location.map((l) => l.pointer).join(', ')}`,
  );
  return {
    ok: !('code' in run) && out.totals.errors + out.totals.warnings === 0 && stderr.length === 0,
    problems: [...problems, ...stderr],
  };
}

describe('the API document passes the contract lint', () => {
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('has no error and no warning', async () => {
    const result = await lint(buildOpenApi(routes, VERSION));
    expect(result.problems).toEqual([]);
    expect(result.ok).toBe(true);
  }, 30_000);

  it('fails a document whose error schema refers to itself (issue #20)', async () => {
    const doc = buildOpenApi(routes, VERSION) as { components: { schemas: Record<string, unknown> } };
    doc.components.schemas.Error = { $ref: '#/components/schemas/Error' };
    const result = await lint(doc);
    expect(result.ok).toBe(false);
    expect(result.problems.join('\n')).toMatch(/Self-referencing circular pointer/);
  }, 30_000);

  it('fails an operation without an operationId or security', async () => {
    const doc = buildOpenApi(routes, VERSION) as {
      paths: Record<string, Record<string, Record<string, unknown>>>;
    };
    const health = doc.paths['/api/health']!.get!;
    delete health.operationId;
    delete health.security;
    const result = await lint(doc);
    expect(result.ok).toBe(false);
    expect(result.problems).toEqual([
      expect.stringMatching(/^error operation-operationId: .* at #\/paths\/~1api~1health\/get/),
      expect.stringMatching(/^error security-defined: .* at #\/paths\/~1api~1health\/get/),
    ]);
  }, 30_000);
});
