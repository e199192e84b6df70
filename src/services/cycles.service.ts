/**
 * The yearly cycle (フォローアップ): the secretariat creates and opens it (every initiative
 * gets an empty entry, last year's text offered as a starting draft), ministries submit,
 * reviewers assess, and the cycle is published once the checklist holds. A published cycle
 * changes only through a correction with a reason, shown publicly as one.
 */
import type { Kysely } from 'kysely';
import type { Db } from '../db/database.ts';
import type { Database } from '../db/schema.ts';
import * as assessmentsRepo from '../db/repositories/assessments.repository.ts';
import * as cyclesRepo from '../db/repositories/cycles.repository.ts';
import * as initiativesRepo from '../db/repositories/initiatives.repository.ts';
import * as nodesRepo from '../db/repositories/nodes.repository.ts';
import * as orgRepo from '../db/repositories/organisations.repository.ts';
import * as progressRepo from '../db/repositories/progress.repository.ts';
import * as strategiesRepo from '../db/repositories/strategies.repository.ts';
import * as wf from '../db/repositories/workflow.repository.ts';
import {
  can,
  seesSecretariatDrafts,
  UNSCOPED,
  type Action,
  type Principal,
  type ReadScope,
} from '../domain/access.ts';
import { AppError, conflict, notFound } from '../domain/errors.ts';
import { ReviewState, type Cycle, type CycleState, type ProgressEntry } from '../domain/model.ts';
import { isException, isSettled, type ExceptionKind } from '../domain/review.ts';
import type { Checklist } from '../domain/views.ts';
import { userNames } from './accounts.service.ts';
import { audit, type Actor } from './audit.service.ts';
import { japanToday, ministryDeadlines, writeCycle } from './cycle-control.service.ts';
import * as controlRepo from '../db/repositories/cycle-control.repository.ts';
import { isOverdue } from '../domain/deadlines.ts';
import { notify } from './notifications.service.ts';
import { freezeCycle } from './publication.service.ts';
import { reindexStrategy } from './search.service.ts';
import { entriesShownIn, initiativesNeedingEntries, initiativesOf } from './shared.service.ts';

const require = (principal: Principal, action: Action): void => {
  if (!can(principal, action)) throw new AppError('forbidden', `not allowed: ${action}`);
};

export async function createCycle(
  db: Db,
  strategyId: string,
  input: { fiscalYear: number; asOf: string; deadline?: string | null },
  principal: Principal,
  actor: Actor,
): Promise<Cycle> {
  require(principal, 'cycle:manage');
  if (!(await strategiesRepo.findStrategy(db.kysely, strategyId))) throw notFound('strategy', strategyId);
  const existing = await cyclesRepo.listCycles(db.kysely, strategyId);
  if (existing.some((c) => c.fiscalYear === input.fiscalYear)) {
    throw conflict(`a cycle for FY${input.fiscalYear} exists already`);
  }
  const now = new Date().toISOString();
  const cycle: Cycle = {
    id: `${strategyId}-fy${input.fiscalYear}`,
    strategyId,
    fiscalYear: input.fiscalYear,
    asOf: input.asOf,
    state: 'draft',
    publishedAt: null,
    deadline: input.deadline ?? null,
    version: 1,
    createdAt: now,
    updatedAt: now,
    updatedBy: actor.id,
  };
  await db.kysely.transaction().execute(async (trx) => {
    await cyclesRepo.insertCycles(trx, [cycle]);
    await audit(
      trx,
      actor,
      [{ action: 'cycle.create', entityType: 'cycle', entityId: cycle.id, cycleId: cycle.id, after: cycle }],
      now,
    );
  });
  return cycle;
}

