/**
 * Versioned writes for the workflow: every update names the version it was based on and
 * changes nothing when the row has moved on (the caller answers 409).
 */
import { sql, type Kysely, type Selectable, type Updateable } from 'kysely';
import type { Cycle, CycleState, Initiative } from '../../domain/model.ts';
import { textDigest } from '../../domain/outline.ts';
import { engineOf } from '../dialect.ts';
import type { AssessmentTable, CycleTable, Database, ProgressEntryTable, SummaryTable } from '../schema.ts';
import { linkColumns, toInitiative } from './initiatives.repository.ts';
import { updateVersioned, updateVersionedWhere } from './versioned.repository.ts';

type Q = Kysely<Database>;

export async function findEntry(db: Q, id: string): Promise<Selectable<ProgressEntryTable> | undefined> {
  return db.selectFrom('progressEntries').selectAll().where('id', '=', id).executeTakeFirst();
}

/** An entry's row without its text's digest (which only the tree reads). */
export type EntryRow = Omit<Selectable<ProgressEntryTable>, 'textDigest'>;

/**
 * An entry with its initiative (owners and listings included) and its cycle, in one
 * statement: every workflow write and the entry page start from these three. With
 * `lockCycle`, PostgreSQL share-locks the cycle's row until the transaction ends, so that a
 * publication in progress is waited for and its state seen (SQLite runs one write
 * transaction at a time already).
 */
export async function findEntryInContext(
  db: Q,
  id: string,
  opts: { lockCycle?: boolean } = {},
): Promise<{ row: EntryRow; initiative: Initiative; cycle: Cycle } | undefined> {
  const query = db
    .selectFrom('progressEntries')
    .innerJoin('initiatives', 'initiatives.id', 'progressEntries.initiativeId')
    .innerJoin('cycles', 'cycles.id', 'progressEntries.cycleId')
    .selectAll('progressEntries')
    .select((eb) => linkColumns(eb, engineOf(db)))
    .select([
      'initiatives.strategyId as initiativeStrategyId',
      'initiatives.title as initiativeTitle',
      'initiatives.titleEn as initiativeTitleEn',
      'initiatives.version as initiativeVersion',
      'initiatives.createdAt as initiativeCreatedAt',
      'initiatives.updatedAt as initiativeUpdatedAt',
      'initiatives.updatedBy as initiativeUpdatedBy',
      'cycles.strategyId as cycleStrategyId',
      'cycles.fiscalYear as cycleFiscalYear',
      'cycles.asOf as cycleAsOf',
      'cycles.state as cycleState',
      'cycles.publishedAt as cyclePublishedAt',
      'cycles.deadline as cycleDeadline',
      'cycles.version as cycleVersion',
      'cycles.createdAt as cycleCreatedAt',
      'cycles.updatedAt as cycleUpdatedAt',
      'cycles.updatedBy as cycleUpdatedBy',
    ])
    .where('progressEntries.id', '=', id);
  const locked =
    opts.lockCycle && engineOf(db) === 'postgres' ? query.modifyEnd(sql`for share of cycles`) : query;
  const found = await locked.executeTakeFirst();
  if (!found) return undefined;
  const row: EntryRow = {
    id: found.id,
    initiativeId: found.initiativeId,
    cycleId: found.cycleId,
    text: found.text,
    textEn: found.textEn,
    stage: found.stage,
    plans: found.plans,
    evidence: found.evidence,
    reviewState: found.reviewState,
    reviewComment: found.reviewComment,
    submittedAt: found.submittedAt,
    version: found.version,
    createdAt: found.createdAt,
    updatedAt: found.updatedAt,
    updatedBy: found.updatedBy,
  };
  const initiative = toInitiative({
    id: found.initiativeId,
    strategyId: found.initiativeStrategyId,
    title: found.initiativeTitle,
    titleEn: found.initiativeTitleEn,
    version: found.initiativeVersion,
    createdAt: found.initiativeCreatedAt,
    updatedAt: found.initiativeUpdatedAt,
    updatedBy: found.initiativeUpdatedBy,
    owners: found.owners,
    listings: found.listings,
  });
  const cycle: Cycle = {
    id: found.cycleId,
    strategyId: found.cycleStrategyId,
    fiscalYear: found.cycleFiscalYear,
    asOf: found.cycleAsOf,
    state: found.cycleState as CycleState,
    publishedAt: found.cyclePublishedAt,
    deadline: found.cycleDeadline,
    version: found.cycleVersion,
    createdAt: found.cycleCreatedAt,
    updatedAt: found.cycleUpdatedAt,
    updatedBy: found.cycleUpdatedBy,
  };
  return { row, initiative, cycle };
}

/** The columns an entry's change writes: its text's digest goes with its text. */
type EntryChanges = Omit<Updateable<ProgressEntryTable>, 'textDigest'>;
const withDigest = (changes: EntryChanges): Updateable<ProgressEntryTable> =>
  changes.text === undefined ? changes : { ...changes, textDigest: textDigest(changes.text) };

export async function updateEntry(
  db: Q,
  id: string,
  basedOn: number,
  changes: EntryChanges,
): Promise<boolean> {
  return updateVersioned(db, 'progressEntries', id, basedOn, withDigest(changes));
}

