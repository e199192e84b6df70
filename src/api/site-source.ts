/**
 * The live site as `shinchoku export-site` reads it, without a network: pages rendered by the
 * server renderer (src/api/ssr.ts) as an anonymous reader, and files (downloads, catalogue,
 * feeds, schemas) answered by the application in-process (app.inject, no cookie). The
 * export service (src/services/export-site.service.ts) decides what to read and writes it.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { SiteSource } from '../services/export-site.service.ts';
import { loadRenderer, pageHtml } from './ssr.ts';

/** The site of `app` (built with PUBLIC_URL = `baseUrl`) and the web build in `distDir`. */
export async function siteSource(
  app: FastifyInstance,
  distDir: string,
  baseUrl: string,
): Promise<SiteSource> {
  const renderer = await loadRenderer(app, distDir);
  const indexFile = path.join(distDir, 'index.html');
  if (!renderer || !fs.existsSync(indexFile))
    throw new Error(`the web app is not built in ${distDir} (npm run build)`);
  const template = fs.readFileSync(indexFile, 'utf8');
  const host = new URL(baseUrl).host;
  return {
    distDir,
    template,
    async page(url) {
      const page = await renderer(url, baseUrl, host);
      if (page === null || 'redirect' in page) return page;
      // The seed names the page, so that the script hydrates it without the live site.
      return { html: pageHtml(template, { ...page, seed: { ...(page.seed as object), staticPath: url } }) };
    },
    async file(url, etag) {
      const res = await app.inject({
        method: 'GET',
        url,
        headers: { host, ...(etag !== undefined && { 'if-none-match': etag }) },
      });
      const tag = res.headers.etag;
      return { status: res.statusCode, body: res.rawPayload, ...(typeof tag === 'string' && { etag: tag }) };
    },
  };
}
