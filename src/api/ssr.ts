/**
 * The server renderer of the public pages (web/src/entry-server.tsx, built into
 * web/dist/ssr/ by `npm run build`), loaded when present, and the page it fills in: the
 * built index.html with the page's markup, title, description, canonical URL, schema.org
 * JSON-LD and the API responses the hydration reads. A render reads the API in-process
 * through app.inject with no cookie, as an anonymous reader: whoever asks, only published
 * data is rendered.
 */
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { FastifyInstance } from 'fastify';

/** What the renderer returns for a page (see RenderedPage in web/src/entry-server.tsx). */
export interface RenderedPage {
  lang: 'ja' | 'en';
  title: string;
  description: string;
  canonical: string;
  jsonLd: Record<string, unknown>[];
  html: string;
  seed: unknown;
}

/** Renders a path of the app; null when the page is not public. */
export type PageRenderer = (
  url: string,
  publicUrl: string,
  host: string,
) => Promise<RenderedPage | { redirect: string } | null>;

interface RendererModule {
  render(
    url: string,
    publicUrl: string,
    get: (pathAndQuery: string) => Promise<{ status: number; body: unknown }>,
  ): Promise<Omit<RenderedPage, 'canonical'> | { redirect: string } | null>;
}

/** The renderer of web/dist/ssr, or null when the build has none (the plain app is served). */
export async function loadRenderer(app: FastifyInstance, distDir: string): Promise<PageRenderer | null> {
  const file = path.join(distDir, 'ssr', 'entry-server.js');
  if (!fs.existsSync(file)) return null;
  const mod = (await import(pathToFileURL(file).href)) as RendererModule;
  return async (url, publicUrl, host) => {
    const get = async (pathAndQuery: string) => {
      // No cookie, no authorization: the API answers as it answers anyone.
      const res = await app.inject({
        method: 'GET',
        url: pathAndQuery,
        headers: { accept: 'application/json', host },
      });
      const json = /^application\/(?:[\w.+-]+\+)?json/.test(String(res.headers['content-type'] ?? ''));
      return { status: res.statusCode, body: json ? (JSON.parse(res.body) as unknown) : null };
    };
    const page = await mod.render(url, publicUrl, get);
    if (page === null || 'redirect' in page) return page;
    const bare = (url.split('?')[0] ?? url).replace(/(.)\/$/, '$1');
    return { ...page, canonical: publicUrl + bare };
  };
}

const escapeHtml = (text: string): string =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** JSON inside a <script> element: no "</script>" or "<!--" can close or confuse it. */
const scriptJson = (value: unknown): string =>
  JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');

/** The built index.html filled in with a rendered page. */
export function pageHtml(template: string, page: RenderedPage): string {
  const head = [
    `<link rel="canonical" href="${escapeHtml(page.canonical)}" />`,
    ...page.jsonLd.map((doc) => `<script type="application/ld+json">${scriptJson(doc)}</script>`),
  ].join('\n    ');
  return template
    .replace(/<html lang="ja">/, `<html lang="${page.lang}">`)
    .replace(/<title>[^<]*<\/title>/, () => `<title>${escapeHtml(page.title)}</title>\n    ${head}`)
    .replace(
      /<meta name="description" content="[^"]*" \/>/,
      () => `<meta name="description" content="${escapeHtml(page.description)}" />`,
    )
    .replace(/\s*<noscript[\s\S]*?<\/noscript\s*>/, '')
    .replace(
      '<div id="root"></div>',
      () =>
        `<div id="root">${page.html}</div>\n    <script type="application/json" id="ssr-data">${scriptJson(page.seed)}</script>`,
    );
}
