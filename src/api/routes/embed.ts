/**
 * Embeddable widgets for ministries' own sites: a target's status card and an indicator's
 * chart as small HTML pages any site may frame (the security headers give these paths
 * `frame-ancestors *` and no X-Frame-Options), /embed.js to turn a placeholder into the
 * iframe, and the pages' stylesheet and script. Published data only, whoever asks; the
 * English pages live under /en, as the web app's do. Unpublished or unknown: a 404 page.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Lang } from '../../i18n.ts';
import { EMBED_ASSETS } from '../../reports/render/embed-assets.ts';
import { embedNotFoundHtml, indicatorChartHtml, targetCardHtml } from '../../reports/render/embed.ts';
import { embeddedIndicator, embeddedTarget } from '../../services/embed.service.ts';
import { z } from 'zod';
import { notModified } from '../caching.ts';
import { VERSION } from '../../version.ts';
import { defineRoute, IdParam } from '../route.ts';

const tags = ['embed'];
const produces = ['text/html'];
/** The release and stylesheet: a cached page is not kept past a change of either. */
const MARKUP = `${VERSION}.${EMBED_ASSETS.css.version}`;

/**
 * Sends an embed page (`found`: the published revision it shows and how to render it):
 * cached per revision and language, revalidated each time; not found, the 404 page.
 */
function sendPage(
  request: FastifyRequest,
  reply: FastifyReply,
  lang: Lang,
  found: { version: string; render: () => string } | undefined,
): undefined {
  void reply.header('content-type', 'text/html; charset=utf-8');
  if (found === undefined) {
    void reply.status(404).header('cache-control', 'no-cache').send(embedNotFoundHtml(lang));
    return undefined;
  }
  const etag = `"embed.${found.version}.${lang}.${MARKUP}"`;
  void reply.header('etag', etag).header('cache-control', 'public, no-cache');
  if (notModified(request, etag)) void reply.status(304).send();
  else void reply.send(found.render());
  return undefined;
}

function targetRoute(lang: Lang) {
  return defineRoute({
    method: 'GET',
    url: `${lang === 'en' ? '/en' : ''}/embed/targets/:nodeId`,
    summary: `A target's status card to embed in an iframe (${lang === 'en' ? 'English' : 'Japanese'}): the newest published cycle's`,
    tags,
    params: z.object({ nodeId: IdParam }),
    produces,
    etag: true,
    errors: [404],
    handler: async ({ db, params, request, reply, publicUrl }) => {
      const card = await embeddedTarget(db, params.nodeId);
      return sendPage(
        request,
        reply,
        lang,
        card && { version: card.version, render: () => targetCardHtml(card, lang, publicUrl) },
      );
    },
  });
}

function indicatorRoute(lang: Lang) {
  return defineRoute({
    method: 'GET',
    url: `${lang === 'en' ? '/en' : ''}/embed/indicators/:indicatorId`,
    summary: `An indicator's chart and figures to embed in an iframe (${lang === 'en' ? 'English' : 'Japanese'}), as published`,
    tags,
    params: z.object({ indicatorId: IdParam }),
    produces,
    etag: true,
    errors: [404],
    handler: async ({ db, params, request, reply, publicUrl }) => {
      const chart = await embeddedIndicator(db, params.indicatorId);
      return sendPage(
        request,
        reply,
        lang,
        chart && { version: chart.version, render: () => indicatorChartHtml(chart, lang, publicUrl) },
      );
    },
  });
}

function assetRoute(url: string, asset: (typeof EMBED_ASSETS)[keyof typeof EMBED_ASSETS], summary: string) {
  return defineRoute({
    method: 'GET',
    url,
    summary,
    tags,
    produces: [asset.contentType.split(';')[0] ?? asset.contentType],
    etag: true,
    handler: async ({ request, reply }) => {
      const etag = `"${asset.version}"`;
      // Pages link the stylesheet and script with ?v=<hash>: those URLs never change content.
      const versioned = (request.query as { v?: string }).v === asset.version;
      void reply
        .header('content-type', asset.contentType)
        .header('etag', etag)
        .header('access-control-allow-origin', '*')
        .header('cache-control', versioned ? 'public, max-age=31536000, immutable' : 'public, max-age=3600');
      if (notModified(request, etag)) void reply.status(304).send();
      else void reply.send(asset.body);
      return undefined;
    },
    query: z.object({ v: z.string().max(40).optional() }),
  });
}

export const embedRoutes = [
  targetRoute('ja'),
  targetRoute('en'),
  indicatorRoute('ja'),
  indicatorRoute('en'),
  assetRoute(
    '/embed.js',
    EMBED_ASSETS.loader,
    'The script that turns <div data-shinchoku-embed> placeholders into iframes',
  ),
  assetRoute('/embed/embed.css', EMBED_ASSETS.css, 'The stylesheet of the embed pages'),
  assetRoute(
    '/embed/frame.js',
    EMBED_ASSETS.frame,
    'The embed pages’ script: tells the host page their height',
  ),
];
