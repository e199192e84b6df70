/// <reference types="node" />
/**
 * The server renderer of the public pages (built by `npm run build` into web/dist/ssr/ and
 * imported by src/api/static.ts): renders a page as an anonymous reader, with the data it
 * shows, and returns its markup, its <head> metadata and the API responses it read (embedded
 * in the page for the hydration). Every request goes through `get`, which the server answers
 * in-process without the reader's session, so that only published data is ever rendered.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { text } from 'node:stream/consumers';
import { prerenderToNodeStream } from 'react-dom/static';
import { createMemoryRouter } from 'react-router';
import { t } from '../../src/i18n.ts';
import { setTransport } from './api/client.ts';
import { Root } from './Root.tsx';
import { routes } from './routes.tsx';
import { PageHead, seedKey, type RenderScope, type Seed, type SeededResponse } from './lib/ssr.ts';

/** An anonymous GET of the API: status and JSON body (or null when the body is not JSON). */
export type AnonymousGet = (pathAndQuery: string) => Promise<SeededResponse>;

interface Render {
  get: AnonymousGet;
  responses: Map<string, Promise<SeededResponse>>;
}

const renders = new AsyncLocalStorage<Render>();

setTransport(async (request) => {
  const render = renders.getStore();
  if (!render) throw new Error('an API request outside a server render');
  if (request.method !== 'GET') throw new Error(`a server render sent ${request.method} ${request.url}`);
  const key = seedKey(request.url);
  let answer = render.responses.get(key);
  if (!answer) {
    answer = render.get(key);
    render.responses.set(key, answer);
  }
  const { status, body } = await answer;
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
});

export interface RenderedPage {
  lang: 'ja' | 'en';
  /** The document title ("page | site"). */
  title: string;
  description: string;
  jsonLd: Record<string, unknown>[];
  /** The markup of #root. */
  html: string;
  seed: Seed;
}

/** The longest a render may wait for its data. */
const RENDER_TIMEOUT_MS = 10_000;

/**
 * Renders `url` (a path of the app); null when the page shows "not found" or an error (the
 * server then sends the plain app, which a signed-in reader needs for unpublished cycles);
 * where the page only leads to another, that page's path.
 */
export async function render(
  url: string,
  publicUrl: string,
  get: AnonymousGet,
): Promise<RenderedPage | { redirect: string } | null> {
  const lang = url === '/en' || url.startsWith('/en/') || url.startsWith('/en?') ? 'en' : 'ja';
  const head = new PageHead();
  const scope: RenderScope = {
    active: true,
    loads: new Map(),
    head,
    publicUrl,
    reloadAfterHydration: false,
  };
  const render: Render = { get, responses: new Map() };
  const html = await renders.run(render, async () => {
    const router = createMemoryRouter(routes, { initialEntries: [url] });
    const { prelude } = await prerenderToNodeStream(<Root router={router} scope={scope} />, {
      signal: AbortSignal.timeout(RENDER_TIMEOUT_MS),
      onError: (error) => {
        head.fail();
        return error instanceof Error ? error.message : String(error);
      },
    });
    return text(prelude);
  });
  if (head.failed) return null;
  if (head.redirect !== null) return { redirect: head.redirect };
  const site = t(lang, 'common.app_name');
  const responses: Record<string, SeededResponse> = {};
  for (const [key, answer] of render.responses) responses[key] = await answer;
  return {
    lang,
    title: head.title ? `${head.title} | ${site}` : site,
    description: head.description ?? t(lang, 'web.meta.home'),
    jsonLd: Object.values(head.jsonLd),
    html,
    seed: { publicUrl, responses },
  };
}
