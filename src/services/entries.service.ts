/**
 * Ministry submissions (主な進捗): an editor drafts and submits the entries of initiatives
 * their organisations own while the cycle is open; a reviewer returns or accepts them.
 * Every write names the version it was based on.
 */
import type { Kysely, Selectable } from 'kysely';
import type { Db } from '../db/database.ts';
import * as cyclesRepo from '../db/repositories/cycles.repository.ts';
import * as indicatorsRepo from '../db/repositories/indicators.repository.ts';
import * as initiativesRepo from '../db/repositories/initiatives.repository.ts';
import * as orgRepo from '../db/repositories/organisations.repository.ts';
import * as progressRepo from '../db/repositories/progress.repository.ts';
import * as strategiesRepo from '../db/repositories/strategies.repository.ts';
import * as usersRepo from '../db/repositories/users.repository.ts';
import * as wf from '../db/repositories/workflow.repository.ts';
import type { Database, ProgressEntryTable } from '../db/schema.ts';
import { can, scopeOf, seesDraftOf, type Principal } from '../domain/access.ts';
import { AppError, conflict, invalid, notFound } from '../domain/errors.ts';
import type { Cycle, Evidence, Indicator, Initiative, Plan, ProgressEntry } from '../domain/model.ts';
import { userNames } from './accounts.service.ts';
import { audit, history, type Actor, type AuditEntry } from './audit.service.ts';
import { notify, notifySubmission } from './notifications.service.ts';
import { assertUnpublished } from './publication.service.ts';
import { reindexEntry } from './search.service.ts';

export interface EntryDraft {
  text: string;
  stage: string | null;
  plans: Plan[];
  evidence: Evidence[];
}

export interface EntryContext {
  entry: ProgressEntry;
  initiative: Initiative;
  cycle: Cycle;
  /** The same initiative's entry in the cycle before, offered as a starting draft. */
  previous: ProgressEntry | null;
  /** The initiative's KPIs, with the figures this principal may read. */
  indicators: Indicator[];
}

const forbidden = (message: string) => new AppError('forbidden', message);

export const toEntry = progressRepo.toEntry;

async function load(q: Kysely<Database>, entryId: string, opts: { lockCycle?: boolean } = {}) {
  const found = await wf.findEntryInContext(q, entryId, opts);
  if (!found) throw notFound('entry', entryId);
  return { ...found, entry: toEntry(found.row) };
}

/** May this principal write this initiative's entries (own ministry, open cycle)? */
export function ownsInitiative(principal: Principal, initiative: Initiative): boolean {
  return initiative.ownerIds.some((o) => principal.organisationIds.includes(o));
}

/**
 * An entry with its review comment and history is the secretariat's and its ministry's to
 * read (the read policy's draft rule, even once published): an editor of another ministry
 * learns nothing about it.
 */
function assertReadable(principal: Principal, initiative: Initiative, entryId: string): void {
  if (!seesDraftOf(scopeOf(principal), initiative.ownerIds)) throw notFound('entry', entryId);
}

export async function getEntry(db: Db, entryId: string, principal: Principal): Promise<EntryContext> {
  const { entry, initiative, cycle } = await load(db.kysely, entryId);
  assertReadable(principal, initiative, entryId);
  const cycles = await cyclesRepo.listCycles(db.kysely, cycle.strategyId);
  const before = cycles.filter((c) => c.fiscalYear < cycle.fiscalYear).at(-1);
  const scope = scopeOf(principal);
  const [previous] = before
    ? await progressRepo.listEntries(db.kysely, scope, {
        cycleIds: [before.id],
        initiativeIds: [initiative.id],
      })
    : [];
  const indicators = await indicatorsRepo.listIndicators(db.kysely, scope, {
    strategyId: cycle.strategyId,
    initiativeId: initiative.id,
  });
  return { entry, initiative, cycle, previous: previous ?? null, indicators };
}

async function checkStage(q: Kysely<Database>, strategyId: string, stage: string | null): Promise<void> {
  if (stage === null) return;
  const vocab = await strategiesRepo.listVocabulary(q, strategyId);
  if (!vocab.some((t) => t.kind === 'stage' && t.code === stage)) {
    throw invalid(`unknown stage ${stage}`, { issues: [{ path: 'stage', message: 'unknown stage' }] });
  }
}

/**
 * A person as the conflict notice names them: 「山田 花子（総務省）」, never an internal id.
 * @example await personLabel(q, user.id) // '山田 花子（総務省）'
 */
async function personLabel(q: Kysely<Database>, userId: string): Promise<string> {
  const user = await usersRepo.findUser(q, userId);
  if (!user) return '';
  const orgs = await orgRepo.listOrganisations(q);
  const names = user.organisationIds.flatMap((id) => orgs.find((o) => o.id === id)?.shortName ?? []);
  const name = user.displayName || user.login;
  return names.length ? `${name}（${names.join('、')}）` : name;
}

