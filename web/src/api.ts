/**
 * The typed API client. Response types are the server's own (zod-inferred in
 * src/domain/views.ts and model.ts, imported as types only: no schema code reaches the
 * bundle). GET responses are cached per URL for the page's lifetime: published data does
 * not change while someone reads it, and navigating back and forth stays instant.
 */
import type { Indicator, Initiative, Organisation, ProgressEntry } from '../../src/domain/model.ts';
import type { CorrectionList } from '../../src/domain/corrections.ts';
import type { InitiativeDetail, OutlineTree, StrategyListItem } from '../../src/domain/views.ts';
import type { Lang } from '../../src/i18n.ts';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

const cache = new Map<string, Promise<unknown>>();

async function fetchJson(url: string): Promise<unknown> {
  const res = await fetch(url, { headers: { accept: 'application/json' } });
  const body: unknown = await res.json().catch(() => null);
  if (!res.ok) {
    const error = (body as { error?: { code?: string; message?: string } } | null)?.error;
    throw new ApiError(res.status, error?.code ?? 'internal', error?.message ?? res.statusText);
  }
  return body;
}

function get<T>(url: string): Promise<T> {
  let pending = cache.get(url);
  if (!pending) {
    pending = fetchJson(url);
    pending.catch(() => cache.delete(url));
    cache.set(url, pending);
  }
  return pending as Promise<T>;
}

const seg = encodeURIComponent;

export interface OrganisationDetail {
  organisation: Organisation;
  initiatives: Initiative[];
}

export interface OpenApiDocument {
  paths: Record<string, unknown>;
}

export const api = {
  strategies: () => get<{ strategies: StrategyListItem[] }>('/api/strategies').then((r) => r.strategies),
  strategy: (strategyId: string) => get<StrategyListItem>(`/api/strategies/${seg(strategyId)}`),
  tree: (strategyId: string, cycleId: string) =>
    get<OutlineTree>(`/api/strategies/${seg(strategyId)}/cycles/${seg(cycleId)}/tree`),
  /** The entries, texts included, of the items under one node (the tree has their outlines). */
  nodeEntries: (strategyId: string, cycleId: string, nodeId: string) =>
    get<{ entries: ProgressEntry[] }>(
      `/api/strategies/${seg(strategyId)}/cycles/${seg(cycleId)}/nodes/${seg(nodeId)}/entries`,
    ).then((r) => r.entries),
  initiative: (initiativeId: string) => get<InitiativeDetail>(`/api/initiatives/${seg(initiativeId)}`),
  organisation: (organisationId: string) =>
    get<OrganisationDetail>(`/api/organisations/${seg(organisationId)}`),
  indicator: (indicatorId: string) => get<Indicator>(`/api/indicators/${seg(indicatorId)}`),
  /** A published cycle's record: its revisions and the corrections made after publication. */
  corrections: (strategyId: string, cycleId: string) =>
    get<CorrectionList>(`/api/strategies/${seg(strategyId)}/cycles/${seg(cycleId)}/corrections`),
  openapi: () => get<OpenApiDocument>('/api/openapi.json'),
};

/** Report formats, in the order the downloads page lists them. */
export const REPORT_FORMATS = ['pptx', 'pdf', 'html', 'md', 'xlsx', 'csv', 'json'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

/** The report download route (served by the reports module). */
export function reportUrl(
  strategyId: string,
  cycleId: string,
  format: ReportFormat,
  lang: Lang,
  revision?: number,
): string {
  const named = revision === undefined ? '' : `&revision=${revision}`;
  return `/api/strategies/${seg(strategyId)}/cycles/${seg(cycleId)}/report.${format}?lang=${lang}${named}`;
}

/** The corrections of a published cycle as CSV (the companion file of report.csv). */
export function correctionsCsvUrl(strategyId: string, cycleId: string, revision?: number): string {
  const named = revision === undefined ? '' : `?revision=${revision}`;
  return `/api/strategies/${seg(strategyId)}/cycles/${seg(cycleId)}/corrections.csv${named}`;
}

/** The tree as open data (JSON), available today from the read API. */
export function treeUrl(strategyId: string, cycleId: string): string {
  return `/api/strategies/${seg(strategyId)}/cycles/${seg(cycleId)}/tree`;
}
