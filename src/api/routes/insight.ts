import { z } from 'zod';
import { CycleDiff, IndicatorProjection, OverlapList, SuggestionList } from '../../domain/insight/views.ts';
import { DOCUMENT_KINDS } from '../../domain/search/documents.ts';
import { searchFilters } from '../../domain/search/filters.ts';
import { SearchResult } from '../../domain/search/results.ts';
import * as insight from '../../services/insight.service.ts';
import { search } from '../../services/search.service.ts';
import { defineRoute, IdParam } from '../route.ts';

const Lang = z.enum(['ja', 'en']).default('ja');

/** Any text is a valid query (it never reaches SQL as text); absurdly long input is cut. */
const SearchQuery = z.object({
  q: z.string().default(''),
  strategy: IdParam.optional(),
  cycle: IdParam.optional(),
  organisation: IdParam.optional(),
  node: IdParam.optional(),
  stage: IdParam.optional(),
  rating: IdParam.optional(),
  /** Comma-separated: initiative, progress, assessment, indicator */
  kind: z
    .string()
    .transform((s) => s.split(',').filter((k) => k !== ''))
    .pipe(z.array(z.enum(DOCUMENT_KINDS)))
    .optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  offset: z.coerce.number().int().min(0).max(10_000).default(0),
});

export const insightRoutes = [
  defineRoute({
    method: 'GET',
    url: '/api/search',
    summary: 'Full-text search over initiatives, progress (主な進捗), assessments (概況) and indicators',
    tags: ['search'],
    query: SearchQuery,
    response: SearchResult,
    handler: async ({ db, viewer, query }) =>
      search(
        db,
        {
          q: query.q,
          ...searchFilters(query),
          ...(query.kind !== undefined && { kinds: query.kind }),
          limit: query.limit,
          offset: query.offset,
        },
        viewer,
      ),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/strategies/:strategyId/cycles/:cycleId/suggestions',
    summary: 'A suggested status for every target of a cycle, with its reasons, beside the 概況',
    tags: ['insight'],
    params: z.object({ strategyId: IdParam, cycleId: IdParam }),
    query: z.object({ lang: Lang }),
    response: SuggestionList,
    handler: async ({ db, viewer, params, query }) =>
      insight.suggestStatuses(db, params.strategyId, params.cycleId, viewer, query.lang),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/indicators/:indicatorId/projection',
    summary: 'Projection of a KPI to its deadline at the current pace',
    tags: ['insight', 'indicators'],
    params: z.object({ indicatorId: IdParam }),
    query: z.object({ lang: Lang }),
    response: IndicatorProjection,
    handler: async ({ db, viewer, params, query }) =>
      insight.projectIndicator(db, params.indicatorId, viewer, query.lang),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/strategies/:strategyId/cycles/:cycleId/overlaps',
    summary: 'Initiatives of different ministries with similar text (possible overlaps)',
    tags: ['insight'],
    // a working list for the secretariat, not a public finding
    access: 'insight:read',
    params: z.object({ strategyId: IdParam, cycleId: IdParam }),
    query: z.object({ threshold: z.coerce.number().gt(0).max(1).default(0.3) }),
    response: OverlapList,
    handler: async ({ db, viewer, params, query }) =>
      insight.listOverlaps(db, params.strategyId, params.cycleId, viewer, query.threshold),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/strategies/:strategyId/diff',
    summary: 'What changed between two cycles: items, texts, ratings, KPI figures',
    tags: ['insight'],
    params: z.object({ strategyId: IdParam }),
    query: z.object({ from: IdParam, to: IdParam }),
    response: CycleDiff,
    handler: async ({ db, viewer, params, query }) =>
      insight.diffStrategyCycles(db, params.strategyId, query.from, query.to, viewer),
  }),
];
