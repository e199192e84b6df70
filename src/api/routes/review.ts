/**
 * The secretariat's review work over HTTP: many submissions accepted or returned at once,
 * an entry written on its ministry's behalf, the named exceptions 該当なし and 報告なし, and
 * every submission of a cycle with its state as one workbook.
 */
import { z } from 'zod';
import { isLang } from '../../i18n.ts';
import { ProgressEntry } from '../../domain/model.ts';
import { PeriodCode } from '../../domain/interchange.ts';
import { EXCEPTION_KINDS } from '../../domain/review.ts';
import * as review from '../../services/review.service.ts';
import { defineRoute, IdParam, principalOf } from '../route.ts';
import { sendDownload } from '../upload.ts';
import { cycleParams, entryLists, entryParams, entryStep, Version } from './entry-steps.ts';
import { XLSX_TYPE } from './survey.ts';

const tags = ['workflow'];

export const reviewRoutes = [
  defineRoute({
    method: 'POST',
    url: '/api/cycles/:cycleId/review',
    summary:
      'Accept or return several submissions at once: all are done, or none is and the 409 lists each item that failed and why',
    tags,
    access: 'entry:review',
    params: cycleParams,
    body: z.object({
      action: z.enum(['accept', 'return']),
      items: z
        .array(z.object({ id: IdParam, version: z.number().int().min(1) }))
        .min(1)
        .max(1000),
      /** Required to return: the ministries read it. */
      comment: z.string().max(5000).default(''),
    }),
    // an item changed since it was read, or is no longer awaiting review (details.failures)
    errors: [409],
    response: z.object({ done: z.array(ProgressEntry) }),
    handler: async (ctx) => ({
      done: await review.reviewMany(ctx.db, ctx.params.cycleId, ctx.body, principalOf(ctx), ctx.actor),
    }),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/entries/:entryId/on-behalf',
    summary:
      "Write an entry on its ministry's behalf (代理入力, the secretariat), and submit it when asked; audited and shown as such",
    tags,
    access: 'entry:proxy',
    params: entryParams,
    body: Version.extend({
      text: z.string().max(20_000),
      textEn: z.string().max(20_000).default(''),
      stage: z.string().max(40).nullable().default(null),
      ...entryLists(PeriodCode),
      submit: z.boolean().default(false),
    }),
    errors: [409],
    response: ProgressEntry,
    handler: async (ctx) =>
      review.saveOnBehalf(
        ctx.db,
        ctx.params.entryId,
        ctx.body.version,
        ctx.body,
        principalOf(ctx),
        ctx.actor,
      ),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/entries/:entryId/exception',
    summary:
      'Mark an entry 該当なし (not_applicable) or 報告なし (no_report) with its reason, which is published as its text',
    tags,
    access: 'entry:proxy',
    params: entryParams,
    body: Version.extend({
      kind: z.enum(EXCEPTION_KINDS),
      reason: z.string().min(1).max(2000),
      /** The reason in English ('' when not translated). */
      reasonEn: z.string().max(2000).default(''),
    }),
    errors: [409],
    response: ProgressEntry,
    handler: async (ctx) =>
      review.exceptEntry(
        ctx.db,
        ctx.params.entryId,
        ctx.body.version,
        ctx.body.kind,
        ctx.body.reason,
        principalOf(ctx),
        ctx.actor,
        ctx.body.reasonEn,
      ),
  }),
  entryStep(
    'exception/withdraw',
    'Withdraw an exception: the entry is an empty draft for its ministry again',
    'entry:proxy',
    review.unexceptEntry,
    [409],
  ),
  defineRoute({
    method: 'GET',
    url: '/api/cycles/:cycleId/entries.xlsx',
    summary:
      'Every entry of a cycle with its state, as one XLSX sheet (A4, header row on every page); a ministry editor gets its own',
    tags,
    access: 'drafts:read',
    params: cycleParams,
    query: z.object({ lang: z.string().optional() }),
    produces: [XLSX_TYPE],
    handler: async ({ db, params, query, reply, ...ctx }) => {
      const file = await review.submissionsXlsx(
        db,
        params.cycleId,
        principalOf(ctx),
        isLang(query.lang) ? query.lang : 'ja',
      );
      return sendDownload(reply, XLSX_TYPE, file);
    },
  }),
];