type Transition = {
  action: 'entry.save' | 'entry.submit' | 'entry.withdraw' | 'entry.return' | 'entry.accept';
  from: ProgressEntry['reviewState'][];
};

const WHAT: Record<Transition['action'], string> = {
  'entry.save': 'change this entry',
  'entry.submit': 'submit this entry',
  'entry.withdraw': 'withdraw this submission',
  'entry.return': 'return this entry',
  'entry.accept': 'accept this entry',
};

async function write(
  db: Db,
  entryId: string,
  basedOn: number,
  principal: Principal,
  actor: Actor,
  transition: Transition,
  changes: (entry: ProgressEntry, now: string) => Partial<Selectable<ProgressEntryTable>>,
  after?: (
    q: Kysely<Database>,
    ctx: { entry: ProgressEntry; initiative: Initiative; cycle: Cycle },
    now: string,
  ) => Promise<void>,
  /** Checks the input against the rows before anything else (a 400 before a 403 or 409). */
  validate?: (q: Kysely<Database>, cycle: Cycle) => Promise<void>,
): Promise<ProgressEntry> {
  return db.kysely.transaction().execute(async (trx) => {
    // The cycle's state as of now, held until this write commits (a publication waits or is seen).
    const { entry, initiative, cycle } = await load(trx, entryId, { lockCycle: true });
    await validate?.(trx, cycle);
    const editing = transition.action !== 'entry.return' && transition.action !== 'entry.accept';
    if (editing) {
      if (!can(principal, 'entry:edit') || !ownsInitiative(principal, initiative)) {
        throw forbidden('only an editor of an owning ministry may change this entry');
      }
    } else if (!can(principal, 'entry:review')) {
      throw forbidden('only a reviewer may return or accept a submission');
    }
    assertUnpublished(cycle, WHAT[transition.action]);
    if (editing) {
      if (cycle.state !== 'open')
        throw forbidden(`the cycle is ${cycle.state}; entries can be changed only while it is open`);
    }
    if (entry.version !== basedOn) {
      throw conflict('the entry was changed by someone else', {
        current: entry,
        by: await personLabel(trx, entry.updatedBy),
      });
    }
    if (!transition.from.includes(entry.reviewState)) {
      throw conflict(`the entry is ${entry.reviewState}`, { current: entry });
    }
    const now = new Date().toISOString();
    const set = { ...changes(entry, now), updatedAt: now, updatedBy: actor.id };
    // The statement checks again: an editor's change holds only while the cycle is still open.
    const row = await wf.updateEntryReturning(trx, entryId, basedOn, set, { whileOpen: editing });
    if (!row) {
      const current = await wf.findEntry(trx, entryId);
      if (current?.version === basedOn) throw forbidden('the cycle is no longer open');
      throw conflict('the entry was changed by someone else', {
        current: current && toEntry(current),
        by: current ? await personLabel(trx, current.updatedBy) : '',
      });
    }
    const updated = toEntry(row);
    await audit(
      trx,
      actor,
      [
        {
          action: transition.action,
          entityType: 'progress_entry',
          entityId: entryId,
          cycleId: cycle.id,
          before: entry,
          after: updated,
        },
      ],
      now,
    );
    await reindexEntry(trx, entryId, { entry: updated, initiative, cycle });
    await after?.(trx, { entry: updated, initiative, cycle }, now);
    return updated;
  });
}

export async function saveEntry(
  db: Db,
  entryId: string,
  basedOn: number,
  draft: EntryDraft,
  principal: Principal,
  actor: Actor,
): Promise<ProgressEntry> {
  return write(
    db,
    entryId,
    basedOn,
    principal,
    actor,
    { action: 'entry.save', from: ['draft', 'returned'] },
    () => ({
      text: draft.text,
      stage: draft.stage,
      plans: JSON.stringify(draft.plans),
      evidence: JSON.stringify(draft.evidence),
    }),
    undefined,
    (q, cycle) => checkStage(q, cycle.strategyId, draft.stage),
  );
}

