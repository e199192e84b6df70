import { Placeholders } from '../../domain/review.ts';
import { z } from 'zod';
import { IndicatorBody, InitiativeBody, Label, OrganisationBody } from '../../domain/inputs.ts';
import { PeriodInput } from '../../domain/inputs.ts';
import {
  Cycle,
  Indicator,
  Initiative,
  LevelLabel,
  LicenceId,
  Observation,
  Organisation,
  ProgressEntry,
  Strategy,
  StrategyNode,
} from '../../domain/model.ts';
import { Checklist, EntryUse } from '../../domain/views.ts';
import * as indicators from '../../services/indicators.service.ts';
import { listNodes } from '../../services/strategies.service.ts';
import * as structure from '../../services/structure.service.ts';
import { myTasks } from '../../services/tasks.service.ts';
import type { Db } from '../../db/database.ts';
import type { Actor } from '../../services/audit.service.ts';
import { defineRoute, IdParam, principalOf, type RouteDef } from '../route.ts';

const tags = ['structure'];
const Version = z.number().int().min(1);
const Ok = z.object({ ok: z.literal(true) });
/** A shared initiative's entry: the strategies' cycles of the year that show it. */
const UsedIn = z.array(EntryUse).optional();

/** A figure for a period, as a ministry reports it (or the secretariat on its behalf). */
const ObservationBody = z.object({
  cycleId: IdParam,
  period: PeriodInput,
  value: z.number().finite(),
  source: z.string().max(1000).default(''),
  note: z.string().max(1000).default(''),
  version: Version.nullable(),
});

/**
 * A strategy's initiatives or indicators: POST adds one, PUT changes one sent with the
 * version it was read at. `save` is the service's upsert, given a null id and version to add.
 */
function addAndChange<K extends string, B extends z.ZodObject, R extends z.ZodType>(
  resource: 'initiatives' | 'indicators',
  id: K,
  summary: { add: string; change: string },
  body: B,
  response: R,
  save: (
    db: Db,
    strategyId: string,
    id: string | null,
    basedOn: number | null,
    input: z.infer<B>,
    actor: Actor,
  ) => Promise<z.infer<R>>,
): RouteDef[] {
  const common = { tags, access: 'structure:write', response } as const;
  // zod cannot infer an object built on generic keys; these are the types it parses to
  const changeParams = z.object({ strategyId: IdParam, [id]: IdParam }) as unknown as z.ZodType<
    { strategyId: string } & Record<K, string>
  >;
  const changeBody = body.extend({ version: Version }) as unknown as z.ZodType<
    z.infer<B> & { version: number }
  >;
  return [
    defineRoute({
      method: 'POST',
      url: `/api/strategies/:strategyId/${resource}`,
      summary: summary.add,
      ...common,
      params: z.object({ strategyId: IdParam }),
      body,
      handler: async (ctx) => save(ctx.db, ctx.params.strategyId, null, null, ctx.body, ctx.actor),
    }),
    defineRoute({
      method: 'PUT',
      url: `/api/strategies/:strategyId/${resource}/:${id}`,
      summary: summary.change,
      ...common,
      params: changeParams,
      body: changeBody,
      handler: async (ctx) =>
        save(ctx.db, ctx.params.strategyId, ctx.params[id], ctx.body.version, ctx.body, ctx.actor),
    }),
  ];
}

