/**
 * Every API call the web app makes, by area, on the one typed client (client.ts). Paths,
 * parameters, bodies and responses are checked against the API's OpenAPI document, so a
 * route that changes on the server fails the web app's type check here.
 *
 * Public reads are cached for the page's lifetime; signed-in reads and writes never are.
 */
import type { Lang } from '../../../src/i18n.ts';
import type { CorrectionRequest } from '../../../src/domain/corrections.ts';
import type { ReportFormat } from '../../../src/domain/formats.ts';
import { ApiError, cached, getJson, http, unwrap, type Schemas } from './client.ts';
import type { paths as Paths } from './schema';

const path = <T extends Record<string, string>>(p: T) => ({ params: { path: p } });

/** What the public pages read: published cycles (drafts too for a signed-in reader). */
export const api = {
  /** A node standing for another strategy: that strategy's latest published cycle rolled up. */
  rollup: (strategyId: string, nodeId: string) =>
    unwrap(http.GET('/api/strategies/{strategyId}/nodes/{nodeId}/rollup', path({ strategyId, nodeId }))),
  strategies: () => cached('strategies', () => unwrap(http.GET('/api/strategies'))).then((r) => r.strategies),
  strategy: (strategyId: string) =>
    cached(`strategy:${strategyId}`, () =>
      unwrap(http.GET('/api/strategies/{strategyId}', path({ strategyId }))),
    ),
  tree: (strategyId: string, cycleId: string) =>
    cached(`tree:${strategyId}:${cycleId}`, () =>
      unwrap(http.GET('/api/strategies/{strategyId}/cycles/{cycleId}/tree', path({ strategyId, cycleId }))),
    ),
  /** The entries, texts included, of the items under one node (the tree has their outlines). */
  nodeEntries: (strategyId: string, cycleId: string, nodeId: string) =>
    cached(`entries:${strategyId}:${cycleId}:${nodeId}`, () =>
      unwrap(
        http.GET(
          '/api/strategies/{strategyId}/cycles/{cycleId}/nodes/{nodeId}/entries',
          path({ strategyId, cycleId, nodeId }),
        ),
      ),
    ).then((r) => r.entries),
  initiative: (initiativeId: string) =>
    cached(`initiative:${initiativeId}`, () =>
      unwrap(http.GET('/api/initiatives/{initiativeId}', path({ initiativeId }))),
    ),
  organisations: () =>
    cached('organisations', () => unwrap(http.GET('/api/organisations'))).then((r) => r.organisations),
  organisation: (organisationId: string) =>
    cached(`organisation:${organisationId}`, () =>
      unwrap(http.GET('/api/organisations/{organisationId}', path({ organisationId }))),
    ),
  indicator: (indicatorId: string) =>
    cached(`indicator:${indicatorId}`, () =>
      unwrap(http.GET('/api/indicators/{indicatorId}', path({ indicatorId }))),
    ),
  /** A published cycle's record: its revisions and the corrections made after publication. */
  corrections: (strategyId: string, cycleId: string) =>
    cached(`corrections:${strategyId}:${cycleId}`, () =>
      unwrap(
        http.GET('/api/strategies/{strategyId}/cycles/{cycleId}/corrections', path({ strategyId, cycleId })),
      ),
    ),
  /** Every strategy's latest published cycle (or a fiscal year's) side by side, filtered. */
  portfolio: (filter: { ministry?: string; strategy?: string; rating?: string; fiscalYear?: number }) =>
    cached(
      `portfolio:${filter.ministry ?? ''}:${filter.strategy ?? ''}:${filter.rating ?? ''}:${filter.fiscalYear ?? ''}`,
      () => unwrap(http.GET('/api/portfolio', { params: { query: filter } })),
    ),
  /** A ministry's initiatives across strategies, with ratings, KPIs and budget. */
  portfolioMinistry: (organisationId: string, fiscalYear?: number) =>
    cached(`portfolio-ministry:${organisationId}:${fiscalYear ?? ''}`, () =>
      unwrap(
        http.GET('/api/portfolio/ministries/{organisationId}', {
          params: { path: { organisationId }, query: fiscalYear === undefined ? {} : { fiscalYear } },
        }),
      ),
    ),
  /** An initiative's projects of the administrative project review and their budget per year. */
  initiativeBudget: (initiativeId: string) =>
    cached(`budget:initiative:${initiativeId}`, () =>
      unwrap(http.GET('/api/initiatives/{initiativeId}/budget', path({ initiativeId }))),
    ),
  /** A cycle's budget for its fiscal year, rolled up by node, strategy and ministry. */
  cycleBudget: (strategyId: string, cycleId: string) =>
    cached(`budget:cycle:${strategyId}:${cycleId}`, () =>
      unwrap(http.GET('/api/strategies/{strategyId}/cycles/{cycleId}/budget', path({ strategyId, cycleId }))),
    ),
  /** The API's own description (the downloads page lists its operations). */
  openapi: () => cached('openapi', () => getJson<{ paths: Record<string, unknown> }>('/api/openapi.json')),
};

