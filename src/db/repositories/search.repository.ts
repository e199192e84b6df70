import {
  sql,
  type ExpressionBuilder,
  type Insertable,
  type Kysely,
  type RawBuilder,
  type Selectable,
  type SqlBool,
} from 'kysely';
import type { ReadScope } from '../../domain/access.ts';
import type { Engine } from '../database.ts';
import type { SearchDocument } from '../../domain/search/documents.ts';
import type { SearchFilter } from '../../domain/search/filters.ts';
import { FIELD_SEPARATOR } from '../../domain/search/tokenizer.ts';
import { containsText, engineOf, fts5Query, tokensMatch, tsQuery, type MatchTerm } from '../dialect.ts';
import type { Database, SearchDocumentTable } from '../schema.ts';

/**
 * Matches expected among the newest documents (by the sample's share) above which they are
 * read newest-first, at most MAX_WINDOW of them, before the GIN index is asked: the index
 * fetches every match to keep the newest 300 (ガイドラインを改定, in 3% of the newest
 * documents: 37 ms through the index, 10 ms newest-first). Below it, a window that comes up
 * short would only add to the index's time.
 */
const COMMON_SHARE = 0.003;
/** At most this many of the newest keys are read newest-first (some 10 ms on PostgreSQL). */
const MAX_WINDOW = 15_000;

type Q = Kysely<Database>;
type Eb = ExpressionBuilder<Database, 'searchDocuments'>;
export type DocumentRow = Selectable<SearchDocumentTable>;

/** Every column a document row is read with (never PostgreSQL's stored token_vector). */
const DOCUMENT_COLUMNS = [
  'seq',
  'id',
  'kind',
  'refId',
  'strategyId',
  'cycleId',
  'organisationIds',
  'nodeIds',
  'stage',
  'rating',
  'title',
  'body',
  'context',
  'tokens',
  'tokenCount',
] as const satisfies readonly (keyof SearchDocumentTable)[];

export interface DocumentFilter extends SearchFilter {
  kinds?: string[];
}

const list = (ids: readonly string[]): string => (ids.length === 0 ? '' : `|${ids.join('|')}|`);
const member = (id: string): string => `|${id}|`;

function toRow(d: SearchDocument): Insertable<SearchDocumentTable> {
  return {
    id: d.id,
    kind: d.kind,
    refId: d.refId,
    strategyId: d.strategyId,
    cycleId: d.cycleId,
    organisationIds: list(d.organisationIds),
    nodeIds: list(d.nodeIds),
    stage: d.stage,
    rating: d.rating,
    title: d.title,
    body: d.body,
    context: d.context,
    tokens: d.tokens.join(' '),
    tokenCount: d.tokens.filter((t) => t !== FIELD_SEPARATOR).length,
  };
}

/** Removes documents: those of a strategy, or the given ids. */
export async function deleteDocuments(db: Q, where: { strategyId?: string; ids?: string[] }): Promise<void> {
  if (where.ids !== undefined && where.ids.length === 0) return;
  let q = db.deleteFrom('searchDocuments');
  if (where.strategyId !== undefined) q = q.where('strategyId', '=', where.strategyId);
  if (where.ids !== undefined) q = q.where('id', 'in', where.ids);
  await q.execute();
}

/**
 * Inserts documents, a few hundred per statement (tokens make rows long). `replacing`: each
 * is written over the document with its id, if there is one (an upsert), and keeps that
 * document's key — with it its place among the newest (an entry saved again this year stays
 * where this year's entries are).
 */
export async function insertDocuments(
  db: Q,
  docs: readonly SearchDocument[],
  { replacing = false } = {},
): Promise<void> {
  const CHUNK = 200;
  for (let i = 0; i < docs.length; i += CHUNK) {
    const insert = db.insertInto('searchDocuments').values(docs.slice(i, i + CHUNK).map(toRow));
    if (!replacing) {
      await insert.execute();
      continue;
    }
    await insert
      .onConflict((oc) =>
        oc.column('id').doUpdateSet((eb) => ({
          kind: eb.ref('excluded.kind'),
          refId: eb.ref('excluded.refId'),
          strategyId: eb.ref('excluded.strategyId'),
          cycleId: eb.ref('excluded.cycleId'),
          organisationIds: eb.ref('excluded.organisationIds'),
          nodeIds: eb.ref('excluded.nodeIds'),
          stage: eb.ref('excluded.stage'),
          rating: eb.ref('excluded.rating'),
          title: eb.ref('excluded.title'),
          body: eb.ref('excluded.body'),
          context: eb.ref('excluded.context'),
          tokens: eb.ref('excluded.tokens'),
          tokenCount: eb.ref('excluded.tokenCount'),
        })),
      )
      .execute();
  }
}

