import { describe, expect, it } from 'vitest';
import { verdictChange, verdictOf } from './verdict.ts';

describe('verdict', () => {
  it('reads a missing assessment as no rating and no call for acceleration', () => {
    expect(verdictOf(null)).toEqual({ rating: null, needsAcceleration: false });
    expect(verdictChange(undefined, { rating: null, needsAcceleration: false })).toEqual({
      rating: null,
      needsAcceleration: null,
    });
  });

  it('names each part that moved, and only those', () => {
    expect(
      verdictChange({ rating: 'b', needsAcceleration: true }, { rating: 'a', needsAcceleration: true }),
    ).toEqual({
      rating: { from: 'b', to: 'a' },
      needsAcceleration: null,
    });
    expect(verdictChange(null, { rating: null, needsAcceleration: true })).toEqual({
      rating: null,
      needsAcceleration: { from: false, to: true },
    });
  });
});
