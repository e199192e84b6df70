/**
 * `npm run soak [-- --minutes N]`: a bounded mixed load on the real server, then a verdict.
 * Never part of `npm test`.
 *
 * A fresh SQLite file gets the sample, an open FY2023 cycle and editor sessions; then the
 * server (`shinchoku serve --no-sample`, LOG_LEVEL=error) takes, on loopback, for N minutes
 * (default 5): readers on the public pages and APIs (autocannon, rate-capped) and editors
 * saving entries with versions (fetch loops, paced). The server's resident memory is read
 * from /proc/PID/status every 10 seconds. Passes when the server logged no error, no
 * response was a 5xx or a dropped connection, and RSS grew by less than 10% between the
 * first and the last minute. Stops by itself; removes its files.
 *
 * Reading the memory figures: a Node process's RSS saw-tooths with garbage collection (here
 * about 250 → 360 MB and back over two to three minutes), so one-minute means move by ±10%
 * from run to run with no leak at all. The ranges printed beside them show the floors
 * (after a major collection); a leak raises the floor.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { openDatabase } from '../src/db/database.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { SYSTEM_ACTOR } from '../src/services/audit.service.ts';
import { createUser } from '../src/services/accounts.service.ts';
import { createCycle, openCycle } from '../src/services/cycles.service.ts';
import { loadSample } from '../src/services/sample.service.ts';
import { freePort } from './lib/server.ts';
import { percentile, round } from './lib/stats.ts';

const ROOT = path.resolve(import.meta.dirname, '..');
const SAMPLE_EVERY_MS = 10_000;
const MAX_GROWTH = 0.1;
/** Reader requests per second, all connections together: bounded, and leaves the writers room. */
const READ_RATE = 120;
const WRITERS = 3;
const WRITE_PAUSE_MS = 150;

function minutesArg(): number {
  const at = process.argv.indexOf('--minutes');
  const value = at >= 0 ? Number(process.argv[at + 1]) : 5;
  if (!Number.isFinite(value) || value <= 0 || value > 60) {
    throw new Error('--minutes takes a number of minutes between 0 and 60');
  }
  return value;
}

const READ_PATHS = [
  '/api/strategies',
  '/api/strategies/ai2022/cycles/ai2022-fy2022/tree',
  '/api/initiatives?strategy=ai2022',
  '/api/organisations',
  '/api/indicators/ai2022-k1',
  `/api/search?q=${encodeURIComponent('デジタルツイン')}`,
  '/api/strategies/ai2022/cycles/ai2022-fy2022/suggestions',
  '/api/strategies/ai2022/indicators',
  '/api/strategies/ai2022/cycles/ai2022-fy2022/report.html',
  '/',
  '/strategies/ai2022/cycles/ai2022-fy2022',
];

/** Sample, users, an open cycle; returns the editors' sign-in cookies and the entry ids. */
async function prepare(file: string): Promise<{ logins: string[]; entries: string[] }> {
  const db = await openDatabase({ kind: 'sqlite', file });
  try {
    await migrateToLatest(db);
    await loadSample(db);
    const password = 'soak test password 2023';
    const admin = await createUser(
      db,
      { login: 'soak-admin', displayName: 'soak', password, role: 'admin' },
      SYSTEM_ACTOR,
    );
    const principal = { ...admin, userId: admin.id, via: 'session' as const };
    const cycle = await createCycle(
      db,
      'ai2022',
      { fiscalYear: 2023, asOf: '2024-04' },
      principal,
      SYSTEM_ACTOR,
    );
    await openCycle(db, cycle.id, cycle.version, principal, SYSTEM_ACTOR);
    const logins: string[] = [];
    for (let i = 0; i < WRITERS; i++) {
      const login = `soak-editor-${i}`;
      await createUser(
        db,
        {
          login,
          displayName: login,
          password,
          role: 'editor',
          organisationIds: [
            'csti',
            'cao',
            'mic',
            'mext',
            'mhlw',
            'maff',
            'meti',
            'mlit',
            'env',
            'mod',
            'digital',
            'ppc',
          ],
        },
        SYSTEM_ACTOR,
      );
      logins.push(login);
    }
    const entries = await db.kysely
      .selectFrom('progressEntries')
      .select('id')
      .where('cycleId', '=', cycle.id)
      .orderBy('id')
      .execute();
    return { logins: logins.map((l) => `${l}\n${password}`), entries: entries.map((e) => e.id) };
  } finally {
    await db.close();
  }
}

