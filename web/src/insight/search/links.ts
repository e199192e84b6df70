import type { SearchHit } from '../../../../src/domain/search/results.ts';
import { paths } from '../../lib/paths.ts';

/**
 * The page a search hit opens. Progress and assessment ids are `${cycleId}.${id}` (the
 * search documents' refIds): progress opens its initiative, an assessment its node in that cycle.
 *
 * @example hitPath({ kind: 'assessment', refId: 'c1.n1', cycleId: 'c1', strategyId: 's', … })
 *   // '/strategies/s/cycles/c1/nodes/n1'
 */
export function hitPath(hit: Pick<SearchHit, 'kind' | 'refId' | 'cycleId' | 'strategyId'>): string {
  const prefix = hit.cycleId === null ? null : `${hit.cycleId}.`;
  const own = prefix !== null && hit.refId.startsWith(prefix) ? hit.refId.slice(prefix.length) : hit.refId;
  switch (hit.kind) {
    case 'initiative':
    case 'progress':
      return paths.initiative(own);
    case 'assessment':
      return hit.cycleId === null
        ? paths.strategy(hit.strategyId)
        : paths.node(hit.strategyId, hit.cycleId, own);
    case 'indicator':
      return paths.indicator(hit.refId);
  }
}