const seg = encodeURIComponent;

/** The report download route (a file, not JSON: linked, not fetched); a published cycle's newest revision unless one is named. */
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

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** A ministry's survey sheet (調査票) of a cycle, as a download link; its own when the caller edits for one. */
export function surveyUrl(cycleId: string, organisationId?: string): string {
  const org = organisationId === undefined ? '' : `?organisation=${seg(organisationId)}`;
  return `/api/cycles/${seg(cycleId)}/survey.xlsx${org}`;
}

/** A cycle's budget lines as CSV (open data). */
export function budgetCsvUrl(strategyId: string, cycleId: string): string {
  return `/api/strategies/${seg(strategyId)}/cycles/${seg(cycleId)}/budget.csv`;
}

/** Every ministry's survey sheet of a cycle in one ZIP (the secretariat's). */
export function surveysZipUrl(cycleId: string): string {
  return `/api/cycles/${seg(cycleId)}/surveys.zip`;
}

/** The corrections of a published cycle as CSV (the companion file of report.csv). */
export function correctionsCsvUrl(strategyId: string, cycleId: string, revision?: number): string {
  const named = revision === undefined ? '' : `?revision=${revision}`;
  return `/api/strategies/${seg(strategyId)}/cycles/${seg(cycleId)}/corrections.csv${named}`;
}

/** The tree as open data (JSON), from the read API. */
export function treeUrl(strategyId: string, cycleId: string): string {
  return `/api/strategies/${seg(strategyId)}/cycles/${seg(cycleId)}/tree`;
}

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

/** Search, KPI projections, cycle diffs and the secretariat's possible overlaps. */
export const insightApi = {
  search: ({ q, filters, offset, limit }: SearchRequest) => {
    const query: Record<string, string | number> = { q, limit, offset };
    for (const name of SEARCH_FILTERS) {
      const value = filters[name];
      if (value) query[name] = value;
    }
    return unwrap(http.GET('/api/search', { params: { query: query as { q: string } } }));
  },
  projection: (indicatorId: string, lang: Lang) =>
    unwrap(
      http.GET('/api/indicators/{indicatorId}/projection', {
        params: { path: { indicatorId }, query: { lang } },
      }),
    ),
  diff: (strategyId: string, from: string, to: string) =>
    unwrap(
      http.GET('/api/strategies/{strategyId}/diff', {
        params: { path: { strategyId }, query: { from, to } },
      }),
    ),
  overlaps: (strategyId: string, cycleId: string, threshold: number) =>
    unwrap(
      http.GET('/api/strategies/{strategyId}/cycles/{cycleId}/overlaps', {
        params: { path: { strategyId, cycleId }, query: { threshold } },
      }),
    ),
};

