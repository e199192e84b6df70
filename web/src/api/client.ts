/**
 * The one HTTP client of the web app, typed by the API's own OpenAPI document
 * (schema.d.ts, generated from the route table by `npm run contract`): paths, parameters,
 * bodies and responses cannot drift from the server's. It sends the session's CSRF token
 * on writes, notices an ended session (401), turns error bodies into `ApiError`s that keep
 * their details (a 409 carries the current record), and caches public reads per URL for the
 * page's lifetime (published data does not change while someone reads it).
 *
 * Requests go through one replaceable transport: on the server (web/src/entry-server.tsx) it
 * answers from the API in-process as an anonymous caller, and while a server-rendered page
 * hydrates it answers from the responses embedded in the page (web/src/lib/ssr.ts).
 */
import createClient, { type Middleware } from 'openapi-fetch';
import { session } from '../workflow/session.ts';
import type { components, paths } from './schema';

export type Schemas = components['schemas'];

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

const auth: Middleware = {
  onRequest({ request }) {
    request.headers.set('accept', 'application/json');
    const csrf = session.get().csrfToken;
    if (request.method !== 'GET' && csrf) request.headers.set('x-csrf-token', csrf);
    return request;
  },
  onResponse({ request, response }) {
    if (response.status === 401 && !new URL(request.url).pathname.startsWith('/api/auth/')) session.expire();
    return response;
  },
};

export type Transport = (request: Request) => Promise<Response>;

let transport: Transport = (request) => fetch(request);

/** Replaces how requests are sent (the server renderer, the hydration seed). */
export function setTransport(next: Transport): void {
  transport = next;
}

const onServer = typeof window === 'undefined';
const origin = onServer ? 'http://localhost' : window.location.origin;

export const http = createClient<paths>({
  baseUrl: origin,
  credentials: 'same-origin',
  fetch: (request: Request) => transport(request),
});
http.use(auth);

interface Outcome<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

/** The body of a successful response, or an ApiError with the server's code and details. */
export async function unwrap<T>(call: Promise<Outcome<T>>): Promise<NonNullable<T>> {
  let outcome: Outcome<T>;
  try {
    outcome = await call;
  } catch (cause) {
    throw new ApiError(0, 'network', cause instanceof Error ? cause.message : String(cause));
  }
  const { data, error, response } = outcome;
  if (!response.ok || data === undefined || data === null) {
    const body = (error as { error?: { code?: string; message?: string; details?: unknown } } | undefined)
      ?.error;
    throw new ApiError(
      response.status,
      body?.code ?? 'internal',
      body?.message ?? response.statusText,
      body?.details,
    );
  }
  return data;
}

/** A GET of a JSON document outside the typed paths (the OpenAPI document itself). */
export async function getJson<T>(pathname: string): Promise<T> {
  const res = await transport(new Request(origin + pathname, { headers: { accept: 'application/json' } }));
  return (await res.json()) as T;
}

const cache = new Map<string, Promise<unknown>>();

/** Forgets every cached read (after hydrating a signed-in reader's page from public data). */
export function forgetCached(): void {
  cache.clear();
}

/**
 * A public read, made once per key for the page's lifetime (a failed read is forgotten, so
 * that it is tried again). The server keeps nothing between renders: each render reads anew.
 */
export function cached<T>(key: string, read: () => Promise<T>): Promise<T> {
  if (onServer) return read();
  let pending = cache.get(key) as Promise<T> | undefined;
  if (!pending) {
    pending = read();
    pending.catch(() => cache.delete(key));
    cache.set(key, pending);
  }
  return pending;
}
