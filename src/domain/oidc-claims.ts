/**
 * From an identity provider's claims to a local account: the role, the ministries and a login
 * name, as OIDC_ROLE_MAP, OIDC_ORG_CLAIM/OIDC_ORG_MAP and OIDC_LOGIN_CLAIM say. Pure.
 */
import { ROLES, type Role } from './access.ts';

export type Claims = Record<string, unknown>;

/** A claim as a list of strings (providers send one value or an array). */
export function claimValues(claims: Claims, name: string): string[] {
  const value = claims[name];
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string');
  return [];
}

/**
 * The most privileged role any value of the claim maps to, or null when none maps.
 * @example mapRole(['staff', 'shinchoku-reviewer'], { 'shinchoku-reviewer': 'reviewer' }) // 'reviewer'
 */
export function mapRole(values: string[], map: Record<string, Role>): Role | null {
  const mapped = new Set(values.map((v) => map[v]).filter((r): r is Role => r !== undefined));
  return ROLES.find((r) => mapped.has(r)) ?? null;
}

/**
 * The organisations the claim's values name (through `map` when given), known ones only.
 * @example mapOrganisations(['総務省'], { 総務省: 'mic' }, new Set(['mic'])) // ['mic']
 */
export function mapOrganisations(
  values: string[],
  map: Record<string, string> | undefined,
  known: ReadonlySet<string>,
): string[] {
  const ids = values.map((v) => (map ? map[v] : v)).filter((id): id is string => !!id && known.has(id));
  return [...new Set(ids)].sort();
}

export const LOGIN_PATTERN = /^[A-Za-z0-9._@-]{2,100}$/;

/** The login name a new account takes from the claims, if it is a valid one. */
export function loginFromClaims(claims: Claims, loginClaim: string): string | null {
  for (const name of [loginClaim, 'preferred_username', 'email']) {
    const value = claims[name];
    if (typeof value === 'string' && LOGIN_PATTERN.test(value)) return value;
  }
  return null;
}