export type EntryContext = Schemas['EntryContext'];
export type ObservationInput = {
  cycleId: string;
  period: string;
  value: number;
  source: string;
  note: string;
  version: number | null;
};
export type SurveyImport = Schemas['SurveyImport'];
export type EntryDraft = Pick<Schemas['ProgressEntry'], 'text' | 'textEn' | 'stage' | 'plans' | 'evidence'>;
export type AssessmentDraft = Pick<
  Schemas['Assessment'],
  'rating' | 'narrative' | 'narrativeEn' | 'needsAcceleration'
>;

/** A change of an entry's state (`POST /api/entries/:id/<step>` with the version read). */
const entryStep = (step: 'submit' | 'accept' | 'withdraw') => (entryId: string, version: number) =>
  unwrap(http.POST(`/api/entries/{entryId}/${step}`, { ...path({ entryId }), body: { version } }));

/** The signed-in side: sessions, tasks, entries, review, assessment, publication. */
export const workflowApi = {
  /** The session, or the second step that is due (verify a code, or set TOTP up first). */
  login: (login: string, password: string) =>
    unwrap(http.POST('/api/auth/login', { body: { login, password } })),
  authOptions: () => unwrap(http.GET('/api/auth/options')),
  mfaVerify: (code: string) => unwrap(http.POST('/api/auth/mfa/verify', { body: { code } })),
  mfaEnrol: () => unwrap(http.POST('/api/auth/mfa/enrol')),
  mfaConfirm: (code: string) => unwrap(http.POST('/api/auth/mfa/confirm', { body: { code } })),
  mfaStatus: () => unwrap(http.GET('/api/auth/mfa')),
  mfaRenewCodes: (code: string) => unwrap(http.POST('/api/auth/mfa/recovery-codes', { body: { code } })),
  me: () => unwrap(http.GET('/api/auth/me')),
  /** My own new password (required after a temporary one). */
  changePassword: (currentPassword: string, newPassword: string) =>
    unwrap(http.POST('/api/auth/password', { body: { currentPassword, newPassword } })),
  logout: () => unwrap(http.POST('/api/auth/logout')),
  tasks: () => unwrap(http.GET('/api/me/tasks')).then((r) => r.tasks),
  strategies: () => unwrap(http.GET('/api/strategies')).then((r) => r.strategies),
  tree: (strategyId: string, cycleId: string) =>
    unwrap(http.GET('/api/strategies/{strategyId}/cycles/{cycleId}/tree', path({ strategyId, cycleId }))),
  nodeEntries: (strategyId: string, cycleId: string, nodeId: string) =>
    unwrap(
      http.GET(
        '/api/strategies/{strategyId}/cycles/{cycleId}/nodes/{nodeId}/entries',
        path({ strategyId, cycleId, nodeId }),
      ),
    ).then((r) => r.entries),
  entry: (entryId: string) => unwrap(http.GET('/api/entries/{entryId}', path({ entryId }))),
  saveEntry: (entryId: string, version: number, draft: EntryDraft) =>
    unwrap(http.PUT('/api/entries/{entryId}', { ...path({ entryId }), body: { version, ...draft } })),
  submit: entryStep('submit'),
  accept: entryStep('accept'),
  /** Submits several of my ministries' entries at once: all or none (a refusal carries details.failures). */
  submitMany: (cycleId: string, items: BulkItem[]) =>
    unwrap(http.POST('/api/cycles/{cycleId}/entries/submit', { ...path({ cycleId }), body: { items } })).then(
      (r) => r.done,
    ),
  /** Takes a submission back to draft before the secretariat has acted on it. */
  withdraw: entryStep('withdraw'),
  /** Reports (version null) or changes a KPI figure of one of my initiatives in the open cycle. */
  saveObservation: (indicatorId: string, body: ObservationInput) =>
    unwrap(http.PUT('/api/indicators/{indicatorId}/observations', { ...path({ indicatorId }), body })),
  /** The secretariat's entry of a ministry's figure on its behalf (audited as such). */
  saveObservationOnBehalf: (indicatorId: string, body: ObservationInput) =>
    unwrap(
      http.PUT('/api/indicators/{indicatorId}/observations/on-behalf', { ...path({ indicatorId }), body }),
    ),
  /**
   * Sends a filled-in survey sheet: a preview when `dryRun`, else the import (and the
   * submission of its entries when `submit`). A sheet with problems is an ApiError whose
   * details are the preview with its located problems.
   */
  importSurvey: (cycleId: string, file: Blob, opts: { dryRun: boolean; submit: boolean; lang: Lang }) =>
    unwrap(
      http.POST('/api/cycles/{cycleId}/survey', {
        params: {
          path: { cycleId },
          query: { dryRun: opts.dryRun ? '1' : '0', submit: opts.submit ? '1' : '0', lang: opts.lang },
        },
        body: file,
        bodySerializer: (b: Blob) => b,
        headers: { 'content-type': XLSX_TYPE },
      }),
    ),
  returnEntry: (entryId: string, version: number, comment: string) =>
    unwrap(http.POST('/api/entries/{entryId}/return', { ...path({ entryId }), body: { version, comment } })),
  cycleEntries: (cycleId: string) =>
    unwrap(http.GET('/api/cycles/{cycleId}/entries', path({ cycleId }))).then((r) => r.entries),
  checklist: (cycleId: string) => unwrap(http.GET('/api/cycles/{cycleId}/checklist', path({ cycleId }))),
  saveAssessment: (cycleId: string, nodeId: string, version: number | null, draft: AssessmentDraft) =>
    unwrap(
      http.PUT('/api/cycles/{cycleId}/assessments/{nodeId}', {
        ...path({ cycleId, nodeId }),
        body: { version, ...draft },
      }),
    ),
  saveSummary: (
    cycleId: string,
    version: number | null,
    overall: string[],
    overallEn: string[],
    pillars: { nodeId: string; bullets: string[]; bulletsEn: string[] }[],
  ) =>
    unwrap(
      http.PUT('/api/cycles/{cycleId}/summary', {
        ...path({ cycleId }),
        body: { version, overall, overallEn, pillars },
      }),
    ),
  publish: (cycleId: string, version: number) =>
    unwrap(http.POST('/api/cycles/{cycleId}/publish', { ...path({ cycleId }), body: { version } })),
  /** A correction of a published cycle: any of the facts it published, with a reason. */
  correct: (cycleId: string, body: CorrectionRequest) =>
    unwrap(http.POST('/api/cycles/{cycleId}/corrections', { ...path({ cycleId }), body })),
  /** The corrections of a published cycle and its record (revisions, hashes), never cached. */
  corrections: (strategyId: string, cycleId: string) =>
    unwrap(
      http.GET('/api/strategies/{strategyId}/cycles/{cycleId}/corrections', path({ strategyId, cycleId })),
    ),
  indicator: (indicatorId: string) =>
    unwrap(http.GET('/api/indicators/{indicatorId}', path({ indicatorId }))),
  suggestions: (strategyId: string, cycleId: string, lang: Lang) =>
    unwrap(
      http.GET('/api/strategies/{strategyId}/cycles/{cycleId}/suggestions', {
        params: { path: { strategyId, cycleId }, query: { lang } },
      }),
    ),
  history: (entryId: string) =>
    unwrap(http.GET('/api/entries/{entryId}/history', path({ entryId }))).then((r) => r.history),
  notifications: () => unwrap(http.GET('/api/notifications')).then((r) => r.notifications),
  markRead: (notificationId: string) =>
    unwrap(http.POST('/api/notifications/{notificationId}/read', path({ notificationId }))),
};

