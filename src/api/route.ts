/**
 * The route table. Every API route is declared with zod schemas for its parameters, query
 * and response; the same declaration registers it with Fastify, validates the input,
 * produces its OpenAPI operation, and drives the authorisation matrix and the leak scan.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import type { AuthConfig } from '../config.ts';
import type { Db } from '../db/database.ts';
import type { Action, Principal, Viewer } from '../domain/access.ts';
import type { Actor } from '../services/audit.service.ts';

export interface RouteContext<P, Q, B> {
  db: Db;
  params: P;
  query: Q;
  body: B;
  viewer: Viewer;
  /** The logged-in user or token owner; non-null on every route whose access is not 'public'. */
  principal: Principal | null;
  /** Who to record in the audit trail: the principal (or anonymous) and the source address. */
  actor: Actor;
  request: FastifyRequest;
  reply: FastifyReply;
  /** How people sign in here: token lifetime, second factor, single sign-on. */
  auth: AuthConfig;
  /** Where people reach the server (PUBLIC_URL; in tests without a configuration, the request's origin). */
  publicUrl: string;
  /** The configured Chromium for PDF reports (CHROMIUM_PATH); undefined: /usr/bin/chromium. */
  chromiumPath: string | undefined;
}

export type Access = 'public' | 'authenticated' | Action;

export interface RouteDef<
  P extends z.ZodType = z.ZodType,
  Q extends z.ZodType = z.ZodType,
  B extends z.ZodType = z.ZodType,
  R extends z.ZodType = z.ZodType,
> {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Fastify path, e.g. /api/strategies/:id */
  url: string;
  summary: string;
  tags: string[];
  /**
   * Who may call it: 'public' (anyone; data is still scoped by the viewer), 'authenticated'
   * (any logged-in user; the service checks ownership), or the action the caller needs.
   * Defaults to 'public'. The authorisation matrix test reads this field.
   */
  access?: Access;
  /** Per-route rate limit, e.g. for login. */
  rateLimit?: { max: number; timeWindowMs: number };
  params?: P;
  query?: Q;
  body?: B;
  /** JSON response schema; omitted for file downloads (see `produces`). */
  response?: R;
  /** Content types of a non-JSON response. */
  produces?: string[];
  /** Content types of a raw (non-JSON) request body, e.g. an uploaded workbook. */
  consumes?: string[];
  /**
   * Error statuses the route can answer beyond those derived from this declaration (see
   * `responseStatuses` in openapi-operation.ts), e.g. 409 for a create that checks uniqueness.
   */
  errors?: number[];
  /** Answers 304 to a matching If-None-Match (the response carries an ETag). */
  etag?: boolean;
  /** Overrides the operationId derived from the method and path, where that would read badly. */
  operationId?: string;
  /** Answers with a redirect (302) rather than a body. */
  redirects?: true;
  handler: (ctx: RouteContext<z.infer<P>, z.infer<Q>, z.infer<B>>) => Promise<z.infer<R> | undefined>;
}

/** Keeps the generic types of one route while putting it in a list of routes. */
export function defineRoute<
  P extends z.ZodType = z.ZodObject<Record<string, never>>,
  Q extends z.ZodType = z.ZodObject<Record<string, never>>,
  B extends z.ZodType = z.ZodUnknown,
  R extends z.ZodType = z.ZodUnknown,
>(def: RouteDef<P, Q, B, R>): RouteDef {
  return def as unknown as RouteDef;
}

/** Principal of a route that is not public (the app has already refused anonymous callers). */
export function principalOf(ctx: { principal: Principal | null }): Principal {
  if (!ctx.principal) throw new Error('route declared public but needs a principal');
  return ctx.principal;
}

/** Path parameter ids (defined with the write bodies the web app shares). */
export { IdParam } from '../domain/inputs.ts';
