/**
 * What the API document says about one operation beyond its schemas, derived from the
 * route's declaration so that it cannot drift from what the app does: the statuses it can
 * answer, who may call it and how (security), and a stable operationId.
 */
import { z } from 'zod';
import { TOKEN_SCOPES } from '../domain/access.ts';
import { CSRF_HEADER, SESSION_COOKIE } from './auth.ts';
import type { RouteDef } from './route.ts';

const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export const isWrite = (route: Pick<RouteDef, 'method'>): boolean => WRITES.has(route.method);

/** Each error status: its name under components.responses and why it is answered. */
export const ERROR_RESPONSES: Record<number, { name: string; description: string }> = {
  400: {
    name: 'BadRequest',
    description: 'The request is not valid: a malformed parameter or body (details.issues name the fields)',
  },
  401: {
    name: 'Unauthorized',
    description:
      'Not authenticated: no session (where one is needed), a wrong login, or an unknown, revoked or expired API token',
  },
  403: {
    name: 'Forbidden',
    description:
      'Not allowed for this role or token scope, or a cookie-authenticated write without its CSRF token',
  },
  404: { name: 'NotFound', description: 'Unknown id, or not visible to the caller' },
  409: {
    name: 'Conflict',
    description:
      'Changed by someone else since the version sent, already exists, or not allowed in the current state',
  },
  413: { name: 'ContentTooLarge', description: 'The request body is too large' },
  415: {
    name: 'UnsupportedMediaType',
    description: 'The request body has a content type this operation does not accept',
  },
  429: {
    name: 'TooManyRequests',
    description: 'Too many requests; retry after the time the Retry-After header gives',
  },
  500: {
    name: 'InternalError',
    description: 'Internal error (logged on the server; the body has no details)',
  },
  503: {
    name: 'ServiceUnavailable',
    description: 'A component the operation needs is not available on this server (e.g. the PDF renderer)',
  },
};

/**
 * The statuses an operation can answer, from its declaration:
 *
 * - 200 (302 for a route that redirects), and 304 for ETag routes;
 * - 400 when it takes parameters, a query or a body (every write can be sent a malformed body);
 * - 401 on every route (an unknown bearer token is refused even where no login is needed);
 * - 403 when it needs a principal, and on every write (the CSRF check of cookie sessions);
 * - 404 when it has path parameters; 409 when its body carries a `version`;
 * - 413 and 415 on every write (body size and content type are checked before the route);
 * - 429 when it is rate-limited; 500 always; and whatever the route declares in `errors`.
 *
 * @example responseStatuses({ method: 'GET', url: '/api/health', … }) // [200, 401, 500]
 */
export function responseStatuses(route: RouteDef): number[] {
  const write = isWrite(route);
  const statuses = new Set<number>([route.redirects ? 302 : 200, 401, 500, ...(route.errors ?? [])]);
  if (route.etag) statuses.add(304);
  if (route.params || route.query || route.body || route.consumes || write) statuses.add(400);
  if ((route.access ?? 'public') !== 'public' || write) statuses.add(403);
  if (route.params) statuses.add(404);
  if (hasVersion(route.body)) statuses.add(409);
  if (write) statuses.add(413).add(415);
  if (route.rateLimit) statuses.add(429);
  return [...statuses].sort((a, b) => a - b);
}

function hasVersion(body: z.ZodType | undefined): boolean {
  return body instanceof z.ZodObject && 'version' in body.shape;
}

export const SECURITY_SCHEMES = {
  session: {
    type: 'apiKey',
    in: 'cookie',
    name: SESSION_COOKIE,
    description: 'The session cookie set by POST /api/auth/login (HttpOnly, SameSite=Lax).',
  },
  csrf: {
    type: 'apiKey',
    in: 'header',
    name: CSRF_HEADER,
    description:
      'The CSRF token of the session (from GET /api/auth/me or the login response); required with the session cookie on every write.',
  },
  bearer: {
    type: 'http',
    scheme: 'bearer',
    description: `An API token (POST /api/tokens). Its scopes narrow what its owner may do: ${Object.entries(
      TOKEN_SCOPES,
    )
      .map(([scope, actions]) => `${scope} (${actions.join(', ')})`)
      .join('; ')}. Where an operation lists scopes, any one of them will do.`,
  },
} as const;

type Requirement = Record<string, string[]>;

/**
 * Ways to call an operation: anonymously (public routes), with the session cookie (plus its
 * CSRF header for writes), or with a bearer token holding one of the scopes that open the
 * route's action (any scope for routes open to every logged-in user).
 */
export function securityOf(route: RouteDef): Requirement[] {
  const access = route.access ?? 'public';
  const session: Requirement = isWrite(route) ? { session: [], csrf: [] } : { session: [] };
  if (access === 'public' || access === 'authenticated') {
    return [...(access === 'public' ? [{}] : []), session, { bearer: [] }];
  }
  const scopes = Object.entries(TOKEN_SCOPES)
    .filter(([, actions]) => actions.includes(access))
    .map(([scope]) => ({ bearer: [scope] }));
  return [session, ...scopes];
}

/**
 * The operationId: the method, then the path's words in camelCase, a collection named
 * before one of its ids in the singular; path parameters themselves add nothing.
 *
 * @example operationIdOf({ method: 'GET', url: '/api/strategies/:strategyId/cycles/:cycleId/tree' })
 * // 'getStrategyCycleTree'
 * @example operationIdOf({ method: 'GET', url: '/api/audit.csv' }) // 'getAuditCsv'
 */
export function operationIdOf(route: Pick<RouteDef, 'method' | 'url' | 'operationId'>): string {
  if (route.operationId) return route.operationId;
  const segments = route.url.replace(/^\/api\//, '').split('/');
  const words = segments.flatMap((segment, i) => {
    if (segment.startsWith(':')) return [];
    const parts = segment
      .replace(/\.:[A-Za-z]+$/, '')
      .split(/[^A-Za-z0-9]+/)
      .filter((w) => w !== '');
    const last = parts.at(-1);
    if (segments[i + 1]?.startsWith(':') && last !== undefined) parts[parts.length - 1] = singular(last);
    return parts;
  });
  return route.method.toLowerCase() + words.map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join('');
}

function singular(word: string): string {
  if (word.endsWith('ies')) return `${word.slice(0, -3)}y`;
  if (word.endsWith('s') && !word.endsWith('ss')) return word.slice(0, -1);
  return word;
}
