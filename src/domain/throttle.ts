/**
 * Sign-in throttling without a lock that an attacker could hold (OWASP ASVS 2.2.1): failed
 * attempts are counted per login name and address, per login name from anywhere, and per
 * address over every name, and each counter imposes a growing wait (1 s, 2 s, 4 s, …) once
 * its free attempts are spent. Attempts refused because of a wait are not counted, so every
 * wait ends. The waits that fall on people other than the guesser are capped at one minute:
 * a login name's wait on every address (an attacker guessing an administrator's password from
 * elsewhere delays the administrator by at most that) and an address's wait on every name
 * (a ministry's staff often share one address; their typos must not lock the office out).
 * The guessing pair itself waits up to 15 minutes.
 *
 * Counters are kept per login name whether or not such an account exists, so the waits
 * (and the replies) do not tell which login names exist.
 */

export type ThrottleScope = 'pair' | 'account' | 'address';

export interface ThrottleRule {
  /** Failures allowed before any wait. */
  free: number;
  /** The first wait; each further failure doubles it. */
  baseMs: number;
  capMs: number;
  /** A counter without a failure for this long starts again from zero. */
  forgetMs: number;
}

const HOUR = 60 * 60_000;

export const THROTTLE_RULES: Record<ThrottleScope, ThrottleRule> = {
  /** one login name from one address: the guessing script */
  pair: { free: 3, baseMs: 1000, capMs: 15 * 60_000, forgetMs: 24 * HOUR },
  /** one login name from anywhere: many addresses guessing one password */
  account: { free: 10, baseMs: 1000, capMs: 60_000, forgetMs: 24 * HOUR },
  /** one address, any login name: one password tried against many accounts */
  address: { free: 50, baseMs: 1000, capMs: 60_000, forgetMs: HOUR },
};

/** The longest a counter is kept without a failure. */
export const THROTTLE_FORGET_MS = Math.max(...Object.values(THROTTLE_RULES).map((r) => r.forgetMs));

export interface ThrottleCounter {
  failures: number;
  lastFailureAt: string;
}

/**
 * The wait imposed after `failures` failures.
 * @example throttleDelayMs(THROTTLE_RULES.pair, 3) // 0
 * @example throttleDelayMs(THROTTLE_RULES.pair, 5) // 2000
 */
export function throttleDelayMs(rule: ThrottleRule, failures: number): number {
  const over = failures - rule.free;
  if (over <= 0) return 0;
  return Math.min(rule.capMs, rule.baseMs * 2 ** Math.min(over - 1, 30));
}

/** How long from `now` until the counter allows another attempt (0: now). */
export function waitMs(rule: ThrottleRule, counter: ThrottleCounter | undefined, now: number): number {
  if (!counter) return 0;
  const last = Date.parse(counter.lastFailureAt);
  if (now - last >= rule.forgetMs) return 0;
  return Math.max(0, last + throttleDelayMs(rule, counter.failures) - now);
}

/**
 * The address a counter is kept for: IPv4 as it is, IPv6 by its /64 network (one host
 * usually holds a whole /64, so single addresses would be free to rotate).
 * @example addressKey('::ffff:192.0.2.1')         // '192.0.2.1'
 * @example addressKey('2001:db8:1:2:3:4:5:6')     // '2001:db8:1:2::/64'
 */
export function addressKey(ip: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  if (mapped?.[1]) return mapped[1];
  if (!ip.includes(':')) return ip;
  const [head = '', tail = ''] = ip.toLowerCase().split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups = ip.includes('::')
    ? [...left, ...Array(8 - left.length - right.length).fill('0'), ...right]
    : left;
  return `${groups
    .slice(0, 4)
    .map((g) => g.replace(/^0+(?=.)/, ''))
    .join(':')}::/64`;
}

/** The counters one attempt touches. Login names are compared case-insensitively here. */
export function throttleKeys(login: string, ip: string): Record<ThrottleScope, string> {
  const name = login.trim().toLowerCase();
  const address = addressKey(ip);
  return { pair: `pair:${name}|${address}`, account: `account:${name}`, address: `address:${address}` };
}
