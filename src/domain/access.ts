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
  /** write 概況 and the summary */
  'assessment:write',
  'user:manage',
  'audit:read',
  /** walk the audit trail's hash chain (admins) */
  'audit:verify',
  /** the secretariat's judgement aids: status suggestions and possible overlaps */
  'insight:read',
] as const;
export type Action = (typeof ACTIONS)[number];

export const ROLE_ACTIONS: Record<Role, readonly Action[]> = {
  admin: [
    'drafts:read',
    'structure:write',
    'cycle:manage',
    'cycle:publish',
    'cycle:correct',
    'user:manage',
    'audit:read',
    'audit:verify',
    'insight:read',
  ],
  reviewer: [
    'drafts:read',
    'entry:review',
    'assessment:write',
    'cycle:publish',
    'cycle:correct',
    'audit:read',
    'insight:read',
  ],
  editor: ['drafts:read', 'entry:edit'],
  viewer: ['drafts:read'],
};

/** API token scopes and the actions each one opens (within the owner's role). */
export const TOKEN_SCOPES: Record<string, readonly Action[]> = {
  read: ['drafts:read', 'audit:read', 'insight:read'],
  progress: ['drafts:read', 'entry:edit'],
  review: ['drafts:read', 'entry:review', 'assessment:write', 'insight:read'],
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
}

export interface Viewer {
  principal: Principal | null;
  canSeeDrafts: boolean;
  /**
   * For a ministry editor: the organisations whose draft entries they may read. Drafts of
   * other ministries stay hidden from them until publication.
   */
  draftOrganisations: string[] | null;
}

export const ANONYMOUS: Viewer = { principal: null, canSeeDrafts: false, draftOrganisations: null };
export const SYSTEM: Viewer = { principal: null, canSeeDrafts: true, draftOrganisations: null };

export function viewerFor(principal: Principal): Viewer {
  const drafts = can(principal, 'drafts:read');
  return {
    principal,
    canSeeDrafts: drafts,
    draftOrganisations: principal.role === 'editor' ? principal.organisationIds : null,
  };
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
  return viewer.canSeeDrafts || cycle.state === 'published';
}

/**
 * A strategy's structure (nodes, initiatives, indicators) is public from its first published
 * cycle on; before that only readers of drafts see that it exists at all.
 * @example canSeeStrategy(ANONYMOUS, [{ state: 'open' }]) // false
 */
export function canSeeStrategy(viewer: Viewer, cycles: readonly Pick<Cycle, 'state'>[]): boolean {
  return viewer.canSeeDrafts || cycles.some((c) => c.state === 'published');
}

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}
