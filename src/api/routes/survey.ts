/**
 * Survey sheets (調査票) over HTTP: download a ministry's workbook for a cycle, and upload
 * it filled in (the .xlsx as the raw request body), with ?dryRun=1 for a preview. A sheet
 * with problems is answered 400 (409 when rows were changed by someone else since), with
 * every problem located by sheet, row and column; nothing is written then.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { AppError } from '../../domain/errors.ts';
import { isLang } from '../../i18n.ts';
import { formatSurveyProblem, surveyMessage } from '../../importers/survey/messages.ts';
import { MAX_SURVEY_BYTES } from '../../importers/survey/read.ts';
import {
  importSurvey,
  surveyBundle,
  surveyTemplate,
  type SurveyImportResult,
} from '../../services/survey.service.ts';
import { MAX_REPORT_BYTES } from '../../services/report-imports.service.ts';
import { defineRoute, IdParam, principalOf } from '../route.ts';
import { REPORT_UPLOAD_URL } from './report-imports.ts';
import { ImportProblem, isOn, QueryFlag, registerRawUpload, sendDownload, uploadedBytes } from '../upload.ts';

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
export const SURVEY_UPLOAD_URL = '/api/cycles/:cycleId/survey';

const tags = ['survey'];
const cycleParams = z.object({ cycleId: IdParam });

const Change = <T extends z.ZodType>(t: T) => z.object({ from: t, to: t });
const PlanText = z.string();

const SubmitItem = z.object({ row: z.number(), entryId: z.string(), initiative: z.string() });

const SurveyPreview = z
  .object({
    ok: z.boolean(),
    dryRun: z.boolean(),
    applied: z.boolean(),
    cycleId: z.string().nullable(),
    organisationId: z.string().nullable(),
    counts: z.object({
      rows: z.number(),
      unchanged: z.number(),
      entries: z.number(),
      observationsAdded: z.number(),
      observationsChanged: z.number(),
    }),
    entries: z.array(
      z.object({
        row: z.number(),
        entryId: z.string(),
        initiative: z.string(),
        basedOn: z.number(),
        text: Change(z.string()).nullable(),
        textEn: Change(z.string()).nullable(),
        stage: Change(z.string().nullable()).nullable(),
        plans: Change(PlanText).nullable(),
      }),
    ),
    observations: z.array(
      z.object({
        row: z.number(),
        indicatorId: z.string(),
        indicator: z.string(),
        period: z.string(),
        added: z.boolean(),
        value: Change(z.number().nullable()),
        source: z.string(),
        note: z.string(),
      }),
    ),
    problems: z.array(ImportProblem),
    toSubmit: z.array(SubmitItem),
    submitted: z.array(SubmitItem),
    submitFailed: z.array(SubmitItem.extend({ reason: z.string() })),
  })
  .meta({ id: 'SurveyImport' });

const plansLine = (plans: { period: string; text: string }[]) =>
  plans.map((p) => `${p.period}: ${p.text}`).join('\n');

/** The import result as the API shows it: per entry what changes, per problem a message. */
function preview(r: SurveyImportResult, lang: 'ja' | 'en'): z.infer<typeof SurveyPreview> {
  const label = (code: string | null) => (code === null ? null : (r.stageLabels[code] ?? code));
  return {
    ok: r.ok,
    dryRun: r.dryRun,
    applied: r.applied,
    cycleId: r.meta?.cycleId ?? null,
    organisationId: r.meta?.organisationId ?? null,
    counts: r.counts,
    entries: r.entries.map((e) => ({
      row: e.row,
      entryId: e.entryId,
      initiative: e.initiative,
      basedOn: e.basedOn,
      text: e.before.text === e.after.text ? null : { from: e.before.text, to: e.after.text },
      textEn: e.before.textEn === e.after.textEn ? null : { from: e.before.textEn, to: e.after.textEn },
      stage:
        e.before.stage === e.after.stage ? null : { from: label(e.before.stage), to: label(e.after.stage) },
      plans:
        plansLine(e.before.plans) === plansLine(e.after.plans)
          ? null
          : { from: plansLine(e.before.plans), to: plansLine(e.after.plans) },
    })),
    observations: r.observations.map((o) => ({
      row: o.row,
      indicatorId: o.indicatorId,
      indicator: o.indicator,
      period: o.period,
      added: o.version === null,
      value: { from: o.before?.value ?? null, to: o.after.value },
      source: o.after.source,
      note: o.after.note,
    })),
    problems: r.problems.map((p) => ({ ...p, message: formatSurveyProblem(lang, p) })),
    toSubmit: r.toSubmit,
    submitted: r.submitted,
    submitFailed: r.submitFailed,
  };
}

