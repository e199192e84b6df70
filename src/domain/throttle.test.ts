import { describe, expect, it } from 'vitest';
import { addressKey, THROTTLE_RULES, throttleDelayMs, throttleKeys, waitMs } from './throttle.ts';

describe('sign-in throttling rules', () => {
  it('grows the wait after the free attempts, up to each rule’s cap', () => {
    const { pair, account, address } = THROTTLE_RULES;
    expect([3, 4, 5, 6, 7].map((n) => throttleDelayMs(pair, n))).toEqual([0, 1000, 2000, 4000, 8000]);
    expect(throttleDelayMs(pair, 1000)).toBe(15 * 60_000);
    // The waits that fall on other people than the guesser stay short.
    expect(throttleDelayMs(account, 1000)).toBe(60_000);
    expect(throttleDelayMs(address, 1000)).toBe(60_000);
    expect(throttleDelayMs(address, address.free)).toBe(0);
  });

  it('counts the wait from the last failure, and forgets an old counter', () => {
    const rule = THROTTLE_RULES.pair;
    const last = Date.parse('2026-12-07T00:00:00.000Z');
    const counter = { failures: 6, lastFailureAt: new Date(last).toISOString() };
    expect(waitMs(rule, counter, last + 1000)).toBe(3000);
    expect(waitMs(rule, counter, last + 5000)).toBe(0);
    expect(waitMs(rule, { failures: 100, lastFailureAt: counter.lastFailureAt }, last + rule.forgetMs)).toBe(
      0,
    );
    expect(waitMs(rule, undefined, last)).toBe(0);
  });

  it('keeps IPv6 counters per /64 and mapped IPv4 as IPv4', () => {
    expect(addressKey('192.0.2.1')).toBe('192.0.2.1');
    expect(addressKey('::ffff:192.0.2.1')).toBe('192.0.2.1');
    expect(addressKey('2001:db8:1:2:3:4:5:6')).toBe('2001:db8:1:2::/64');
    expect(addressKey('2001:db8:1:2::99')).toBe('2001:db8:1:2::/64');
    expect(addressKey('2001:db8::1')).toBe('2001:db8:0:0::/64');
    expect(addressKey('::1')).toBe('0:0:0:0::/64');
  });

  it('names the counters an attempt touches, login names case-insensitively', () => {
    expect(throttleKeys(' Admin ', '2001:db8:1:2::7')).toEqual({
      pair: 'pair:admin|2001:db8:1:2::/64',
      account: 'account:admin',
      address: 'address:2001:db8:1:2::/64',
    });
  });
});