interface Writes {
  saved: number;
  conflicts: number;
  failed: string[];
  latencies: number[];
}

/** One editor: log in, then read-and-save entries with their version until the deadline. */
async function writer(
  base: string,
  credentials: string,
  entries: string[],
  until: number,
  w: Writes,
  seed: number,
) {
  const [login, password] = credentials.split('\n') as [string, string];
  const res = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ login, password }),
  });
  if (res.status !== 200) {
    w.failed.push(`login ${res.status}`);
    return;
  }
  const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  const { csrfToken } = (await res.json()) as { csrfToken: string };
  const headers = { cookie, 'x-csrf-token': csrfToken, 'content-type': 'application/json' };
  for (let k = 0; Date.now() < until && k < 100_000; k++) {
    const id = entries[(seed * 7 + k * 3) % entries.length];
    if (id === undefined) return;
    try {
      const started = performance.now();
      const got = await fetch(`${base}/api/entries/${id}`, { headers });
      if (got.status !== 200) {
        w.failed.push(`GET entry ${got.status}`);
        continue;
      }
      const { entry } = (await got.json()) as { entry: { version: number } };
      const put = await fetch(`${base}/api/entries/${id}`, {
        method: 'PUT',
        headers,
        body: JSON.stringify({
          version: entry.version,
          text: `負荷試験の保存 ${login} ${k}：${'進捗を記載する。'.repeat(1 + (k % 20))}`,
          stage: null,
          plans: [{ period: 'FY2024', text: '次年度も継続する。' }],
        }),
      });
      await put.arrayBuffer();
      w.latencies.push(performance.now() - started);
      if (put.status === 200) w.saved += 1;
      else if (put.status === 409) w.conflicts += 1;
      else w.failed.push(`PUT entry ${put.status}`);
    } catch (err) {
      w.failed.push(`network: ${(err as Error).message}`);
    }
    await new Promise((r) => setTimeout(r, WRITE_PAUSE_MS));
  }
}

const rssKb = (pid: number): number =>
  Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? NaN);

const mean = (values: number[]): number => values.reduce((a, b) => a + b, 0) / Math.max(1, values.length);