/**
 * The read scope (domain/access.ts) on the search_documents row aliased `alias`: a ministry
 * finds its own drafts' progress texts only, never a draft assessment.
 */
function visible(engine: Engine, alias: string, scope: ReadScope): RawBuilder<SqlBool> {
  if (scope.drafts === 'all') return sql<SqlBool>`1 = 1`;
  const cycleId = sql.ref(`${alias}.cycleId`);
  // Structure (no cycle) is public once its strategy has a published cycle (canSeeStrategy).
  const strategyId = sql.ref(`${alias}.strategyId`);
  const open = [
    sql<SqlBool>`(${cycleId} is null and ${strategyId} in (select strategy_id from cycles where state = 'published'))`,
    sql<SqlBool>`${cycleId} in (select id from cycles where state = 'published')`,
  ];
  if (scope.drafts === 'ministry' && scope.organisationIds.length > 0) {
    const own = scope.organisationIds.map((o) => containsText(engine, `${alias}.organisationIds`, member(o)));
    open.push(sql<SqlBool>`(${sql.ref(`${alias}.kind`)} = 'progress' and (${sql.join(own, sql` or `)}))`);
  }
  return sql<SqlBool>`(${sql.join(open, sql` or `)})`;
}

function filtered(eb: Eb, f: DocumentFilter, engine: Engine) {
  const c = [];
  if (f.strategyId !== undefined) c.push(eb('searchDocuments.strategyId', '=', f.strategyId));
  if (f.cycleId !== undefined) c.push(eb('searchDocuments.cycleId', '=', f.cycleId));
  if (f.stage !== undefined) c.push(eb('searchDocuments.stage', '=', f.stage));
  if (f.rating !== undefined) c.push(eb('searchDocuments.rating', '=', f.rating));
  if (f.kinds !== undefined && f.kinds.length > 0) c.push(eb('searchDocuments.kind', 'in', f.kinds));
  if (f.organisationId !== undefined) {
    c.push(containsText(engine, 'searchDocuments.organisationIds', member(f.organisationId)));
  }
  if (f.nodeId !== undefined) c.push(containsText(engine, 'searchDocuments.nodeIds', member(f.nodeId)));
  return eb.and(c);
}

/**
 * The newest documents holding every term, filtered: at most `limit`, newest first (by the
 * index's own key, which both engines assign in insertion order, so a capped list is the
 * same on both). Newest first lets the engines stop early on a frequent term — SQLite walks
 * the full-text index backwards — and puts this year's texts before older ones. One
 * statement.
 */
export async function findCandidates(
  db: Q,
  terms: readonly MatchTerm[],
  filter: DocumentFilter,
  scope: ReadScope,
  limit: number,
  /**
   * Expected share of index rows, counted by key, that match and may be shown (from the
   * sample): steers PostgreSQL's plan.
   */
  expectedShare = 0,
  /** About how many keys the index holds (the sample's newest): a window as wide is no window. */
  indexKeys = Infinity,
): Promise<DocumentRow[]> {
  const engine = engineOf(db);
  if (engine === 'sqlite') {
    // Driven by the FTS5 table, newest rowid first, so that FTS5 stops after `limit`
    // matches instead of listing every match of a frequent term for an IN (…) first.
    return db
      .selectFrom(sql<{ rowid: number }>`search_fts`.as('f'))
      .innerJoin('searchDocuments', 'searchDocuments.seq', 'f.rowid')
      .select(DOCUMENT_COLUMNS.map((c) => `searchDocuments.${c}` as const))
      .where(sql<SqlBool>`search_fts match ${fts5Query(terms)}`)
      .where((eb) => filtered(eb, filter, engine))
      .where(visible(engine, 'searchDocuments', scope))
      .orderBy('f.rowid', 'desc')
      .limit(limit)
      .execute();
  }
  const newest = (match: RawBuilder<SqlBool>) =>
    db
      .selectFrom('searchDocuments')
      .select(DOCUMENT_COLUMNS)
      .where(match)
      .where((eb) => filtered(eb, filter, engine))
      .where(visible(engine, 'searchDocuments', scope))
      .orderBy('seq', 'desc')
      .limit(limit);
  // PostgreSQL estimates several terms as independent, but the bigrams of one word always
  // come together: it then expects a few matches, fetches all of tens of thousands through
  // the GIN index and sorts them. When the sample says matches are common, only the newest
  // rows that should hold `limit` matches (twice the rows the share predicts, MAX_WINDOW at
  // most) are tested, in key order, with a condition the GIN index cannot serve; if they
  // hold fewer, the ordinary query runs. Either way the answer is the newest `limit` matches.
  const window = Math.min(MAX_WINDOW, Math.ceil((2 * limit) / expectedShare));
  if (expectedShare >= COMMON_SHARE && window < indexKeys) {
    const scanned = sql<SqlBool>`coalesce(${sql.ref('searchDocuments.token_vector')}, ''::tsvector) @@ ${tsQuery(terms)}::tsquery`;
    const rows = await newest(scanned)
      .where('seq', '>=', sql<number>`(select max(seq) from search_documents) - ${window}`)
      .execute();
    if (rows.length >= limit) return rows;
  }
  return newest(tokensMatch(engine, 'searchDocuments', terms)).execute();
}

