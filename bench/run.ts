/**
 * `npm run bench [-- --quick] [-- --compare] [-- --no-postgres] [-- --no-lighthouse] [-- --portfolio-only]
 * [-- --reuse] [-- --only=sqlite|postgres] [-- --load-only]`:
 * generates the synthetic portfolio on SQLite and PostgreSQL, measures, writes
 * bench/results/latest.{json,md}; then Lighthouse on the sample's public pages
 * (bench/lighthouse.ts).
 * Never part of `npm test`. See BENCHMARKS.md for the targets and the last results.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import pg from 'pg';
import { countQueries, openDatabase, type Db } from '../src/db/database.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { ANONYMOUS, SYSTEM } from '../src/domain/access.ts';
import { REPORT_FORMATS, type ReportFormat } from './reports.ts';
import { createToken, createUser } from '../src/services/accounts.service.ts';
import { importStrategy } from '../src/services/interchange.service.ts';
import { loadSample } from '../src/services/sample.service.ts';
import { measureSearch, search } from '../src/services/search.service.ts';
import { getInitiative, getTreeJson } from '../src/services/strategies.service.ts';
import {
  FULL,
  GENERATOR_VERSION,
  QUICK,
  generateBudget,
  generatePortfolio,
  type PortfolioOptions,
} from './generate.ts';
import { importBudget, setInitiativeProjects } from '../src/services/budget.service.ts';
import { ministryPage, portfolio } from '../src/services/portfolio.service.ts';
import { measureThroughput } from './http.ts';
import { startServer } from './lib/server.ts';
import { median, percentile, round } from './lib/stats.ts';
import { measureHost } from './host.ts';
import { HOST_REFERENCE, hostFactor, regressions, toMarkdown, type Metric } from './metrics.ts';
import { mixedLoad, type MixedResult } from './mixed.ts';
import { measureWebBundle } from './web-bundle.ts';
import { lighthouseMetrics, runLighthouse } from './lighthouse.ts';

const args = new Set(process.argv.slice(2));
const quick = args.has('--quick');
/** `--portfolio-only`: load, then the portfolio dashboard and ministry page only (issue #24). */
const portfolioOnly = args.has('--portfolio-only');
const opts: PortfolioOptions = quick ? QUICK : FULL;
/**
 * `--reuse` (with `--portfolio-only`, whose reads change nothing): keep the loaded database
 * between runs — a SQLite file and a PostgreSQL schema named by a hash of the generator's
 * settings (`GENERATOR_VERSION` in generate.ts says when its output changes) — and load it only when none is kept yet. `--load-only` loads (or finds)
 * it and measures nothing; `--only=sqlite|postgres` runs one engine (two loads can then run
 * side by side, and a later run measures both).
 */
const reuse = args.has('--reuse');
const loadOnly = args.has('--load-only');
if ((reuse || loadOnly) && !portfolioOnly) throw new Error('--reuse and --load-only need --portfolio-only');
if (loadOnly && !reuse) throw new Error('--load-only needs --reuse (otherwise the load is thrown away)');
const only = [...args].find((a) => a.startsWith('--only='))?.slice('--only='.length);
const REUSE_KEY = createHash('sha256')
  .update(JSON.stringify({ opts, GENERATOR_VERSION }))
  .digest('hex')
  .slice(0, 12);
const PG_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const RESULTS = path.resolve(import.meta.dirname, 'results');
const LARGEST = 'bench-s00';
const OPEN = `${LARGEST}-fy${2021 + opts.cycles - 1}`;
const PUBLISHED = `${LARGEST}-fy${2021 + opts.cycles - 2}`;
/**
 * Each figure is the median of several runs (the words): the in-process latencies of
 * RUNS runs, the others of 3 — a report, the survey import, each read over HTTP (its own
 * runs shorter: 5 s instead of one of 10), and the mixed load (3 × 60 s).
 */
const RUNS = quick ? 3 : 5;
const SLOW_RUNS = 3;
const metrics: Metric[] = [];
const add = (m: Metric) => {
  metrics.push(m);
  console.log(`  ${m.engine} ${m.label}: ${m.value} ${m.unit}`);
};

