/**
 * The web app (web/dist, built by `npm run build`) served by the API process: hashed assets
 * from disk (their brotli and gzip copies when the client takes them), and index.html for
 * every other GET outside /api so that a reload works on any client-side route. Unknown /api
 * paths keep their JSON 404. Nothing is built here: without a build only the API is served.
 *
 * The public pages are rendered on the server with their content (web/dist/ssr, see
 * src/api/ssr.ts) and hydrated in the browser; without the renderer, or when a page is not
 * public (an unpublished cycle, an unknown id), the plain app is sent as before.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { WEB_DIST } from '../paths.ts';
import { notModified } from './caching.ts';
import { SESSION_COOKIE } from './auth.ts';
import { errorBody } from './errors.ts';
import { loadRenderer, pageHtml, type PageRenderer } from './ssr.ts';

const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "object-src 'none'",
  "base-uri 'self'",
  "frame-ancestors 'none'",
].join('; ');

const isApiPath = (url: string): boolean => url === '/api' || url.startsWith('/api/');

/**
 * The client's routes (web/src/routes.tsx, web/src/workflow/routes.tsx), so that an unknown
 * page is answered with a real 404 status (the app still renders its own not-found page).
 */
const ID = '[A-Za-z0-9][A-Za-z0-9._-]*';
const APP_ROUTE = new RegExp(
  `^(?:/en)?(?:/|/strategies/${ID}(?:/cycles/${ID}(?:/(?:tree|compare|downloads|nodes/${ID}|organisations/${ID}))?)?` +
    `|/initiatives/${ID}|/indicators/${ID}|/search|/portfolio(?:/ministries/${ID})?|/strategies/${ID}/cycles/${ID}/overlaps` +
    // the signed-in screens (web/src/workflow/routes.tsx)
    `|/login|/tasks|/budget|/(?:entries|review|assess|publish)/${ID}` +
    `|/notifications|/account/security|/entries/${ID}/history|/admin(?:/organisations|/accounts|/report-imports(?:/${ID})?|/strategies/${ID}(?:/cycles|/nodes/${ID}/logic-model)?)?)?/?$`,
);
const isAppRoute = (url: string): boolean => APP_ROUTE.test(url);

/**
 * The public pages rendered on the server: home, a strategy (redirected to its newest
 * cycle), a cycle's pages, initiatives, indicators, the portfolio and a ministry's page
 * across strategies.
 */
const PUBLIC_PAGE = new RegExp(
  `^(?:/en)?(?:/|/strategies/${ID}|/strategies/${ID}/cycles/${ID}(?:/(?:tree|compare|downloads|nodes/${ID}|organisations/${ID}))?` +
    `|/initiatives/${ID}|/indicators/${ID}|/portfolio(?:/ministries/${ID})?)?/?$`,
);
const isPublicPage = (url: string): boolean => PUBLIC_PAGE.test(url);

/** The page rendered as an anonymous reader; null when it is not public (or rendering fails). */
async function renderPage(renderer: PageRenderer, request: FastifyRequest, configured: string | undefined) {
  const publicUrl = (configured ?? `${request.protocol}://${request.host}`).replace(/\/+$/, '');
  try {
    return await renderer(request.url, publicUrl, request.host);
  } catch (err) {
    request.log.error({ err }, 'server rendering failed; the plain app is sent');
    return null;
  }
}
const isEnglishPath = (url: string): boolean => url === '/en' || url.startsWith('/en/');

/**
 * Serves web/dist: assets with long caching, index.html (lang="en" under /en) for any other
 * GET outside /api. Returns false, registering nothing, when there is no build.
 */
export async function registerWebApp(
  app: FastifyInstance,
  distDir = WEB_DIST,
  opts: { publicUrl?: string } = {},
): Promise<boolean> {
  const indexFile = path.join(distDir, 'index.html');
  if (!fs.existsSync(indexFile)) return false;
  const renderer: PageRenderer | null = await loadRenderer(app, distDir);
  const html = fs.readFileSync(indexFile, 'utf8');
  const htmlEn = html.replace(/<html lang="ja">/, '<html lang="en">');
  const tagOf = (text: string) => `"${createHash('sha256').update(text).digest('base64url').slice(0, 22)}"`;
  const pages = { ja: { html, etag: tagOf(html) }, en: { html: htmlEn, etag: tagOf(htmlEn) } };

  await app.register(fastifyStatic, {
    root: distDir,
    wildcard: false,
    index: false,
    cacheControl: false,
    // assets/x.js answered from assets/x.js.br or .gz when the client accepts it
    preCompressed: true,
    allowedPath: (pathName) =>
      pathName !== '/index.html' && pathName !== '/build.json' && !pathName.startsWith('/ssr/'),
    setHeaders: (reply, filePath) => {
      const hashed = filePath.startsWith(path.join(distDir, 'assets') + path.sep);
      void reply.header('cache-control', hashed ? 'public, max-age=31536000, immutable' : 'no-cache');
      void reply.header('x-content-type-options', 'nosniff');
    },
  });

  app.get('/*', async (request, reply) => {
    const url = request.url.split('?')[0] ?? '/';
    if (isApiPath(url)) {
      return reply.status(404).send(errorBody('not_found', `no route GET ${url}`));
    }
    const page = isEnglishPath(url) ? pages.en : pages.ja;
    const found = isAppRoute(url);
    void reply
      .status(found ? 200 : 404)
      .type('text/html; charset=utf-8')
      .header('cache-control', 'no-cache')
      .header('content-security-policy', CSP)
      .header('x-content-type-options', 'nosniff')
      .header('referrer-policy', 'strict-origin-when-cross-origin');
    if (!found) return reply.send(page.html);
    let rendered = renderer && isPublicPage(url) ? await renderPage(renderer, request, opts.publicUrl) : null;
    if (rendered !== null && 'redirect' in rendered) {
      // A signed-in reader's newest cycle may be a draft: the app decides for them.
      if (!request.headers.cookie?.includes(`${SESSION_COOKIE}=`)) {
        return reply.status(302).header('location', rendered.redirect).send();
      }
      rendered = null;
    }
    const body = rendered === null ? page.html : pageHtml(html, rendered);
    const etag = rendered === null ? page.etag : tagOf(body);
    void reply.header('etag', etag);
    return notModified(request, etag) ? reply.status(304).send() : reply.send(body);
  });
  return true;
}
