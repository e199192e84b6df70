/**
 * The release as an IT department installs it: the project's files (no tests, no bench) in a
 * new folder, `npm run build` there, then only what `npm ci --omit=dev` would install (the
 * lock file's non-dev packages; no TypeScript, tsx or Vite), and the built server started
 * from it: every kind of answer (pages, assets precompressed, API, a report, a PDF, a CLI
 * command) without compiling anything.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findChromium } from '../src/reports/render/pdf.ts';
import { ROOT } from './helpers/cli.ts';
import { freePort } from './e2e/helpers/server.ts';

const run = promisify(execFile);

/** What a release holds: the sources the build reads, the sample data, the entry points. */
const RELEASE = ['src', 'web', 'locales', 'data', 'schemas', 'bin', 'scripts'];
const RELEASE_FILES = ['package.json', 'package-lock.json', 'tsconfig.json', 'tsconfig.build.json'];

/** The packages `npm ci --omit=dev` installs at the top of node_modules, by the lock file. */
function productionPackages(): string[] {
  const lock = JSON.parse(fs.readFileSync(path.join(ROOT, 'package-lock.json'), 'utf8')) as {
    packages: Record<string, { dev?: boolean }>;
  };
  return Object.entries(lock.packages)
    .filter(([key, entry]) => /^node_modules\/(?:@[^/]+\/)?[^/]+$/.test(key) && !entry.dev)
    .map(([key]) => key.slice('node_modules/'.length));
}

function copyRelease(dir: string): void {
  for (const name of RELEASE) {
    fs.cpSync(path.join(ROOT, name), path.join(dir, name), {
      recursive: true,
      preserveTimestamps: true,
      filter: (source) =>
        !/[/\\](?:dist|node_modules|\.build-lock)$/.test(source) && !source.endsWith('.test.ts'),
    });
  }
  for (const name of RELEASE_FILES) {
    fs.cpSync(path.join(ROOT, name), path.join(dir, name), { preserveTimestamps: true });
  }
}

/** node_modules as `npm ci --omit=dev` leaves it: links to the production packages only. */
function productionModules(dir: string): void {
  const modules = path.join(dir, 'node_modules');
  fs.rmSync(modules, { recursive: true, force: true });
  for (const name of productionPackages()) {
    const target = path.join(ROOT, 'node_modules', name);
    if (!fs.existsSync(target)) continue; // an optional package for another platform
    fs.mkdirSync(path.dirname(path.join(modules, name)), { recursive: true });
    fs.symlinkSync(target, path.join(modules, name), 'dir');
  }
}