/** A database to load and measure; `loaded` when `--reuse` found one already loaded. */
async function prepare(engine: 'sqlite' | 'postgres'): Promise<{
  db: Db;
  url: string;
  loaded: boolean;
  markLoaded: () => Promise<void>;
  cleanup: () => Promise<void>;
}> {
  if (engine === 'sqlite') {
    const dir = reuse
      ? path.join(os.tmpdir(), `shinchoku-bench-${REUSE_KEY}`)
      : fs.mkdtempSync(path.join(os.tmpdir(), 'shinchoku-bench-'));
    const file = path.join(dir, 'bench.db');
    const marker = path.join(dir, 'loaded');
    const loaded = reuse && fs.existsSync(marker);
    if (reuse && !loaded) fs.rmSync(dir, { recursive: true, force: true });
    fs.mkdirSync(dir, { recursive: true });
    const db = await openDatabase({ kind: 'sqlite', file });
    return {
      db,
      url: `sqlite:${file}`,
      loaded,
      markLoaded: async () => fs.writeFileSync(marker, new Date().toISOString()),
      cleanup: async () => {
        if (!reuse) fs.rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const schema = reuse ? `shinchoku_bench_${REUSE_KEY}` : 'shinchoku_bench';
  const admin = new pg.Client({ connectionString: PG_URL });
  await admin.connect();
  // A kept schema is loaded when its comment says so (written after the load finished).
  const found = await admin.query<{ comment: string | null }>(
    "select obj_description(oid, 'pg_namespace') as comment from pg_namespace where nspname = $1",
    [schema],
  );
  const loaded = reuse && found.rows[0]?.comment === 'loaded';
  if (!loaded) await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE; CREATE SCHEMA ${schema}`);
  await admin.end();
  const url = new URL(PG_URL);
  url.searchParams.set('options', `-c search_path=${schema}`);
  const db = await openDatabase({ kind: 'postgres', url: url.toString() });
  return {
    db,
    url: url.toString(),
    loaded,
    markLoaded: async () => {
      await sql.raw(`COMMENT ON SCHEMA ${schema} IS 'loaded'`).execute(db.kysely);
    },
    cleanup: async () => undefined,
  };
}

async function load(db: Db, engine: Metric['engine']): Promise<void> {
  await migrateToLatest(db);
  await loadSample(db);
  const start = performance.now();
  let entries = 0;
  for (const strategy of generatePortfolio(opts)) {
    await importStrategy(db, strategy, { actor: 'bench', replace: true });
    entries += (strategy.cycles ?? []).reduce((n, c) => n + (c.progress?.length ?? 0), 0);
  }
  await loadBudget(db);
  if (engine === 'postgres') await settle(db);
  add({
    id: 'load.entries',
    engine,
    label: 'portfolio: progress entries',
    value: entries,
    unit: 'rows',
    better: 'higher',
  });
  add({
    id: 'load.seconds',
    engine,
    label: 'portfolio: load time (import + index)',
    value: round((performance.now() - start) / 1000),
    unit: 's',
    better: 'lower',
  });
}

/**
 * What autovacuum does on its own within a minute or two of a bulk load (since PostgreSQL 13
 * inserts trigger it too): planner statistics for the new rows (without them PostgreSQL
 * guesses the search plans blind) and the visibility map, without which no scan reads an
 * index alone.
 */
async function settle(db: Db): Promise<void> {
  await sql`vacuum analyze`.execute(db.kysely);
}

/**
 * The review's budget lines through the import users run, and each project's initiatives
 * linked before any cycle was published (so every published cycle shows them).
 */
async function loadBudget(db: Db): Promise<void> {
  if (!opts.budgetLines) return;
  const { csv, links } = generateBudget(opts);
  const actor = { id: 'bench', ip: '' };
  const result = await importBudget(db, Buffer.from(csv), {
    fileName: 'bench-review.csv',
    dryRun: false,
    actor,
  });
  if (!result.applied)
    throw new Error(`budget import refused: ${JSON.stringify(result.problems.slice(0, 3))}`);
  for (const [initiativeId, numbers] of links)
    await setInitiativeProjects(db, initiativeId, numbers, actor, '2020-01-01T00:00:00.000Z');
}

/**
 * The portfolio dashboard (every strategy's latest published cycle, per ministry) built
 * anew on every read — nothing of it is kept between reads — as the public and as staff,
 * and a ministry's page across strategies: statements and p95 (target 50 ms, as the largest
 * strategy's uncached tree).
 */
async function portfolioReads(db: Db, engine: Metric['engine']): Promise<void> {
  const reads = [
    ['portfolio', 'portfolio dashboard (public)', () => portfolio(db, {}, ANONYMOUS)],
    ['portfolio.staff', 'portfolio dashboard (staff, with open cycles)', () => portfolio(db, {}, SYSTEM)],
    ['portfolio.ministry', "a ministry's page across strategies", () => ministryPage(db, 'mic', {})],
  ] as const satisfies readonly (readonly [string, string, () => Promise<unknown>])[];
  for (const [id, label, fn] of reads as readonly (readonly [string, string, () => Promise<unknown>])[]) {
    await fn(); // a running server has read it before
    const { queries } = await countQueries(fn);
    add({
      id: `queries.${id}`,
      engine,
      label: `statements: ${label}`,
      value: queries,
      unit: 'statements',
      better: 'lower',
      target: { op: '<=', value: 10 },
    });
    const runs: { p50: number; p95: number }[] = [];
    // This process's CPU time per read: on a shared host, less noisy than the wall clock
    // (it leaves out the time waiting for the CPU, and PostgreSQL's own work).
    const cpu = process.cpuUsage();
    for (let run = 0; run < RUNS; run++) {
      const times: number[] = [];
      for (let i = 0; i < 30; i++) {
        const start = performance.now();
        await fn();
        times.push(performance.now() - start);
      }
      runs.push({ p50: median(times), p95: percentile(times, 0.95) });
    }
    const used = process.cpuUsage(cpu);
    addRuns(engine, id, label, runs, 50);
    add({
      id: `${id}.cpu`,
      engine,
      label: `${label}: this process's CPU time per read (mean of ${RUNS * 30})`,
      value: round((used.user + used.system) / 1000 / (RUNS * 30)),
      unit: 'ms',
      better: 'lower',
    });
  }
}