async function transition(
  db: Db,
  cycleId: string,
  basedOn: number,
  from: CycleState[],
  to: CycleState,
  actor: Actor,
  then?: (cycle: Cycle, now: string, q: Kysely<Database>) => Promise<void>,
): Promise<Cycle> {
  return db.kysely.transaction().execute(async (trx) => {
    const cycle = await cyclesRepo.findCycle(trx, cycleId);
    if (!cycle) throw notFound('cycle', cycleId);
    if (cycle.version !== basedOn)
      throw conflict('the cycle was changed by someone else', { current: cycle });
    if (!from.includes(cycle.state)) throw conflict(`the cycle is ${cycle.state}`, { current: cycle });
    return writeCycle(
      trx,
      cycle,
      basedOn,
      (now) => ({ state: to, ...(to === 'published' && { publishedAt: now }) }),
      `cycle.${to}`,
      actor,
      then && ((updated, now) => then(updated, now, trx)),
    );
  });
}

/** The empty draft entry an initiative gets in an open cycle (its id: `<cycle>.<initiative>`). */
export function emptyDraft(cycleId: string, initiativeId: string, now: string, actor: Actor): ProgressEntry {
  return {
    id: `${cycleId}.${initiativeId}`,
    initiativeId,
    cycleId,
    text: '',
    textEn: '',
    stage: null,
    plans: [],
    evidence: [],
    reviewState: 'draft',
    reviewComment: '',
    submittedAt: null,
    version: 1,
    createdAt: now,
    updatedAt: now,
    updatedBy: actor.id,
  };
}

/** Opens a cycle: every initiative of the strategy gets an empty draft entry. */
export async function openCycle(
  db: Db,
  cycleId: string,
  basedOn: number,
  principal: Principal,
  actor: Actor,
): Promise<Cycle> {
  require(principal, 'cycle:manage');
  return transition(db, cycleId, basedOn, ['draft', 'closed'], 'open', actor, async (cycle, now, q) => {
    // Shared initiatives whose entry of this year another strategy's cycle holds are shown from there.
    const [initiatives, missing] = await Promise.all([
      initiativesOf(q, cycle.strategyId),
      initiativesNeedingEntries(q, cycle),
    ]);
    await progressRepo.insertEntries(
      q,
      missing.map((i) => emptyDraft(cycle.id, i.id, now, actor)),
    );
    await reindexStrategy(q, cycle.strategyId);
    const orgs = [...new Set(initiatives.flatMap((i) => i.ownerIds))];
    await notify(
      q,
      await wf.editorsOf(q, orgs),
      'cycle_opened',
      { cycleId: cycle.id, deadline: cycle.deadline ?? '' },
      now,
    );
  });
}

export async function closeCycle(
  db: Db,
  cycleId: string,
  basedOn: number,
  principal: Principal,
  actor: Actor,
): Promise<Cycle> {
  require(principal, 'cycle:manage');
  return transition(db, cycleId, basedOn, ['open'], 'closed', actor, async (cycle, now, q) => {
    const initiatives = await initiativesRepo.listInitiatives(q, { strategyId: cycle.strategyId });
    const orgs = [...new Set(initiatives.flatMap((i) => i.ownerIds))];
    await notify(q, await wf.editorsOf(q, orgs), 'cycle_closed', { cycleId: cycle.id }, now);
  });
}

