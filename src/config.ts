/**
 * The one place environment variables are read. Everything else receives a `Config`.
 */
import path from 'node:path';
import { z } from 'zod';

const EnvSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  /** `postgres://…` for PostgreSQL, `sqlite:PATH` or a plain file path for SQLite. */
  DATABASE_URL: z.string().optional(),
  DATA_DIR: z.string().default('var'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  CHROMIUM_PATH: z.string().optional(),
  /** smtp://user:pass@host:587 or smtps://…; notifications are e-mailed when set. */
  SMTP_URL: z.string().optional(),
  MAIL_FROM: z.string().default('shinchoku <noreply@localhost>'),
  /** Set when the server sits behind an HTTPS proxy: cookies become Secure, HSTS is sent. */
  TRUST_PROXY: z
    .enum(['0', '1', 'true', 'false'])
    .default('0')
    .transform((v) => v === '1' || v === 'true'),
  /** The address people reach the server at (e-mail links and anything absolute). */
  PUBLIC_URL: z.string().optional(),
  /** Longest a single SQL statement of the server may run on PostgreSQL (0: no limit). */
  DATABASE_STATEMENT_TIMEOUT_MS: z.coerce.number().int().min(0).default(30_000),
  /** How long a SQLite statement waits for another writer's lock before failing. */
  SQLITE_BUSY_TIMEOUT_MS: z.coerce.number().int().min(0).default(5_000),
  /** When set, GET /metrics needs `Authorization: Bearer <token>`; otherwise loopback only. */
  METRICS_TOKEN: z.preprocess(
    (v) => (v === '' ? undefined : v),
    z.string().min(16, 'must be at least 16 characters').optional(),
  ),
  /** How often each server looks for notifications to e-mail (SMTP_URL set). */
  MAIL_INTERVAL_SECONDS: z.coerce.number().positive().default(30),
  /** How often each server looks for deadlines to remind editors of. */
  REMINDER_INTERVAL_SECONDS: z.coerce.number().positive().default(3600),
});

export type DatabaseTarget = { kind: 'sqlite'; file: string } | { kind: 'postgres'; url: string };

export interface Config {
  port: number;
  host: string;
  database: DatabaseTarget;
  dataDir: string;
  logLevel: z.infer<typeof EnvSchema>['LOG_LEVEL'];
  chromiumPath: string | undefined;
  trustProxy: boolean;
  smtpUrl: string | undefined;
  mailFrom: string;
  /** Without a trailing slash, e.g. `https://shinchoku.example.go.jp`. */
  publicUrl: string;
  /** Whether PUBLIC_URL was given (or derived from HOST and PORT). */
  publicUrlSet: boolean;
  statementTimeoutMs: number;
  busyTimeoutMs: number;
  metricsToken: string | undefined;
  mailIntervalMs: number;
  reminderIntervalMs: number;
}

export class ConfigError extends Error {}

/**
 * Parses a database URL. `postgres://` and `postgresql://` select PostgreSQL; `sqlite:FILE`,
 * `file:FILE` or a bare path select an embedded SQLite file.
 *
 * @example parseDatabaseUrl('postgres://localhost/test') // { kind: 'postgres', … }
 * @example parseDatabaseUrl('sqlite:var/a.db')          // { kind: 'sqlite', file: 'var/a.db' }
 */
export function parseDatabaseUrl(url: string | undefined, dataDir = 'var'): DatabaseTarget {
  if (url === undefined || url.trim() === '') {
    return { kind: 'sqlite', file: path.join(dataDir, 'shinchoku.db') };
  }
  const value = url.trim();
  if (/^postgres(ql)?:\/\//i.test(value)) {
    try {
      const parsed = new URL(value);
      if (!parsed.hostname && !parsed.searchParams.get('host')) throw new Error('no host');
    } catch {
      throw new ConfigError(`DATABASE_URL is not a valid PostgreSQL URL: ${redact(value)}`);
    }
    return { kind: 'postgres', url: value };
  }
  const sqlite = /^(sqlite|file):(\/\/)?(.*)$/i.exec(value);
  if (sqlite) {
    const file = sqlite[3] ?? '';
    if (file === '') throw new ConfigError('DATABASE_URL names no SQLite file (sqlite:PATH)');
    return { kind: 'sqlite', file };
  }
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(value)) {
    throw new ConfigError(
      `DATABASE_URL has an unsupported scheme: ${redact(value)} (use postgres:// or sqlite:PATH)`,
    );
  }
  return { kind: 'sqlite', file: value };
}

/**
 * The public base URL: PUBLIC_URL without its trailing slash, or the listening address
 * (loopback when the server listens on every interface).
 *
 * @example parsePublicUrl('https://example.go.jp/shinchoku/', '0.0.0.0', 3000) // 'https://example.go.jp/shinchoku'
 * @example parsePublicUrl(undefined, '0.0.0.0', 3000)                          // 'http://localhost:3000'
 */
export function parsePublicUrl(value: string | undefined, host: string, port: number): string {
  if (value === undefined || value.trim() === '') {
    const name = host === '0.0.0.0' || host === '::' ? 'localhost' : host.includes(':') ? `[${host}]` : host;
    return `http://${name}:${port}`;
  }
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    throw new ConfigError(`PUBLIC_URL is not a URL: ${value}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ConfigError(`PUBLIC_URL must start with https:// or http://: ${value}`);
  }
  if (url.search !== '' || url.hash !== '' || url.username !== '' || url.password !== '') {
    throw new ConfigError(`PUBLIC_URL must hold no query, fragment or credentials: ${value}`);
  }
  return url.toString().replace(/\/+$/, '');
}

/** Hides a password in a URL before it is shown in a message. */
export function redact(url: string): string {
  return url.replace(/(\/\/[^:/@]+:)[^@]*@/, '$1***@');
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ConfigError(`invalid environment: ${issue?.path.join('.')}: ${issue?.message}`);
  }
  const e = parsed.data;
  return {
    port: e.PORT,
    host: e.HOST,
    database: parseDatabaseUrl(e.DATABASE_URL, e.DATA_DIR),
    dataDir: e.DATA_DIR,
    logLevel: e.LOG_LEVEL,
    chromiumPath: e.CHROMIUM_PATH,
    trustProxy: e.TRUST_PROXY,
    smtpUrl: e.SMTP_URL,
    mailFrom: e.MAIL_FROM,
    publicUrl: parsePublicUrl(e.PUBLIC_URL, e.HOST, e.PORT),
    publicUrlSet: e.PUBLIC_URL !== undefined && e.PUBLIC_URL.trim() !== '',
    statementTimeoutMs: e.DATABASE_STATEMENT_TIMEOUT_MS,
    busyTimeoutMs: e.SQLITE_BUSY_TIMEOUT_MS,
    metricsToken: e.METRICS_TOKEN,
    mailIntervalMs: Math.round(e.MAIL_INTERVAL_SECONDS * 1000),
    reminderIntervalMs: Math.round(e.REMINDER_INTERVAL_SECONDS * 1000),
  };
}
