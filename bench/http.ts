/**
 * Read throughput of the real server against a bare node:http server that sends the
 * identical bytes, in the same run: the ratio is the figure that counts.
 */
import http from 'node:http';
import autocannon from 'autocannon';
import { round } from './lib/stats.ts';

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

/** A bare node:http server answering every request with these bytes and headers. */
async function bare(body: Buffer, contentType: string): Promise<{ url: string; close: () => Promise<void> }> {
  const server = http.createServer((_req, res) => {
    res.writeHead(200, { 'content-type': contentType, 'content-length': body.length });
    res.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return { url: `http://127.0.0.1:${port}/`, close: () => new Promise((r) => server.close(() => r())) };
}

export async function measureThroughput(
  base: string,
  targets: { name: string; path: string; headers?: Record<string, string> }[],
  seconds: number,
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
    const ours = await hammer(url, headers, seconds);
    const reference = await bare(body, sample.headers.get('content-type') ?? 'application/json');
    const theirs = await hammer(reference.url, {}, seconds);
    await reference.close();
    rows.push({
      name: target.name,
      url: target.path,
      reqPerSec: round(ours.reqPerSec),
      p95Ms: ours.p95Ms,
      bareReqPerSec: round(theirs.reqPerSec),
      ratio: round(ours.reqPerSec / theirs.reqPerSec, 2),
      non2xx: ours.non2xx,
    });
  }
  return rows;
}
