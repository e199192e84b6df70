/**
 * Budget beside results (issue #24): the administrative project review's CSV uploaded as the
 * raw request body (UTF-8 or Shift_JIS) with ?dryRun=1 for the column-mapping preview; the
 * links from initiatives to project numbers; budgets per initiative and per cycle; the
 * secretariat's list of money spent without reported progress; the budget CSV (open data).
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { BudgetLine, BudgetTotals, MinistryTotals } from '../../domain/budget.ts';
import { AppError } from '../../domain/errors.ts';
import { isLang } from '../../i18n.ts';
import { BUDGET_FIELDS } from '../../importers/budget/read.ts';
import { MAX_TEXT_BYTES } from '../../importers/decode.ts';
import { formatProblem, importMessage } from '../../importers/messages.ts';
import { contentDisposition } from '../../reports/formats.ts';
import * as budget from '../../services/budget.service.ts';
import { defineRoute, IdParam, principalOf } from '../route.ts';
import { ImportProblem, isOn, QueryFlag, registerRawUpload, uploadedBytes } from '../upload.ts';

export const CSV_TYPE = 'text/csv';
export const BUDGET_UPLOAD_URL = '/api/budget/import';

const tags = ['budget'];
const cycleParams = z.object({ strategyId: IdParam, cycleId: IdParam });

const BudgetImport = z
  .object({
    ok: z.boolean(),
    dryRun: z.boolean(),
    applied: z.boolean(),
    /** How the file was read: utf-8, shift_jis, utf-16le … */
    encoding: z.string().nullable(),
    columns: z.array(
      z.object({
        index: z.number().int(),
        header: z.string(),
        field: z.enum(BUDGET_FIELDS).nullable(),
        unit: z.string().nullable(),
      }),
    ),
    counts: z.object({
      rows: z.number().int(),
      added: z.number().int(),
      changed: z.number().int(),
      unchanged: z.number().int(),
      unlinked: z.number().int(),
    }),
    rows: z.array(
      BudgetLine.omit({ importedAt: true }).extend({
        row: z.number().int(),
        status: z.enum(['added', 'changed', 'unchanged']),
        linked: z.boolean(),
      }),
    ),
    problems: z.array(ImportProblem),
  })
  .meta({ id: 'BudgetImport' });

const InitiativeBudget = z
  .object({
    initiativeId: z.string(),
    asOf: z.object({ cycleId: z.string(), publishedAt: z.string() }).nullable(),
    projects: z.array(
      z.object({
        projectNumber: z.string(),
        linkedAt: z.string(),
        projectName: z.string(),
        ministry: z.string(),
        lines: z.array(BudgetLine),
      }),
    ),
    years: z.array(z.object({ fiscalYear: z.number().int(), totals: BudgetTotals })),
  })
  .meta({ id: 'InitiativeBudget' });

const CycleBudget = z
  .object({
    cycleId: z.string(),
    fiscalYear: z.number().int(),
    linksAsOf: z.string().nullable(),
    strategy: BudgetTotals,
    nodes: z.array(z.object({ nodeId: z.string(), totals: BudgetTotals })),
    initiatives: z.array(
      z.object({
        initiativeId: z.string(),
        projectNumbers: z.array(z.string()),
        totals: BudgetTotals.nullable(),
      }),
    ),
    ministries: z.array(MinistryTotals),
  })
  .meta({ id: 'CycleBudget' });

const UnreportedSpending = z
  .object({
    cycleId: z.string(),
    fiscalYear: z.number().int(),
    items: z.array(
      z.object({
        initiativeId: z.string(),
        title: z.string(),
        titleEn: z.string(),
        ownerIds: z.array(z.string()),
        nodeIds: z.array(z.string()),
        projectNumbers: z.array(z.string()),
        executed: z.number(),
        total: z.number(),
        reason: z.enum(['no_entry', 'empty', 'draft', 'returned', 'no_report', 'not_applicable']),
      }),
    ),
  })
  .meta({ id: 'UnreportedSpending' });

/**
 * Lets the budget upload route receive the CSV as its raw body (bytes: the importer decodes
 * Shift_JIS too). Any other route sent text/csv answers 415.
 */
