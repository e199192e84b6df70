/**
 * `npm run bench [-- --quick] [-- --postgres URL]`: loads the synthetic portfolio and
 * measures. Never part of `npm test`. Results go to bench/results/latest.{json,md}.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { countQueries, openDatabase, type Db } from '../src/db/database.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { SYSTEM } from '../src/domain/access.ts';
import { importStrategy } from '../src/services/interchange.service.ts';
import { getTree } from '../src/services/strategies.service.ts';
import { FULL, QUICK, generatePortfolio, type PortfolioOptions } from './generate.ts';

interface Row {
  engine: string;
  measure: string;
  value: number;
  unit: string;
}

const args = process.argv.slice(2);
const opts: PortfolioOptions = args.includes('--quick') ? QUICK : FULL;
const pgFlag = args.indexOf('--postgres');
const pgUrl = pgFlag >= 0 ? args[pgFlag + 1] : process.env.BENCH_DATABASE_URL;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? NaN;
}

async function measureEngine(db: Db, rows: Row[]): Promise<void> {
  await migrateToLatest(db);
  const t0 = performance.now();
  let entries = 0;
  for (const strategy of generatePortfolio(opts)) {
    await importStrategy(db, strategy, { actor: 'bench', replace: true });
    entries += (strategy.cycles ?? []).reduce((n, c) => n + (c.progress?.length ?? 0), 0);
  }
  const loadSeconds = (performance.now() - t0) / 1000;
  rows.push({ engine: db.engine, measure: 'load portfolio: progress entries', value: entries, unit: 'rows' });
  rows.push({ engine: db.engine, measure: 'load portfolio: time', value: round(loadSeconds), unit: 's' });
  const largest = 'bench-s00';
  const cycle = `${largest}-fy${2021 + opts.cycles - 2}`;
  const times: number[] = [];
  let queries = 0;
  for (let i = 0; i < 15; i++) {
    const start = performance.now();
    const counted = await countQueries(() => getTree(db, largest, cycle, SYSTEM));
    times.push(performance.now() - start);
    queries = counted.queries;
  }
  rows.push({
    engine: db.engine,
    measure: 'tree of the largest strategy (uncached), median',
    value: round(median(times)),
    unit: 'ms',
  });
  rows.push({
    engine: db.engine,
    measure: 'tree of the largest strategy: SQL statements',
    value: queries,
    unit: 'statements',
  });
}

const round = (n: number): number => Math.round(n * 10) / 10;

async function main(): Promise<void> {
  const rows: Row[] = [];
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shinchoku-bench-'));
  const sqlite = await openDatabase({ kind: 'sqlite', file: path.join(dir, 'bench.db') });
  try {
    await measureEngine(sqlite, rows);
  } finally {
    await sqlite.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
  if (pgUrl) {
    const pg = await openDatabase({ kind: 'postgres', url: pgUrl });
    try {
      await measureEngine(pg, rows);
    } finally {
      await pg.close();
    }
  }
  const md = [
    '| engine | measure | value | unit |',
    '| --- | --- | ---: | --- |',
    ...rows.map((r) => `| ${r.engine} | ${r.measure} | ${r.value} | ${r.unit} |`),
  ].join('\n');
  const out = path.resolve(import.meta.dirname, 'results');
  fs.mkdirSync(out, { recursive: true });
  fs.writeFileSync(path.join(out, 'latest.json'), `${JSON.stringify({ options: opts, rows }, null, 2)}\n`);
  fs.writeFileSync(path.join(out, 'latest.md'), `${md}\n`);
  console.log(md);
}

await main();