export const structureRoutes = [
  defineRoute({
    method: 'POST',
    url: '/api/strategies',
    summary: 'Create a strategy (with the default stage and rating vocabularies)',
    tags,
    access: 'structure:write',
    body: z.object({
      id: IdParam.optional(),
      title: Label,
      titleEn: z.string().max(1000).default(''),
      levelLabels: z
        .array(LevelLabel)
        .max(10)
        .default([
          { ja: '柱', en: 'Pillar' },
          { ja: '目標', en: 'Goal' },
          { ja: '具体目標', en: 'Target' },
        ]),
      ownerOrganisationId: IdParam.nullable().default(null),
    }),
    // the id is taken
    errors: [409],
    response: Strategy,
    handler: async (ctx) => structure.createStrategy(ctx.db, ctx.body, ctx.actor),
  }),
  defineRoute({
    method: 'PATCH',
    url: '/api/strategies/:strategyId',
    summary: 'Rename a strategy, change its level names, or the licence and credit line of its open data',
    tags,
    access: 'structure:write',
    params: z.object({ strategyId: IdParam }),
    body: z.object({
      version: Version,
      title: Label.optional(),
      titleEn: z.string().max(1000).optional(),
      // every level has its Japanese name; the English is optional
      levelLabels: z
        .array(LevelLabel.extend({ ja: z.string().trim().min(1).max(100), en: z.string().trim().max(100) }))
        .max(10)
        .optional(),
      description: z.string().max(20_000).optional(),
      licenceId: LicenceId.optional(),
      attribution: z.string().max(1000).optional(),
    }),
    response: Strategy,
    handler: async (ctx) => {
      const { version, ...changes } = ctx.body;
      return structure.updateStrategy(ctx.db, ctx.params.strategyId, version, changes, ctx.actor);
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/strategies/:strategyId/nodes',
    summary: 'The nodes of a strategy, flat and versioned (for structure editing; no cycle needed)',
    tags,
    access: 'drafts:read',
    params: z.object({ strategyId: IdParam }),
    response: z.object({ nodes: z.array(StrategyNode) }),
    handler: async (ctx) => ({ nodes: await listNodes(ctx.db, ctx.params.strategyId) }),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/strategies/:strategyId/nodes',
    summary: 'Add a node to the tree (at the end of its siblings)',
    tags,
    access: 'structure:write',
    params: z.object({ strategyId: IdParam }),
    body: z.object({
      parentId: IdParam.nullable(),
      title: Label,
      titleEn: z.string().max(1000).default(''),
      note: z.string().max(1000).default(''),
      code: z.string().max(40).default(''),
    }),
    response: StrategyNode,
    handler: async (ctx) => structure.createNode(ctx.db, ctx.params.strategyId, ctx.body, ctx.actor),
  }),
  defineRoute({
    method: 'PATCH',
    url: '/api/nodes/:nodeId',
    summary: 'Rename a node',
    tags,
    access: 'structure:write',
    params: z.object({ nodeId: IdParam }),
    body: z.object({
      version: Version,
      title: Label.optional(),
      titleEn: z.string().max(1000).optional(),
      note: z.string().max(1000).optional(),
      code: z.string().max(40).optional(),
    }),
    response: StrategyNode,
    handler: async (ctx) => {
      const { version, ...changes } = ctx.body;
      return structure.updateNode(ctx.db, ctx.params.nodeId, version, changes, ctx.actor);
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/nodes/:nodeId/move',
    summary: 'Move or reorder a node',
    tags,
    access: 'structure:write',
    params: z.object({ nodeId: IdParam }),
    body: z.object({ version: Version, parentId: IdParam.nullable(), position: z.number().int().min(0) }),
    response: StrategyNode,
    handler: async (ctx) =>
      structure.moveNode(ctx.db, ctx.params.nodeId, ctx.body.version, ctx.body, ctx.actor),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/nodes/:nodeId/delete',
    summary: 'Delete an empty node',
    tags,
    access: 'structure:write',
    params: z.object({ nodeId: IdParam }),
    body: z.object({ version: Version }),
    response: Ok,
    handler: async (ctx) => {
      await structure.deleteNode(ctx.db, ctx.params.nodeId, ctx.body.version, ctx.actor);
      return { ok: true as const };
    },
  }),
  ...addAndChange(
    'initiatives',
    'initiativeId',
    {
      add: 'Add an initiative, owned by organisations and listed under nodes',
      change: 'Change an initiative: title, owners, the nodes it is cross-listed under',
    },
    InitiativeBody,
    Initiative,
    structure.saveInitiative,
  ),
  defineRoute({
    method: 'POST',
    url: '/api/organisations',
    summary: 'Add an organisation (ministry or agency)',
    tags,
    access: 'structure:write',
    body: OrganisationBody.extend({ id: IdParam.optional() }),
    // the id or the short name is taken
    errors: [409],
    response: Organisation,
    handler: async (ctx) => structure.saveOrganisation(ctx.db, null, null, ctx.body, ctx.actor),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/organisation-contacts',
    summary: 'Each organisation’s contact e-mail address (administrators only; never public)',
    tags,
    access: 'structure:write',
    response: z.object({
      contacts: z.array(z.object({ organisationId: z.string(), contactEmail: z.string() })),
    }),
    handler: async (ctx) => ({ contacts: await structure.organisationContacts(ctx.db) }),
  }),
  defineRoute({
    method: 'PUT',
    url: '/api/organisations/:organisationId',
    summary: 'Change an organisation’s names and aliases',
    tags,
    access: 'structure:write',
    params: z.object({ organisationId: IdParam }),
    body: OrganisationBody.extend({ version: Version }),
    response: Organisation,
    handler: async (ctx) =>
      structure.saveOrganisation(ctx.db, ctx.params.organisationId, ctx.body.version, ctx.body, ctx.actor),
  }),
  ...addAndChange(
    'indicators',
    'indicatorId',
    {
      add: 'Add an indicator (KPI) with its baseline, target and deadline',
      change: 'Change an indicator or its target',
    },
    IndicatorBody,
    Indicator,
    indicators.saveIndicator,
  ),
  defineRoute({
    method: 'PUT',
    url: '/api/indicators/:indicatorId/observations',
    summary: 'Report a figure for a period (ministry editor of the owning ministry, open cycle)',
    tags: ['workflow'],
    access: 'entry:edit',
    params: z.object({ indicatorId: IdParam }),
    body: ObservationBody,
    response: Observation,
    handler: async (ctx) =>
      indicators.saveObservation(ctx.db, ctx.params.indicatorId, ctx.body, principalOf(ctx), ctx.actor),
  }),
  defineRoute({
    method: 'PUT',
    url: '/api/indicators/:indicatorId/observations/on-behalf',
    summary: 'Enter a ministry’s figure on its behalf (secretariat; audited as on behalf of the ministry)',
    tags: ['workflow'],
    access: 'cycle:manage',
    params: z.object({ indicatorId: IdParam }),
    body: ObservationBody,
    response: Observation,
    handler: async (ctx) =>
      indicators.saveObservation(ctx.db, ctx.params.indicatorId, ctx.body, principalOf(ctx), ctx.actor, {
        onBehalf: true,
      }),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/me/tasks',
    summary: 'What I still owe (ministries) or have to review (secretariat) in open cycles',
    tags: ['workflow'],
    access: 'authenticated',
    response: z.object({
      tasks: z.array(
        z.object({
          cycle: Cycle,
          strategyTitle: z.string(),
          mine: z.array(
            z.object({
              entry: ProgressEntry,
              initiative: Initiative,
              placeholders: Placeholders,
              usedIn: UsedIn,
            }),
          ),
          toWrite: z.array(
            z.object({
              entry: ProgressEntry,
              initiative: Initiative,
              placeholders: Placeholders,
              usedIn: UsedIn,
              /** The deadline that applies (the owning ministries' latest), ISO date. */
              deadline: z.string().nullable(),
              /** Still owed after that deadline (期限超過). */
              overdue: z.boolean(),
            }),
          ),
          toReview: z.array(
            z.object({
              entry: ProgressEntry,
              initiative: Initiative,
              placeholders: Placeholders,
              usedIn: UsedIn,
            }),
          ),
          checklist: Checklist.nullable(),
        }),
      ),
    }),
    handler: async (ctx) => ({ tasks: await myTasks(ctx.db, principalOf(ctx)) }),
  }),
];
