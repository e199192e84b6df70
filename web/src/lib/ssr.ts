/**
 * Server rendering of the public pages and their hydration. A render (server) or a hydration
 * (browser) has a scope: the loads of its useLoad hooks by slot (useId and key, the same on
 * both sides), so that a hook's first state is its data and the hydrated markup matches the
 * server's. The server embeds every API response its render read in the page
 * (<script type="application/json" id="ssr-data">); the browser answers the hydration's
 * requests from them, then forgets them.
 */
import { createContext } from 'react';
import { forgetCached, setTransport, type Transport } from '../api/client.ts';
import type { Loadable } from './hooks.ts';

/** An API response read by a server render, embedded for the hydration. */
export interface SeededResponse {
  status: number;
  body: unknown;
}

/** What a server-rendered page embeds: the public base URL and the responses, by path. */
export interface Seed {
  publicUrl: string;
  responses: Record<string, SeededResponse>;
  /** A page of the static copy (web/src/lib/static-site.ts): its app path. */
  staticPath?: string;
}

export const SEED_ELEMENT_ID = 'ssr-data';

/** What the pages tell a server render about themselves, for the page's <head>. */
export class PageHead {
  title: string | null = null;
  description: string | null = null;
  /** schema.org JSON-LD documents, by kind (one BreadcrumbList, one Dataset). */
  readonly jsonLd: Record<string, Record<string, unknown>> = {};
  /** The page showed "not found" or an error: the server sends the plain app instead. */
  failed = false;
  /** The page only leads elsewhere (a strategy to its newest cycle): the server redirects. */
  redirect: string | null = null;

  titled(title: string | null, description: string | undefined): void {
    this.title = title;
    if (description !== undefined) this.description = description;
  }

  described(kind: string, doc: Record<string, unknown>): void {
    this.jsonLd[kind] = { '@context': 'https://schema.org', ...doc };
  }

  fail(): void {
    this.failed = true;
  }

  redirected(to: string): void {
    this.redirect = to;
  }
}

export interface RenderScope {
  /** True on the server, and in the browser until the hydration has committed. */
  active: boolean;
  loads: Map<string, Promise<Loadable<unknown>>>;
  /** Collected on the server only. */
  head: PageHead | null;
  publicUrl: string;
  /** After hydrating, load again (a signed-in reader may see more than the public). */
  reloadAfterHydration: boolean;
}

export const RenderContext = createContext<RenderScope | null>(null);

/** A load's outcome as a Loadable (never rejects), made once per slot of the scope. */
export function scopedLoad<T>(
  scope: RenderScope,
  slot: string,
  load: () => Promise<T>,
): Promise<Loadable<T>> {
  let pending = scope.loads.get(slot) as Promise<Loadable<T>> | undefined;
  if (!pending) {
    pending = load().then(
      (data): Loadable<T> => ({ status: 'ok', data }),
      (error: unknown): Loadable<T> => ({
        status: 'error',
        error: error instanceof Error ? error : new Error(String(error)),
      }),
    );
    scope.loads.set(slot, pending as Promise<Loadable<unknown>>);
  }
  return pending;
}

/** The key a response is embedded under: its path and query. */
export const seedKey = (url: string): string => {
  const u = new URL(url, 'http://localhost');
  return u.pathname + u.search;
};

/** Escapes JSON for a <script> element: no "</script>", no "<!--". */
export const scriptJson = (value: unknown): string =>
  JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');

/** The seed a server-rendered page embeds, or null for the plain app. */
export function readSeed(doc: Document): Seed | null {
  const text = doc.getElementById(SEED_ELEMENT_ID)?.textContent;
  if (!text) return null;
  try {
    return JSON.parse(text) as Seed;
  } catch {
    return null;
  }
}

/**
 * Answers GET requests from the seed, the others (and the misses) with `otherwise`.
 * Example: `setTransport(seededTransport(seed, (request) => fetch(request)))`.
 */
export function seededTransport(seed: Seed, otherwise: Transport): Transport {
  return async (request) => {
    const hit = request.method === 'GET' ? seed.responses[seedKey(request.url)] : undefined;
    if (!hit) return otherwise(request);
    return new Response(JSON.stringify(hit.body), {
      status: hit.status,
      headers: { 'content-type': 'application/json' },
    });
  };
}

/** A browser render scope that starts active, with nothing loaded yet. */
export const hydratingScope = (seed: Seed, reloadAfterHydration: boolean): RenderScope => ({
  active: true,
  loads: new Map(),
  head: null,
  publicUrl: seed.publicUrl,
  reloadAfterHydration,
});

/**
 * The browser's scope for hydrating a seeded page: requests are answered from the seed until
 * `finish` (called once the hydration has committed), then go to the network again.
 */
export function hydrationScope(
  seed: Seed,
  signedInBefore: boolean,
): { scope: RenderScope; finish: () => void } {
  const network: Transport = (request) => fetch(request);
  setTransport(seededTransport(seed, network));
  const scope = hydratingScope(seed, signedInBefore);
  const finish = () => {
    if (!scope.active) return;
    scope.active = false;
    scope.loads.clear();
    setTransport(network);
    if (signedInBefore) forgetCached();
  };
  return { scope, finish };
}
