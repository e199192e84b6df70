/**
 * Who is asking, and what they may do. Roles and the actions each allows are one table
 * (ROLE_ACTIONS); API tokens narrow a user's actions to their scopes. Every route names
 * the action it needs, so the authorisation matrix test is generated from the route table.
 */
import type { Cycle } from './model.ts';

export const ROLES = ['admin', 'reviewer', 'editor', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

export const ACTIONS = [
  /** read unpublished cycles */
  'drafts:read',
  /** strategies, nodes, initiatives, organisations, indicators */
  'structure:write',
  /** create, open, close cycles; set deadlines */
  'cycle:manage',
  'cycle:publish',
  /** write corrections to a published cycle */
  'cycle:correct',
  /** ministry editors: own organisations' entries and observations, open cycle only */
  'entry:edit',
  /** return or accept submissions */
  'entry:review',
  /** the secretariat: write an entry on its ministry's behalf, mark it 該当なし or 報告なし */
  'entry:proxy',
  /** write 概況 and the summary */
  'assessment:write',
  'user:manage',
  'audit:read',
  /** walk the audit trail's hash chain (admins) */
  'audit:verify',
  /** the secretariat's judgement aids: status suggestions and possible overlaps */
  'insight:read',
  /** create and revoke one's own API tokens: every role, but only the `admin` token scope */
  'token:manage',
] as const;
export type Action = (typeof ACTIONS)[number];

export const ROLE_ACTIONS: Record<Role, readonly Action[]> = {
  admin: [
    'drafts:read',
    'structure:write',
    'cycle:manage',
    'cycle:publish',
    'cycle:correct',
    'entry:proxy',
    'user:manage',
    'audit:read',
    'audit:verify',
    'insight:read',
    'token:manage',
  ],
  reviewer: [
    'drafts:read',
    'entry:review',
    'entry:proxy',
    'assessment:write',
    'cycle:publish',
    'cycle:correct',
    'audit:read',
    'insight:read',
    'token:manage',
  ],
  editor: ['drafts:read', 'entry:edit', 'token:manage'],
  viewer: ['drafts:read', 'token:manage'],
};

/** API token scopes and the actions each one opens (within the owner's role). */
export const TOKEN_SCOPES: Record<string, readonly Action[]> = {
  read: ['drafts:read', 'audit:read', 'insight:read'],
  progress: ['drafts:read', 'entry:edit'],
  review: ['drafts:read', 'entry:review', 'entry:proxy', 'assessment:write', 'insight:read'],
  admin: ACTIONS,
};

export interface Principal {
  userId: string;
  login: string;
  displayName: string;
  role: Role;
  /** Organisations a ministry editor works for (empty for other roles). */
  organisationIds: string[];
  via: 'session' | 'token';
  /** Token scopes; undefined for sessions. */
  scopes?: string[];
  /**
   * The session was opened with a temporary password: until a new one is chosen, it may only
   * change the password, ask who it is and sign out (api/app.ts).
   */
  mustChangePassword?: boolean;
}

/**
 * What a reader may see of unpublished cycles: the one read policy. Every repository read of
 * rows that belong to a cycle (progress entries, assessments, summaries, KPI figures) takes
 * a scope and applies it in its own SQL; there is no default, so a new read path has to
 * choose one. Published cycles are readable by everyone in every scope.
 *
 * - `none`: published cycles only (anonymous callers, tokens without `drafts:read`).
 * - `ministry`: also the drafts, figures and review comments of these organisations'
 *   initiatives (ministry editors); never the secretariat's draft assessments or summary.
 * - `all`: every draft (the secretariat and read-only staff).
 */
export type ReadScope =
  | { readonly drafts: 'none' }
  | { readonly drafts: 'ministry'; readonly organisationIds: readonly string[] }
  | { readonly drafts: 'all' };

export const PUBLIC_SCOPE: ReadScope = { drafts: 'none' };
/**
 * Reads made for the system itself — exports, the search index, a write's own checks —
 * whose rows never reach a caller without `drafts:read` as they are.
 */
export const UNSCOPED: ReadScope = { drafts: 'all' };

export interface Viewer {
  principal: Principal | null;
  scope: ReadScope;
}

export const ANONYMOUS: Viewer = { principal: null, scope: PUBLIC_SCOPE };
export const SYSTEM: Viewer = { principal: null, scope: UNSCOPED };

export function viewerFor(principal: Principal): Viewer {
  return { principal, scope: scopeOf(principal) };
}

/** @example scopeOf({ role: 'editor', organisationIds: ['mic'], … }) // { drafts: 'ministry', organisationIds: ['mic'] } */
export function scopeOf(principal: Principal | null): ReadScope {
  if (!can(principal, 'drafts:read')) return PUBLIC_SCOPE;
  if (principal?.role === 'editor') return { drafts: 'ministry', organisationIds: principal.organisationIds };
  return UNSCOPED;
}

/** Whether the scope reads an unpublished cycle at all (its existence, its own items). */
export const seesDrafts = (scope: ReadScope): boolean => scope.drafts !== 'none';

/** Whether the scope reads the secretariat's drafts: assessments, summary, suggestions, overlaps. */
export const seesSecretariatDrafts = (scope: ReadScope): boolean => scope.drafts === 'all';

/** Whether the scope reads the unpublished entry (or figure) of an initiative with these owners. */
export function seesDraftOf(scope: ReadScope, ownerIds: readonly string[]): boolean {
  if (scope.drafts === 'ministry') return ownerIds.some((o) => scope.organisationIds.includes(o));
  return scope.drafts === 'all';
}

export function can(principal: Principal | null, action: Action): boolean {
  if (!principal) return false;
  if (!ROLE_ACTIONS[principal.role].includes(action)) return false;
  if (principal.via === 'token') {
    return (principal.scopes ?? []).some((s) => TOKEN_SCOPES[s]?.includes(action));
  }
  return true;
}

export function canSeeCycle(viewer: Viewer, cycle: Pick<Cycle, 'state'>): boolean {
  return seesDrafts(viewer.scope) || cycle.state === 'published';
}

/**
 * A strategy's structure (nodes, initiatives, indicators) is public from its first published
 * cycle on; before that only readers of drafts see that it exists at all.
 * @example canSeeStrategy(ANONYMOUS, [{ state: 'open' }]) // false
 */
export function canSeeStrategy(viewer: Viewer, cycles: readonly Pick<Cycle, 'state'>[]): boolean {
  return seesDrafts(viewer.scope) || cycles.some((c) => c.state === 'published');
}

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}