/**
 * Lets the upload route receive the workbook as its raw body (up to MAX_SURVEY_BYTES).
 * Call once on the app before it starts (a second call does nothing); any other route that
 * is sent a workbook answers 415, as it would without the parser.
 */
export function registerSurveyUpload(app: FastifyInstance): void {
  // A past report uploaded for review (report-imports.ts) comes as octet-stream too.
  registerRawUpload(
    app,
    [XLSX_TYPE, 'application/octet-stream'],
    [
      { url: SURVEY_UPLOAD_URL, maxBytes: MAX_SURVEY_BYTES, what: 'survey' },
      { url: REPORT_UPLOAD_URL, maxBytes: MAX_REPORT_BYTES, what: 'report' },
    ],
  );
}

export const surveyRoutes = [
  defineRoute({
    method: 'GET',
    url: '/api/cycles/:cycleId/survey.xlsx',
    summary: 'The survey sheet (調査票) of one ministry for a cycle (its editors and the secretariat)',
    tags,
    access: 'drafts:read',
    params: cycleParams,
    query: z.object({ organisation: IdParam.optional() }),
    produces: [XLSX_TYPE],
    handler: async ({ db, params, query, reply, ...ctx }) => {
      const principal = principalOf(ctx);
      const organisation =
        query.organisation ??
        (principal.organisationIds.length === 1 ? principal.organisationIds[0] : undefined);
      if (organisation === undefined) {
        throw new AppError('invalid', surveyMessage('ja', 'api.choose_organisation'), {
          issues: [{ path: 'organisation', message: 'required' }],
        });
      }
      const file = await surveyTemplate(db, params.cycleId, organisation, principal);
      return sendDownload(reply, XLSX_TYPE, file);
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/cycles/:cycleId/surveys.zip',
    summary: 'Every ministry’s survey sheet for a cycle in one ZIP (the secretariat)',
    tags,
    access: 'drafts:read',
    params: cycleParams,
    produces: ['application/zip'],
    handler: async ({ db, params, reply, ...ctx }) => {
      const file = await surveyBundle(db, params.cycleId, principalOf(ctx));
      return sendDownload(reply, 'application/zip', file);
    },
  }),
  defineRoute({
    method: 'POST',
    url: SURVEY_UPLOAD_URL,
    summary: 'Import a filled-in survey sheet (raw .xlsx body); ?dryRun=1 previews without writing',
    tags,
    access: 'entry:edit',
    params: cycleParams,
    query: z.object({
      dryRun: QueryFlag,
      // submit the sheet's entries for review once its changes are written
      submit: QueryFlag,
      lang: z.string().optional(),
    }),
    consumes: [XLSX_TYPE, 'application/octet-stream'],
    // rows changed by someone else since the sheet was downloaded
    errors: [409],
    response: SurveyPreview,
    handler: async ({ db, params, query, request, actor, ...ctx }) => {
      const lang = isLang(query.lang) ? query.lang : 'ja';
      const body = uploadedBytes(request.body, surveyMessage(lang, 'api.no_file'), XLSX_TYPE);
      const result = await importSurvey(db, body, principalOf(ctx), {
        dryRun: isOn(query.dryRun),
        submit: isOn(query.submit),
        cycleId: params.cycleId,
        fileName: 'survey.xlsx',
        actor,
      });
      const shown = preview(result, lang);
      if (result.ok) return shown;
      const conflicts = result.problems.filter((p) => /\.conflict$/.test(p.code)).length;
      const key = conflicts === result.problems.length ? 'api.conflict' : 'api.failed';
      throw new AppError(
        conflicts === result.problems.length ? 'conflict' : 'invalid',
        surveyMessage(lang, key, { count: result.problems.length }),
        shown,
      );
    },
  }),
];
