/**
 * Read throughput of the real server against a bare node:http server that sends the
 * identical bytes, in the same run: the ratio is the figure that counts. Each read is
 * measured in several runs, the two servers taking turns; the figures are the runs' medians.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { median, round } from './lib/stats.ts';

export interface ThroughputRow {
  name: string;
  url: string;
  reqPerSec: number;
  p95Ms: number;
  bareReqPerSec: number;
  ratio: number;
  non2xx: number;
}

async function hammer(url: string, headers: Record<string, string>, seconds: number) {
  const result = await autocannon({ url, connections: 32, duration: seconds, headers });
  const latency = result.latency as unknown as Record<string, number>;
  return {
    reqPerSec: result.requests.average,
    p95Ms: latency.p97_5 ?? latency.p99 ?? NaN,
    non2xx: result.non2xx,
  };
}

/**
 * A bare node:http server answering every request with these bytes and headers, in a
 * process of its own as the real server is: in the load generator's process it would share
 * no CPU with anything else the machine runs, and the ratio would say more about the
 * machine than about the server.
 */
async function bare(body: Buffer, contentType: string): Promise<{ url: string; close: () => Promise<void> }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shinchoku-bare-'));
  const file = path.join(dir, 'body');
  fs.writeFileSync(file, body);
  const script = `
    const http = require('node:http');
    const body = require('node:fs').readFileSync(process.argv[1]);
    const headers = { 'content-type': process.argv[2], 'content-length': body.length };
    const server = http.createServer((_req, res) => { res.writeHead(200, headers); res.end(body); });
    server.listen(0, '127.0.0.1', () => process.stdout.write(server.address().port + '\\n'));`;
  const child = spawn(process.execPath, ['-e', script, file, contentType], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const port = await new Promise<number>((resolve, reject) => {
    child.stdout.once('data', (chunk: Buffer) => resolve(Number(String(chunk).trim())));
    child.once('exit', (code) => reject(new Error(`bare server exited with ${code}`)));
  });
  return {
    url: `http://127.0.0.1:${port}/`,
    close: async () => {
      child.kill();
      await new Promise((resolve) => child.once('exit', resolve));
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function measureThroughput(
  base: string,
  targets: { name: string; path: string; headers?: Record<string, string> }[],
  seconds: number,
  runs: number,
): Promise<ThroughputRow[]> {
  const rows: ThroughputRow[] = [];
  for (const target of targets) {
    const url = `${base}${target.path}`;
    const headers = target.headers ?? {};
    const sample = await fetch(url, { headers });
    const body = Buffer.from(await sample.arrayBuffer());
    // Untimed first: a server just started is still compiling its hot paths, which would
    // weigh on a short run (the bare server has nothing to warm).
    await hammer(url, headers, Math.min(1, seconds / 4));
    const reference = await bare(body, sample.headers.get('content-type') ?? 'application/json');
    const measured: { ours: Awaited<ReturnType<typeof hammer>>; theirs: number }[] = [];
    try {
      // Taking turns, so that a change in the host's pace falls on both servers alike.
      for (let run = 0; run < runs; run++) {
        const ours = await hammer(url, headers, seconds);
        const theirs = await hammer(reference.url, {}, seconds);
        measured.push({ ours, theirs: theirs.reqPerSec });
      }
    } finally {
      await reference.close();
    }
    rows.push({
      name: target.name,
      url: target.path,
      reqPerSec: round(median(measured.map((m) => m.ours.reqPerSec))),
      p95Ms: median(measured.map((m) => m.ours.p95Ms)),
      bareReqPerSec: round(median(measured.map((m) => m.theirs))),
      ratio: round(median(measured.map((m) => m.ours.reqPerSec / m.theirs)), 2),
      non2xx: measured.reduce((n, m) => n + m.ours.non2xx, 0),
    });
  }
  return rows;
}
