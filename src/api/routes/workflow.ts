import { z } from 'zod';
import {
  Assessment,
  Cycle,
  Indicator,
  Initiative,
  Plan,
  ProgressEntry,
  Summary,
} from '../../domain/model.ts';
import { DateInput, PeriodInput } from '../../domain/inputs.ts';
import { Placeholders } from '../../domain/review.ts';
import { AuditContent } from '../../domain/audit-chain.ts';
import { Correction, CorrectionList } from '../../domain/corrections.ts';
import { Checklist, EntryUse } from '../../domain/views.ts';
import * as assessments from '../../services/assessments.service.ts';
import * as audit from '../../services/audit.service.ts';
import * as corrections from '../../services/corrections.service.ts';
import { publicationOf } from '../../services/publication.service.ts';
import * as cycles from '../../services/cycles.service.ts';
import * as entries from '../../services/entries.service.ts';
import * as notifications from '../../services/notifications.service.ts';
import { getCycle } from '../../services/strategies.service.ts';
import { defineRoute, IdParam, principalOf } from '../route.ts';
import { cycleParams, entryLists, entryParams, entryStep, Version } from './entry-steps.ts';

const tags = ['workflow'];
const Text = z.string().max(20_000);

const EntryContext = z
  .object({
    entry: ProgressEntry,
    initiative: Initiative,
    cycle: Cycle,
    previous: ProgressEntry.nullable(),
    onBehalf: z.object({ by: z.string(), at: z.string() }).nullable(),
    indicators: z
      .array(Indicator)
      .meta({ description: 'the initiative’s KPIs with the figures the caller may read' }),
    placeholders: Placeholders,
    usedIn: z
      .array(EntryUse)
      .meta({ description: 'a shared initiative’s entry: every strategy’s cycle of the year that shows it' }),
  })
  .meta({ id: 'EntryContext' });

/** An audit row as the API shows it: the entity before and after parsed, the fields that changed. */
const AuditEntry = AuditContent.extend({
  before: z.unknown(),
  after: z.unknown(),
  changed: z.array(z.string()),
  seq: z.number().int(),
  prevHash: z.string(),
  hash: z.string(),
});

const ChainHead = z.object({ seq: z.number().int(), hash: z.string() });
const AuditVerification = z
  .object({
    ok: z.boolean(),
    rows: z.number().int(),
    head: ChainHead.meta({ description: 'the last row found in its place (the head of the trail when ok)' }),
    checkpoints: z.number().int(),
    problem: z
      .object({
        kind: z.enum(['altered', 'missing', 'inserted', 'reordered', 'truncated']),
        seq: z.number().int().nullable(),
        id: z.string().nullable(),
        message: z.string(),
      })
      .nullable(),
  })
  .meta({ id: 'AuditVerification' });

const TitleFix = z.object({
  id: IdParam,
  title: z.string().min(1).max(1000).optional(),
  titleEn: z.string().max(1000).optional(),
});

const AssessmentBody = z.object({
  version: z.number().int().min(1).nullable(),
  rating: z.string().max(40).nullable(),
  narrative: Text,
  /** 概況 in English; '' leaves it untranslated. */
  narrativeEn: Text.default(''),
  needsAcceleration: z.boolean().default(false),
  remark: Text.default(''),
});

/** A pillar's summary bullets, with their English ([] or absent: not translated). */
const PillarBullets = z.object({
  nodeId: IdParam,
  bullets: z.array(Text).max(20),
  bulletsEn: z.array(Text).max(20).default([]),
});

