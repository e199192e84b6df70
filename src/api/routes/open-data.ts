/**
 * For data portals and search engines: the DCAT catalogue, the served schemas, the CSVW
 * metadata and KPI figures of a cycle, robots.txt and the sitemap. Published data only, so
 * any origin may read it (Access-Control-Allow-Origin: *) and caches may keep it briefly.
 */
import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { contentDisposition } from '../../reports/formats.ts';
import {
  atomFeed,
  catalogue,
  csvMetadata,
  robotsTxt,
  schemaFile,
  SERVED_SCHEMAS,
  sitemapXml,
} from '../../services/open-data.service.ts';
import { generateIndicatorsCsv } from '../../services/reports.service.ts';
import { defineRoute, IdParam } from '../route.ts';

const tags = ['open data'];

/** Published data: readable from any origin; a harvester revalidates after five minutes. */
function openHeaders(reply: FastifyReply, contentType: string): void {
  void reply
    .header('content-type', contentType)
    .header('access-control-allow-origin', '*')
    .header('cache-control', 'public, max-age=300')
    .header('x-content-type-options', 'nosniff');
}

export const openDataRoutes = [
  defineRoute({
    method: 'GET',
    url: '/catalog.jsonld',
    summary: 'The DCAT catalogue (JSON-LD): a dataset per published cycle, its files with size and SHA-256',
    tags,
    produces: ['application/ld+json'],
    handler: async ({ db, reply, publicUrl }) => {
      openHeaders(reply, 'application/ld+json');
      void reply.send(JSON.stringify(await catalogue(db, publicUrl), null, 2));
      return undefined;
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/schemas/:file',
    summary: 'The JSON Schemas of the open data and the interchange format, and the CSV’s column description',
    tags,
    params: z.object({ file: z.enum(SERVED_SCHEMAS) }),
    produces: ['application/schema+json', 'text/markdown'],
    handler: async ({ params, reply, publicUrl }) => {
      const file = await schemaFile(params.file, publicUrl);
      openHeaders(reply, file.contentType);
      void reply.send(file.text);
      return undefined;
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/strategies/:strategyId/cycles/:cycleId/report.csv-metadata.json',
    summary: 'CSVW metadata of a published cycle’s CSV files (progress rows and KPI figures)',
    tags,
    params: z.object({ strategyId: IdParam, cycleId: IdParam }),
    produces: ['application/csvm+json'],
    handler: async ({ db, params, reply, publicUrl }) => {
      const meta = await csvMetadata(db, params.strategyId, params.cycleId, publicUrl);
      openHeaders(reply, 'application/csvm+json');
      void reply.send(JSON.stringify(meta, null, 2));
      return undefined;
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/strategies/:strategyId/cycles/:cycleId/indicators.csv',
    summary: 'Every KPI’s figures (実績値) of a published cycle as CSV, one row per indicator and period',
    tags,
    params: z.object({ strategyId: IdParam, cycleId: IdParam }),
    query: z.object({ revision: z.coerce.number().int().min(0).max(1_000_000).optional() }),
    produces: ['text/csv'],
    handler: async ({ db, viewer, params, query, reply, publicUrl }) => {
      const file = await generateIndicatorsCsv(db, {
        ...params,
        viewer,
        revision: query.revision,
        publicUrl,
      });
      const name = `${params.cycleId}_indicators${file.revision ? `_r${file.revision}` : ''}.csv`;
      if (file.revision === null) void reply.header('cache-control', 'no-store');
      else openHeaders(reply, 'text/csv; charset=utf-8');
      void reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', contentDisposition(name, name));
      void reply.send(file.body);
      return undefined;
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/strategies/:strategyId/feed.atom',
    summary: 'An Atom feed of a strategy’s publications and corrections, newest first',
    tags,
    params: z.object({ strategyId: IdParam }),
    produces: ['application/atom+xml'],
    handler: async ({ db, params, reply, publicUrl }) => {
      openHeaders(reply, 'application/atom+xml; charset=utf-8');
      void reply.send(await atomFeed(db, params.strategyId, publicUrl));
      return undefined;
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/robots.txt',
    summary: 'robots.txt: the public pages and open data may be crawled, the signed-in screens not',
    tags,
    produces: ['text/plain'],
    handler: async ({ reply, publicUrl }) => {
      openHeaders(reply, 'text/plain; charset=utf-8');
      void reply.send(robotsTxt(publicUrl));
      return undefined;
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/sitemap.xml',
    summary: 'The sitemap: every public page of every published cycle, with its English alternate',
    tags,
    produces: ['application/xml'],
    handler: async ({ db, reply, publicUrl }) => {
      openHeaders(reply, 'application/xml; charset=utf-8');
      void reply.send(await sitemapXml(db, publicUrl));
      return undefined;
    },
  }),
];