/** Who has reported and what is assessed: the secretariat's view of a whole cycle. */
export async function checklist(
  db: Db,
  cycleId: string,
  scope: ReadScope,
  today = japanToday(),
): Promise<Checklist> {
  const q = db.kysely;
  const cycle = await cyclesRepo.findCycle(q, cycleId);
  if (!cycle || !seesSecretariatDrafts(scope)) throw notFound('cycle', cycleId);
  const [entries, initiatives, nodes, assessments, summaries, orgs, deadlines, reminded] = await Promise.all([
    entriesShownIn(q, scope, cycle),
    initiativesOf(q, cycle.strategyId),
    nodesRepo.listNodes(q, cycle.strategyId),
    assessmentsRepo.listAssessments(q, scope, [cycleId]),
    assessmentsRepo.listSummaries(q, scope, [cycleId]),
    orgRepo.listOrganisations(q),
    ministryDeadlines(q, cycle),
    controlRepo.lastReminders(q, cycleId),
  ]);
  const owners = new Map(initiatives.map((i) => [i.id, i]));
  const tally = (list: ProgressEntry[]) => {
    const counts = Object.fromEntries(ReviewState.options.map((s) => [s, 0])) as Record<ReviewState, number>;
    for (const e of list) counts[e.reviewState] += 1;
    return { total: list.length, ...counts };
  };
  const counts = tally(entries);
  const editors = new Map(
    await Promise.all(orgs.map(async (o) => [o.id, (await wf.editorsOf(q, [o.id])).length] as const)),
  );
  const byOrganisation = orgs
    .map((o) => {
      const mine = entries.filter((e) => owners.get(e.initiativeId)?.ownerIds.includes(o.id));
      const c = tally(mine);
      const deadline = deadlines.deadlineOf(o.id);
      const override = deadlines.overrides.get(o.id);
      return {
        organisationId: o.id,
        shortName: o.shortName,
        ...c,
        outstanding: c.draft + c.returned,
        deadline,
        deadlineOverride: override ? { deadline: override.deadline, version: override.version } : null,
        overdue:
          cycle.state === 'published'
            ? 0
            : mine.filter((e) => isOverdue(e.reviewState, deadline, today)).length,
        lastRemindedAt: reminded.get(o.id) ?? null,
        editors: editors.get(o.id) ?? 0,
        items: mine.map((e) => ({
          entryId: e.id,
          title: owners.get(e.initiativeId)?.title ?? e.initiativeId,
          state: e.reviewState,
        })),
      };
    })
    .filter((o) => o.total > 0);
  const excepted = entries.filter((e) => isException(e.reviewState));
  const names = await userNames(
    db,
    excepted.map((e) => e.updatedBy),
  );
  const shortName = new Map(orgs.map((o) => [o.id, o.shortName]));
  const exceptions = excepted.map((e) => ({
    entryId: e.id,
    initiativeId: e.initiativeId,
    title: owners.get(e.initiativeId)?.title ?? e.initiativeId,
    organisations: (owners.get(e.initiativeId)?.ownerIds ?? []).map((id) => shortName.get(id) ?? id),
    kind: e.reviewState as ExceptionKind,
    reason: e.text,
    by: names.get(e.updatedBy) ?? e.updatedBy,
    at: e.updatedAt,
  }));
  const settled = entries.filter((e) => isSettled(e.reviewState)).length;
  const listed = new Set(initiatives.flatMap((i) => i.listings.map((l) => l.nodeId)));
  const needed = nodes.filter((n) => n.mirrorOf === null && listed.has(n.id)).map((n) => n.id);
  const done = new Set(
    assessments.filter((a) => a.rating !== null && a.narrative.trim() !== '').map((a) => a.nodeId),
  );
  const missing = needed.filter((id) => !done.has(id));
  const summary = summaries.length > 0 && (summaries[0]?.overall.length ?? 0) > 0;
  return {
    entries: { ...counts, settled },
    byOrganisation,
    exceptions,
    assessments: { needed: needed.length, done: needed.length - missing.length, missing },
    summary,
    ready: settled === counts.total && missing.length === 0 && summary,
  };
}

export async function publishCycle(
  db: Db,
  cycleId: string,
  basedOn: number,
  principal: Principal,
  actor: Actor,
): Promise<Cycle> {
  require(principal, 'cycle:publish');
  const list = await checklist(db, cycleId, UNSCOPED);
  if (!list.ready) throw conflict('the cycle is not ready to publish', { checklist: list });
  return transition(db, cycleId, basedOn, ['open', 'closed'], 'published', actor, async (cycle, _now, q) => {
    // Again inside the transaction: a return or an edit that came first must not be published.
    const now = await checklist({ ...db, kysely: q }, cycle.id, UNSCOPED);
    if (!now.ready) throw conflict('the cycle is not ready to publish', { checklist: now });
    // Freeze what the public will see, now: later edits do not rewrite this cycle.
    await freezeCycle(db, q, cycle, _now);
    const orgs = (await initiativesRepo.listInitiatives(q, { strategyId: cycle.strategyId })).flatMap(
      (i) => i.ownerIds,
    );
    await notify(
      q,
      await wf.editorsOf(q, [...new Set(orgs)]),
      'cycle_published',
      { cycleId: cycle.id },
      _now,
    );
  });
}
