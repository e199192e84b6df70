/**
 * Ministry submissions (主な進捗): an editor drafts and submits the entries of initiatives
 * their organisations own while the cycle is open; a reviewer returns or accepts them.
 * Every write names the version it was based on.
 */
import type { Kysely, Selectable } from 'kysely';
import type { Db } from '../db/database.ts';
import * as cyclesRepo from '../db/repositories/cycles.repository.ts';
import * as indicatorsRepo from '../db/repositories/indicators.repository.ts';
import * as orgRepo from '../db/repositories/organisations.repository.ts';
import * as progressRepo from '../db/repositories/progress.repository.ts';
import * as strategiesRepo from '../db/repositories/strategies.repository.ts';
import * as wf from '../db/repositories/workflow.repository.ts';
import type { Database, ProgressEntryTable } from '../db/schema.ts';
import { can, scopeOf, seesDraftOf, type Principal } from '../domain/access.ts';
import { AppError, conflict, invalid, notFound } from '../domain/errors.ts';
import { entryPlaceholders } from '../domain/review.ts';
import type { Cycle, Evidence, Indicator, Initiative, Plan, ProgressEntry } from '../domain/model.ts';
import { personLabels, withUpdater } from './people.service.ts';
import { audit, history, type Actor, type AuditEntry } from './audit.service.ts';
import { notify, notifySubmission, type NotificationKind } from './notifications.service.ts';
import { assertUnpublished } from './publication.service.ts';
import { reindexEntry } from './search.service.ts';
import { entriesShownIn, initiativesOf, sharingOf, usesOf, type EntryUse } from './shared.service.ts';

export interface EntryDraft {
  text: string;
  /** The progress text in English ('' when not translated); left as it is when absent. */
  textEn?: string | undefined;
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
  /** The secretariat's last write on the ministry's behalf (代理入力): who and when. */
  onBehalf: { by: string; at: string } | null;
  /** The initiative's KPIs, with the figures this principal may read. */
  indicators: Indicator[];
  /** Placeholders left in the text or plans (「約○」, 「未定」): flagged for review, never refused. */
  placeholders: string[];
  /** A shared initiative's entry: every strategy's cycle of the year that shows it (else empty). */
  usedIn: EntryUse[];
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
  const proxy = (await history(db, { entityType: 'progress_entry', entityId: entryId }))
    .filter((e) => e.action === 'entry.save_on_behalf')
    .at(-1);
  const onBehalf = proxy
    ? { by: (await personLabels(db.kysely, [proxy.actor])).get(proxy.actor) ?? proxy.actor, at: proxy.at }
    : null;
  const indicators = await indicatorsRepo.listIndicators(db.kysely, scope, {
    strategyId: cycle.strategyId,
    initiativeId: initiative.id,
  });
  return {
    entry,
    initiative,
    cycle,
    previous: previous ?? null,
    onBehalf,
    indicators,
    placeholders: entryPlaceholders(entry),
    usedIn: await usesOf(db.kysely, initiative, cycle.fiscalYear),
  };
}

async function checkStage(q: Kysely<Database>, strategyId: string, stage: string | null): Promise<void> {
  if (stage === null) return;
  const vocab = await strategiesRepo.listVocabulary(q, strategyId);
  if (!vocab.some((t) => t.kind === 'stage' && t.code === stage)) {
    throw invalid(`unknown stage ${stage}`, { issues: [{ path: 'stage', message: 'unknown stage' }] });
  }
}

/** Who may make a transition: an owning ministry's editor, a reviewer, or the secretariat for a ministry. */
type Writer = 'editor' | 'reviewer' | 'secretariat';

export type Transition = {
  action:
    | 'entry.save'
    | 'entry.submit'
    | 'entry.withdraw'
    | 'entry.return'
    | 'entry.accept'
    | 'entry.save_on_behalf'
    | 'entry.except'
    | 'entry.unexcept';
  from: ProgressEntry['reviewState'][];
};