/** The secretariat's review work: bulk accept and return, on-behalf entry, exceptions, export. */
export const reviewApi = {
  /** All or none: a refusal (409) carries details.failures, one per item that failed. */
  reviewMany: (cycleId: string, action: 'accept' | 'return', items: BulkItem[], comment = '') =>
    unwrap(
      http.POST('/api/cycles/{cycleId}/review', { ...path({ cycleId }), body: { action, items, comment } }),
    ).then((r) => r.done),
  saveOnBehalf: (entryId: string, version: number, draft: EntryDraft, submit: boolean) =>
    unwrap(
      http.POST('/api/entries/{entryId}/on-behalf', {
        ...path({ entryId }),
        body: { version, ...draft, submit },
      }),
    ),
  except: (entryId: string, version: number, kind: ExceptionKind, reason: string) =>
    unwrap(
      http.POST('/api/entries/{entryId}/exception', {
        ...path({ entryId }),
        body: { version, kind, reason },
      }),
    ),
  withdrawException: (entryId: string, version: number) =>
    unwrap(
      http.POST('/api/entries/{entryId}/exception/withdraw', { ...path({ entryId }), body: { version } }),
    ),
  /** The download address of every entry with its state as XLSX. */
  submissionsXlsxUrl: (cycleId: string, lang: Lang) =>
    `/api/cycles/${encodeURIComponent(cycleId)}/entries.xlsx?lang=${lang}`,
};

