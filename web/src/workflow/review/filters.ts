/**
 * The review queue's filters (府省, 状態, 具体目標), read from and written to the address so
 * that a filtered queue can be linked to (the checklist's ministry rows do).
 */
import type { ReviewState } from '../../../../src/domain/model.ts';

export interface QueueFilter {
  /** An organisation id, or '' for every ministry. */
  ministry: string;
  /** A review state, or 'all'. */
  state: ReviewState | 'all';
  /** A node id the initiative is listed under, or '' for every target. */
  target: string;
}

export const STATES: readonly (ReviewState | 'all')[] = [
  'submitted',
  'all',
  'draft',
  'returned',
  'accepted',
  'not_applicable',
  'no_report',
];

export function readFilter(params: URLSearchParams): QueueFilter {
  const state = params.get('state') ?? 'submitted';
  return {
    ministry: params.get('ministry') ?? '',
    state: (STATES as readonly string[]).includes(state) ? (state as QueueFilter['state']) : 'submitted',
    target: params.get('target') ?? '',
  };
}

/** The query string of a filter, leaving defaults out. */
export function filterQuery(f: QueueFilter): string {
  const q = new URLSearchParams();
  if (f.ministry) q.set('ministry', f.ministry);
  if (f.state !== 'submitted') q.set('state', f.state);
  if (f.target) q.set('target', f.target);
  const s = q.toString();
  return s ? `?${s}` : '';
}

interface Filterable {
  entry: { reviewState: ReviewState };
  initiative: { ownerIds: string[]; listings: { nodeId: string }[] };
}

/**
 * The items a filter keeps. A target keeps the items listed under it or under a node below
 * it (`below` maps a node id to itself and its descendants).
 */
export function applyFilter<T extends Filterable>(
  items: readonly T[],
  f: QueueFilter,
  below: (nodeId: string) => ReadonlySet<string>,
): T[] {
  const under = f.target ? below(f.target) : null;
  return items.filter(
    ({ entry, initiative }) =>
      (f.state === 'all' || entry.reviewState === f.state) &&
      (!f.ministry || initiative.ownerIds.includes(f.ministry)) &&
      (!under || initiative.listings.some((l) => under.has(l.nodeId))),
  );
}