const RULES: Record<Transition['action'], { what: string; writer: Writer }> = {
  'entry.save': { what: 'change this entry', writer: 'editor' },
  'entry.submit': { what: 'submit this entry', writer: 'editor' },
  'entry.withdraw': { what: 'withdraw this submission', writer: 'editor' },
  'entry.return': { what: 'return this entry', writer: 'reviewer' },
  'entry.accept': { what: 'accept this entry', writer: 'reviewer' },
  'entry.save_on_behalf': { what: "write this entry on its ministry's behalf", writer: 'secretariat' },
  'entry.except': { what: 'mark this entry as an exception', writer: 'secretariat' },
  'entry.unexcept': { what: 'withdraw the exception of this entry', writer: 'secretariat' },
};

function assertMay(principal: Principal, initiative: Initiative, writer: Writer): void {
  if (writer === 'editor') {
    if (!can(principal, 'entry:edit') || !ownsInitiative(principal, initiative)) {
      throw forbidden('only an editor of an owning ministry may change this entry');
    }
  } else if (writer === 'reviewer') {
    if (!can(principal, 'entry:review')) throw forbidden('only a reviewer may return or accept a submission');
  } else if (!can(principal, 'entry:proxy')) {
    throw forbidden("only the secretariat may write an entry on a ministry's behalf or except it");
  }
}

/** Editors write while the cycle is open; the secretariat also once intake has closed. */
function assertCycleOpenFor(cycle: Cycle, writer: Writer): void {
  if (writer === 'editor' && cycle.state !== 'open')
    throw forbidden(`the cycle is ${cycle.state}; entries can be changed only while it is open`);
  if (writer === 'secretariat' && cycle.state !== 'open' && cycle.state !== 'closed')
    throw forbidden(`the cycle is ${cycle.state}; the secretariat writes entries once it is opened`);
}

/** What a write changes, what it records in the audit trail, and what follows in its transaction. */
export interface WriteSpec {
  transition: Transition;
  changes: (entry: ProgressEntry, now: string) => Partial<Selectable<ProgressEntryTable>>;
  after?: (
    q: Kysely<Database>,
    ctx: { entry: ProgressEntry; initiative: Initiative; cycle: Cycle },
    now: string,
  ) => Promise<void>;
  /** Checks the input against the rows before anything else (a 400 before a 403 or 409). */
  validate?: (q: Kysely<Database>, cycle: Cycle) => Promise<void>;
  /** The audit row's reason (an on-behalf write names the ministries it was made for). */
  reason?: (initiative: Initiative, q: Kysely<Database>) => Promise<string> | string;
}

/** Who writes which version of which entry. */
export interface WriteTarget {
  entryId: string;
  basedOn: number;
  principal: Principal;
  actor: Actor;
}

/** One entry write in a transaction of its own. */
export async function writeEntry(db: Db, target: WriteTarget, spec: WriteSpec): Promise<ProgressEntry> {
  return db.kysely.transaction().execute((trx) => writeIn(trx, target, spec));
}

/**
 * An action on one entry that takes nothing but its target, written in a transaction of
 * its own: `acceptEntry(db, entryId, basedOn, principal, actor)`.
 */
export const entryAction =
  (spec: (principal: Principal) => WriteSpec) =>
  (db: Db, entryId: string, basedOn: number, principal: Principal, actor: Actor): Promise<ProgressEntry> =>
    writeEntry(db, { entryId, basedOn, principal, actor }, spec(principal));

/** The columns a draft writes: its texts, stage, plans and evidence. */
export function draftChanges(draft: EntryDraft): Partial<Selectable<ProgressEntryTable>> {
  return {
    text: draft.text,
    ...(draft.textEn !== undefined && { textEn: draft.textEn }),
    stage: draft.stage,
    plans: JSON.stringify(draft.plans),
    evidence: JSON.stringify(draft.evidence),
  };
}

/** Tells the editors of the entry's owning ministries, once the write is done. */
export const tellEditors =
  (kind: NotificationKind, extra: Record<string, string> = {}): WriteSpec['after'] =>
  async (q, { entry, initiative, cycle }, now) => {
    await notify(
      q,
      await wf.editorsOf(q, initiative.ownerIds),
      kind,
      { entryId: entry.id, initiative: initiative.title, cycleId: cycle.id, ...extra },
      now,
    );
  };

/** The secretariat accepts a submission. */
export const acceptSpec = (): WriteSpec => ({
  transition: { action: 'entry.accept', from: ['submitted'] },
  changes: () => ({ reviewState: 'accepted', reviewComment: '' }),
});

