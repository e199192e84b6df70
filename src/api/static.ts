/**
 * The web app (web/dist) served by the API process: hashed assets from disk, and index.html
 * for every other GET outside /api so that a reload works on any client-side route. Unknown
 * /api paths keep their JSON 404. `ensureWebBuild` rebuilds web/dist with Vite when it is
 * missing or older than its sources, so `npm start` on a fresh clone just works.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { errorBody } from './errors.ts';

const PROJECT_ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const WEB_ROOT = path.join(PROJECT_ROOT, 'web');
export const WEB_DIST = path.join(WEB_ROOT, 'dist');

/** Everything the bundle is built from besides node_modules. */
const SOURCES = [
  WEB_ROOT,
  path.join(PROJECT_ROOT, 'locales'),
  path.join(PROJECT_ROOT, 'src/i18n.ts'),
  // The web app imports the pure domain (periods, calendar, model …): all of it.
  path.join(PROJECT_ROOT, 'src/domain'),
];
const SKIP = new Set([WEB_DIST, path.join(WEB_ROOT, 'node_modules')]);

const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "object-src 'none'",
  "base-uri 'self'",
  "frame-ancestors 'none'",
].join('; ');

function newestMtime(target: string): number {
  if (SKIP.has(target) || !fs.existsSync(target)) return 0;
  const stat = fs.statSync(target);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const name of fs.readdirSync(target)) {
    newest = Math.max(newest, newestMtime(path.join(target, name)));
  }
  return newest;
}

/** Whether web/dist is missing or older than any web source or locale file. */
export function isWebBuildStale(): boolean {
  const index = path.join(WEB_DIST, 'index.html');
  if (!fs.existsSync(index)) return true;
  const built = fs.statSync(index).mtimeMs;
  return SOURCES.some((s) => newestMtime(s) > built);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Holds a directory lock so that two servers starting together do not build at once. */
async function withBuildLock<T>(fn: () => Promise<T>): Promise<T> {
  const lock = path.join(WEB_ROOT, '.build-lock');
  for (let waited = 0; ; waited += 250) {
    try {
      fs.mkdirSync(lock);
      break;
    } catch {
      const age = Date.now() - (fs.statSync(lock, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
      if (age > 180_000) fs.rmSync(lock, { recursive: true, force: true });
      await sleep(250);
    }
  }
  try {
    return await fn();
  } finally {
    fs.rmSync(lock, { recursive: true, force: true });
  }
}

/**
 * Builds web/dist when it is missing or stale; returns whether it built. Prints one line
 * while building. A failed build is reported and the API still starts.
 */
export async function ensureWebBuild(log: (line: string) => void = console.log): Promise<boolean> {
  if (!fs.existsSync(path.join(WEB_ROOT, 'index.html')) || !isWebBuildStale()) return false;
  return withBuildLock(async () => {
    if (!isWebBuildStale()) return false; // another process built it while we waited
    log('building the web app (web/ → web/dist) …');
    try {
      const vite = await import('vite');
      // Vite takes NODE_ENV over its mode: an inherited NODE_ENV=test (vitest) or development
      // would produce React's development build. The served bundle is always a production one.
      const inherited = process.env.NODE_ENV;
      process.env.NODE_ENV = 'production';
      try {
        await vite.build({
          configFile: path.join(WEB_ROOT, 'vite.config.ts'),
          logLevel: 'error',
          mode: 'production',
        });
      } finally {
        if (inherited === undefined) delete process.env.NODE_ENV;
        else process.env.NODE_ENV = inherited;
      }
      return true;
    } catch (err) {
      log(`web app build failed: ${(err as Error).message}`);
      return false;
    }
  });
}

const isApiPath = (url: string): boolean => url === '/api' || url.startsWith('/api/');

/**
 * The client's routes (web/src/routes.tsx, web/src/workflow/routes.tsx), so that an unknown
 * page is answered with a real 404 status (the app still renders its own not-found page).
 */
const ID = '[A-Za-z0-9][A-Za-z0-9._-]*';
const APP_ROUTE = new RegExp(
  `^(?:/en)?(?:/|/strategies/${ID}(?:/cycles/${ID}(?:/(?:tree|compare|downloads|nodes/${ID}|organisations/${ID}))?)?` +
    `|/initiatives/${ID}|/indicators/${ID}|/search|/strategies/${ID}/cycles/${ID}/overlaps` +
    // the signed-in screens (web/src/workflow/routes.tsx)
    `|/login|/tasks|/(?:entries|review|assess|publish)/${ID}` +
    `|/notifications|/account/security|/entries/${ID}/history|/admin(?:/organisations|/strategies/${ID}(?:/cycles)?)?)?/?$`,
);
const isAppRoute = (url: string): boolean => APP_ROUTE.test(url);
const isEnglishPath = (url: string): boolean => url === '/en' || url.startsWith('/en/');

/**
 * Serves web/dist: assets with long caching, index.html (lang="en" under /en) for any other
 * GET outside /api. Returns false, registering nothing, when there is no build.
 */
export async function registerWebApp(app: FastifyInstance, distDir = WEB_DIST): Promise<boolean> {
  const indexFile = path.join(distDir, 'index.html');
  if (!fs.existsSync(indexFile)) return false;
  const html = fs.readFileSync(indexFile, 'utf8');
  const htmlEn = html.replace(/<html lang="ja">/, '<html lang="en">');

  await app.register(fastifyStatic, {
    root: distDir,
    wildcard: false,
    index: false,
    cacheControl: false,
    allowedPath: (pathName) => pathName !== '/index.html',
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
    return reply
      .status(isAppRoute(url) ? 200 : 404)
      .type('text/html; charset=utf-8')
      .header('cache-control', 'no-cache')
      .header('content-security-policy', CSP)
      .header('x-content-type-options', 'nosniff')
      .header('referrer-policy', 'strict-origin-when-cross-origin')
      .send(isEnglishPath(url) ? htmlEn : html);
  });
  return true;
}
