import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, parsePublicUrl, parseTrustProxy } from './config.ts';

const OIDC = {
  OIDC_ISSUER: 'https://login.example.go.jp/tenant/v2.0',
  OIDC_CLIENT_ID: 'shinchoku',
  OIDC_CLIENT_SECRET: 's3cret',
  OIDC_REDIRECT_URI: 'https://shinchoku.example.go.jp/api/auth/oidc/callback',
  OIDC_ROLE_MAP: '{"shinchoku-admin":"admin","shinchoku-editor":"editor"}',
};

describe('TRUST_PROXY', () => {
  it('reads a hop count, a list of proxies, or nothing', () => {
    expect(parseTrustProxy('0')).toBe(0);
    expect(parseTrustProxy('')).toBe(0);
    expect(parseTrustProxy('false')).toBe(0);
    expect(parseTrustProxy('1')).toBe(1);
    expect(parseTrustProxy('true')).toBe(1);
    expect(parseTrustProxy('2')).toBe(2);
    expect(parseTrustProxy('10.0.0.5, 10.1.0.0/16,::1,loopback')).toEqual([
      '10.0.0.5',
      '10.1.0.0/16',
      '::1',
      'loopback',
    ]);
  });

  it('refuses what is neither', () => {
    for (const bad of ['yes', '10.0.0.0/33', 'proxy.example', '11', '10.0.0.1/8/2']) {
      expect(() => parseTrustProxy(bad), bad).toThrow(ConfigError);
    }
  });
});

describe('sign-in configuration', () => {
  it('defaults to local accounts, 90-day tokens and no required second factor', () => {
    const { auth, trustProxy } = loadConfig({});
    expect(auth).toEqual({ tokenTtlDays: 90, mfaRequiredRoles: [], mfaKey: undefined, oidc: undefined });
    expect(trustProxy).toBe(0);
  });

  it('reads single sign-on, the second factor and the token lifetime', () => {
    const key = Buffer.alloc(32, 7).toString('base64');
    const { auth } = loadConfig({
      ...OIDC,
      OIDC_ORG_CLAIM: 'ministry',
      OIDC_ORG_MAP: '{"総務省":"mic"}',
      MFA_REQUIRED_ROLES: 'admin, reviewer',
      MFA_SECRET_KEY: key,
      TOKEN_TTL_DAYS: '30',
    });
    expect(auth.tokenTtlDays).toBe(30);
    expect(auth.mfaRequiredRoles).toEqual(['admin', 'reviewer']);
    expect(auth.mfaKey?.equals(Buffer.alloc(32, 7))).toBe(true);
    expect(auth.oidc).toMatchObject({
      issuer: OIDC.OIDC_ISSUER,
      roleClaim: 'roles',
      roleMap: { 'shinchoku-admin': 'admin', 'shinchoku-editor': 'editor' },
      orgClaim: 'ministry',
      orgMap: { 総務省: 'mic' },
      scopes: 'openid profile email',
    });
  });

  it('names what is missing or wrong', () => {
    const cases: [Record<string, string>, RegExp][] = [
      [
        { OIDC_ISSUER: OIDC.OIDC_ISSUER },
        /OIDC_CLIENT_ID, OIDC_CLIENT_SECRET, OIDC_REDIRECT_URI, OIDC_ROLE_MAP/,
      ],
      [{ ...OIDC, OIDC_ISSUER: 'http://idp.example.go.jp' }, /OIDC_ISSUER must be an https/],
      [{ ...OIDC, OIDC_ROLE_MAP: '{"x":"superuser"}' }, /unknown role superuser/],
      [{ ...OIDC, OIDC_ROLE_MAP: 'admin' }, /OIDC_ROLE_MAP is not JSON/],
      [{ MFA_REQUIRED_ROLES: 'admin' }, /needs MFA_SECRET_KEY/],
      [{ MFA_REQUIRED_ROLES: 'root', MFA_SECRET_KEY: Buffer.alloc(32).toString('hex') }, /unknown role root/],
      [{ MFA_SECRET_KEY: 'short' }, /32 bytes/],
      [{ TRUST_PROXY: 'everyone' }, /TRUST_PROXY/],
    ];
    for (const [env, message] of cases) expect(() => loadConfig(env), message.source).toThrow(message);
  });

  it('allows plain HTTP for the identity provider on this machine only', () => {
    const local = loadConfig({
      ...OIDC,
      OIDC_ISSUER: 'http://127.0.0.1:4000',
      OIDC_REDIRECT_URI: 'http://localhost:3000/api/auth/oidc/callback',
    });
    expect(local.auth.oidc?.issuer).toBe('http://127.0.0.1:4000');
  });
});

describe('configuration of a deployment', () => {
  it('derives PUBLIC_URL from where the server listens, and keeps a given one without its slash', () => {
    expect(loadConfig({}).publicUrl).toBe('http://127.0.0.1:3000');
    expect(loadConfig({}).publicUrlSet).toBe(false);
    expect(parsePublicUrl(undefined, '0.0.0.0', 8080)).toBe('http://localhost:8080');
    expect(parsePublicUrl(undefined, '::1', 3000)).toBe('http://[::1]:3000');
    const given = loadConfig({ PUBLIC_URL: 'https://shinchoku.example.go.jp/followup/', PORT: '3001' });
    expect(given.publicUrl).toBe('https://shinchoku.example.go.jp/followup');
    expect(given.publicUrlSet).toBe(true);
  });

  it('refuses a PUBLIC_URL that links could not be built from', () => {
    for (const [value, message] of [
      ['shinchoku.example.go.jp', 'PUBLIC_URL is not a URL: shinchoku.example.go.jp'],
      ['ftp://example.go.jp', 'PUBLIC_URL must start with https:// or http://: ftp://example.go.jp'],
      [
        'https://example.go.jp/?a=1',
        'PUBLIC_URL must hold no query, fragment or credentials: https://example.go.jp/?a=1',
      ],
    ] as const) {
      expect(() => loadConfig({ PUBLIC_URL: value })).toThrow(new ConfigError(message));
    }
  });

  it('reads the timeouts, job intervals and metrics token, and refuses a short token', () => {
    const defaults = loadConfig({});
    expect(defaults).toMatchObject({
      statementTimeoutMs: 30_000,
      busyTimeoutMs: 5_000,
      metricsToken: undefined,
      mailIntervalMs: 30_000,
      reminderIntervalMs: 3_600_000,
    });
    const set = loadConfig({
      DATABASE_STATEMENT_TIMEOUT_MS: '0',
      MAIL_INTERVAL_SECONDS: '0.2',
      METRICS_TOKEN: '',
    });
    expect(set).toMatchObject({ statementTimeoutMs: 0, mailIntervalMs: 200, metricsToken: undefined });
    expect(() => loadConfig({ METRICS_TOKEN: 'short' })).toThrow(
      'invalid environment: METRICS_TOKEN: must be at least 16 characters',
    );
    expect(() => loadConfig({ MAIL_INTERVAL_SECONDS: '0' })).toThrow(/MAIL_INTERVAL_SECONDS/);
  });
});
