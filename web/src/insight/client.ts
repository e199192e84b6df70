/**
 * The insight API from the browser: search, KPI projections, cycle diffs (public reads,
 * drafts too for a signed-in reader) and possible overlaps (the secretariat's screen, through
 * the signed-in client so that an expired session is noticed). Types are the server's own.
 */
import type { CycleDiff, IndicatorProjection, OverlapList } from '../../../src/domain/insight/views.ts';
import type { SearchResult } from '../../../src/domain/search/results.ts';
import type { Lang } from '../../../src/i18n.ts';
import { ApiError } from '../api.ts';
import { request } from '../workflow/client.ts';

export { MAX_QUERY_LENGTH } from './limits.ts';

async function getJson<T>(url: string): Promise<T> {
  const res = await fetch(url, { headers: { accept: 'application/json' }, credentials: 'same-origin' });
  const body: unknown = await res.json().catch(() => null);
  if (!res.ok) {
    const error = (body as { error?: { code?: string; message?: string } } | null)?.error;
    throw new ApiError(res.status, error?.code ?? 'internal', error?.message ?? res.statusText);
  }
  return body as T;
}

const seg = encodeURIComponent;

/** The filters GET /api/search accepts, by their query-string names. */
export const SEARCH_FILTERS = [
  'strategy',
  'cycle',
  'organisation',
  'node',
  'stage',
  'rating',
  'kind',
] as const;
export type SearchFilter = (typeof SEARCH_FILTERS)[number];

export interface SearchRequest {
  q: string;
  filters: Partial<Record<SearchFilter, string>>;
  offset: number;
  limit: number;
}

export const insightApi = {
  search: ({ q, filters, offset, limit }: SearchRequest) => {
    const params = new URLSearchParams({ q, limit: String(limit), offset: String(offset) });
    for (const name of SEARCH_FILTERS) {
      const value = filters[name];
      if (value) params.set(name, value);
    }
    return getJson<SearchResult>(`/api/search?${params.toString()}`);
  },
  projection: (indicatorId: string, lang: Lang) =>
    getJson<IndicatorProjection>(`/api/indicators/${seg(indicatorId)}/projection?lang=${lang}`),
  diff: (strategyId: string, from: string, to: string) =>
    getJson<CycleDiff>(`/api/strategies/${seg(strategyId)}/diff?from=${seg(from)}&to=${seg(to)}`),
  overlaps: (strategyId: string, cycleId: string, threshold: number) =>
    request<OverlapList>(
      'GET',
      `/api/strategies/${seg(strategyId)}/cycles/${seg(cycleId)}/overlaps?threshold=${threshold}`,
    ),
};