export type BulkItem = { id: string; version: number };
export type ExceptionKind = 'not_applicable' | 'no_report';
/** One item a bulk action could not do, and why (the 409's details.failures). */
export type BulkFailure = { id: string; code: string; message: string };

/** The failures of a refused bulk action, or null when the error is another one. */
export function bulkFailures(err: unknown): BulkFailure[] | null {
  // 409: an item changed or cannot be done; 403: an item is not the caller's to change
  if (!(err instanceof ApiError) || (err.status !== 409 && err.status !== 403)) return null;
  const failures = (err.details as { failures?: BulkFailure[] } | undefined)?.failures;
  return Array.isArray(failures) ? failures : null;
}

export type CycleTasks = Awaited<ReturnType<typeof workflowApi.tasks>>[number];
export type EntryWithInitiative = Awaited<ReturnType<typeof workflowApi.cycleEntries>>[number];
export type HistoryEvent = Awaited<ReturnType<typeof workflowApi.history>>[number];
export type AppNotification = Awaited<ReturnType<typeof workflowApi.notifications>>[number];
export type Me = Schemas['Me'];
/** A TOTP secret to set up: as text, as an otpauth:// URI, and as a QR code (SVG data URL). */
export type Enrolment = Awaited<ReturnType<typeof workflowApi.mfaEnrol>>;
export type MfaStatus = Awaited<ReturnType<typeof workflowApi.mfaStatus>>;

type Body<P extends keyof Paths, M extends 'post' | 'put' | 'patch'> = NonNullable<
  NonNullable<Paths[P][M]> extends { requestBody?: { content: { 'application/json': infer B } } } ? B : never
>;

export type NodeInput = Required<
  Pick<Body<'/api/strategies/{strategyId}/nodes', 'post'>, 'title' | 'titleEn' | 'code'>
>;
export type InitiativeInput = Body<'/api/strategies/{strategyId}/initiatives', 'post'>;
export type OrganisationInput = Body<'/api/organisations', 'post'>;
export type IndicatorInput = Body<'/api/strategies/{strategyId}/indicators', 'post'>;

