/**
 * Cycle control by the secretariat: the cycle's deadline and each ministry's own (an
 * extension), which entries are overdue, and reminders (督促) to ministries that still owe
 * entries — in the app and by e-mail (through the notifications outbox), naming the items
 * and the deadline.
 */
import type { Kysely, Updateable } from 'kysely';
import type { Db } from '../db/database.ts';
import type { CycleTable, Database } from '../db/schema.ts';
import * as controlRepo from '../db/repositories/cycle-control.repository.ts';
import * as cyclesRepo from '../db/repositories/cycles.repository.ts';
import * as initiativesRepo from '../db/repositories/initiatives.repository.ts';
import * as orgRepo from '../db/repositories/organisations.repository.ts';
import * as progressRepo from '../db/repositories/progress.repository.ts';
import * as wf from '../db/repositories/workflow.repository.ts';
import { can, UNSCOPED, type Principal } from '../domain/access.ts';
import { formatDate, parseDate } from '../domain/calendar.ts';
import { effectiveDeadline, isOwed } from '../domain/deadlines.ts';
import { AppError, conflict, invalid, notFound } from '../domain/errors.ts';
import type { Cycle, Initiative } from '../domain/model.ts';
import { audit, type Actor } from './audit.service.ts';
import { notify } from './notifications.service.ts';
import { assertUnpublished } from './publication.service.ts';
import { defined } from '../domain/defined.ts';

type Q = Kysely<Database>;

const requireManage = (principal: Principal): void => {
  if (!can(principal, 'cycle:manage')) throw new AppError('forbidden', 'not allowed: cycle:manage');
};

/** Today's date in Japan (deadlines are Japanese calendar days), as an ISO date. */
export function japanToday(now: Date = new Date()): string {
  return new Date(now.getTime() + 9 * 3_600_000).toISOString().slice(0, 10);
}

/** A typed deadline ('' or null for none) as an ISO date; `invalid` naming the field otherwise. */
function readDeadline(text: string | null): string | null {
  if (text === null || text.trim() === '') return null;
  const date = parseDate(text);
  if (date === null)
    throw invalid(`not a date: "${text}" (2024-03-15, 2024/3/15, 令和6年3月15日)`, { field: 'deadline' });
  return date;
}

/** The deadline that applies to each ministry of a cycle, and its override if it has one. */
export async function ministryDeadlines(
  q: Q,
  cycle: Cycle,
): Promise<{
  deadlineOf: (organisationId: string) => string | null;
  overrides: Map<string, controlRepo.DeadlineOverride>;
}> {
  const overrides = new Map((await controlRepo.listDeadlines(q, cycle.id)).map((o) => [o.organisationId, o]));
  return {
    deadlineOf: (organisationId) =>
      effectiveDeadline(cycle.deadline, overrides.get(organisationId)?.deadline),
    overrides,
  };
}

/**
 * The deadline of an entry owned by several ministries: the latest of theirs (it is overdue
 * only once every owner's deadline has passed).
 */
export function entryDeadline(
  ownerIds: string[],
  deadlineOf: (organisationId: string) => string | null,
): string | null {
  const all = ownerIds.map(deadlineOf);
  if (all.length === 0 || all.some((d) => d === null)) return null;
  return (all as string[]).reduce((a, b) => (a > b ? a : b));
}

/** Changes (or clears, with null) the deadline of the whole cycle; refused once published. */
export async function setCycleDeadline(
  db: Db,
  cycleId: string,
  input: { deadline: string | null; version: number },
  principal: Principal,
  actor: Actor,
): Promise<Cycle> {
  requireManage(principal);
  const deadline = readDeadline(input.deadline);
  return db.kysely.transaction().execute(async (trx) => {
    const cycle = await cyclesRepo.lockCycle(trx, cycleId);
    if (!cycle) throw notFound('cycle', cycleId);
    assertUnpublished(cycle, 'change its deadline');
    return writeCycle(trx, cycle, input.version, () => ({ deadline }), 'cycle.deadline', actor);
  });
}

/**
 * Writes the changes to a cycle the caller has read (and checked) in its transaction, if it is
 * still at version `basedOn`, and audits the row as read and as written; 409 otherwise.
 * `then` runs on the written row before the audit (a transition's follow-up work).
 */
export async function writeCycle(
  trx: Q,
  cycle: Cycle,
  basedOn: number,
  changes: (now: string) => Updateable<CycleTable>,
  action: string,
  actor: Actor,
  then: (updated: Cycle, now: string) => Promise<void> = async () => undefined,
): Promise<Cycle> {
  if (cycle.version !== basedOn) throw conflict('the cycle was changed by someone else', { current: cycle });
  const now = new Date().toISOString();
  const set = { ...changes(now), updatedAt: now, updatedBy: actor.id };
  if (!(await wf.updateCycle(trx, cycle.id, basedOn, set)))
    throw conflict('the cycle was changed by someone else');
  const updated = defined(await cyclesRepo.findCycle(trx, cycle.id), `the cycle ${cycle.id} just written`);
  await then(updated, now);
  const record = {
    action,
    entityType: 'cycle',
    entityId: cycle.id,
    cycleId: cycle.id,
    before: cycle,
    after: updated,
  };
  await audit(trx, actor, [record], now);
  return updated;
}

export interface MinistryDeadline {
  cycleId: string;
  organisationId: string;
  /** The ministry's own deadline, or null when the cycle's applies. */
  deadline: string | null;
  /** The deadline that applies to the ministry now. */
  effectiveDeadline: string | null;
  /** Version of the override; 0 when there is none. */
  version: number;
}

/**
 * Sets a ministry's own deadline in a cycle, or removes it (null: the cycle's applies).
 * `version` is null to create an override, else the version of the one being changed.
 */