/** The secretariat returns a submission (or an accepted entry) with a comment. */
export const returnSpec = (comment: string): WriteSpec => ({
  transition: { action: 'entry.return', from: ['submitted', 'accepted'] },
  changes: () => ({ reviewState: 'returned', reviewComment: comment }),
});

/**
 * One entry write inside the caller's transaction: the checks (who, cycle state, version,
 * review state), the row, its audit record and search index. Bulk actions call it once per
 * entry in one transaction, so that a refusal changes none of them.
 */
export async function writeIn(
  trx: Kysely<Database>,
  target: WriteTarget,
  spec: WriteSpec,
): Promise<ProgressEntry> {
  const { entryId, basedOn, principal, actor } = target;
  const { transition, changes, after, validate } = spec;
  const rule = RULES[transition.action];
  // The cycle's state as of now, held until this write commits (a publication waits or is seen).
  const { entry, initiative, cycle } = await load(trx, entryId, { lockCycle: true });
  await validate?.(trx, cycle);
  assertMay(principal, initiative, rule.writer);
  assertUnpublished(cycle, rule.what);
  assertCycleOpenFor(cycle, rule.writer);
  if (entry.version !== basedOn) {
    throw conflict('the entry was changed by someone else', { current: await withUpdater(trx, entry) });
  }
  if (!transition.from.includes(entry.reviewState)) {
    throw conflict(`the entry is ${entry.reviewState}`, { current: await withUpdater(trx, entry) });
  }
  const now = new Date().toISOString();
  const editing = rule.writer === 'editor';
  const set = { ...changes(entry, now), updatedAt: now, updatedBy: actor.id };
  // The statement checks again: an editor's change holds only while the cycle is still open.
  const row = await wf.updateEntryReturning(trx, entryId, basedOn, set, { whileOpen: editing });
  if (!row) {
    const current = await wf.findEntry(trx, entryId);
    if (current?.version === basedOn) throw forbidden('the cycle is no longer open');
    throw conflict('the entry was changed by someone else', {
      current: current && (await withUpdater(trx, toEntry(current))),
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
        ...(spec.reason && { reason: await spec.reason(initiative, trx) }),
      },
    ],
    now,
  );
  await reindexEntry(trx, entryId, { entry: updated, initiative, cycle });
  await after?.(trx, { entry: updated, initiative, cycle }, now);
  return updated;
}

export async function saveEntry(
  db: Db,
  entryId: string,
  basedOn: number,
  draft: EntryDraft,
  principal: Principal,
  actor: Actor,
): Promise<ProgressEntry> {
  return writeEntry(
    db,
    { entryId, basedOn, principal, actor },
    {
      transition: { action: 'entry.save', from: ['draft', 'returned'] },
      changes: () => draftChanges(draft),
      validate: (q, cycle) => checkStage(q, cycle.strategyId, draft.stage),
    },
  );
}

/** The submission of one entry: its text must be written; the reviewers are told in one notice per ministry batch. */
function submitSpec(principal: Principal, validate?: WriteSpec['validate']): WriteSpec {
  return {
    transition: { action: 'entry.submit', from: ['draft', 'returned'] },
    changes: (entry, now) => {
      if (entry.text.trim() === '')
        throw invalid('write the progress before submitting', {
          issues: [{ path: 'text', message: 'empty' }],
        });
      return { reviewState: 'submitted', submittedAt: now };
    },
    validate,
    after: async (q, { entry, initiative, cycle }, now) => {
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
          entryId: entry.id,
          initiative: initiative.title,
          cycleId: cycle.id,
          organisationId,
          organisation: organisation?.shortName ?? organisationId,
        },
        now,
      );
    },
  };
}

export const submitEntry = entryAction((principal) => submitSpec(principal));

export interface BulkItem {
  id: string;
  version: number;
}

/** Why one item of a bulk action could not be done (`code` is the AppError code). */
export interface BulkFailure {
  id: string;
  code: string;
  message: string;
}

/**
 * Runs one write per item in the caller's transaction and collects every refusal instead of
 * stopping at the first: all are done, or the whole action is refused naming each item that
 * failed and why (403 `forbidden` when any item is not the principal's to change, else 409
 * `conflict`), and the transaction rolls back.
 */
