/**
 * The one place environment variables are read. Everything else receives a `Config`.
 */
import { isIP } from 'node:net';
import path from 'node:path';
import { z } from 'zod';
import { isRole, type Role } from './domain/access.ts';

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
  /** Proxies in front of the server: a number of hops or a list of addresses (parseTrustProxy). */
  TRUST_PROXY: z.string().default('0'),
  /** Lifetime (and longest allowed lifetime) of a new API token, in days. */
  TOKEN_TTL_DAYS: z.coerce.number().int().min(1).max(3650).default(90),
  /** Roles that must sign in with a second factor, e.g. "admin,reviewer". */
  MFA_REQUIRED_ROLES: z.string().default(''),
  /** 32 bytes, base64 or hex: encrypts TOTP secrets at rest. TOTP is off without it. */
  MFA_SECRET_KEY: z.string().optional(),
  OIDC_ISSUER: z.string().optional(),
  OIDC_CLIENT_ID: z.string().optional(),
  OIDC_CLIENT_SECRET: z.string().optional(),
  OIDC_REDIRECT_URI: z.string().optional(),
  OIDC_SCOPES: z.string().default('openid profile email'),
  OIDC_ROLE_CLAIM: z.string().default('roles'),
  OIDC_ROLE_MAP: z.string().optional(),
  OIDC_ORG_CLAIM: z.string().optional(),
  OIDC_ORG_MAP: z.string().optional(),
  OIDC_LOGIN_CLAIM: z.string().default('preferred_username'),
  OIDC_REQUIRED_AMR: z.string().default(''),
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

/**
 * Which peers are proxies whose X-Forwarded-For and X-Forwarded-Proto are believed: a number
 * of hops counted from the server (0: none), or the proxies' addresses and CIDR ranges.
 * The client address is then the right-most untrusted one, never the left-most (which the
 * client writes itself).
 */
export type TrustProxy = number | string[];

/** Single sign-on with the ministries' OpenID Connect provider (authorization code + PKCE). */
export interface OidcConfig {
  issuer: string;
  clientId: string;
  clientSecret: string;
  redirectUri: string;
  scopes: string;
  /** The claim holding the user's roles or groups (a string or an array of strings). */
  roleClaim: string;
  /** Claim value → role; when several values map, the most privileged role wins. */
  roleMap: Record<string, Role>;
  /** The claim holding the user's ministries; without it SSO users belong to none. */
  orgClaim: string | undefined;
  /** Claim value → organisation id; without a map the values are organisation ids. */
  orgMap: Record<string, string> | undefined;
  loginClaim: string;
  /** For roles in MFA_REQUIRED_ROLES: `amr` values of which the ID token must list one. */
  requiredAmr: string[];
}

export interface AuthConfig {
  tokenTtlDays: number;
  mfaRequiredRoles: Role[];
  /** AES-256-GCM key for TOTP secrets; undefined: TOTP cannot be enrolled. */
  mfaKey: Buffer | undefined;
  oidc: OidcConfig | undefined;
}

/** Local accounts only, tokens for 90 days, no second factor required. */
export const DEFAULT_AUTH: AuthConfig = {
  tokenTtlDays: 90,
  mfaRequiredRoles: [],
  mfaKey: undefined,
  oidc: undefined,
};

export type DatabaseTarget = { kind: 'sqlite'; file: string } | { kind: 'postgres'; url: string };

export interface Config {
  port: number;
  host: string;
  database: DatabaseTarget;
  dataDir: string;
  logLevel: z.infer<typeof EnvSchema>['LOG_LEVEL'];
  chromiumPath: string | undefined;
  trustProxy: TrustProxy;
  auth: AuthConfig;
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

/**
 * TRUST_PROXY: `0` (no proxy), a hop count (`1`: one reverse proxy; `true` is read as 1), or
 * a comma-separated list of proxy addresses and CIDR ranges (or `loopback`, `uniquelocal`).
 * @example parseTrustProxy('2')                      // 2
 * @example parseTrustProxy('10.0.0.5, 10.1.0.0/16')  // ['10.0.0.5', '10.1.0.0/16']
 */
export function parseTrustProxy(value: string): TrustProxy {
  const v = value.trim().toLowerCase();
  if (v === '' || v === '0' || v === 'false') return 0;
  if (v === 'true') return 1;
  if (/^\d+$/.test(v)) {
    const hops = Number(v);
    if (hops > 10) throw new ConfigError(`TRUST_PROXY: ${hops} hops is implausible (at most 10)`);
    return hops;
  }
  const entries = v.split(',').map((x) => x.trim());
  for (const entry of entries) {
    const [address = '', prefix, extra] = entry.split('/');
    const named = ['loopback', 'linklocal', 'uniquelocal'].includes(entry);
    const family = isIP(address);
    const bits = family === 4 ? 32 : 128;
    const okPrefix = prefix === undefined || (/^\d+$/.test(prefix) && Number(prefix) <= bits);
    if (!named && (family === 0 || !okPrefix || extra !== undefined)) {
      throw new ConfigError(
        `TRUST_PROXY: "${entry}" is neither a hop count nor a proxy address or CIDR range`,
      );
    }
  }
  return entries;
}

function parseRoles(value: string): Role[] {
  const roles = value
    .split(',')
    .map((r) => r.trim())
    .filter(Boolean);
  const unknown = roles.filter((r) => !isRole(r));
  if (unknown.length) throw new ConfigError(`MFA_REQUIRED_ROLES: unknown role ${unknown.join(', ')}`);
  return roles.filter(isRole);
}

function parseKey(value: string | undefined): Buffer | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const v = value.trim();
  const key = /^[0-9a-f]{64}$/i.test(v) ? Buffer.from(v, 'hex') : Buffer.from(v, 'base64');
  if (key.length !== 32) {
    throw new ConfigError('MFA_SECRET_KEY must be 32 bytes, base64 or hex (openssl rand -base64 32)');
  }
  return key;
}

