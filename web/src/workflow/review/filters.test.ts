import { describe, expect, it } from 'vitest';
import { applyFilter, filterQuery, readFilter } from './filters.ts';

const item = (state: string, owners: string[], nodes: string[]) => ({
  entry: { reviewState: state as 'draft' },
  initiative: { ownerIds: owners, listings: nodes.map((nodeId) => ({ nodeId })) },
});

describe('review queue filters', () => {
  it('reads the address with defaults and refuses unknown states', () => {
    expect(readFilter(new URLSearchParams(''))).toEqual({ ministry: '', state: 'submitted', target: '' });
    expect(readFilter(new URLSearchParams('ministry=mic&state=no_report&target=t1'))).toEqual({
      ministry: 'mic',
      state: 'no_report',
      target: 't1',
    });
    expect(readFilter(new URLSearchParams('state=bogus')).state).toBe('submitted');
    expect(filterQuery({ ministry: 'mic', state: 'submitted', target: '' })).toBe('?ministry=mic');
    expect(filterQuery({ ministry: '', state: 'submitted', target: '' })).toBe('');
  });

  it('keeps items by ministry (joint owners too), state and target subtree', () => {
    const items = [
      item('submitted', ['mic'], ['g1-t1']),
      item('submitted', ['mhlw', 'mic'], ['g2-t1']),
      item('draft', ['mic'], ['g1-t2']),
      item('submitted', ['meti'], ['g1-t1']),
    ];
    const below = (id: string) => new Set(id === 'g1' ? ['g1', 'g1-t1', 'g1-t2'] : [id]);
    expect(applyFilter(items, { ministry: 'mic', state: 'submitted', target: '' }, below)).toEqual([
      items[0],
      items[1],
    ]);
    expect(applyFilter(items, { ministry: '', state: 'all', target: 'g1' }, below)).toEqual([
      items[0],
      items[2],
      items[3],
    ]);
    expect(applyFilter(items, { ministry: 'mic', state: 'draft', target: 'g2-t1' }, below)).toEqual([]);
  });
});
