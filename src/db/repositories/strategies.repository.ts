import type { Kysely, Selectable } from 'kysely';
import type {
  Cycle,
  CycleState,
  LevelLabel,
  Organisation,
  Strategy,
  StrategyNode,
  VocabularyKind,
  VocabularyTerm,
} from '../../domain/model.ts';
import { DEFAULT_LICENCE } from '../../domain/licences.ts';
import { LicenceId } from '../../domain/model.ts';
import { engineOf, jsonRows, parseJsonRows } from '../dialect.ts';
import { parseJson, toJson } from '../json.ts';
import type {
  CycleTable,
  Database,
  NodeTable,
  OrganisationTable,
  StrategyTable,
  VocabularyTermTable,
} from '../schema.ts';
import { withNodesAround } from './nodes.repository.ts';
import { toOrganisation } from './organisations.repository.ts';

type Q = Kysely<Database>;

const toStrategy = (r: Selectable<StrategyTable>): Strategy => ({
  ...r,
  levelLabels: parseJson<LevelLabel[]>(r.levelLabels, []),
  licenceId: LicenceId.catch(DEFAULT_LICENCE).parse(r.licenceId),
});

const toTerm = (r: Selectable<VocabularyTermTable>): VocabularyTerm => ({
  ...r,
  kind: r.kind as VocabularyKind,
});

export async function listStrategies(db: Q): Promise<Strategy[]> {
  const rows = await db.selectFrom('strategies').selectAll().orderBy('position').orderBy('id').execute();
  return rows.map(toStrategy);
}

export async function findStrategy(db: Q, id: string): Promise<Strategy | undefined> {
  const row = await db.selectFrom('strategies').selectAll().where('id', '=', id).executeTakeFirst();
  return row && toStrategy(row);
}

const TRACKED = ['version', 'createdAt', 'updatedAt', 'updatedBy'] as const;
const CYCLE_COLUMNS = [
  'id',
  'strategyId',
  'fiscalYear',
  'asOf',
  'state',
  'publishedAt',
  'deadline',
  ...TRACKED,
] as const satisfies readonly (keyof CycleTable)[];
const TERM_COLUMNS = [
  'strategyId',
  'kind',
  'code',
  'labelJa',
  'labelEn',
  'category',
  'position',
  ...TRACKED,
] as const satisfies readonly (keyof VocabularyTermTable)[];

/** A strategy with its cycles (oldest first) and its vocabulary. */
export interface StrategyScope {
  strategy: Strategy;
  cycles: Cycle[];
  vocabulary: VocabularyTerm[];
}

/**
 * A strategy, its cycles and its vocabulary in one statement (every tree and page read
 * starts here, so it is worth one round trip instead of three).
 */
export async function findStrategyScope(db: Q, id: string): Promise<StrategyScope | undefined> {
  const engine = engineOf(db);
  const row = await db
    .selectFrom('strategies')
    .selectAll('strategies')
    .select((eb) => [
      jsonRows(
        engine,
        eb.selectFrom('cycles').select(CYCLE_COLUMNS).whereRef('cycles.strategyId', '=', 'strategies.id'),
      ).as('cycleRows'),
      jsonRows(
        engine,
        eb
          .selectFrom('vocabularyTerms')
          .select(TERM_COLUMNS)
          .whereRef('vocabularyTerms.strategyId', '=', 'strategies.id'),
      ).as('termRows'),
    ])
    .where('strategies.id', '=', id)
    .executeTakeFirst();
  if (!row) return undefined;
  const { cycleRows, termRows, ...strategy } = row;
  const cycles = parseJsonRows(cycleRows).map((c) => ({ ...c, state: c.state as CycleState }));
  // Same order as listCycles and listVocabulary (an aggregate keeps no order of its own).
  cycles.sort((a, b) => a.fiscalYear - b.fiscalYear);
  const vocabulary = parseJsonRows(termRows).map(toTerm);
  vocabulary.sort((a, b) => cmp(a.kind, b.kind) || a.position - b.position);
  return { strategy: toStrategy(strategy), cycles, vocabulary };
}

const ORGANISATION_COLUMNS = [
  'id',
  'shortName',
  'nameJa',
  'nameEn',
  'aliases',
  'position',
  ...TRACKED,
] as const satisfies readonly (keyof OrganisationTable)[];
const NODE_COLUMNS = [
  'id',
  'strategyId',
  'parentId',
  'position',
  'code',
  'title',
  'titleEn',
  'note',
  'mirrorOf',
  ...TRACKED,
] as const satisfies readonly (keyof NodeTable)[];

/** A strategy with every organisation and (some of) its nodes: what its search documents name. */
export interface StrategyFrame {
  strategy: Strategy;
  organisations: Organisation[];
  nodes: StrategyNode[];
}