export function registerBudgetUpload(app: FastifyInstance): void {
  registerRawUpload(app, [CSV_TYPE], [{ url: BUDGET_UPLOAD_URL, maxBytes: MAX_TEXT_BYTES, what: 'CSV' }]);
}

export const budgetRoutes = [
  defineRoute({
    method: 'POST',
    url: BUDGET_UPLOAD_URL,
    summary:
      'Import the administrative project review’s CSV (raw text/csv body, UTF-8 or Shift_JIS): ?dryRun=1 previews the column mapping, rows and problems; without it every line is written, or none when a problem is an error (400)',
    tags,
    access: 'structure:write',
    query: z.object({
      dryRun: QueryFlag,
      /** The file's name, for messages and the audit trail. */
      name: z.string().max(200).optional(),
      lang: z.string().optional(),
    }),
    consumes: [CSV_TYPE],
    response: BudgetImport,
    handler: async ({ db, query, request, actor }) => {
      const lang = isLang(query.lang) ? query.lang : 'ja';
      const body = uploadedBytes(request.body, 'CSV ファイルを送ってください', CSV_TYPE);
      const fileName = (query.name ?? 'budget.csv').replace(/[\\/]/g, '_');
      const result = await budget.importBudget(db, body, { fileName, dryRun: isOn(query.dryRun), actor });
      const shown = {
        ...result,
        problems: result.problems.map((p) => ({ ...p, message: formatProblem(lang, p) })),
      };
      if (result.ok) return shown;
      const count = result.problems.filter((p) => p.severity === 'error').length;
      throw new AppError('invalid', importMessage(lang, 'cli.budget_failed', { count }), shown);
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/initiatives/:initiativeId/budget',
    summary:
      'An initiative’s projects (行政事業レビュー) and their budget and execution per fiscal year: the links of the latest published cycle, or for staff those in force now',
    tags,
    params: z.object({ initiativeId: IdParam }),
    response: InitiativeBudget,
    handler: async ({ db, params, viewer }) => budget.initiativeBudget(db, params.initiativeId, viewer),
  }),
  defineRoute({
    method: 'PUT',
    url: '/api/initiatives/:initiativeId/budget/projects',
    summary:
      'Set the project numbers funding an initiative (new ones linked now, dropped ones unlinked now; published cycles keep the links they were published with)',
    tags,
    access: 'structure:write',
    params: z.object({ initiativeId: IdParam }),
    body: z.object({ projectNumbers: z.array(z.string().max(200)).max(200) }),
    response: InitiativeBudget,
    handler: async ({ db, params, body, actor }) =>
      budget.setInitiativeProjects(db, params.initiativeId, body.projectNumbers, actor),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/strategies/:strategyId/cycles/:cycleId/budget',
    summary:
      'A cycle’s budget for its fiscal year, rolled up by node (target, goal, pillar), strategy and ministry, each project counted once',
    tags,
    params: cycleParams,
    response: CycleBudget,
    handler: async ({ db, params, viewer }) =>
      budget.cycleBudget(db, params.strategyId, params.cycleId, viewer),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/strategies/:strategyId/cycles/:cycleId/budget/unreported',
    summary:
      'The secretariat’s list: initiatives whose projects spent money in the cycle’s fiscal year while their entry reports no progress',
    tags,
    access: 'insight:read',
    params: cycleParams,
    response: UnreportedSpending,
    handler: async ({ db, params, viewer, ...ctx }) => {
      principalOf(ctx);
      return budget.unreportedSpending(db, params.strategyId, params.cycleId, viewer);
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/strategies/:strategyId/cycles/:cycleId/budget.csv',
    summary:
      'Open data: a cycle’s initiatives with their projects’ budget and execution for its fiscal year (one row per initiative and project)',
    tags,
    params: cycleParams,
    produces: [CSV_TYPE],
    handler: async ({ db, params, viewer, reply }) => {
      const file = await budget.budgetCsv(db, params.strategyId, params.cycleId, viewer);
      const name = `${params.cycleId}_budget.csv`;
      if (file.cycle.state === 'published') {
        void reply.header('access-control-allow-origin', '*').header('cache-control', 'public, max-age=300');
      } else void reply.header('cache-control', 'no-store');
      void reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', contentDisposition(name, name))
        .header('x-content-type-options', 'nosniff')
        .send(file.body);
      return undefined;
    },
  }),
];