async function main(): Promise<number> {
  const minutes = minutesArg();
  const seconds = Math.round(minutes * 60);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shinchoku-soak-'));
  const file = path.join(dir, 'soak.db');
  const { logins, entries } = await prepare(file);
  const port = await freePort();
  const server = spawn(process.execPath, [path.join(ROOT, 'bin/shinchoku.js'), 'serve', '--no-sample'], {
    cwd: ROOT,
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATABASE_URL: `sqlite:${file}`,
      LOG_LEVEL: 'error',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  // With LOG_LEVEL=error every log line is an error; anything on stderr is one too.
  const errorLines: string[] = [];
  let startedUp = false;
  server.stdout.on('data', (d: Buffer) => {
    for (const line of d
      .toString()
      .split('\n')
      .filter((l) => l.trim() !== '')) {
      if (line.startsWith('{') || startedUp) errorLines.push(line);
      else if (/listening on/.test(line)) startedUp = true;
    }
  });
  server.stderr.on('data', (d: Buffer) =>
    errorLines.push(
      ...d
        .toString()
        .split('\n')
        .filter((l) => l.trim() !== ''),
    ),
  );
  const base = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (server.exitCode !== null) return;
    const exited = new Promise((r) => server.once('exit', r));
    server.kill('SIGTERM');
    const timer = setTimeout(() => server.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  };
  try {
    for (let i = 0; ; i++) {
      if (server.exitCode !== null || i > 600) throw new Error('the server did not start');
      try {
        if ((await fetch(`${base}/api/health`)).ok) break;
      } catch {
        // not listening yet
      }
      await new Promise((r) => setTimeout(r, 200));
    }
    const pid = server.pid;
    if (pid === undefined) throw new Error('the server process has no pid');
    console.log(`soak: ${minutes} min on ${base} (pid ${pid}), sqlite ${file}`);

    const t0 = Date.now();
    const until = t0 + seconds * 1000;
    const samples: { at: number; kb: number }[] = [{ at: 0, kb: rssKb(pid) }];
    const sampler = setInterval(() => {
      samples.push({ at: (Date.now() - t0) / 1000, kb: rssKb(pid) });
      const last = samples.at(-1) ?? { at: 0, kb: NaN };
      console.log(`  ${String(Math.round(last.at)).padStart(4)} s  RSS ${round(last.kb / 1024)} MB`);
    }, SAMPLE_EVERY_MS);
    const writes: Writes = { saved: 0, conflicts: 0, failed: [], latencies: [] };
    const [reads] = await Promise.all([
      autocannon({
        url: base,
        connections: 8,
        duration: seconds,
        overallRate: READ_RATE,
        requests: READ_PATHS.map((p) => ({ method: 'GET' as const, path: p })),
      }),
      ...logins.map((l, i) => writer(base, l, entries, until, writes, i)),
    ]);
    clearInterval(sampler);
    samples.push({ at: (Date.now() - t0) / 1000, kb: rssKb(pid) });

    const codes =
      (reads as unknown as { statusCodeStats?: Record<string, { count: number }> }).statusCodeStats ?? {};
    const read5xx = Object.entries(codes)
      .filter(([code]) => code.startsWith('5'))
      .reduce((n, [, v]) => n + v.count, 0);
    const readOther = Object.entries(codes)
      .filter(([code]) => !code.startsWith('2') && !code.startsWith('5'))
      .map(([code, v]) => `${code}×${v.count}`);
    const write5xx = writes.failed.filter((f) => /\s5\d\d$/.test(f)).length;
    // The sample at 0 s is the idle server before the load; the windows are of the load.
    const window = Math.min(60, seconds / 2);
    const firstWindow = samples.filter((s) => s.at > 0 && s.at <= window).map((s) => s.kb);
    const lastWindow = samples.filter((s) => s.at >= seconds - window).map((s) => s.kb);
    const first = mean(firstWindow);
    const last = mean(lastWindow);
    const growth = (last - first) / first;
    const span = (kb: number[]) => `${round(Math.min(...kb) / 1024)}–${round(Math.max(...kb) / 1024)} MB`;
    const serverErrors = errorLines.length + read5xx + write5xx + reads.errors + reads.timeouts;
    const lat = reads.latency as unknown as Record<string, number>;
    const rows: [string, string][] = [
      ['duration', `${round((Date.now() - t0) / 1000)} s`],
      [
        'reads',
        `${reads.requests.total} (${round(reads.requests.average)} req/s, p50 ${lat.p50} ms, p99 ${lat.p99} ms)`,
      ],
      [
        'reads not 2xx',
        readOther.length === 0 && read5xx === 0 ? '0' : `${readOther.join(', ')} 5xx×${read5xx}`,
      ],
      ['read socket errors / timeouts', `${reads.errors} / ${reads.timeouts}`],
      [
        'saves',
        `${writes.saved} saved, ${writes.conflicts} conflicts (409), p95 ${round(percentile(writes.latencies, 0.95))} ms`,
      ],
      [
        'failed writes',
        writes.failed.length === 0
          ? '0'
          : `${writes.failed.length}: ${[...new Set(writes.failed)].slice(0, 5).join('; ')}`,
      ],
      ['server error log lines', String(errorLines.length)],
      ['server errors (total)', String(serverErrors)],
      ['RSS idle before the load', `${round((samples[0]?.kb ?? NaN) / 1024)} MB`],
      ['RSS first minute (mean)', `${round(first / 1024)} MB (range ${span(firstWindow)})`],
      ['RSS last minute (mean)', `${round(last / 1024)} MB (range ${span(lastWindow)})`],
      ['RSS growth', `${round(growth * 100)} % (limit ${MAX_GROWTH * 100} %)`],
      ['RSS samples', samples.map((s) => round(s.kb / 1024, 0)).join(' ')],
    ];
    for (const [k, v] of rows) console.log(`${k.padEnd(30)} ${v}`);
    for (const line of errorLines.slice(0, 10)) console.log(`  server: ${line.slice(0, 300)}`);
    const pass = serverErrors === 0 && writes.failed.length === 0 && growth < MAX_GROWTH;
    console.log(pass ? 'soak: PASS' : 'soak: FAIL');
    return pass ? 0 : 1;
  } finally {
    await stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

process.exitCode = await main();