/**
 * A strategy, every organisation and the strategy's nodes — all of them, or (`nodeIds`)
 * those where items listed under these nodes appear (listNodesAround) — in one statement
 * (a save re-indexes its entry inside its transaction, where each statement is a round trip).
 * Organisations and nodes come in their listing order.
 */
export async function findStrategyFrame(
  db: Q,
  id: string,
  nodeIds?: string[],
): Promise<StrategyFrame | undefined> {
  const engine = engineOf(db);
  const row = await withNodesAround(db, id, nodeIds)
    .selectFrom('strategies')
    .selectAll('strategies')
    .select((eb) => [
      jsonRows(engine, eb.selectFrom('organisations').select(ORGANISATION_COLUMNS)).as('organisationRows'),
      jsonRows(
        engine,
        eb
          .selectFrom('nodes')
          .select(NODE_COLUMNS)
          .whereRef('nodes.strategyId', '=', 'strategies.id')
          .where('nodes.id', 'in', eb.selectFrom('around').select('around.id')),
      ).as('nodeRows'),
    ])
    .where('strategies.id', '=', id)
    .executeTakeFirst();
  if (!row) return undefined;
  const { organisationRows, nodeRows, ...strategy } = row;
  const byPosition = (a: { position: number; id: string }, b: { position: number; id: string }) =>
    a.position - b.position || cmp(a.id, b.id);
  return {
    strategy: toStrategy(strategy),
    organisations: parseJsonRows(organisationRows).map(toOrganisation).sort(byPosition),
    nodes: parseJsonRows(nodeRows).sort(byPosition),
  };
}

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

export async function insertStrategy(db: Q, s: Strategy): Promise<void> {
  await db
    .insertInto('strategies')
    .values({ ...s, levelLabels: toJson(s.levelLabels) })
    .execute();
}

export async function deleteStrategy(db: Q, id: string): Promise<void> {
  // Children first: SQLite's cascades on self-referencing node rows are order-sensitive.
  const initiativeIds = db.selectFrom('initiatives').select('id').where('strategyId', '=', id);
  const cycleIds = db.selectFrom('cycles').select('id').where('strategyId', '=', id);
  const indicatorIds = db.selectFrom('indicators').select('id').where('strategyId', '=', id);
  await db.deleteFrom('observations').where('indicatorId', 'in', indicatorIds).execute();
  await db.deleteFrom('indicators').where('strategyId', '=', id).execute();
  await db.deleteFrom('summaries').where('cycleId', 'in', cycleIds).execute();
  await db.deleteFrom('assessments').where('cycleId', 'in', cycleIds).execute();
  await db.deleteFrom('progressEntries').where('cycleId', 'in', cycleIds).execute();
  // Entries of its initiatives held by other strategies' cycles, and the links between strategies.
  await db.deleteFrom('progressEntries').where('initiativeId', 'in', initiativeIds).execute();
  await db
    .deleteFrom('sharedListings')
    .where((eb) => eb.or([eb('strategyId', '=', id), eb('initiativeId', 'in', initiativeIds)]))
    .execute();
  await db
    .deleteFrom('umbrellaNodes')
    .where((eb) => eb.or([eb('strategyId', '=', id), eb('subStrategyId', '=', id)]))
    .execute();
  await db.deleteFrom('cycles').where('strategyId', '=', id).execute();
  await db.deleteFrom('initiativeListings').where('initiativeId', 'in', initiativeIds).execute();
  await db.deleteFrom('initiativeOwners').where('initiativeId', 'in', initiativeIds).execute();
  await db.deleteFrom('initiatives').where('strategyId', '=', id).execute();
  await db
    .updateTable('nodes')
    .set({ mirrorOf: null, parentId: null })
    .where('strategyId', '=', id)
    .execute();
  await db.deleteFrom('logicModels').where('strategyId', '=', id).execute();
  await db.deleteFrom('nodes').where('strategyId', '=', id).execute();
  await db.deleteFrom('vocabularyTerms').where('strategyId', '=', id).execute();
  await db.deleteFrom('strategies').where('id', '=', id).execute();
}

export async function listVocabulary(db: Q, strategyId: string): Promise<VocabularyTerm[]> {
  const rows = await db
    .selectFrom('vocabularyTerms')
    .selectAll()
    .where('strategyId', '=', strategyId)
    .orderBy('kind')
    .orderBy('position')
    .execute();
  return rows.map(toTerm);
}

export async function insertVocabulary(db: Q, terms: VocabularyTerm[]): Promise<void> {
  if (terms.length === 0) return;
  await db.insertInto('vocabularyTerms').values(terms).execute();
}
