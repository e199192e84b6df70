/**
 * Prometheus metrics at GET /metrics (prom-client), one registry per app: requests by route
 * pattern (never the raw URL), the PostgreSQL pool, background job runs and failures, and
 * the mail outbox depth read at scrape time. Answered on loopback only — and not for a
 * request relayed by a proxy — unless METRICS_TOKEN is set; then a bearer token is needed
 * from anywhere.
 */
import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { Db } from '../db/database.ts';
import type { JobObserver } from '../services/jobs.service.ts';
import { outboxDepth } from '../services/mail.service.ts';
import { errorBody } from './errors.ts';

export interface Metrics {
  registry: Registry;
  /** Counts the background jobs' runs (the jobs scheduler reports to it). */
  jobs: JobObserver;
  observeRequest(method: string, route: string, status: number, seconds: number): void;
}

const PREFIX = 'shinchoku_';

/**
 * The metrics of one app. `processMetrics` adds Node's own (memory, CPU, event loop lag):
 * for the server, not for the many apps a test run builds.
 */
export function createMetrics(db: Db, opts: { processMetrics?: boolean } = {}): Metrics {
  const registry = new Registry();
  if (opts.processMetrics) collectDefaultMetrics({ register: registry, prefix: PREFIX });
  const labelNames = ['method', 'route', 'status_code'] as const;
  const requests = new Counter({
    name: `${PREFIX}http_requests_total`,
    help: 'HTTP requests answered, by route pattern',
    labelNames,
    registers: [registry],
  });
  const durations = new Histogram({
    name: `${PREFIX}http_request_duration_seconds`,
    help: 'Time to answer an HTTP request, by route pattern',
    labelNames,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const runs = new Counter({
    name: `${PREFIX}job_runs_total`,
    help: 'Runs of a background job (mail, reminders), failed ones included',
    labelNames: ['job'],
    registers: [registry],
  });
  const failures = new Counter({
    name: `${PREFIX}job_failures_total`,
    help: 'Failed runs of a background job',
    labelNames: ['job'],
    registers: [registry],
  });
  const lastSuccess = new Gauge({
    name: `${PREFIX}job_last_success_timestamp_seconds`,
    help: 'When a background job last ran without failing (Unix time)',
    labelNames: ['job'],
    registers: [registry],
  });
  new Gauge({
    name: `${PREFIX}mail_outbox_depth`,
    help: 'Notifications waiting to be e-mailed (NaN when the database does not answer)',
    registers: [registry],
    async collect() {
      this.set(await outboxDepth(db).catch(() => Number.NaN));
    },
  });
  const poolStats = db.poolStats;
  if (poolStats) {
    new Gauge({
      name: `${PREFIX}db_pool_connections`,
      help: 'PostgreSQL pool: connections open (total), idle, and callers waiting for one',
      labelNames: ['state'],
      registers: [registry],
      collect() {
        const stats = poolStats();
        this.set({ state: 'total' }, stats.total);
        this.set({ state: 'idle' }, stats.idle);
        this.set({ state: 'waiting' }, stats.waiting);
      },
    });
  }
  return {
    registry,
    jobs: {
      finished(job, _seconds, failed) {
        runs.inc({ job });
        if (failed) failures.inc({ job });
        else lastSuccess.set({ job }, Date.now() / 1000);
      },
    },
    observeRequest(method, route, status, seconds) {
      const labels = { method, route, status_code: String(status) };
      requests.inc(labels);
      durations.observe(labels, seconds);
    },
  };
}

/** Counts every answered request under its route pattern, and serves GET /metrics. */
export function registerMetrics(app: FastifyInstance, metrics: Metrics, token: string | undefined): void {
  app.addHook('onResponse', async (request, reply) => {
    // Unmatched URLs share one label, so that scanning for paths cannot grow the series.
    const route = request.routeOptions.url ?? 'unmatched';
    metrics.observeRequest(request.method, route, reply.statusCode, reply.elapsedTime / 1000);
  });
  app.get('/metrics', async (request, reply) => {
    const refusal = refuse(request, token);
    if (refusal) return reply.status(refusal.status).send(errorBody(refusal.code, refusal.message));
    const text = await metrics.registry.metrics();
    return reply.header('cache-control', 'no-store').type(metrics.registry.contentType).send(text);
  });
}

function refuse(
  request: FastifyRequest,
  token: string | undefined,
): { status: number; code: 'unauthorized' | 'forbidden'; message: string } | null {
  if (token !== undefined) {
    const given = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '')?.[1] ?? '';
    return sameText(given, token)
      ? null
      : { status: 401, code: 'unauthorized', message: 'the metrics need the METRICS_TOKEN bearer token' };
  }
  // The socket's own address, not request.ip: a proxy on this host connects from loopback,
  // and says whom it relays in its forwarding headers.
  const relayed = request.headers['x-forwarded-for'] !== undefined || request.headers.forwarded !== undefined;
  if (isLoopback(request.socket.remoteAddress) && !relayed) return null;
  return {
    status: 403,
    code: 'forbidden',
    message: 'the metrics are answered on loopback only (set METRICS_TOKEN to read them from elsewhere)',
  };
}

function isLoopback(address: string | undefined): boolean {
  if (address === undefined) return false;
  const v4 = address.startsWith('::ffff:') ? address.slice(7) : address;
  return v4 === '::1' || /^127\.\d+\.\d+\.\d+$/.test(v4);
}

function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