export async function setMinistryDeadline(
  db: Db,
  cycleId: string,
  organisationId: string,
  input: { deadline: string | null; version: number | null },
  principal: Principal,
  actor: Actor,
): Promise<MinistryDeadline> {
  requireManage(principal);
  const deadline = readDeadline(input.deadline);
  return db.kysely.transaction().execute(async (trx) => {
    const cycle = await cyclesRepo.lockCycle(trx, cycleId);
    if (!cycle) throw notFound('cycle', cycleId);
    assertUnpublished(cycle, 'change a ministry deadline');
    if (!(await orgRepo.findOrganisation(trx, organisationId)))
      throw notFound('organisation', organisationId);
    const key = { cycleId, organisationId };
    const before = await controlRepo.findDeadline(trx, cycleId, organisationId);
    const view = (o: controlRepo.DeadlineOverride | undefined): MinistryDeadline => ({
      cycleId,
      organisationId,
      deadline: o?.deadline ?? null,
      effectiveDeadline: effectiveDeadline(cycle.deadline, o?.deadline),
      version: o?.version ?? 0,
    });
    if ((before?.version ?? null) !== input.version)
      throw conflict('the ministry deadline was changed by someone else', { current: view(before) });
    const now = new Date().toISOString();
    let after: controlRepo.DeadlineOverride | undefined;
    if (deadline === null) {
      if (before && !(await controlRepo.deleteDeadline(trx, key, before.version)))
        throw conflict('the ministry deadline was changed by someone else');
    } else if (before) {
      if (
        !(await controlRepo.updateDeadline(trx, key, before.version, {
          deadline,
          updatedAt: now,
          updatedBy: actor.id,
        }))
      )
        throw conflict('the ministry deadline was changed by someone else');
      after = await controlRepo.findDeadline(trx, cycleId, organisationId);
    } else {
      after = { ...key, deadline, version: 1, updatedAt: now, updatedBy: actor.id };
      await controlRepo.insertDeadline(trx, after);
    }
    await audit(
      trx,
      actor,
      [
        {
          action: 'cycle.ministry_deadline',
          entityType: 'cycle_deadline',
          entityId: `${cycleId}/${organisationId}`,
          cycleId,
          before: before ?? null,
          after: after ?? null,
        },
      ],
      now,
    );
    return view(after);
  });
}

export interface ReminderSent {
  organisationId: string;
  shortName: string;
  deadline: string | null;
  /** Titles of the items still owed. */
  items: string[];
  /** How many editors were notified. */
  recipients: number;
}

/**
 * Sends a reminder (督促) to every ministry that still owes entries in an open cycle, or to
 * one: each of its editors gets a notification (and so an e-mail) naming the items and the
 * deadline. Ministries that owe nothing are not reminded. Returns who was reminded.
 */
export async function sendReminders(
  db: Db,
  cycleId: string,
  input: { organisationId?: string | undefined },
  principal: Principal,
  actor: Actor,
): Promise<{ sentAt: string; ministries: ReminderSent[] }> {
  requireManage(principal);
  return db.kysely.transaction().execute(async (trx) => {
    const cycle = await cyclesRepo.lockCycle(trx, cycleId);
    if (!cycle) throw notFound('cycle', cycleId);
    assertUnpublished(cycle, 'send reminders');
    if (cycle.state !== 'open')
      throw conflict(`the cycle is ${cycle.state}: reminders go out while it is open`, { current: cycle });
    if (input.organisationId !== undefined && !(await orgRepo.findOrganisation(trx, input.organisationId)))
      throw notFound('organisation', input.organisationId);
    const [entries, initiatives, orgs, { deadlineOf }] = await Promise.all([
      progressRepo.listEntries(trx, UNSCOPED, { cycleIds: [cycleId] }),
      initiativesRepo.listInitiatives(trx, { strategyId: cycle.strategyId }),
      orgRepo.listOrganisations(trx),
      ministryDeadlines(trx, cycle),
    ]);
    const byId = new Map(initiatives.map((i) => [i.id, i]));
    const owed = entries.filter((e) => isOwed(e.reviewState));
    const now = new Date().toISOString();
    const sent: ReminderSent[] = [];
    for (const org of orgs) {
      if (input.organisationId !== undefined && org.id !== input.organisationId) continue;
      const items = owed
        .map((e) => byId.get(e.initiativeId))
        .filter((i): i is Initiative => i !== undefined && i.ownerIds.includes(org.id))
        .map((i) => i.title);
      if (items.length === 0) continue;
      const deadline = deadlineOf(org.id);
      const editors = await wf.editorsOf(trx, [org.id]);
      await notify(
        trx,
        editors,
        'reminder',
        {
          cycleId,
          organisation: org.shortName,
          deadline: deadline ?? '',
          deadlineJa: deadline ? formatDate(deadline, 'ja') : '未設定',
          deadlineEn: deadline ? formatDate(deadline, 'en') : 'not set',
          count: String(items.length),
          items: items.map((title) => `「${title}」`).join(''),
        },
        now,
      );
      await controlRepo.recordReminder(trx, {
        cycleId,
        organisationId: org.id,
        remindedAt: now,
        remindedBy: actor.id,
      });
      sent.push({
        organisationId: org.id,
        shortName: org.shortName,
        deadline,
        items,
        recipients: editors.length,
      });
    }
    if (sent.length > 0)
      await audit(
        trx,
        actor,
        [
          {
            action: 'cycle.remind',
            entityType: 'cycle',
            entityId: cycleId,
            cycleId,
            after: { ministries: sent },
          },
        ],
        now,
      );
    return { sentAt: now, ministries: sent };
  });
}
