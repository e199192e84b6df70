import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, parsePublicUrl } from './config.ts';

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
