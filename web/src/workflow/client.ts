/**
 * The signed-in side's API client: no caching (drafts change), the session's CSRF token
 * on every write, and the error's details kept (a 409 carries the other person's version).
 * The CSRF token lives in memory only; after a reload it is fetched again from /api/auth/me.
 */
import type { Role } from '../../../src/domain/access.ts';
import type { Correction, CorrectionList, CorrectionRequest } from '../../../src/domain/corrections.ts';
import type {
  Assessment,
  Cycle,
  Indicator,
  Initiative,
  ProgressEntry,
  Summary,
} from '../../../src/domain/model.ts';
import type { Checklist, StrategyListItem, OutlineTree } from '../../../src/domain/views.ts';
import type { SuggestionList } from '../../../src/domain/insight/views.ts';
import { ApiError } from '../api.ts';
import { session } from './session.ts';

export class WorkflowError extends ApiError {
  constructor(
    status: number,
    code: string,
    message: string,
    readonly details: unknown,
  ) {
    super(status, code, message);
  }
}

export interface Me {
  user: { id: string; login: string; displayName: string; role: Role; organisationIds: string[] };
  csrfToken: string | null;
}

export interface EntryContext {
  entry: ProgressEntry;
  initiative: Initiative;
  cycle: Cycle;
  previous: ProgressEntry | null;
}

export interface EntryWithInitiative {
  entry: ProgressEntry;
  initiative: Initiative;
}

export interface CycleTasks {
  cycle: Cycle;
  strategyTitle: string;
  toWrite: EntryWithInitiative[];
  toReview: EntryWithInitiative[];
  checklist: Checklist | null;
}

export interface EntryDraft {
  text: string;
  stage: string | null;
  plans: { period: string; text: string }[];
  evidence: { url: string; title: string }[];
}

export interface AssessmentDraft {
  rating: string | null;
  narrative: string;
  needsAcceleration: boolean;
}

/** One change of an entry from the audit trail (GET /api/entries/:id/history). */
export interface HistoryEvent {
  id: string;
  at: string;
  actor: string;
  actorName: string;
  action: string;
  before: Partial<ProgressEntry> | null;
  after: Partial<ProgressEntry> | null;
  reason: string;
  changed: string[];
}

/** An in-app notification (お知らせ). */
export interface AppNotification {
  id: string;
  kind: string;
  params: Record<string, string>;
  createdAt: string;
  readAt: string | null;
}

export async function request<T>(
  method: 'GET' | 'POST' | 'PUT' | 'PATCH',
  url: string,
  body?: unknown,
): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  const csrf = session.get().csrfToken;
  if (method !== 'GET' && csrf) headers['x-csrf-token'] = csrf;
  const res = await fetch(url, {
    method,
    headers,
    credentials: 'same-origin',
    ...(body !== undefined && { body: JSON.stringify(body) }),
  });
  const data: unknown = await res.json().catch(() => null);
  if (!res.ok) {
    const error = (data as { error?: { code?: string; message?: string; details?: unknown } } | null)?.error;
    if (res.status === 401 && !url.startsWith('/api/auth/')) session.expire();
    throw new WorkflowError(
      res.status,
      error?.code ?? 'internal',
      error?.message ?? res.statusText,
      error?.details,
    );
  }
  return data as T;
}

const seg = encodeURIComponent;

