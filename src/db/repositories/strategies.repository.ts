import type { Kysely, Selectable } from 'kysely';
import type { LevelLabel, Strategy, VocabularyKind, VocabularyTerm } from '../../domain/model.ts';
import { parseJson, toJson } from '../json.ts';
import type { Database, StrategyTable, VocabularyTermTable } from '../schema.ts';

type Q = Kysely<Database>;

const toStrategy = (r: Selectable<StrategyTable>): Strategy => ({
  ...r,
  levelLabels: parseJson<LevelLabel[]>(r.levelLabels, []),
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
  await db.deleteFrom('cycles').where('strategyId', '=', id).execute();
  await db.deleteFrom('initiativeListings').where('initiativeId', 'in', initiativeIds).execute();
  await db.deleteFrom('initiativeOwners').where('initiativeId', 'in', initiativeIds).execute();
  await db.deleteFrom('initiatives').where('strategyId', '=', id).execute();
  await db
    .updateTable('nodes')
    .set({ mirrorOf: null, parentId: null })
    .where('strategyId', '=', id)
    .execute();
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