/** The administrators' screens: structure, organisations, indicators, cycles. */
export const adminApi = {
  strategy: (strategyId: string) => unwrap(http.GET('/api/strategies/{strategyId}', path({ strategyId }))),
  createStrategy: (input: { id?: string; title: string; titleEn: string }) =>
    unwrap(http.POST('/api/strategies', { body: input })),
  updateStrategy: (
    strategyId: string,
    version: number,
    input: Omit<Body<'/api/strategies/{strategyId}', 'patch'>, 'version'>,
  ) =>
    unwrap(
      http.PATCH('/api/strategies/{strategyId}', { ...path({ strategyId }), body: { version, ...input } }),
    ),
  nodes: (strategyId: string) =>
    unwrap(http.GET('/api/strategies/{strategyId}/nodes', path({ strategyId }))).then((r) => r.nodes),
  createNode: (strategyId: string, parentId: string | null, input: NodeInput) =>
    unwrap(
      http.POST('/api/strategies/{strategyId}/nodes', {
        ...path({ strategyId }),
        body: { parentId, ...input },
      }),
    ),
  logicModel: (strategyId: string, nodeId: string) =>
    unwrap(http.GET('/api/strategies/{strategyId}/nodes/{nodeId}/logic-model', path({ strategyId, nodeId }))),
  saveLogicModel: (
    strategyId: string,
    nodeId: string,
    version: number,
    model: Body<'/api/strategies/{strategyId}/nodes/{nodeId}/logic-model', 'put'>['model'],
  ) =>
    unwrap(
      http.PUT('/api/strategies/{strategyId}/nodes/{nodeId}/logic-model', {
        ...path({ strategyId, nodeId }),
        body: { version, model },
      }),
    ),
  updateNode: (nodeId: string, version: number, input: NodeInput) =>
    unwrap(http.PATCH('/api/nodes/{nodeId}', { ...path({ nodeId }), body: { version, ...input } })),
  nodeLinks: (strategyId: string, nodeId: string) =>
    unwrap(
      http.GET(
        '/api/strategies/{strategyId}/nodes/{nodeId}/shared-initiatives',
        path({ strategyId, nodeId }),
      ),
    ),
  shareInitiative: (strategyId: string, nodeId: string, initiativeId: string) =>
    unwrap(
      http.POST('/api/strategies/{strategyId}/nodes/{nodeId}/shared-initiatives', {
        ...path({ strategyId, nodeId }),
        body: { initiativeId },
      }),
    ),
  unshareInitiative: (strategyId: string, nodeId: string, initiativeId: string) =>
    unwrap(
      http.POST(
        '/api/strategies/{strategyId}/nodes/{nodeId}/shared-initiatives/{initiativeId}/delete',
        path({ strategyId, nodeId, initiativeId }),
      ),
    ),
  setStandsFor: (strategyId: string, nodeId: string, subStrategyId: string | null) =>
    unwrap(
      http.PUT('/api/strategies/{strategyId}/nodes/{nodeId}/stands-for', {
        ...path({ strategyId, nodeId }),
        body: { strategyId: subStrategyId },
      }),
    ),
  allInitiatives: () => unwrap(http.GET('/api/initiatives')).then((r) => r.initiatives),
  moveNode: (nodeId: string, version: number, parentId: string | null, position: number) =>
    unwrap(
      http.POST('/api/nodes/{nodeId}/move', { ...path({ nodeId }), body: { version, parentId, position } }),
    ),
  initiatives: (strategyId: string) =>
    unwrap(http.GET('/api/initiatives', { params: { query: { strategy: strategyId } } })).then(
      (r) => r.initiatives,
    ),
  saveInitiative: (strategyId: string, id: string | null, version: number | null, input: InitiativeInput) =>
    id === null || version === null
      ? unwrap(
          http.POST('/api/strategies/{strategyId}/initiatives', { ...path({ strategyId }), body: input }),
        )
      : unwrap(
          http.PUT('/api/strategies/{strategyId}/initiatives/{initiativeId}', {
            ...path({ strategyId, initiativeId: id }),
            body: { version, ...input },
          }),
        ),
  organisations: () => unwrap(http.GET('/api/organisations')).then((r) => r.organisations),
  saveOrganisation: (id: string | null, version: number | null, input: OrganisationInput) =>
    id === null || version === null
      ? unwrap(http.POST('/api/organisations', { body: input }))
      : unwrap(
          http.PUT('/api/organisations/{organisationId}', {
            ...path({ organisationId: id }),
            body: { version, ...input },
          }),
        ),
  indicators: (strategyId: string) =>
    unwrap(http.GET('/api/strategies/{strategyId}/indicators', path({ strategyId }))).then(
      (r) => r.indicators,
    ),
  saveIndicator: (strategyId: string, id: string | null, version: number | null, input: IndicatorInput) =>
    id === null || version === null
      ? unwrap(http.POST('/api/strategies/{strategyId}/indicators', { ...path({ strategyId }), body: input }))
      : unwrap(
          http.PUT('/api/strategies/{strategyId}/indicators/{indicatorId}', {
            ...path({ strategyId, indicatorId: id }),
            body: { version, ...input },
          }),
        ),
  createCycle: (strategyId: string, input: { fiscalYear: number; asOf: string; deadline: string | null }) =>
    unwrap(http.POST('/api/strategies/{strategyId}/cycles', { ...path({ strategyId }), body: input })),
  openCycle: (cycleId: string, version: number) =>
    unwrap(http.POST('/api/cycles/{cycleId}/open', { ...path({ cycleId }), body: { version } })),
  closeCycle: (cycleId: string, version: number) =>
    unwrap(http.POST('/api/cycles/{cycleId}/close', { ...path({ cycleId }), body: { version } })),
  /** The cycle's deadline as typed (2024/3/15, 令和6年3月15日); null or '' clears it. */
  setCycleDeadline: (cycleId: string, deadline: string | null, version: number) =>
    unwrap(http.PUT('/api/cycles/{cycleId}/deadline', { ...path({ cycleId }), body: { deadline, version } })),
  /** A ministry's own deadline; version null creates it, deadline null removes it. */
  setMinistryDeadline: (
    cycleId: string,
    organisationId: string,
    deadline: string | null,
    version: number | null,
  ) =>
    unwrap(
      http.PUT('/api/cycles/{cycleId}/organisations/{organisationId}/deadline', {
        ...path({ cycleId, organisationId }),
        body: { deadline, version },
      }),
    ),
  /** 督促: every ministry that owes entries, or one. */
  remind: (cycleId: string, organisationId?: string) =>
    unwrap(
      http.POST('/api/cycles/{cycleId}/reminders', {
        ...path({ cycleId }),
        body: organisationId === undefined ? {} : { organisationId },
      }),
    ),
};