export async function writeAll(
  trx: Kysely<Database>,
  items: BulkItem[],
  principal: Principal,
  actor: Actor,
  spec: (item: BulkItem) => WriteSpec,
  opts: { forbiddenFails?: boolean } = {},
): Promise<ProgressEntry[]> {
  if (new Set(items.map((i) => i.id)).size !== items.length)
    throw invalid('an entry is listed twice', { issues: [{ path: 'items', message: 'duplicate' }] });
  const done: ProgressEntry[] = [];
  const failures: BulkFailure[] = [];
  for (const item of items) {
    try {
      done.push(
        await writeIn(trx, { entryId: item.id, basedOn: item.version, principal, actor }, spec(item)),
      );
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      if (err.code === 'forbidden' && !opts.forbiddenFails) throw err;
      failures.push({ id: item.id, code: err.code, message: err.message });
    }
  }
  if (failures.length === 0) return done;
  const message = `${failures.length} of ${items.length} could not be done; none was`;
  if (failures.some((f) => f.code === 'forbidden')) throw new AppError('forbidden', message, { failures });
  throw conflict(message, { failures });
}

/**
 * An editor submits several of their ministries' entries of one cycle at once (all or none).
 * Reviewers are told as for single submissions: one notice per ministry batch.
 */
export async function submitMany(
  db: Db,
  cycleId: string,
  items: BulkItem[],
  principal: Principal,
  actor: Actor,
): Promise<ProgressEntry[]> {
  const inCycle: WriteSpec['validate'] = async (_q, cycle) => {
    if (cycle.id !== cycleId) throw notFound('entry in this cycle', cycle.id);
  };
  return db.kysely
    .transaction()
    .execute((trx) =>
      writeAll(trx, items, principal, actor, () => submitSpec(principal, inCycle), { forbiddenFails: true }),
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
  return writeEntry(
    db,
    { entryId, basedOn, principal, actor },
    { ...returnSpec(comment), after: tellEditors('entry_returned', { comment }) },
  );
}

export const acceptEntry = entryAction(() => ({ ...acceptSpec(), after: tellEditors('entry_accepted') }));

/**
 * Takes a submission back to draft before the secretariat has acted on it (an editor of an
 * owning ministry, open cycle); a returned or accepted entry cannot be withdrawn.
 */
export const withdrawEntry = entryAction(() => ({
  transition: { action: 'entry.withdraw', from: ['submitted'] },
  changes: () => ({ reviewState: 'draft', submittedAt: null }),
}));

/** An entry of a cycle with its initiative and the placeholders review should look at. */
export interface CycleEntry {
  entry: ProgressEntry;
  initiative: Initiative;
  placeholders: string[];
  /** A shared initiative's entry: the strategies' cycles that show it. */
  usedIn?: EntryUse[];
}

export async function listCycleEntries(db: Db, cycleId: string, principal: Principal): Promise<CycleEntry[]> {
  const cycle = await cyclesRepo.findCycle(db.kysely, cycleId);
  if (!cycle) throw notFound('cycle', cycleId);
  const owned = principal.role === 'editor' ? principal.organisationIds : null;
  const sharing = await sharingOf(db.kysely, cycle.strategyId);
  const initiatives = (await initiativesOf(db.kysely, cycle.strategyId, sharing)).filter(
    (i) => owned === null || i.ownerIds.some((o) => owned.includes(o)),
  );
  const entries = await entriesShownIn(db.kysely, scopeOf(principal), cycle, { sharing });
  const shared = sharing.ids;
  const byInitiative = new Map(initiatives.map((i) => [i.id, i]));
  const out: CycleEntry[] = [];
  for (const entry of entries) {
    const initiative = byInitiative.get(entry.initiativeId);
    if (!initiative) continue;
    const item: CycleEntry = { entry, initiative, placeholders: entryPlaceholders(entry) };
    if (shared.includes(initiative.id)) item.usedIn = await usesOf(db.kysely, initiative, cycle.fiscalYear);
    out.push(item);
  }
  return out;
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
  const names = await personLabels(
    db.kysely,
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
