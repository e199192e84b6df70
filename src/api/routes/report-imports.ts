/**
 * Past reports reviewed on screen (issue #23), the administrators': upload a report file (the
 * raw body, ?name= for its name), read back the recovered draft beside the stored file, send
 * fixes with the version they are based on (409 when stale), accept it as a new strategy.
 * A file the importer cannot read is answered 400 with its problems; nothing is written.
 */
import { z } from 'zod';
import { AppError } from '../../domain/errors.ts';
import { StrategyExport } from '../../domain/interchange.ts';
import { ReviewEdit } from '../../domain/report-review.ts';
import { isLang } from '../../i18n.ts';
import { formatProblem, importMessage } from '../../importers/messages.ts';
import type { Problem } from '../../importers/problems.ts';
import { contentDisposition } from '../../reports/formats.ts';
import * as service from '../../services/report-imports.service.ts';
import { defineRoute, IdParam } from '../route.ts';

export const REPORT_UPLOAD_URL = '/api/report-imports';
const PPTX_TYPE = 'application/vnd.openxmlformats-officedocument.presentationml.presentation';
const tags = ['structure'];
const access = 'structure:write' as const;
const importParams = z.object({ importId: IdParam });
const Version = z.number().int().min(1);

const Summary = z.object({
  id: z.string(),
  fileName: z.string(),
  fileKind: z.enum(['pdf', 'pptx', 'text']),
  state: z.enum(['open', 'accepted']),
  strategyId: z.string().nullable(),
  cycleId: z.string().nullable(),
  version: z.number(),
  createdAt: z.string(),
  createdBy: z.string(),
  updatedAt: z.string(),
  updatedBy: z.string(),
});

const ShownProblem = z.object({
  severity: z.string(),
  code: z.string(),
  line: z.number().nullable(),
  message: z.string(),
});

const ReportImportView = Summary.extend({
  review: z.object({
    draft: StrategyExport,
    toCheck: z.array(
      z.object({ id: z.string(), text: z.string(), line: z.number(), nodeId: z.string().nullable() }),
    ),
    sources: z.object({
      nodes: z.record(z.string(), z.number()),
      initiatives: z.record(z.string(), z.number()),
    }),
  }),
  problems: z.array(ShownProblem),
  sourceLines: z.array(z.object({ line: z.number(), text: z.string() })),
  organisations: z.array(z.object({ id: z.string(), shortName: z.string(), nameJa: z.string() })),
}).meta({ id: 'ReportImport' });

const Match = z.object({
  draftId: z.string(),
  title: z.string(),
  existingId: z.string().nullable(),
  existingTitle: z.string().nullable(),
  score: z.number(),
  kind: z.enum(['matched', 'renamed', 'new']),
});

const HistoryPlanView = z
  .object({
    strategyId: z.string(),
    strategyTitle: z.string(),
    fiscalYear: z.number(),
    asOf: z.string(),
    cycleId: z.string(),
    counts: z.object({ matched: z.number(), renamed: z.number(), new: z.number(), absent: z.number() }),
    nodes: z.array(Match),
    initiatives: z.array(Match),
    indicators: z.array(Match),
    /** Errors stop the acceptance; warnings say what it will do differently. */
    problems: z.array(ShownProblem),
  })
  .meta({ id: 'ReportHistoryPlan' });

const langOf = (lang: string | undefined) => (isLang(lang) ? lang : 'ja');

const shown = (lang: 'ja' | 'en', problems: readonly Problem[]) =>
  problems.map((p) => ({
    severity: p.severity,
    code: p.code,
    line: p.line ?? null,
    message: formatProblem(lang, p),
  }));

const shownHistory = (lang: 'ja' | 'en', problems: readonly Problem[]) =>
  problems.map((p) => ({
    severity: p.severity,
    code: p.code,
    line: p.line ?? null,
    message: importMessage(lang, p.code, p.params),
  }));

async function view(
  db: Parameters<typeof service.organisationChoices>[0],
  row: service.ReportImportRow,
  lang: 'ja' | 'en',
) {
  const orgs = await service.organisationChoices(db, row);
  return {
    ...row,
    problems: shown(lang, row.problems),
    organisations: orgs.map((o) => ({ id: o.id, shortName: o.shortName, nameJa: o.nameJa })),
  };
}

