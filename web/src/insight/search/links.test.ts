import { describe, expect, it } from 'vitest';
import { hitPath } from './links.ts';

describe('hitPath', () => {
  const hit = { strategyId: 'ai2022', cycleId: 'ai2022-fy2022' };
  it('opens an initiative, or the initiative a progress entry belongs to', () => {
    expect(hitPath({ ...hit, cycleId: null, kind: 'initiative', refId: 'ai2022-i05' })).toBe(
      '/initiatives/ai2022-i05',
    );
    expect(hitPath({ ...hit, kind: 'progress', refId: 'ai2022-fy2022.ai2022-i05' })).toBe(
      '/initiatives/ai2022-i05',
    );
  });
  it('opens an assessment’s node in its cycle', () => {
    expect(hitPath({ ...hit, kind: 'assessment', refId: 'ai2022-fy2022.ai2022-p1-g1-t3' })).toBe(
      '/strategies/ai2022/cycles/ai2022-fy2022/nodes/ai2022-p1-g1-t3',
    );
  });
  it('opens an indicator, escaping ids for the URL', () => {
    expect(hitPath({ ...hit, cycleId: null, kind: 'indicator', refId: 'k 1/2' })).toBe(
      '/indicators/k%201%2F2',
    );
  });
});
