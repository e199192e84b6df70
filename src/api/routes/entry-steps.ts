/**
 * What the entry routes of workflow.ts (the ministries' own) and review.ts (the
 * secretariat's) share: their parameters, the plans and evidence an entry's editor sends,
 * and the steps that move an entry on given only the version it was read at.
 */
import { z } from 'zod';
import type { Db } from '../../db/database.ts';
import type { Action, Principal } from '../../domain/access.ts';
import { Evidence, Plan, ProgressEntry } from '../../domain/model.ts';
import type { Actor } from '../../services/audit.service.ts';
import { defineRoute, IdParam, principalOf, type RouteDef } from '../route.ts';

export const Version = z.object({ version: z.number().int().min(1) });
export const entryParams = z.object({ entryId: IdParam });
export const cycleParams = z.object({ cycleId: IdParam });

/** An entry's plans and evidence as its editor sends them; `period` reads a plan's period. */
export function entryLists(period: z.ZodType<string, string>) {
  return {
    plans: z
      .array(Plan.extend({ period, text: z.string().min(1).max(1000) }))
      .max(50)
      .default([]),
    evidence: z
      .array(Evidence.extend({ url: z.url({ protocol: /^https?$/ }), title: z.string().max(500) }))
      .max(50)
      .default([]),
  };
}

type Move = (
  db: Db,
  entryId: string,
  basedOn: number,
  principal: Principal,
  actor: Actor,
) => Promise<ProgressEntry>;

/**
 * POST /api/entries/:entryId/<step>, e.g. `entryStep('submit', 'Submit an entry for review',
 * 'entry:edit', entries.submitEntry)`.
 */
export function entryStep(
  step: string,
  summary: string,
  access: Action,
  move: Move,
  errors?: number[],
): RouteDef {
  return defineRoute({
    method: 'POST',
    url: `/api/entries/:entryId/${step}`,
    summary,
    tags: ['workflow'],
    access,
    params: entryParams,
    body: Version,
    ...(errors && { errors }),
    response: ProgressEntry,
    handler: async (ctx) => move(ctx.db, ctx.params.entryId, ctx.body.version, principalOf(ctx), ctx.actor),
  });
}
