/**
 * Lighthouse (simulated mobile: its default Moto G Power profile, slow 4G, 4× CPU slowdown)
 * on the public pages of the sample strategy, with Debian's Chromium. Each page is measured
 * RUNS times in a fresh browser profile and the median run (by performance score) is kept.
 * Never part of `npm test`.
 *
 * `npm run bench:lighthouse` starts the server on a fresh SQLite file with the sample (the
 * production web build), or measures a running one: `npm run bench:lighthouse -- --url
 * http://127.0.0.1:3000`. `--runs N` (default 3). Results: bench/results/lighthouse.{json,md}.
 * `npm run bench` runs it too (its own sample server) unless given --no-lighthouse.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Metric } from './metrics.ts';
import { median } from './lib/stats.ts';

const ROOT = path.resolve(import.meta.dirname, '..');
const RESULTS = path.join(ROOT, 'bench/results');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const S = '/strategies/ai2022/cycles/ai2022-fy2022';

/** The public pages the issue names, on the sample strategy. */
export const LIGHTHOUSE_PAGES: [name: string, path: string][] = [
  ['home', '/'],
  ['dashboard', S],
  ['target', `${S}/nodes/ai2022-p1-g1-t4`],
  ['indicator', '/indicators/ai2022-k1'],
  ['compare', `${S}/compare`],
  ['search', '/search?q=%E4%BA%BA%E6%9D%90'], // 人材
];

const CATEGORIES = ['performance', 'accessibility', 'best-practices', 'seo'] as const;

export interface PageScores {
  page: string;
  path: string;
  /** Category scores 0–100. */
  performance: number;
  accessibility: number;
  bestPractices: number;
  seo: number;
  /** Cumulative layout shift, largest contentful paint (ms), total blocking time (ms), bytes transferred. */
  cls: number;
  lcp: number;
  fcp: number;
  tbt: number;
  bytes: number;
  /**
   * Lighthouse's measure of the host's speed during the run (higher is faster; its
   * throttling assumes about 1,000+). The CPU figures (TBT above all) grow as it falls: on a
   * host shared with other work the same page scores lower.
   */
  benchmarkIndex: number;
  /** Every run's performance score, for the spread. */
  runs: number[];
}

const LIGHTHOUSE_CLI = path.join(ROOT, 'node_modules/lighthouse/cli/index.js');
const CHROME_FLAGS = ['--headless=new', '--no-sandbox', '--disable-gpu'].join(' ');

interface Lhr {
  runtimeError?: { code: string; message: string };
  categories: Record<string, { score: number | null }>;
  audits: Record<string, { numericValue?: number }>;
  environment?: { benchmarkIndex?: number };
}

const score = (lhr: Lhr, id: string) => Math.round((lhr.categories[id]?.score ?? 0) * 100);

/**
 * One Lighthouse run of one URL: its CLI in a child process, which starts Chromium in a
 * fresh profile through chrome-launcher (its flags avoid broken traces).
 */
async function runOnce(url: string): Promise<Omit<PageScores, 'page' | 'path' | 'runs'>> {
  const child = spawn(
    process.execPath,
    [
      LIGHTHOUSE_CLI,
      url,
      '--output=json',
      '--output-path=stdout',
      '--quiet',
      `--only-categories=${CATEGORIES.join(',')}`,
      `--chrome-flags=${CHROME_FLAGS}`,
    ],
    { env: { ...process.env, CHROME_PATH: CHROMIUM }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  if (code !== 0) throw new Error(`lighthouse ${url} exited with ${code}: ${err}`);
  const lhr = JSON.parse(out) as Lhr;
  if (lhr.runtimeError) throw new Error(`${url}: ${lhr.runtimeError.code} ${lhr.runtimeError.message}`);
  const num = (id: string) => lhr.audits[id]?.numericValue ?? NaN;
  return {
    performance: score(lhr, 'performance'),
    accessibility: score(lhr, 'accessibility'),
    bestPractices: score(lhr, 'best-practices'),
    seo: score(lhr, 'seo'),
    cls: Math.round(num('cumulative-layout-shift') * 1000) / 1000,
    lcp: Math.round(num('largest-contentful-paint')),
    fcp: Math.round(num('first-contentful-paint')),
    tbt: Math.round(num('total-blocking-time')),
    bytes: Math.round(num('total-byte-weight')),
    benchmarkIndex: Math.round(lhr.environment?.benchmarkIndex ?? NaN),
  };
}

/** Lighthouse sometimes loses a trace's navigation start (NO_NAVSTART): that run is repeated. */
async function withRetry<T>(fn: () => Promise<T>, attempts = 3): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await fn();
    } catch (err) {
      if (i >= attempts || !/NO_NAVSTART|NO_FCP/.test((err as Error).message)) throw err;
    }
  }
}