export async function submitEntry(
  db: Db,
  entryId: string,
  basedOn: number,
  principal: Principal,
  actor: Actor,
): Promise<ProgressEntry> {
  return write(
    db,
    entryId,
    basedOn,
    principal,
    actor,
    { action: 'entry.submit', from: ['draft', 'returned'] },
    (entry, now) => {
      if (entry.text.trim() === '')
        throw invalid('write the progress before submitting', {
          issues: [{ path: 'text', message: 'empty' }],
        });
      return { reviewState: 'submitted', submittedAt: now };
    },
    async (q, { initiative, cycle }, now) => {
      // the batch is the submitting ministry's (the first of the initiative's owners it edits for)
      const organisationId =
        initiative.ownerIds.find((o) => principal.organisationIds.includes(o)) ??
        initiative.ownerIds[0] ??
        '';
      const organisation = await orgRepo.findOrganisation(q, organisationId);
      await notifySubmission(
        q,
        await wf.usersWithRoles(q, ['reviewer']),
        {
          entryId,
          initiative: initiative.title,
          cycleId: cycle.id,
          organisationId,
          organisation: organisation?.shortName ?? organisationId,
        },
        now,
      );
    },
  );
}

export async function returnEntry(
  db: Db,
  entryId: string,
  basedOn: number,
  comment: string,
  principal: Principal,
  actor: Actor,
): Promise<ProgressEntry> {
  if (comment.trim() === '')
    throw invalid('say why the submission is returned', { issues: [{ path: 'comment', message: 'empty' }] });
  return write(
    db,
    entryId,
    basedOn,
    principal,
    actor,
    { action: 'entry.return', from: ['submitted', 'accepted'] },
    () => ({ reviewState: 'returned', reviewComment: comment }),
    async (q, { initiative, cycle }, now) => {
      await notify(
        q,
        await wf.editorsOf(q, initiative.ownerIds),
        'entry_returned',
        { entryId, initiative: initiative.title, cycleId: cycle.id, comment },
        now,
      );
    },
  );
}

export async function acceptEntry(
  db: Db,
  entryId: string,
  basedOn: number,
  principal: Principal,
  actor: Actor,
): Promise<ProgressEntry> {
  return write(
    db,
    entryId,
    basedOn,
    principal,
    actor,
    { action: 'entry.accept', from: ['submitted'] },
    () => ({ reviewState: 'accepted', reviewComment: '' }),
    async (q, { initiative, cycle }, now) => {
      await notify(
        q,
        await wf.editorsOf(q, initiative.ownerIds),
        'entry_accepted',
        { entryId, initiative: initiative.title, cycleId: cycle.id },
        now,
      );
    },
  );
}

/**
 * Takes a submission back to draft before the secretariat has acted on it (an editor of an
 * owning ministry, open cycle); a returned or accepted entry cannot be withdrawn.
 */
export async function withdrawEntry(
  db: Db,
  entryId: string,
  basedOn: number,
  principal: Principal,
  actor: Actor,
): Promise<ProgressEntry> {
  return write(
    db,
    entryId,
    basedOn,
    principal,
    actor,
    { action: 'entry.withdraw', from: ['submitted'] },
    () => ({ reviewState: 'draft', submittedAt: null }),
  );
}

export async function listCycleEntries(
  db: Db,
  cycleId: string,
  principal: Principal,
): Promise<{ entry: ProgressEntry; initiative: Initiative }[]> {
  const cycle = await cyclesRepo.findCycle(db.kysely, cycleId);
  if (!cycle) throw notFound('cycle', cycleId);
  const where =
    principal.role === 'editor'
      ? { strategyId: cycle.strategyId, organisationIds: principal.organisationIds }
      : { strategyId: cycle.strategyId };
  const initiatives = (
    await initiativesRepo.listInitiatives(db.kysely, { strategyId: where.strategyId })
  ).filter(
    (i) => !('organisationIds' in where) || i.ownerIds.some((o) => where.organisationIds!.includes(o)),
  );
  const entries = await progressRepo.listEntries(db.kysely, scopeOf(principal), { cycleIds: [cycleId] });
  const byInitiative = new Map(initiatives.map((i) => [i.id, i]));
  return entries.flatMap((entry) => {
    const initiative = byInitiative.get(entry.initiativeId);
    return initiative ? [{ entry, initiative }] : [];
  });
}

export interface EntryEvent extends Omit<AuditEntry, 'before' | 'after'> {
  actorName: string;
  before: Partial<ProgressEntry> | null;
  after: Partial<ProgressEntry> | null;
}

/** Every change of an entry, oldest first, with who made it: for those who may read the entry. */
export async function entryHistory(db: Db, entryId: string, principal: Principal): Promise<EntryEvent[]> {
  await getEntry(db, entryId, principal);
  const events = await history(db, { entityType: 'progress_entry', entityId: entryId });
  const names = await userNames(
    db,
    events.map((e) => e.actor),
  );
  // An entry's audit images are the entry as it was written (ProgressEntry fields).
  return events.map((e) => ({
    ...e,
    actorName: names.get(e.actor) ?? e.actor,
    before: e.before as Partial<ProgressEntry> | null,
    after: e.after as Partial<ProgressEntry> | null,
  }));
}
