/**
 * The secretariat's judgement: an assessment (概況: rating + narrative) per node per cycle,
 * and the cycle summary. Once the cycle is published, corrections.service.ts changes them.
 */
import type { Kysely } from 'kysely';
import type { Db } from '../db/database.ts';
import * as assessmentsRepo from '../db/repositories/assessments.repository.ts';
import * as cyclesRepo from '../db/repositories/cycles.repository.ts';
import * as nodesRepo from '../db/repositories/nodes.repository.ts';
import * as strategiesRepo from '../db/repositories/strategies.repository.ts';
import * as wf from '../db/repositories/workflow.repository.ts';
import type { Database } from '../db/schema.ts';
import { can, UNSCOPED, type Principal } from '../domain/access.ts';
import { AppError, conflict, invalid, notFound } from '../domain/errors.ts';
import type { Assessment, Cycle, Summary, SummaryPillar } from '../domain/model.ts';
import { audit, type Actor } from './audit.service.ts';
import { assertUnpublished } from './publication.service.ts';
import { reindexAssessment } from './search.service.ts';
import { withUpdater } from './people.service.ts';
import { defined } from '../domain/defined.ts';

export interface AssessmentInput {
  rating: string | null;
  narrative: string;
  /** 概況 in English ('' when not translated). */
  narrativeEn: string;
  needsAcceleration: boolean;
  remark: string;
}

export interface SummaryInput {
  overall: string[];
  /** The overall verdict in English ([] when not translated). */
  overallEn: string[];
  pillars: SummaryPillar[];
}

const forbid = (m: string) => new AppError('forbidden', m);

async function editableCycle(q: Kysely<Database>, cycleId: string, what: string): Promise<Cycle> {
  const cycle = await cyclesRepo.lockCycle(q, cycleId);
  if (!cycle) throw notFound('cycle', cycleId);
  assertUnpublished(cycle, what);
  return cycle;
}

/** Writes an assessment in the caller's transaction (a correction passes its reason). */
export async function writeAssessment(
  q: Kysely<Database>,
  cycle: Cycle,
  nodeId: string,
  basedOn: number | null,
  input: AssessmentInput,
  actor: Actor,
  now: string,
  reason = '',
): Promise<Assessment> {
  const node = await nodesRepo.findNode(q, nodeId);
  if (!node || node.strategyId !== cycle.strategyId) throw notFound('node', nodeId);
  if (node.mirrorOf !== null) throw invalid('assess the node this one mirrors', { mirrorOf: node.mirrorOf });
  if (input.rating !== null) {
    const vocab = await strategiesRepo.listVocabulary(q, cycle.strategyId);
    if (!vocab.some((t) => t.kind === 'rating' && t.code === input.rating)) {
      throw invalid(`unknown rating ${input.rating}`, {
        issues: [{ path: 'rating', message: 'unknown rating' }],
      });
    }
  }
  const existing = await wf.findAssessment(q, cycle.id, nodeId);
  const row = {
    rating: input.rating,
    narrative: input.narrative,
    narrativeEn: input.narrativeEn,
    needsAcceleration: input.needsAcceleration ? 1 : 0,
    remark: input.remark,
    updatedAt: now,
    updatedBy: actor.id,
  };
  const current = async () =>
    (await assessmentsRepo.listAssessments(q, UNSCOPED, [cycle.id])).find((a) => a.nodeId === nodeId);
  if (!existing) {
    if (basedOn !== null) throw conflict('the assessment does not exist yet (send version null)');
    await assessmentsRepo.insertAssessments(q, [
      {
        id: `${cycle.id}.${nodeId}`,
        nodeId,
        cycleId: cycle.id,
        rating: input.rating,
        narrative: input.narrative,
        narrativeEn: input.narrativeEn,
        needsAcceleration: input.needsAcceleration,
        remark: input.remark,
        version: 1,
        createdAt: now,
        updatedAt: now,
        updatedBy: actor.id,
      },
    ]);
  } else if (basedOn === null || !(await wf.updateAssessment(q, existing.id, basedOn, row))) {
    const latest = await current();
    throw conflict('the assessment was changed by someone else', {
      current: latest && (await withUpdater(q, latest)),
    });
  }
  const after = defined(await current(), 'the assessment just written');
  await reindexAssessment(q, after.id);
  await audit(
    q,
    actor,
    [
      {
        action: reason ? 'assessment.correct' : 'assessment.save',
        entityType: 'assessment',
        entityId: after.id,
        cycleId: cycle.id,
        before: existing ?? null,
        after,
        reason,
      },
    ],
    now,
  );
  return after;
}

export async function saveAssessment(
  db: Db,
  cycleId: string,
  nodeId: string,
  basedOn: number | null,
  input: AssessmentInput,
  principal: Principal,
  actor: Actor,
): Promise<Assessment> {
  if (!can(principal, 'assessment:write')) throw forbid('only a reviewer may write assessments');
  return db.kysely.transaction().execute(async (trx) => {
    const cycle = await editableCycle(trx, cycleId, 'write its assessments');
    return writeAssessment(trx, cycle, nodeId, basedOn, input, actor, new Date().toISOString());
  });
}

export async function saveSummary(
  db: Db,
  cycleId: string,
  basedOn: number | null,
  input: SummaryInput,
  principal: Principal,
  actor: Actor,
): Promise<Summary> {
  if (!can(principal, 'assessment:write')) throw forbid('only a reviewer may write the summary');
  return db.kysely.transaction().execute(async (trx) => {
    const cycle = await editableCycle(trx, cycleId, 'write its summary');
    const nodes = await nodesRepo.listNodes(trx, cycle.strategyId);
    const bad = input.pillars.findIndex((p) => !nodes.some((n) => n.id === p.nodeId && n.parentId === null));
    if (bad >= 0)
      throw invalid('summary bullets belong to a pillar of this strategy', {
        issues: [{ path: `pillars.${bad}.nodeId`, message: 'not a pillar' }],
      });
    const now = new Date().toISOString();
    const existing = await wf.findSummary(trx, cycleId);
    const current = async () => (await assessmentsRepo.listSummaries(trx, UNSCOPED, [cycleId]))[0];
    if (!existing) {
      if (basedOn !== null) throw conflict('the summary does not exist yet (send version null)');
      await assessmentsRepo.insertSummaries(trx, [
        {
          cycleId,
          overall: input.overall,
          overallEn: input.overallEn,
          pillars: input.pillars,
          version: 1,
          createdAt: now,
          updatedAt: now,
          updatedBy: actor.id,
        },
      ]);
    } else if (
      basedOn === null ||
      !(await wf.updateSummary(trx, cycleId, basedOn, {
        overall: JSON.stringify(input.overall),
        overallEn: JSON.stringify(input.overallEn),
        pillars: JSON.stringify(input.pillars),
        updatedAt: now,
        updatedBy: actor.id,
      }))
    ) {
      const latest = await current();
      throw conflict('the summary was changed by someone else', {
        current: latest && (await withUpdater(trx, latest)),
      });
    }
    const after = defined(await current(), 'the assessment just written');
    await audit(
      trx,
      actor,
      [
        {
          action: 'summary.save',
          entityType: 'summary',
          entityId: cycleId,
          cycleId,
          before: existing ?? null,
          after,
        },
      ],
      now,
    );
    return after;
  });
}