export const wf = {
  login: (login: string, password: string) => request<Me>('POST', '/api/auth/login', { login, password }),
  me: () => request<Me>('GET', '/api/auth/me'),
  logout: () => request<{ ok: true }>('POST', '/api/auth/logout'),
  tasks: () => request<{ tasks: CycleTasks[] }>('GET', '/api/me/tasks').then((r) => r.tasks),
  strategies: () =>
    request<{ strategies: StrategyListItem[] }>('GET', '/api/strategies').then((r) => r.strategies),
  tree: (strategyId: string, cycleId: string) =>
    request<OutlineTree>('GET', `/api/strategies/${seg(strategyId)}/cycles/${seg(cycleId)}/tree`),
  nodeEntries: (strategyId: string, cycleId: string, nodeId: string) =>
    request<{ entries: ProgressEntry[] }>(
      'GET',
      `/api/strategies/${seg(strategyId)}/cycles/${seg(cycleId)}/nodes/${seg(nodeId)}/entries`,
    ).then((r) => r.entries),
  entry: (entryId: string) => request<EntryContext>('GET', `/api/entries/${seg(entryId)}`),
  saveEntry: (entryId: string, version: number, draft: EntryDraft) =>
    request<ProgressEntry>('PUT', `/api/entries/${seg(entryId)}`, { version, ...draft }),
  submit: (entryId: string, version: number) =>
    request<ProgressEntry>('POST', `/api/entries/${seg(entryId)}/submit`, { version }),
  accept: (entryId: string, version: number) =>
    request<ProgressEntry>('POST', `/api/entries/${seg(entryId)}/accept`, { version }),
  returnEntry: (entryId: string, version: number, comment: string) =>
    request<ProgressEntry>('POST', `/api/entries/${seg(entryId)}/return`, { version, comment }),
  cycleEntries: (cycleId: string) =>
    request<{ entries: EntryWithInitiative[] }>('GET', `/api/cycles/${seg(cycleId)}/entries`).then(
      (r) => r.entries,
    ),
  checklist: (cycleId: string) => request<Checklist>('GET', `/api/cycles/${seg(cycleId)}/checklist`),
  saveAssessment: (cycleId: string, nodeId: string, version: number | null, draft: AssessmentDraft) =>
    request<Assessment>('PUT', `/api/cycles/${seg(cycleId)}/assessments/${seg(nodeId)}`, {
      version,
      ...draft,
    }),
  saveSummary: (
    cycleId: string,
    version: number | null,
    overall: string[],
    pillars: { nodeId: string; bullets: string[] }[],
  ) => request<Summary>('PUT', `/api/cycles/${seg(cycleId)}/summary`, { version, overall, pillars }),
  publish: (cycleId: string, version: number) =>
    request<Cycle>('POST', `/api/cycles/${seg(cycleId)}/publish`, { version }),
  /** A correction of a published cycle: any of the facts it published, with a reason. */
  correct: (cycleId: string, body: CorrectionRequest) =>
    request<Correction>('POST', `/api/cycles/${seg(cycleId)}/corrections`, body),
  /** The corrections of a published cycle and its record (revisions, hashes), never cached. */
  corrections: (strategyId: string, cycleId: string) =>
    request<CorrectionList>('GET', `/api/strategies/${seg(strategyId)}/cycles/${seg(cycleId)}/corrections`),
  indicator: (indicatorId: string) => request<Indicator>('GET', `/api/indicators/${seg(indicatorId)}`),
  suggestions: (strategyId: string, cycleId: string, lang: string) =>
    request<SuggestionList>(
      'GET',
      `/api/strategies/${seg(strategyId)}/cycles/${seg(cycleId)}/suggestions?lang=${seg(lang)}`,
    ),
  history: (entryId: string) =>
    request<{ history: HistoryEvent[] }>('GET', `/api/entries/${seg(entryId)}/history`).then(
      (r) => r.history,
    ),
  notifications: () =>
    request<{ notifications: AppNotification[] }>('GET', '/api/notifications').then((r) => r.notifications),
  markRead: (id: string) => request<{ ok: true }>('POST', `/api/notifications/${seg(id)}/read`),
};

/** The strategy a cycle belongs to and the cycle itself (as the signed-in user sees them). */
export async function findCycle(cycleId: string): Promise<{ strategy: StrategyListItem; cycle: Cycle }> {
  for (const strategy of await wf.strategies()) {
    const cycle = strategy.cycles.find((c) => c.id === cycleId);
    if (cycle) return { strategy, cycle };
  }
  throw new WorkflowError(404, 'not_found', `cycle not found: ${cycleId}`, undefined);
}