describe('a built release installed without devDependencies', () => {
  let dir: string;
  let server: ChildProcess | undefined;
  let url: string;
  let log = '';
  let readyMs: number;
  const env = () => ({
    ...process.env,
    DATABASE_URL: `sqlite:${path.join(dir, 'var/release.db')}`,
    LOG_LEVEL: 'warn',
  });

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shinchoku-release-'));
    copyRelease(dir);
    // The build, with the build tools (what `npm ci && npm run build` gives).
    fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
    await run(process.execPath, ['scripts/build.js'], { cwd: dir });
    productionModules(dir);

    const port = await freePort();
    url = `http://127.0.0.1:${port}`;
    const started = performance.now();
    server = spawn(process.execPath, ['bin/shinchoku.js', 'serve'], {
      cwd: dir,
      env: { ...env(), PORT: String(port), HOST: '127.0.0.1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    server.stdout!.on('data', (d: Buffer) => (log += d.toString()));
    server.stderr!.on('data', (d: Buffer) => (log += d.toString()));
    for (;;) {
      if (server.exitCode !== null) throw new Error(`the release did not start:\n${log}`);
      if (
        await fetch(`${url}/api/health`).then(
          (r) => r.ok,
          () => false,
        )
      )
        break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    readyMs = performance.now() - started;
  }, 300_000);

  afterAll(async () => {
    if (server && server.exitCode === null) {
      const exited = new Promise((resolve) => server!.once('exit', resolve));
      server.kill('SIGTERM');
      await exited;
    }
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('has no build tools, and runs the compiled server', () => {
    for (const tool of ['typescript', 'tsx', 'vite', 'react']) {
      expect(fs.existsSync(path.join(dir, 'node_modules', tool))).toBe(false);
    }
    expect(fs.existsSync(path.join(dir, 'node_modules/playwright-core'))).toBe(true);
    expect(fs.existsSync(path.join(dir, 'dist/src/cli/main.js'))).toBe(true);
    expect(JSON.parse(fs.readFileSync(path.join(dir, 'dist/build.json'), 'utf8'))).toMatchObject({
      version: expect.any(String),
    });
    expect(log).toContain('shinchoku listening on');
    expect(log).not.toMatch(/build/i); // neither built nor warned about a stale build
    console.log(
      `release: ready ${Math.round(readyMs)} ms after the process started (new database, sample loaded)`,
    );
  });

  it('serves the pages, the hashed assets from their brotli copies, and the API', async () => {
    const page = await fetch(`${url}/strategies/ai2022`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('<html lang="ja">');
    // Rendered on the server by the self-contained renderer (React is not installed), after
    // the redirect to the newest cycle.
    expect(page.url).toBe(`${url}/strategies/ai2022/cycles/ai2022-fy2022`);
    expect(html).toMatch(/<main[^>]*>[\s\S]*<h1>[^<]*AI戦略2022/);
    expect(html).toContain('<script type="application/json" id="ssr-data">');
    const asset = /src="(\/assets\/index-[\w-]+\.js)"/.exec(html)?.[1];
    expect(asset).toBeDefined();
    const raw = await new Promise<{ encoding: string | undefined; cache: string | undefined; body: Buffer }>(
      (resolve, reject) => {
        import('node:http').then(({ get }) =>
          get(`${url}${asset}`, { headers: { 'accept-encoding': 'br' } }, (res) => {
            const chunks: Buffer[] = [];
            res.on('data', (c: Buffer) => chunks.push(c));
            res.on('end', () =>
              resolve({
                encoding: res.headers['content-encoding'],
                cache: res.headers['cache-control'],
                body: Buffer.concat(chunks),
              }),
            );
          }).on('error', reject),
        );
      },
    );
    expect(raw.encoding).toBe('br');
    expect(raw.cache).toBe('public, max-age=31536000, immutable');
    const onDisk = fs.readFileSync(path.join(dir, 'web/dist', asset!));
    expect(zlib.brotliDecompressSync(raw.body).equals(onDisk)).toBe(true);
    const tree = await fetch(`${url}/api/strategies/ai2022/cycles/ai2022-fy2022/tree`, {
      headers: { 'accept-encoding': 'br' },
    });
    expect(tree.headers.get('content-encoding')).toBe('br'); // fetch decodes it
    expect(((await tree.json()) as { strategy: { id: string } }).strategy.id).toBe('ai2022');
    const schema = await fetch(`${url}/schemas/report-cycle.v1.json`);
    expect(schema.status).toBe(200);
    expect(((await schema.json()) as { $id: string }).$id).toMatch(/\/schemas\/report-cycle\.v1\.json$/);
  });

  it('renders reports, the PDF included (playwright-core is a dependency)', async () => {
    const md = await fetch(`${url}/api/strategies/ai2022/cycles/ai2022-fy2022/report.md`);
    expect(md.status).toBe(200);
    expect(await md.text()).toContain('AI戦略2022');
    if (findChromium() === null) return;
    const pdf = await fetch(`${url}/api/strategies/ai2022/cycles/ai2022-fy2022/report.pdf`);
    expect(pdf.status).toBe(200);
    expect(
      Buffer.from(await pdf.arrayBuffer())
        .subarray(0, 5)
        .toString(),
    ).toBe('%PDF-');
  }, 120_000);

  it('runs CLI commands; npm start does not rebuild; a changed source is named, not compiled', async () => {
    const version = await run(process.execPath, ['bin/shinchoku.js', '--version'], { cwd: dir, env: env() });
    expect(version.stdout.trim()).toBe(
      JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).version,
    );
    const out = path.join(dir, 'out.json');
    const exported = await run(
      process.execPath,
      ['bin/shinchoku.js', 'export', '--format', 'json', '--strategy', 'ai2022', '--out', out],
      { cwd: dir, env: env() },
    );
    expect(exported.stderr).toBe('');
    expect(JSON.parse(fs.readFileSync(out, 'utf8'))).toMatchObject({
      strategy: { id: 'ai2022' },
    });
    const ifNeeded = await run(process.execPath, ['scripts/build.js', '--if-needed'], { cwd: dir });
    expect(ifNeeded.stdout + ifNeeded.stderr).toBe('');
    // A source edited after the build: the release cannot rebuild (no build tools), says so, runs.
    const later = new Date(Date.now() + 5_000);
    fs.utimesSync(path.join(dir, 'src/version.ts'), later, later);
    const stale = await run(process.execPath, ['bin/shinchoku.js', '--version'], { cwd: dir, env: env() });
    expect(stale.stderr).toBe('shinchoku: the build is stale: run npm run build\n');
    const start = await run(process.execPath, ['scripts/build.js', '--if-needed'], { cwd: dir });
    expect(start.stderr).toContain('older than its sources: server, web');
  });
});