export type Account = Schemas['Account'];
export type AccountInput = Omit<Body<'/api/users/{login}', 'put'>, 'version'>;

/** The accounts screen: list, create (temporary password), edit, disable, reset, CSV. */
export const accountsApi = {
  list: () => unwrap(http.GET('/api/users')).then((r) => r.users),
  create: (input: AccountInput & { login: string }) => unwrap(http.POST('/api/users', { body: input })),
  update: (login: string, version: number, input: AccountInput) =>
    unwrap(http.PUT('/api/users/{login}', { ...path({ login }), body: { version, ...input } })),
  setDisabled: (login: string, disabled: boolean) =>
    unwrap(http.POST('/api/users/{login}/disable', { ...path({ login }), body: { disabled } })),
  resetPassword: (login: string) => unwrap(http.POST('/api/users/{login}/password-reset', path({ login }))),
  importCsv: (csv: string, dryRun: boolean) =>
    unwrap(http.POST('/api/users/import', { body: { csv, dryRun } })),
  organisationContacts: () => unwrap(http.GET('/api/organisation-contacts')).then((r) => r.contacts),
};

/** The strategy a cycle belongs to and the cycle itself (as the signed-in user sees them). */
export async function findCycle(cycleId: string) {
  for (const strategy of await workflowApi.strategies()) {
    const cycle = strategy.cycles.find((c) => c.id === cycleId);
    if (cycle) return { strategy, cycle };
  }
  throw new ApiError(404, 'not_found', `cycle not found: ${cycleId}`);
}

export type BudgetImport = Schemas['BudgetImport'];
export type InitiativeBudget = Schemas['InitiativeBudget'];
export type BudgetTotals = Schemas['BudgetTotals'];