async function inProcess(db: Db, engine: Metric['engine']): Promise<void> {
  const initiative = `${LARGEST}-i7`;
  await getTreeJson(db, 'ai2022', 'ai2022-fy2022', ANONYMOUS); // the first read freezes the snapshot
  // The first read of a draft's tree in a second also asks whether it has a snapshot (one
  // statement more); the reads after it, as a page's reads mostly are, do not.
  await getTreeJson(db, LARGEST, OPEN, SYSTEM);
  const counted = [
    [
      'queries.dashboard',
      'statements: published tree (dashboard)',
      () => getTreeJson(db, 'ai2022', 'ai2022-fy2022', ANONYMOUS),
    ],
    [
      'queries.tree',
      'statements: uncached tree of the largest strategy',
      () => getTreeJson(db, LARGEST, OPEN, SYSTEM),
    ],
    ['queries.initiative', 'statements: initiative page', () => getInitiative(db, initiative, ANONYMOUS)],
    ['queries.search', 'statements: search', () => search(db, { q: '農業' }, ANONYMOUS)],
  ] as const satisfies readonly (readonly [string, string, () => Promise<unknown>])[];
  for (const [id, label, fn] of counted as readonly (readonly [string, string, () => Promise<unknown>])[]) {
    const { queries } = await countQueries(fn);
    add({
      id,
      engine,
      label,
      value: queries,
      unit: 'statements',
      better: 'lower',
      ...(id === 'queries.tree' && { target: { op: '<=', value: 10 } }),
    });
  }
  // What the tree request does for an open cycle: read, assemble, and write the JSON text
  // (the tree the API serves: entries without their texts, which the node pages read).
  // 30 reads a run in a quick run too: of fewer, the p95 is the slowest read, one
  // collection's luck. Each figure is the median of the runs' (the issue's "median of
  // several runs"); the worst run's p95 is recorded beside it.
  const treeRuns: number[][] = [];
  for (let run = 0; run < RUNS; run++) {
    const times: number[] = [];
    for (let i = 0; i < 30; i++) {
      const start = performance.now();
      await getTreeJson(db, LARGEST, OPEN, SYSTEM);
      times.push(performance.now() - start);
    }
    treeRuns.push(times);
  }
  addRuns(
    engine,
    'tree',
    'uncached tree of the largest strategy',
    treeRuns.map((t) => ({
      p50: median(t),
      p95: percentile(t, 0.95),
    })),
    50,
  );
  for (const [kind, queries] of [
    ['2char', ['農業', '医療', '教育', '防衛']],
    ['long', ['データ基盤', '人材育成', 'サイバーセキュリティ', 'ガイドラインを改定']],
  ] as const) {
    const runs: { p50: number; p95: number }[] = [];
    for (let run = 0; run < RUNS; run++) {
      const r = await measureSearch(db, queries, { rounds: quick ? 8 : 20 });
      runs.push({ p50: r.medianMs, p95: r.p95Ms });
    }
    addRuns(
      engine,
      `search.${kind}`,
      `search ${kind === '2char' ? '2-character' : 'longer'} queries`,
      runs,
      20,
    );
  }
}