/** Measures every page `runs` times (one after another) and keeps each page's median run. */
export async function measureLighthouse(
  baseUrl: string,
  { runs = 3, log = console.log }: { runs?: number; log?: (line: string) => void } = {},
): Promise<PageScores[]> {
  const out: PageScores[] = [];
  for (const [page, urlPath] of LIGHTHOUSE_PAGES) {
    const all: Awaited<ReturnType<typeof runOnce>>[] = [];
    for (let i = 0; i < runs; i++) all.push(await withRetry(() => runOnce(baseUrl + urlPath)));
    const perf = all.map((r) => r.performance);
    const mid = median(perf);
    const chosen = all.find((r) => r.performance === mid) ?? all[Math.floor(all.length / 2)];
    if (!chosen) throw new Error(`no Lighthouse run of ${page}`);
    const row: PageScores = { page, path: urlPath, ...chosen, runs: perf };
    log(
      `  ${page}: performance ${row.performance} (runs ${perf.join(', ')}), a11y ${row.accessibility}, ` +
        `best practices ${row.bestPractices}, SEO ${row.seo}, CLS ${row.cls}, LCP ${row.lcp} ms, ` +
        `TBT ${row.tbt} ms, ${Math.round(row.bytes / 1024)} KB, host index ${row.benchmarkIndex}`,
    );
    out.push(row);
  }
  return out;
}

/** The figures as benchmark metrics with the targets. */
export function lighthouseMetrics(scores: readonly PageScores[]): Metric[] {
  return scores.flatMap((s): Metric[] => [
    {
      id: `lighthouse.${s.page}.performance`,
      engine: '-',
      label: `Lighthouse mobile performance: ${s.page}`,
      value: s.performance,
      unit: '',
      better: 'higher',
      target: { op: '>=', value: 90 },
    },
    {
      id: `lighthouse.${s.page}.cls`,
      engine: '-',
      label: `Lighthouse layout shift (CLS): ${s.page}`,
      value: s.cls,
      unit: '',
      better: 'lower',
      target: { op: '<=', value: 0.05 },
    },
  ]);
}

export function lighthouseMarkdown(scores: readonly PageScores[]): string {
  const lines = [
    '| page | performance (runs) | accessibility | best practices | SEO | CLS | FCP | LCP | TBT | transferred | host index |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const s of scores) {
    lines.push(
      `| ${s.page} | ${s.performance} (${s.runs.join(', ')}) | ${s.accessibility} | ${s.bestPractices} | ${s.seo} | ` +
        `${s.cls} | ${(s.fcp / 1000).toFixed(1)} s | ${(s.lcp / 1000).toFixed(1)} s | ${s.tbt} ms | ${Math.round(s.bytes / 1024)} KB | ${s.benchmarkIndex} |`,
    );
  }
  return `${lines.join('\n')}\n`;
}

/** The server on a fresh SQLite file with the sample strategy, as a user starts it. */
export async function startSampleServer(): Promise<{ url: string; stop: () => Promise<void> }> {
  const { freePort } = await import('./lib/server.ts');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shinchoku-lh-db-'));
  const port = await freePort();
  const child = spawn(process.execPath, [path.join(ROOT, 'bin/shinchoku.js'), 'serve'], {
    cwd: ROOT,
    env: {
      ...process.env,
      NODE_ENV: 'production',
      PORT: String(port),
      HOST: '127.0.0.1',
      DATABASE_URL: `sqlite:${path.join(dir, 'lh.db')}`,
      LOG_LEVEL: 'silent',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    }
    fs.rmSync(dir, { recursive: true, force: true });
  };
  for (let i = 0; ; i++) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`);
    if (i > 900) {
      await stop();
      throw new Error('the server did not answer /api/health within 3 minutes');
    }
    try {
      if ((await fetch(`${url}/api/health`)).ok) break;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return { url, stop };
}

/** Starts a sample server (or uses `url`), measures, writes bench/results/lighthouse.{json,md}. */
export async function runLighthouse(options: { url?: string; runs?: number } = {}): Promise<PageScores[]> {
  const server = options.url ? null : await startSampleServer();
  const url = options.url ?? server?.url ?? '';
  console.log(`Lighthouse (mobile, simulated throttling) against ${url}`);
  try {
    const scores = await measureLighthouse(url, { runs: options.runs ?? 3 });
    fs.mkdirSync(RESULTS, { recursive: true });
    const result = {
      date: new Date().toISOString(),
      lighthouse: (
        JSON.parse(fs.readFileSync(path.join(ROOT, 'node_modules/lighthouse/package.json'), 'utf8')) as {
          version: string;
        }
      ).version,
      machine: { cpus: os.cpus().length, node: process.version },
      scores,
    };
    fs.writeFileSync(path.join(RESULTS, 'lighthouse.json'), `${JSON.stringify(result, null, 2)}\n`);
    fs.writeFileSync(path.join(RESULTS, 'lighthouse.md'), lighthouseMarkdown(scores));
    console.log(`\n${lighthouseMarkdown(scores)}`);
    return scores;
  } finally {
    await server?.stop();
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) {
  const argv = process.argv.slice(2);
  const value = (flag: string) => {
    const i = argv.indexOf(flag);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const runs = value('--runs');
  await runLighthouse({ url: value('--url'), runs: runs ? Number(runs) : undefined });
}
