/**
 * Report downloads: one route, the format in the path (report.pptx, report.pdf …). The
 * caller's viewer decides which cycles exist, so an unpublished cycle is a 404 for
 * anonymous callers. Labels and dates follow ?lang=ja|en.
 */
import { z } from 'zod';
import { CONTENT_TYPES, contentDisposition, REPORT_FORMATS } from '../../reports/formats.ts';
import { generateReport } from '../../services/reports.service.ts';
import { defineRoute, IdParam } from '../route.ts';

export const reportRoutes = [
  defineRoute({
    method: 'GET',
    url: '/api/strategies/:strategyId/cycles/:cycleId/report.:format',
    summary: 'The progress report of a cycle: pptx, html, pdf, md, xlsx, or open data (csv, json)',
    tags: ['reports'],
    params: z.object({ strategyId: IdParam, cycleId: IdParam, format: z.enum(REPORT_FORMATS) }),
    query: z.object({ lang: z.enum(['ja', 'en']).default('ja') }),
    produces: Object.values(CONTENT_TYPES),
    // PDF needs Chromium on the server
    errors: [503],
    handler: async ({ db, viewer, params, query, reply }) => {
      const file = await generateReport(db, { ...params, lang: query.lang, viewer });
      const inline = params.format === 'html' || params.format === 'pdf';
      void reply
        .header('content-type', file.contentType)
        .header('content-disposition', contentDisposition(file.fileName, file.asciiFileName, inline))
        .header('x-content-type-options', 'nosniff')
        .header('cache-control', 'no-store');
      void reply.send(file.body);
      return undefined;
    },
  }),
];