/**
 * Changes an entry if it still has version `basedOn` (and, with `whileOpen`, its cycle is
 * still open), and returns it as written; undefined when it did not hold. One statement.
 */
export async function updateEntryReturning(
  db: Q,
  id: string,
  basedOn: number,
  changes: EntryChanges,
  opts: { whileOpen: boolean },
): Promise<Selectable<ProgressEntryTable> | undefined> {
  let q = db
    .updateTable('progressEntries')
    .set({ ...withDigest(changes), version: basedOn + 1 })
    .where('id', '=', id)
    .where('version', '=', basedOn);
  if (opts.whileOpen) {
    q = q.where('cycleId', 'in', (eb) =>
      eb.selectFrom('cycles').select('cycles.id').where('state', '=', 'open'),
    );
  }
  return q.returningAll().executeTakeFirst();
}

/** One entry's new text, stage, plans and evidence (JSON text), and the version it was based on. */
export interface EntryWrite {
  id: string;
  basedOn: number;
  text: string;
  /** The English progress text ('' when not translated). */
  textEn: string;
  stage: string | null;
  plans: string;
  evidence: string;
}

/** Rows per statement: eight parameters each, well under both engines' caps. */
const ENTRY_WRITE_CHUNK = 1000;

/**
 * updateEntry for many entries in one statement per thousand (a WITH … VALUES list joined
 * by UPDATE … FROM, which both engines run): each row is written only if it is still at
 * the version it was based on. The unary plus on `v.based_on` keeps SQLite from indexing
 * the list by version (every row has the same one) and scanning the table: with it, SQLite
 * walks the list and finds each row by its key (1,000 rows: 16 ms instead of 2 s). Returns the ids written; the caller treats the others as
 * conflicts.
 */
export async function updateEntries(
  db: Q,
  writes: readonly EntryWrite[],
  stamp: { updatedAt: string; updatedBy: string },
): Promise<Set<string>> {
  const written = new Set<string>();
  for (let i = 0; i < writes.length; i += ENTRY_WRITE_CHUNK) {
    const rows = writes
      .slice(i, i + ENTRY_WRITE_CHUNK)
      .map(
        (w) =>
          sql`(${w.id}, cast(${w.basedOn} as integer), ${w.text}, ${w.textEn}, ${textDigest(w.text)}, cast(${w.stage} as text), ${w.plans}, ${w.evidence})`,
      );
    const result = await sql<{ id: string }>`
      with v (id, based_on, text, text_en, text_digest, stage, plans, evidence) as (values ${sql.join(rows)})
      update progress_entries
      set text = v.text, text_en = v.text_en, text_digest = v.text_digest, stage = v.stage, plans = v.plans, evidence = v.evidence,
        version = progress_entries.version + 1,
        updated_at = ${stamp.updatedAt}, updated_by = ${stamp.updatedBy}
      from v
      where progress_entries.id = v.id and progress_entries.version = +v.based_on
      returning progress_entries.id`.execute(db);
    for (const row of result.rows) written.add(row.id);
  }
  return written;
}

export async function updateCycle(
  db: Q,
  id: string,
  basedOn: number,
  changes: Updateable<CycleTable>,
): Promise<boolean> {
  return updateVersioned(db, 'cycles', id, basedOn, changes);
}

export async function findAssessment(
  db: Q,
  cycleId: string,
  nodeId: string,
): Promise<Selectable<AssessmentTable> | undefined> {
  return db
    .selectFrom('assessments')
    .selectAll()
    .where('cycleId', '=', cycleId)
    .where('nodeId', '=', nodeId)
    .executeTakeFirst();
}

export async function updateAssessment(
  db: Q,
  id: string,
  basedOn: number,
  changes: Updateable<AssessmentTable>,
): Promise<boolean> {
  return updateVersioned(db, 'assessments', id, basedOn, changes);
}

export async function findSummary(db: Q, cycleId: string): Promise<Selectable<SummaryTable> | undefined> {
  return db.selectFrom('summaries').selectAll().where('cycleId', '=', cycleId).executeTakeFirst();
}

export async function updateSummary(
  db: Q,
  cycleId: string,
  basedOn: number,
  changes: Updateable<SummaryTable>,
): Promise<boolean> {
  return updateVersionedWhere(db, 'summaries', { cycleId }, basedOn, changes);
}

export async function editorsOf(db: Q, organisationIds: string[]): Promise<string[]> {
  if (organisationIds.length === 0) return [];
  const rows = await db
    .selectFrom('userOrganisations')
    .innerJoin('users', 'users.id', 'userOrganisations.userId')
    .select('users.id')
    .where('userOrganisations.organisationId', 'in', organisationIds)
    .where('users.role', '=', 'editor')
    .where('users.disabled', '=', 0)
    .distinct()
    .execute();
  return rows.map((r) => r.id);
}

export async function usersWithRoles(db: Q, roles: string[]): Promise<string[]> {
  const rows = await db
    .selectFrom('users')
    .select('id')
    .where('role', 'in', roles)
    .where('disabled', '=', 0)
    .execute();
  return rows.map((r) => r.id);
}