function parseJsonMap(name: string, value: string | undefined): Record<string, string> | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    throw new ConfigError(`${name} is not JSON (e.g. {"shinchoku-admin":"admin"})`);
  }
  const map = z.record(z.string(), z.string()).safeParse(parsed);
  if (!map.success) throw new ConfigError(`${name} must be a JSON object of strings`);
  return map.data;
}

const isLoopback = (host: string) => ['localhost', '127.0.0.1', '[::1]'].includes(host);

function parseOidc(e: z.infer<typeof EnvSchema>): OidcConfig | undefined {
  if (!e.OIDC_ISSUER) return undefined;
  const {
    OIDC_CLIENT_ID: clientId,
    OIDC_CLIENT_SECRET: clientSecret,
    OIDC_REDIRECT_URI: redirectUri,
    OIDC_ROLE_MAP: roleMapText,
  } = e;
  if (!clientId || !clientSecret || !redirectUri || !roleMapText) {
    const missing = (
      ['OIDC_CLIENT_ID', 'OIDC_CLIENT_SECRET', 'OIDC_REDIRECT_URI', 'OIDC_ROLE_MAP'] as const
    ).filter((k) => !e[k]);
    throw new ConfigError(`OIDC_ISSUER is set but ${missing.join(', ')} is not`);
  }
  for (const [name, value] of [
    ['OIDC_ISSUER', e.OIDC_ISSUER],
    ['OIDC_REDIRECT_URI', redirectUri],
  ] as const) {
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      throw new ConfigError(`${name} is not a URL: ${value}`);
    }
    // Plain HTTP only on this machine (development and tests).
    if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopback(url.hostname))) {
      throw new ConfigError(`${name} must be an https:// URL: ${value}`);
    }
  }
  const roleMap = parseJsonMap('OIDC_ROLE_MAP', roleMapText);
  if (!roleMap) throw new ConfigError('OIDC_ISSUER is set but OIDC_ROLE_MAP is empty');
  const badRoles = Object.values(roleMap).filter((r) => !isRole(r));
  if (badRoles.length) throw new ConfigError(`OIDC_ROLE_MAP: unknown role ${badRoles.join(', ')}`);
  return {
    issuer: e.OIDC_ISSUER,
    clientId,
    clientSecret,
    redirectUri,
    scopes: e.OIDC_SCOPES,
    roleClaim: e.OIDC_ROLE_CLAIM,
    roleMap: roleMap as Record<string, Role>,
    orgClaim: e.OIDC_ORG_CLAIM || undefined,
    orgMap: parseJsonMap('OIDC_ORG_MAP', e.OIDC_ORG_MAP),
    loginClaim: e.OIDC_LOGIN_CLAIM,
    requiredAmr: e.OIDC_REQUIRED_AMR.split(',')
      .map((x) => x.trim())
      .filter(Boolean),
  };
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ConfigError(`invalid environment: ${issue?.path.join('.')}: ${issue?.message}`);
  }
  const e = parsed.data;
  const mfaRequiredRoles = parseRoles(e.MFA_REQUIRED_ROLES);
  const mfaKey = parseKey(e.MFA_SECRET_KEY);
  if (mfaRequiredRoles.length > 0 && !mfaKey) {
    throw new ConfigError('MFA_REQUIRED_ROLES needs MFA_SECRET_KEY (TOTP secrets are stored encrypted)');
  }
  return {
    port: e.PORT,
    host: e.HOST,
    database: parseDatabaseUrl(e.DATABASE_URL, e.DATA_DIR),
    dataDir: e.DATA_DIR,
    logLevel: e.LOG_LEVEL,
    chromiumPath: e.CHROMIUM_PATH,
    trustProxy: parseTrustProxy(e.TRUST_PROXY),
    auth: {
      tokenTtlDays: e.TOKEN_TTL_DAYS,
      mfaRequiredRoles,
      mfaKey,
      oidc: parseOidc(e),
    },
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
