/** Cycle control by the secretariat: deadlines (whole cycle and per ministry) and reminders (督促). */
import { z } from 'zod';
import { parseDate } from '../../domain/calendar.ts';
import { Cycle } from '../../domain/model.ts';
import * as control from '../../services/cycle-control.service.ts';
import { defineRoute, IdParam, principalOf } from '../route.ts';

const tags = ['workflow'];

/** A date as officials type it; empty or null for none. */
const TypedDate = z
  .string()
  .max(40)
  .nullable()
  .refine((s) => s === null || s.trim() === '' || parseDate(s) !== null, {
    message: 'a date such as 2024-03-15, 2024/3/15 or 令和6年3月15日',
  });

const MinistryDeadline = z
  .object({
    cycleId: z.string(),
    organisationId: z.string(),
    deadline: z.string().nullable(),
    effectiveDeadline: z.string().nullable(),
    version: z.number().int(),
  })
  .meta({ id: 'MinistryDeadline' });

const RemindersSent = z
  .object({
    sentAt: z.string(),
    ministries: z.array(
      z.object({
        organisationId: z.string(),
        shortName: z.string(),
        deadline: z.string().nullable(),
        items: z.array(z.string()),
        recipients: z.number().int(),
      }),
    ),
  })
  .meta({ id: 'RemindersSent' });

export const cycleControlRoutes = [
  defineRoute({
    method: 'PUT',
    url: '/api/cycles/:cycleId/deadline',
    summary: 'Change or extend the deadline of a cycle (null to clear); refused once published',
    tags,
    access: 'cycle:manage',
    params: z.object({ cycleId: IdParam }),
    body: z.object({ deadline: TypedDate, version: z.number().int().min(1) }),
    response: Cycle,
    handler: async (ctx) =>
      control.setCycleDeadline(ctx.db, ctx.params.cycleId, ctx.body, principalOf(ctx), ctx.actor),
  }),
  defineRoute({
    method: 'PUT',
    url: '/api/cycles/:cycleId/organisations/:organisationId/deadline',
    summary:
      "A ministry's own deadline in a cycle, overriding the cycle's (null removes it; version null creates it)",
    tags,
    access: 'cycle:manage',
    params: z.object({ cycleId: IdParam, organisationId: IdParam }),
    body: z.object({ deadline: TypedDate, version: z.number().int().min(1).nullable() }),
    response: MinistryDeadline,
    handler: async (ctx) =>
      control.setMinistryDeadline(
        ctx.db,
        ctx.params.cycleId,
        ctx.params.organisationId,
        ctx.body,
        principalOf(ctx),
        ctx.actor,
      ),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/cycles/:cycleId/reminders',
    summary:
      'Remind (督促) every ministry with unsubmitted entries, or one: its editors are notified in the app and by e-mail, naming the items and the deadline',
    tags,
    access: 'cycle:manage',
    params: z.object({ cycleId: IdParam }),
    body: z.object({ organisationId: IdParam.optional() }),
    // the cycle is not open
    errors: [409],
    response: RemindersSent,
    handler: async (ctx) =>
      control.sendReminders(ctx.db, ctx.params.cycleId, ctx.body, principalOf(ctx), ctx.actor),
  }),
];