const SAMPLE_COLUMNS = [
  'seq',
  'kind',
  'strategyId',
  'cycleId',
  'organisationIds',
  'nodeIds',
  'stage',
  'rating',
  'tokens',
  'tokenCount',
] as const satisfies readonly (keyof SearchDocumentTable)[];
export type SampleRow = Pick<DocumentRow, (typeof SAMPLE_COLUMNS)[number]>;

/** Whether a document passes the filter: the same test as `filtered`, in application code. */
export function passesFilter(d: SampleRow, f: DocumentFilter): boolean {
  return (
    (f.strategyId === undefined || d.strategyId === f.strategyId) &&
    (f.cycleId === undefined || d.cycleId === f.cycleId) &&
    (f.stage === undefined || d.stage === f.stage) &&
    (f.rating === undefined || d.rating === f.rating) &&
    (f.kinds === undefined || f.kinds.length === 0 || f.kinds.includes(d.kind)) &&
    (f.organisationId === undefined || d.organisationIds.includes(member(f.organisationId))) &&
    (f.nodeId === undefined || d.nodeIds.includes(member(f.nodeId)))
  );
}

/**
 * The tokens (and filter columns) of the newest `size` documents a reader may see (the sample the ranking's
 * corpus statistics are taken from), newest first. One statement.
 */
export async function sampleDocuments(db: Q, scope: ReadScope, size: number): Promise<SampleRow[]> {
  const engine = engineOf(db);
  return db
    .selectFrom('searchDocuments')
    .select(SAMPLE_COLUMNS)
    .where(visible(engine, 'searchDocuments', scope))
    .orderBy('seq', 'desc')
    .limit(size)
    .execute();
}

/** The documents of some kinds in one cycle of a strategy (tokens included), by id. */
export async function listDocuments(
  db: Q,
  where: { strategyId: string; cycleId: string; kinds: string[] },
): Promise<DocumentRow[]> {
  return db
    .selectFrom('searchDocuments')
    .select(DOCUMENT_COLUMNS)
    .where('strategyId', '=', where.strategyId)
    .where('cycleId', '=', where.cycleId)
    .where('kind', 'in', where.kinds)
    .orderBy('id')
    .execute();
}

/** Parses a '|a|b|' list column. */
export const parseIdList = (text: string): string[] => (text === '' ? [] : text.slice(1, -1).split('|'));

/**
 * Where a progress entry or an assessment sits (index upkeep): its cycle and its initiative
 * or node.
 */
export async function locateRow(
  db: Q,
  table: 'progressEntries' | 'assessments',
  id: string,
): Promise<{ cycleId: string; parentId: string } | undefined> {
  if (table === 'progressEntries') {
    const row = await db
      .selectFrom('progressEntries')
      .select(['cycleId', 'initiativeId as parentId'])
      .where('id', '=', id)
      .executeTakeFirst();
    return row;
  }
  return db
    .selectFrom('assessments')
    .select(['cycleId', 'nodeId as parentId'])
    .where('id', '=', id)
    .executeTakeFirst();
}
