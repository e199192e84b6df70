/**
 * Report downloads: one route, the format in the path (report.pptx, report.pdf …), and the
 * corrections of a published cycle as the CSV's companion file. The caller's viewer decides
 * which cycles exist, so an unpublished cycle is a 404 for anonymous callers. Labels and
 * dates follow ?lang=ja|en.
 *
 * A published cycle's download names its revision; ?revision=N gives an earlier one. Each
 * revision's file never changes: it carries an ETag per revision, format and language (an
 * If-None-Match that holds answers 304 before anything is rendered), and a download of a
 * named revision may be kept by any cache for good.
 */
import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { CONTENT_TYPES, contentDisposition, REPORT_FORMATS } from '../../reports/formats.ts';
import { generateCorrectionsCsv, generateReport, reportRevision } from '../../services/reports.service.ts';
import { notModified } from '../caching.ts';
import { defineRoute, IdParam } from '../route.ts';

const Query = z.object({
  lang: z.enum(['ja', 'en']).default('ja'),
  /** A published cycle's revision (0 = as published); default: the newest. */
  revision: z.coerce.number().int().min(0).max(1_000_000).optional(),
});

/** Caching of a download: drafts are per viewer and never kept; a revision is immutable. */
function cacheHeaders(reply: FastifyReply, found: { etag: string } | null, named: boolean): void {
  if (!found) {
    void reply.header('cache-control', 'no-store');
    return;
  }
  // Published data: any origin may read it (a portal's previewer, a journalist's notebook).
  void reply
    .header('etag', found.etag)
    .header('access-control-allow-origin', '*')
    .header('cache-control', named ? 'public, max-age=31536000, immutable' : 'no-cache');
}

export const reportRoutes = [
  defineRoute({
    method: 'GET',
    url: '/api/strategies/:strategyId/cycles/:cycleId/report.:format',
    summary:
      'The progress report of a cycle: pptx, html, pdf, md, xlsx, or open data (csv, json); a published cycle’s names its revision and corrections',
    tags: ['reports'],
    params: z.object({ strategyId: IdParam, cycleId: IdParam, format: z.enum(REPORT_FORMATS) }),
    query: Query,
    produces: Object.values(CONTENT_TYPES),
    // PDF needs Chromium on the server; a published revision's file answers 304 to its ETag
    errors: [503],
    etag: true,
    handler: async ({ db, viewer, params, query, reply, request, publicUrl, chromiumPath }) => {
      const request_ = {
        ...params,
        lang: query.lang,
        viewer,
        revision: query.revision,
        publicUrl,
        chromiumPath,
      };
      const found = await reportRevision(db, request_);
      cacheHeaders(reply, found, query.revision !== undefined);
      if (found && notModified(request, found.etag)) {
        void reply.status(304).send();
        return undefined;
      }
      const file = await generateReport(db, { ...request_, revision: found?.revision ?? query.revision });
      const inline = params.format === 'html' || params.format === 'pdf';
      void reply
        .header('content-type', file.contentType)
        .header('content-disposition', contentDisposition(file.fileName, file.asciiFileName, inline))
        .header('x-content-type-options', 'nosniff');
      void reply.send(file.body);
      return undefined;
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/strategies/:strategyId/cycles/:cycleId/corrections.csv',
    summary:
      'The corrections of a published cycle as CSV, one row per corrected field (the companion file of report.csv)',
    tags: ['reports'],
    params: z.object({ strategyId: IdParam, cycleId: IdParam }),
    query: Query.omit({ lang: true }),
    produces: ['text/csv'],
    handler: async ({ db, viewer, params, query, reply }) => {
      const file = await generateCorrectionsCsv(db, { ...params, viewer, revision: query.revision });
      const suffix = file.revision === null ? '' : `_r${file.revision}`;
      void reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header(
          'content-disposition',
          contentDisposition(
            `${params.cycleId}_corrections${suffix}.csv`,
            `${params.cycleId}_corrections${suffix}.csv`,
          ),
        )
        .header('x-content-type-options', 'nosniff')
        .header('cache-control', file.revision === null ? 'no-store' : 'no-cache');
      void reply.send(file.body);
      return undefined;
    },
  }),
];