export const reportImportRoutes = [
  defineRoute({
    method: 'GET',
    url: '/api/report-imports',
    summary: 'Report files uploaded for review on screen, newest first (administrators)',
    tags,
    access,
    response: z.object({ imports: z.array(Summary) }),
    handler: async ({ db }) => ({ imports: await service.listReportImports(db) }),
  }),
  defineRoute({
    method: 'POST',
    url: REPORT_UPLOAD_URL,
    summary:
      'Upload a past report (PDF, PPTX, HTML, Markdown or text as the raw body) and keep its recovered draft for review',
    tags,
    access,
    query: z.object({
      name: z.string().min(1).max(200),
      strategyId: IdParam.optional(),
      lang: z.string().optional(),
    }),
    // the parser is survey.ts's registerSurveyUpload (one octet-stream parser for the app)
    consumes: ['application/octet-stream'],
    response: ReportImportView,
    handler: async ({ db, query, request, actor }) => {
      const lang = langOf(query.lang);
      const body: unknown = request.body;
      if (!Buffer.isBuffer(body))
        throw new AppError('invalid', 'send the report file as the request body', {
          code: 'empty_file',
          problems: [],
        });
      try {
        const row = await service.uploadReport(
          db,
          { name: query.name, bytes: body },
          query.strategyId === undefined ? {} : { strategyId: query.strategyId },
          actor,
        );
        return await view(db, row, lang);
      } catch (err) {
        // The importer's problems, in the reader's language.
        const details =
          err instanceof AppError ? (err.details as { code?: string; problems?: Problem[] }) : null;
        if (err instanceof AppError && details?.problems)
          throw new AppError(err.code, err.message, {
            code: details.code,
            problems: shown(lang, details.problems),
          });
        throw err;
      }
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/report-imports/:importId',
    summary: 'An uploaded report: its recovered draft, the items to check, where each part was read',
    tags,
    access,
    params: importParams,
    query: z.object({ lang: z.string().optional() }),
    response: ReportImportView,
    handler: async ({ db, params, query }) =>
      view(db, await service.getReportImport(db, params.importId), langOf(query.lang)),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/report-imports/:importId/file',
    summary: 'The uploaded report file itself (for the source view)',
    tags,
    access,
    params: importParams,
    produces: ['application/pdf', PPTX_TYPE, 'text/plain'],
    handler: async ({ db, params, reply }) => {
      const file = await service.reportImportFile(db, params.importId);
      const type =
        file.kind === 'pdf'
          ? 'application/pdf'
          : file.kind === 'pptx'
            ? PPTX_TYPE
            : 'text/plain; charset=utf-8';
      void reply
        .header('content-type', type)
        .header('content-disposition', contentDisposition(file.name, 'report'))
        .header('x-content-type-options', 'nosniff')
        .header('cache-control', 'no-store')
        .send(file.bytes);
      return undefined;
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/report-imports/:importId/edits',
    summary: 'Fix the recovered draft: move, merge, split, retag or change the kind of a part',
    tags,
    access,
    params: importParams,
    query: z.object({ lang: z.string().optional() }),
    body: z.object({ version: Version, edit: ReviewEdit }),
    // changed by someone else since it was read, or already accepted
    errors: [409],
    response: ReportImportView,
    handler: async ({ db, params, query, body, actor }) =>
      view(
        db,
        await service.editReportImport(db, params.importId, body.version, body.edit, actor),
        langOf(query.lang),
      ),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/report-imports/:importId/history-plan',
    summary:
      'How the reviewed draft would continue a stored strategy as a past cycle: the proposed matches (score, old → new title); writes nothing',
    tags,
    access,
    params: importParams,
    query: z.object({ strategyId: IdParam, lang: z.string().optional() }),
    response: HistoryPlanView,
    handler: async ({ db, params, query }) => {
      const plan = await service.planReportPastCycle(db, params.importId, query.strategyId);
      const lang = langOf(query.lang);
      const matches = (list: typeof plan.nodes) =>
        list.map((m) => ({
          draftId: m.draftId,
          title: m.title,
          existingId: m.existingId,
          existingTitle: m.existingTitle,
          score: m.score,
          kind: m.kind,
        }));
      return {
        strategyId: plan.strategyId,
        strategyTitle: plan.strategyTitle,
        fiscalYear: plan.fiscalYear,
        asOf: plan.asOf,
        cycleId: plan.cycleId,
        counts: plan.counts,
        nodes: matches(plan.nodes),
        initiatives: matches(plan.initiatives),
        indicators: matches(plan.indicators),
        problems: shownHistory(lang, plan.problems),
      };
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/report-imports/:importId/accept',
    summary: 'Accept the reviewed draft as a new strategy, or as a past cycle of a stored one',
    tags,
    access,
    params: importParams,
    query: z.object({ lang: z.string().optional() }),
    body: z.discriminatedUnion('as', [
      z.object({ version: Version, as: z.literal('new') }),
      z.object({ version: Version, as: z.literal('past'), strategyId: IdParam }),
    ]),
    // changed since read, accepted already, the strategy id taken, or the year already stored
    errors: [409],
    response: ReportImportView,
    handler: async ({ db, params, query, body, actor }) =>
      view(
        db,
        body.as === 'new'
          ? await service.acceptAsNewStrategy(db, params.importId, body.version, actor)
          : await service.acceptAsPastCycle(db, params.importId, body.version, body.strategyId, actor),
        langOf(query.lang),
      ),
  }),
];