/**
 * A latency measured in several runs: the median of the runs' p50 and of their p95 (the
 * p95 with its target), and the worst run's p95.
 */
function addRuns(
  engine: Metric['engine'],
  id: string,
  label: string,
  runs: readonly { p50: number; p95: number }[],
  target: number,
): void {
  const across = `median of ${runs.length} runs`;
  add({
    id: `${id}.p50`,
    engine,
    label: `${label}, p50 (${across})`,
    value: round(median(runs.map((r) => r.p50))),
    unit: 'ms',
    better: 'lower',
  });
  add({
    id: `${id}.p95`,
    engine,
    label: `${label}, p95 (${across})`,
    value: round(median(runs.map((r) => r.p95))),
    unit: 'ms',
    better: 'lower',
    target: { op: '<=', value: target },
  });
  add({
    id: `${id}.p95.worst`,
    engine,
    label: `${label}, p95 of the worst run`,
    value: round(Math.max(...runs.map((r) => r.p95))),
    unit: 'ms',
    better: 'lower',
  });
}

/**
 * Report formats measured: all of them; a quick run only those with targets (PPTX) and the
 * largest strategy's XLSX — each is a process of its own, and PDF starts Chromium.
 */
function reportFormats(who: 'sample' | 'largest'): readonly ReportFormat[] {
  if (!quick) return REPORT_FORMATS;
  return who === 'sample' ? ['pptx'] : ['pptx', 'xlsx'];
}