/** Budget beside results: the review's CSV, links to project numbers, money spent without progress. */
export const budgetApi = {
  /** A preview when `dryRun`; a file with problems is an ApiError whose details are the preview. */
  importCsv: (file: Blob, opts: { dryRun: boolean; name: string; lang: Lang }) =>
    unwrap(
      http.POST('/api/budget/import', {
        params: { query: { dryRun: opts.dryRun ? '1' : '0', name: opts.name, lang: opts.lang } },
        body: file,
        bodySerializer: (b: Blob) => b,
        headers: { 'content-type': 'text/csv' },
      }),
    ),
  /** The links in force now (never cached: the screen changes them). */
  initiative: (initiativeId: string) =>
    unwrap(http.GET('/api/initiatives/{initiativeId}/budget', path({ initiativeId }))),
  setProjects: (initiativeId: string, projectNumbers: string[]) =>
    unwrap(
      http.PUT('/api/initiatives/{initiativeId}/budget/projects', {
        ...path({ initiativeId }),
        body: { projectNumbers },
      }),
    ),
  unreported: (strategyId: string, cycleId: string) =>
    unwrap(
      http.GET(
        '/api/strategies/{strategyId}/cycles/{cycleId}/budget/unreported',
        path({ strategyId, cycleId }),
      ),
    ),
};

export type ReportImport = Schemas['ReportImport'];
export type ReportHistoryPlan = Schemas['ReportHistoryPlan'];
type ReportEdit =
  Paths['/api/report-imports/{importId}/edits']['post']['requestBody']['content']['application/json']['edit'];
export type { ReportEdit };

/** Past reports reviewed on screen (administrators): upload, read, fix, accept. */
export const reportImportsApi = {
  list: () => unwrap(http.GET('/api/report-imports')).then((r) => r.imports),
  /** A file the importer cannot read is an ApiError whose details carry its problems. */
  upload: (file: Blob, opts: { name: string; strategyId?: string; lang: Lang }) =>
    unwrap(
      http.POST('/api/report-imports', {
        params: {
          query: {
            name: opts.name,
            lang: opts.lang,
            ...(opts.strategyId !== undefined && { strategyId: opts.strategyId }),
          },
        },
        body: file as never,
        bodySerializer: (b: Blob) => b,
        headers: { 'content-type': 'application/octet-stream' },
      }),
    ),
  get: (importId: string, lang: Lang) =>
    unwrap(http.GET('/api/report-imports/{importId}', { params: { path: { importId }, query: { lang } } })),
  /** The stored file's bytes (a PDF's pages are drawn from them). */
  file: async (importId: string): Promise<ArrayBuffer> => {
    const res = await http.GET('/api/report-imports/{importId}/file', {
      ...path({ importId }),
      parseAs: 'arrayBuffer',
    });
    if (!res.response.ok || !res.data)
      throw new ApiError(res.response.status, 'file', res.response.statusText);
    return res.data as unknown as ArrayBuffer;
  },
  edit: (importId: string, version: number, edit: ReportEdit, lang: Lang) =>
    unwrap(
      http.POST('/api/report-imports/{importId}/edits', {
        params: { path: { importId }, query: { lang } },
        body: { version, edit },
      }),
    ),
  /** The proposed matches of the draft against a stored strategy (nothing written). */
  historyPlan: (importId: string, strategyId: string, lang: Lang) =>
    unwrap(
      http.GET('/api/report-imports/{importId}/history-plan', {
        params: { path: { importId }, query: { strategyId, lang } },
      }),
    ),
  acceptAsPast: (importId: string, version: number, strategyId: string, lang: Lang) =>
    unwrap(
      http.POST('/api/report-imports/{importId}/accept', {
        params: { path: { importId }, query: { lang } },
        body: { version, as: 'past', strategyId },
      }),
    ),
  acceptAsNew: (importId: string, version: number, lang: Lang) =>
    unwrap(
      http.POST('/api/report-imports/{importId}/accept', {
        params: { path: { importId }, query: { lang } },
        body: { version, as: 'new' },
      }),
    ),
};
