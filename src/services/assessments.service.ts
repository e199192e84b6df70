/**
 * The secretariat's judgement: an assessment (概況: rating + narrative) per node per cycle,
 * the cycle summary, and corrections of a published cycle.
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
import { newId } from '../domain/ids.ts';
import type { Assessment, Cycle, ProgressEntry, Summary } from '../domain/model.ts';
import { audit, type Actor } from './audit.service.ts';
import { toEntry } from './entries.service.ts';
import { patch } from './snapshots.service.ts';
import { reindexAssessment, reindexEntry } from './search.service.ts';

export interface AssessmentInput {
  rating: string | null;
  narrative: string;
  needsAcceleration: boolean;
  remark: string;
}

export interface SummaryInput {
  overall: string[];
  pillars: { nodeId: string; bullets: string[] }[];
}

const forbid = (m: string) => new AppError('forbidden', m);

async function editableCycle(q: Kysely<Database>, cycleId: string, correcting: boolean): Promise<Cycle> {
  const cycle = await cyclesRepo.findCycle(q, cycleId);
  if (!cycle) throw notFound('cycle', cycleId);
  if (!correcting && cycle.state === 'published') {
    throw conflict('the cycle is published; change it through a correction with a reason');
  }
  if (correcting && cycle.state !== 'published') throw conflict('only a published cycle takes corrections');
  return cycle;
}

async function writeAssessment(
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
        ...input,
        version: 1,
        createdAt: now,
        updatedAt: now,
        updatedBy: actor.id,
      },
    ]);
  } else if (basedOn === null || !(await wf.updateAssessment(q, existing.id, basedOn, row))) {
    throw conflict('the assessment was changed by someone else', { current: await current() });
  }
  const after = (await current())!;
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
    const cycle = await editableCycle(trx, cycleId, false);
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
    const cycle = await editableCycle(trx, cycleId, false);
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
        { cycleId, ...input, version: 1, createdAt: now, updatedAt: now, updatedBy: actor.id },
      ]);
    } else if (
      basedOn === null ||
      !(await wf.updateSummary(trx, cycleId, basedOn, {
        overall: JSON.stringify(input.overall),
        pillars: JSON.stringify(input.pillars),
        updatedAt: now,
        updatedBy: actor.id,
      }))
    ) {
      throw conflict('the summary was changed by someone else', { current: await current() });
    }
    const after = (await current())!;
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

export interface CorrectionInput {
  reason: string;
  entries: { id: string; version: number; text: string; stage: string | null }[];
  assessments: ({ nodeId: string; version: number } & AssessmentInput)[];
}

export interface Correction {
  id: string;
  cycleId: string;
  revision: number;
  reason: string;
  changes: { entityType: string; entityId: string }[];
  createdAt: string;
}

/** Corrects a published cycle: the changes, a new revision number and the reason, atomically. */
export async function correctCycle(
  db: Db,
  cycleId: string,
  input: CorrectionInput,
  principal: Principal,
  actor: Actor,
): Promise<Correction> {
  if (!can(principal, 'cycle:correct')) throw forbid('only the secretariat may correct a published cycle');
  if (input.reason.trim() === '')
    throw invalid('a correction needs a reason', { issues: [{ path: 'reason', message: 'empty' }] });
  if (input.entries.length + input.assessments.length === 0)
    throw invalid('a correction must change something');
  return db.kysely.transaction().execute(async (trx) => {
    const cycle = await editableCycle(trx, cycleId, true);
    const now = new Date().toISOString();
    const changes: Correction['changes'] = [];
    const corrected: { entries: ProgressEntry[]; assessments: Assessment[] } = {
      entries: [],
      assessments: [],
    };
    for (const e of input.entries) {
      const before = await wf.findEntry(trx, e.id);
      if (!before || before.cycleId !== cycleId) throw notFound('entry', e.id);
      if (
        !(await wf.updateEntry(trx, e.id, e.version, {
          text: e.text,
          stage: e.stage,
          updatedAt: now,
          updatedBy: actor.id,
        }))
      ) {
        throw conflict('the entry was changed by someone else', { current: toEntry(before) });
      }
      await audit(
        trx,
        actor,
        [
          {
            action: 'entry.correct',
            entityType: 'progress_entry',
            entityId: e.id,
            cycleId,
            before: toEntry(before),
            after: toEntry((await wf.findEntry(trx, e.id))!),
            reason: input.reason,
          },
        ],
        now,
      );
      changes.push({ entityType: 'progress_entry', entityId: e.id });
      corrected.entries.push(toEntry((await wf.findEntry(trx, e.id))!));
      await reindexEntry(trx, e.id);
    }
    for (const a of input.assessments) {
      const saved = await writeAssessment(trx, cycle, a.nodeId, a.version, a, actor, now, input.reason);
      changes.push({ entityType: 'assessment', entityId: saved.id });
      corrected.assessments.push(saved);
    }
    const previous = await listCorrections(trx, cycleId);
    const correction: Correction = {
      id: newId(),
      cycleId,
      revision: previous.length + 1,
      reason: input.reason,
      changes,
      createdAt: now,
    };
    await patch(trx, cycleId, correction.revision, { ...corrected, cycle }, now);
    await trx
      .insertInto('corrections')
      .values({ ...correction, changes: JSON.stringify(changes), createdBy: actor.id })
      .execute();
    return correction;
  });
}

/** The corrections of a cycle, oldest first (public once the cycle is published). */
export async function listCorrections(q: Kysely<Database>, cycleId: string): Promise<Correction[]> {
  const rows = await q
    .selectFrom('corrections')
    .selectAll()
    .where('cycleId', '=', cycleId)
    .orderBy('revision')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    cycleId: r.cycleId,
    revision: r.revision,
    reason: r.reason,
    changes: JSON.parse(r.changes) as Correction['changes'],
    createdAt: r.createdAt,
  }));
}