function reports(url: string): void {
  for (const [who, strategy, cycle] of [
    ['sample', 'ai2022', 'ai2022-fy2022'],
    ['largest', LARGEST, PUBLISHED],
  ] as const) {
    for (const format of reportFormats(who)) {
      if (format === 'pdf' && !fs.existsSync(process.env.CHROMIUM_PATH ?? '/usr/bin/chromium')) continue;
      let r = { ms: NaN, coldMs: NaN, peakRssMb: NaN };
      try {
        const out = execFileSync(
          process.execPath,
          [
            '--import',
            'tsx',
            path.join(import.meta.dirname, 'report-child.ts'),
            url,
            strategy,
            cycle,
            format,
            String(SLOW_RUNS),
          ],
          { encoding: 'utf8', maxBuffer: 1 << 20, stdio: ['ignore', 'pipe', 'pipe'] },
        );
        r = JSON.parse(out.trim().split('\n').at(-1) ?? '') as typeof r;
      } catch (err) {
        const stderr = String((err as { stderr?: string }).stderr ?? err);
        console.log(
          `  report ${format} of the ${who} strategy failed: ${stderr.split('\n').find((l) => l.startsWith('Error')) ?? stderr.slice(0, 200)}`,
        );
      }
      const pptxTarget = format === 'pptx' ? (who === 'sample' ? 500 : 5000) : undefined;
      add({
        id: `report.${who}.${format}.coldMs`,
        engine: 'sqlite',
        label: `report ${format}, ${who} strategy: first in a fresh process (loads the renderer)`,
        value: round(r.coldMs),
        unit: 'ms',
        better: 'lower',
      });
      add({
        id: `report.${who}.${format}.ms`,
        engine: 'sqlite',
        label: `report ${format}, ${who} strategy: time (median of ${SLOW_RUNS})`,
        value: round(r.ms),
        unit: 'ms',
        better: 'lower',
        ...(pptxTarget && { target: { op: '<=', value: pptxTarget } }),
      });
      add({
        id: `report.${who}.${format}.rss`,
        engine: 'sqlite',
        label: `report ${format}, ${who} strategy: peak RSS`,
        value: round(r.peakRssMb),
        unit: 'MB',
        better: 'lower',
        ...(format === 'pptx' && who === 'largest' && { target: { op: '<=', value: 400 } }),
      });
    }
  }
}

async function surveyImport(db: Db, engine: Metric['engine']): Promise<void> {
  // The survey importer registers its benchmark hook in bench/survey.ts when present.
  const hook = './survey.ts';
  const mod = (await import(hook).catch(() => null)) as {
    measureSurveyImport?: (db: Db, rows: number) => Promise<number>;
  } | null;
  if (!mod?.measureSurveyImport) return console.log('  (survey import benchmark not available)');
  // A quick run imports a smaller sheet: the rate, not the size, is the figure.
  const rows = quick ? 2000 : 5000;
  const rates: number[] = [];
  for (let run = 0; run < SLOW_RUNS; run++) rates.push(await mod.measureSurveyImport(db, rows));
  add({
    id: 'survey.rowsPerSec',
    engine,
    label: `survey-sheet import of ${rows.toLocaleString('en')} rows (median of ${SLOW_RUNS})`,
    value: round(median(rates)),
    unit: 'rows/s',
    better: 'higher',
    target: { op: '>=', value: 2000 },
  });
}