export const workflowRoutes = [
  defineRoute({
    method: 'GET',
    url: '/api/cycles/:cycleId/entries',
    summary: 'Entries of a cycle (a ministry editor sees only its own)',
    tags,
    access: 'drafts:read',
    params: cycleParams,
    response: z.object({
      entries: z.array(
        z.object({
          entry: ProgressEntry,
          initiative: Initiative,
          placeholders: Placeholders,
          usedIn: z.array(EntryUse).optional(),
        }),
      ),
    }),
    handler: async (ctx) => ({
      entries: await entries.listCycleEntries(ctx.db, ctx.params.cycleId, principalOf(ctx)),
    }),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/entries/:entryId',
    summary: 'One entry with its initiative, cycle and last cycle’s entry (starting draft)',
    tags,
    access: 'drafts:read',
    params: entryParams,
    response: EntryContext,
    handler: async (ctx) => entries.getEntry(ctx.db, ctx.params.entryId, principalOf(ctx)),
  }),
  defineRoute({
    method: 'PUT',
    url: '/api/entries/:entryId',
    summary: 'Save a draft entry (ministry editor of an owning ministry, open cycle)',
    tags,
    access: 'entry:edit',
    params: entryParams,
    body: Version.extend({
      text: Text,
      /** The progress text in English; '' leaves it untranslated. */
      textEn: Text.default(''),
      stage: z.string().max(40).nullable(),
      ...entryLists(PeriodInput),
    }),
    response: ProgressEntry,
    handler: async (ctx) =>
      entries.saveEntry(ctx.db, ctx.params.entryId, ctx.body.version, ctx.body, principalOf(ctx), ctx.actor),
  }),
  entryStep('submit', 'Submit an entry for review', 'entry:edit', entries.submitEntry),
  defineRoute({
    method: 'POST',
    url: '/api/cycles/:cycleId/entries/submit',
    summary:
      'Submit several of my ministries’ entries at once: all are submitted, or none is and the refusal lists each item that failed and why (403 when one is not mine to submit)',
    tags,
    access: 'entry:edit',
    params: cycleParams,
    body: z.object({
      items: z
        .array(z.object({ id: IdParam, version: z.number().int().min(1) }))
        .min(1)
        .max(1000),
    }),
    // an item changed since it was read, is not in the cycle, or has no text (details.failures)
    errors: [409],
    response: z.object({ done: z.array(ProgressEntry) }),
    handler: async (ctx) => ({
      done: await entries.submitMany(ctx.db, ctx.params.cycleId, ctx.body.items, principalOf(ctx), ctx.actor),
    }),
  }),
  entryStep(
    'withdraw',
    'Withdraw a submission before review: it goes back to draft (editor of an owning ministry)',
    'entry:edit',
    entries.withdrawEntry,
  ),
  defineRoute({
    method: 'POST',
    url: '/api/entries/:entryId/return',
    summary: 'Return a submission to its ministry with a comment',
    tags,
    access: 'entry:review',
    params: entryParams,
    body: Version.extend({ comment: z.string().min(1).max(5000) }),
    response: ProgressEntry,
    handler: async (ctx) =>
      entries.returnEntry(
        ctx.db,
        ctx.params.entryId,
        ctx.body.version,
        ctx.body.comment,
        principalOf(ctx),
        ctx.actor,
      ),
  }),
  entryStep('accept', 'Accept a submission', 'entry:review', entries.acceptEntry),
  defineRoute({
    method: 'GET',
    url: '/api/entries/:entryId/history',
    summary: 'Every change of an entry, with the fields that changed',
    tags,
    access: 'drafts:read',
    params: entryParams,
    response: z.object({
      history: z.array(
        AuditEntry.extend({
          actorName: z.string(),
          before: ProgressEntry.partial().nullable(),
          after: ProgressEntry.partial().nullable(),
        }),
      ),
    }),
    handler: async (ctx) => ({
      history: await entries.entryHistory(ctx.db, ctx.params.entryId, principalOf(ctx)),
    }),
  }),
  defineRoute({
    method: 'PUT',
    url: '/api/cycles/:cycleId/assessments/:nodeId',
    summary: 'Write the assessment (概況) of a node (version null to create)',
    tags,
    access: 'assessment:write',
    params: z.object({ cycleId: IdParam, nodeId: IdParam }),
    body: AssessmentBody,
    response: Assessment,
    handler: async (ctx) =>
      assessments.saveAssessment(
        ctx.db,
        ctx.params.cycleId,
        ctx.params.nodeId,
        ctx.body.version,
        ctx.body,
        principalOf(ctx),
        ctx.actor,
      ),
  }),
  defineRoute({
    method: 'PUT',
    url: '/api/cycles/:cycleId/summary',
    summary: 'Write the summary of a cycle (version null to create)',
    tags,
    access: 'assessment:write',
    params: cycleParams,
    body: z.object({
      version: z.number().int().min(1).nullable(),
      overall: z.array(Text).max(20),
      overallEn: z.array(Text).max(20).default([]),
      pillars: z.array(PillarBullets).max(50),
    }),
    response: Summary,
    handler: async (ctx) =>
      assessments.saveSummary(
        ctx.db,
        ctx.params.cycleId,
        ctx.body.version,
        ctx.body,
        principalOf(ctx),
        ctx.actor,
      ),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/cycles/:cycleId/checklist',
    summary: 'Publication checklist: entries per state and per ministry, missing assessments',
    tags,
    access: 'drafts:read',
    params: cycleParams,
    response: Checklist,
    handler: async (ctx) => cycles.checklist(ctx.db, ctx.params.cycleId, ctx.viewer.scope),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/strategies/:strategyId/cycles',
    summary: 'Create a follow-up cycle (draft)',
    tags,
    access: 'cycle:manage',
    params: z.object({ strategyId: IdParam }),
    body: z.object({
      fiscalYear: z.number().int().min(2000).max(2200),
      asOf: PeriodInput,
      deadline: DateInput.default(null),
    }),
    // the strategy has a cycle for that fiscal year
    errors: [409],
    response: Cycle,
    handler: async (ctx) =>
      cycles.createCycle(ctx.db, ctx.params.strategyId, ctx.body, principalOf(ctx), ctx.actor),
  }),
  ...(['open', 'close', 'publish'] as const).map((step) =>
    defineRoute({
      method: 'POST',
      url: `/api/cycles/:cycleId/${step}`,
      summary: {
        open: 'Open a cycle to ministries',
        close: 'Close a cycle to ministries',
        publish: 'Publish a cycle (checklist must hold)',
      }[step],
      tags,
      access: step === 'publish' ? 'cycle:publish' : 'cycle:manage',
      params: cycleParams,
      body: Version,
      response: Cycle,
      handler: async (ctx) => {
        const fn = { open: cycles.openCycle, close: cycles.closeCycle, publish: cycles.publishCycle }[step];
        return fn(ctx.db, ctx.params.cycleId, ctx.body.version, principalOf(ctx), ctx.actor);
      },
    }),
  ),
  defineRoute({
    method: 'POST',
    url: '/api/cycles/:cycleId/corrections',
    summary:
      'Correct a published cycle: any fact it published (entries, assessments, summary, indicators, figures, titles) — a new revision with a reason',
    tags,
    access: 'cycle:correct',
    params: cycleParams,
    body: z.object({
      reason: z.string().min(1).max(5000),
      /** The reason in English, for the English pages and reports ('' when not translated). */
      reasonEn: z.string().max(5000).default(''),
      /** The revision the correction was prepared on; another correction first answers 409. */
      revision: z.number().int().min(0).optional(),
      entries: z
        .array(
          z.object({
            id: IdParam,
            version: z.number().int().min(1),
            text: Text.optional(),
            textEn: Text.optional(),
            stage: z.string().max(40).nullable().optional(),
            plans: z
              .array(Plan.extend({ period: PeriodInput, text: z.string().min(1).max(1000) }))
              .max(50)
              .optional(),
          }),
        )
        .max(1000)
        .default([]),
      assessments: z
        .array(
          z.object({
            nodeId: IdParam,
            version: z.number().int().min(1),
            rating: z.string().max(40).nullable().optional(),
            narrative: Text.optional(),
            narrativeEn: Text.optional(),
            needsAcceleration: z.boolean().optional(),
            remark: Text.optional(),
          }),
        )
        .max(1000)
        .default([]),
      summary: z
        .object({
          version: z.number().int().min(1),
          overall: z.array(Text).max(20).optional(),
          overallEn: z.array(Text).max(20).optional(),
          pillars: z
            .array(PillarBullets.extend({ bulletsEn: z.array(Text).max(20).optional() }))
            .max(50)
            .optional(),
        })
        .nullable()
        .default(null),
      indicators: z
        .array(
          z.object({
            id: IdParam,
            baselineValue: z.number().nullable().optional(),
            baselinePeriod: PeriodInput.nullable().optional(),
            targetValue: z.number().nullable().optional(),
            targetText: z.string().max(1000).optional(),
            targetPeriod: PeriodInput.nullable().optional(),
          }),
        )
        .max(1000)
        .default([]),
      observations: z
        .array(
          z.object({
            id: IdParam,
            value: z.number().optional(),
            source: z.string().max(1000).optional(),
            note: z.string().max(5000).optional(),
          }),
        )
        .max(1000)
        .default([]),
      nodes: z.array(TitleFix).max(1000).default([]),
      initiatives: z.array(TitleFix).max(1000).default([]),
    }),
    // the cycle is not published, or a corrected row changed since the version sent
    errors: [409],
    response: Correction,
    handler: async (ctx) =>
      corrections.correctCycle(ctx.db, ctx.params.cycleId, ctx.body, principalOf(ctx), ctx.actor),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/strategies/:strategyId/cycles/:cycleId/corrections',
    summary:
      'The published record of a cycle: its revisions (each with its content hash) and the corrections made after publication, oldest first',
    tags,
    params: z.object({ strategyId: IdParam, cycleId: IdParam }),
    response: CorrectionList,
    handler: async (ctx) => {
      const cycle = await getCycle(ctx.db, ctx.params.strategyId, ctx.params.cycleId, ctx.viewer);
      const found = await publicationOf(ctx.db.kysely, cycle);
      if (!found) return { corrections: [], publication: null };
      const { corrections: list, ...publication } = found;
      return { corrections: list, publication };
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/notifications',
    summary: 'My notifications, newest first',
    tags,
    access: 'authenticated',
    response: z.object({
      notifications: z.array(
        z.object({
          id: z.string(),
          kind: z.string(),
          params: z.record(z.string(), z.string()),
          createdAt: z.string(),
          readAt: z.string().nullable(),
        }),
      ),
    }),
    handler: async (ctx) => ({
      notifications: await notifications.listNotifications(ctx.db, principalOf(ctx).userId),
    }),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/notifications/:notificationId/read',
    summary: 'Mark a notification read',
    tags,
    access: 'authenticated',
    params: z.object({ notificationId: IdParam }),
    response: z.object({ ok: z.literal(true) }),
    handler: async (ctx) => {
      await notifications.markRead(ctx.db, principalOf(ctx).userId, ctx.params.notificationId);
      return { ok: true as const };
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/audit',
    summary: 'The audit trail, filtered by entity or cycle',
    tags: ['audit'],
    access: 'audit:read',
    query: z.object({
      entityType: z.string().max(40).optional(),
      entityId: IdParam.optional(),
      cycleId: IdParam.optional(),
    }),
    response: z.object({ entries: z.array(AuditEntry) }),
    handler: async (ctx) => ({ entries: await audit.history(ctx.db, ctx.query) }),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/audit/verify',
    summary: "Walks the audit trail's hash chain: the first altered, missing, inserted or reordered row",
    tags: ['audit'],
    access: 'audit:verify',
    response: AuditVerification,
    handler: async (ctx) => audit.verifyAuditTrail(ctx.db),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/audit.csv',
    summary: 'The audit trail as CSV',
    tags: ['audit'],
    access: 'audit:read',
    query: z.object({ cycleId: IdParam.optional() }),
    produces: ['text/csv'],
    handler: async (ctx) => {
      const csv = audit.auditCsv(await audit.history(ctx.db, ctx.query));
      void ctx.reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="audit.csv"`)
        .send(csv);
      return undefined;
    },
  }),
];