async function overHttp(db: Db, url: string, engine: Metric['engine']): Promise<void> {
  const server = await startServer(url);
  try {
    const actor = { id: 'bench', ip: '' };
    const login = `bench-reader-${Date.now().toString(36)}`;
    await createUser(
      db,
      { login, displayName: login, password: 'benchmark password', role: 'viewer' },
      actor,
    );
    const token = (await createToken(db, login, 'bench', ['read'], actor)).token;
    const seconds = quick ? 2 : 5;
    const paths = [
      {
        name: 'published dashboard tree (ETag-cached)',
        path: '/api/strategies/ai2022/cycles/ai2022-fy2022/tree',
      },
      {
        name: 'tree of the largest strategy (uncached, draft)',
        path: `/api/strategies/${LARGEST}/cycles/${OPEN}/tree`,
        headers: { authorization: `Bearer ${token}` },
      },
      { name: 'initiative page', path: `/api/initiatives/${LARGEST}-i7` },
      { name: 'search 農業', path: `/api/search?q=${encodeURIComponent('農業')}` },
    ];
    // A quick run measures the read with a target only.
    const rows = await measureThroughput(server.url, quick ? paths.slice(0, 1) : paths, seconds, SLOW_RUNS);
    for (const [i, r] of rows.entries()) {
      add({
        id: `http.${i}.rps`,
        engine,
        label: `${r.name}: req/s (bare node:http ${r.bareReqPerSec}; medians of ${SLOW_RUNS} runs of ${seconds} s)`,
        value: r.reqPerSec,
        unit: 'req/s',
        better: 'higher',
      });
      add({
        id: `http.${i}.ratio`,
        engine,
        label: `${r.name}: ratio to bare node:http`,
        value: r.ratio,
        unit: '×',
        better: 'higher',
        ...(i === 0 && { target: { op: '>=', value: 0.6 } }),
      });
      if (r.non2xx > 0)
        add({
          id: `http.${i}.non2xx`,
          engine,
          label: `${r.name}: non-2xx answers`,
          value: r.non2xx,
          unit: 'responses',
          better: 'lower',
        });
    }
    const runs: MixedResult[] = [];
    for (let run = 0; run < SLOW_RUNS; run++) {
      runs.push(
        await mixedLoad(db, server.url, {
          strategyId: LARGEST,
          cycleId: OPEN,
          readPaths: [
            '/api/strategies/ai2022/cycles/ai2022-fy2022/tree',
            `/api/initiatives/${LARGEST}-i7`,
            '/api/strategies',
          ],
          editors: 50,
          readers: 200,
          seconds: quick ? 5 : 60,
        }),
      );
    }
    // Errors and lost updates count over every run (each must be 0); times are the medians.
    const total = (of: (r: MixedResult) => number) => runs.reduce((n, r) => n + of(r), 0);
    const mixed = {
      seconds: runs[0]?.seconds ?? 0,
      errors: total((r) => r.errors),
      lostUpdates: total((r) => r.lostUpdates),
      writes: total((r) => r.writes),
      conflicts: total((r) => r.conflicts),
      reads: total((r) => r.reads),
      writeP95Ms: median(runs.map((r) => r.writeP95Ms)),
      readP95Ms: median(runs.map((r) => r.readP95Ms)),
    };
    add({
      id: 'mixed.errors',
      engine,
      label: `mixed load (50 editors saving every 1.5 s, 200 readers reading a page a second, ${SLOW_RUNS} runs of ${mixed.seconds} s): errors`,
      value: mixed.errors,
      unit: '',
      better: 'lower',
      target: { op: '<=', value: 0 },
    });
    add({
      id: 'mixed.lost',
      engine,
      label: 'mixed load: lost updates',
      value: mixed.lostUpdates,
      unit: '',
      better: 'lower',
      target: { op: '<=', value: 0 },
    });
    add({
      id: 'mixed.writes',
      engine,
      label: `mixed load: saves accepted (+${mixed.conflicts} answered 409)`,
      value: mixed.writes - mixed.conflicts,
      unit: '',
      better: 'higher',
    });
    add({
      id: 'mixed.writeP95',
      engine,
      label: `mixed load: write p95 (median of ${SLOW_RUNS} runs)`,
      value: mixed.writeP95Ms,
      unit: 'ms',
      better: 'lower',
      target: { op: '<=', value: 100 },
    });
    add({
      id: 'mixed.readP95',
      engine,
      label: `mixed load: read p95 (median of ${SLOW_RUNS} runs)`,
      value: mixed.readP95Ms,
      unit: 'ms',
      better: 'lower',
    });
    add({
      id: 'mixed.reads',
      engine,
      label: 'mixed load: reads',
      value: mixed.reads,
      unit: '',
      better: 'higher',
    });
    add({
      id: 'rss.after',
      engine,
      label: 'server RSS after the load',
      value: round(server.rssMb()),
      unit: 'MB',
      better: 'lower',
      target: { op: '<=', value: 300 },
    });
  } finally {
    await server.stop();
  }
}

/** Runs one part of the benchmark and says how long it took (what a quicker run would cut). */
async function section(name: string, fn: () => Promise<void>): Promise<void> {
  const start = performance.now();
  await fn();
  console.log(`  (${name}: ${round((performance.now() - start) / 1000)} s)`);
}

/** The host's pace at the end, the results written, and the comparison with the baseline. */
function finish(hostAtStart: number): void {
  // The host's pace at both ends of the run (a shared host's can change within it).
  const hostAtEnd = measureHost();
  add({
    id: HOST_REFERENCE,
    engine: '-',
    label: `host's pace: reference work, ms per round (bench/host.ts; ${round(hostAtStart)} at the start, ${round(hostAtEnd)} at the end)`,
    value: round((hostAtStart + hostAtEnd) / 2),
    unit: 'ms',
    better: 'lower',
  });

  fs.mkdirSync(RESULTS, { recursive: true });
  const result = {
    date: new Date().toISOString(),
    quick,
    options: opts,
    machine: { cpus: os.cpus().length, node: process.version },
    metrics,
  };
  // The portfolio part alone is written beside the full run's results, not over them.
  const name = portfolioOnly ? 'portfolio' : 'latest';
  fs.writeFileSync(path.join(RESULTS, `${name}.json`), `${JSON.stringify(result, null, 2)}\n`);
  fs.writeFileSync(path.join(RESULTS, `${name}.md`), toMarkdown(metrics));
  console.log(`\n${toMarkdown(metrics)}`);
  if (args.has('--compare') && !portfolioOnly) {
    const baselineFile = path.join(RESULTS, quick ? 'baseline-quick.json' : 'baseline.json');
    if (!fs.existsSync(baselineFile)) throw new Error(`no committed baseline at ${baselineFile}`);
    const baseline = (JSON.parse(fs.readFileSync(baselineFile, 'utf8')) as { metrics: Metric[] }).metrics;
    const factor = hostFactor(metrics, baseline);
    console.log(
      factor === null
        ? "The baseline has no figure of its host's pace: times and rates are compared as measured."
        : `This host took ${round(factor, 2)}× the baseline host's time for the reference work; times and rates are compared at the baseline host's pace.`,
    );
    const worse = regressions(metrics, baseline, 0.2, factor ?? 1);
    console.log(
      worse.length
        ? `More than 20% worse than the baseline:\n- ${worse.join('\n- ')}`
        : 'No figure is more than 20% worse than the baseline.',
    );
    if (worse.length) process.exitCode = 1;
  }
}

async function main(): Promise<void> {
  console.log(`portfolio: ${JSON.stringify(opts)}`);
  const hostAtStart = measureHost();
  const engines = (
    args.has('--no-postgres') ? (['sqlite'] as const) : (['sqlite', 'postgres'] as const)
  ).filter((e) => only === undefined || e === only);
  for (const engine of engines) {
    console.log(`\n## ${engine}`);
    const { db, url, loaded, markLoaded, cleanup } = await prepare(engine);
    try {
      if (loaded) {
        // Newer migrations still apply; the digests are written anew from the current code
        // (the portfolio's first read of each snapshot does it), as after a restore.
        await migrateToLatest(db);
        await sql`delete from snapshot_digests`.execute(db.kysely);
        if (engine === 'postgres') await settle(db);
        console.log(`  (load: reused the database kept for ${REUSE_KEY})`);
      } else {
        await section('load', () => load(db, engine));
        if (reuse) await markLoaded();
      }
      if (loadOnly) continue;
      await section('portfolio reads', () => portfolioReads(db, engine));
      if (portfolioOnly) continue;
      await section('in-process reads', () => inProcess(db, engine));
      if (engine === 'sqlite') await section('reports', async () => reports(url));
      await section('survey import', () => surveyImport(db, engine));
      await section('over HTTP', () => overHttp(db, url, engine));
    } finally {
      await db.close();
      await cleanup();
    }
  }
  if (loadOnly) return;
  if (portfolioOnly) return finish(hostAtStart);
  const bundle = measureWebBundle();
  add({
    id: 'web.js',
    engine: '-',
    label: "dashboard's first-load JavaScript (gzip)",
    value: round(bundle.totalGzipBytes / 1024),
    unit: 'KB',
    better: 'lower',
    target: { op: '<=', value: 300 },
  });
  if (!args.has('--no-lighthouse')) {
    await section('Lighthouse', async () => {
      for (const m of lighthouseMetrics(await runLighthouse({ runs: quick ? 1 : 3 }))) add(m);
    });
  }
  finish(hostAtStart);
}

await main();
