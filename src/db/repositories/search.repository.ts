import {
  sql,
  type ExpressionBuilder,
  type Insertable,
  type Kysely,
  type RawBuilder,
  type Selectable,
  type SqlBool,
} from 'kysely';
import type { Engine } from '../database.ts';
import type { SearchDocument } from '../../domain/search/documents.ts';
import { FIELD_SEPARATOR } from '../../domain/search/tokenizer.ts';
import { containsText, engineOf, fts5Query, tokensMatch, type MatchTerm } from '../dialect.ts';
import type { Database, SearchDocumentTable } from '../schema.ts';

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

/** Which cycles' documents a reader may see (documents outside any cycle are always visible). */
export interface Visibility {
  drafts: boolean;
  /** When set, drafts are limited to these organisations' progress entries. */
  draftOrganisations: string[] | null;
}

export interface DocumentFilter {
  strategyId?: string;
  cycleId?: string;
  organisationId?: string;
  nodeId?: string;
  stage?: string;
  rating?: string;
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

/** Inserts documents, a few hundred per statement (tokens make rows long). */
export async function insertDocuments(db: Q, docs: readonly SearchDocument[]): Promise<void> {
  const CHUNK = 200;
  for (let i = 0; i < docs.length; i += CHUNK) {
    await db
      .insertInto('searchDocuments')
      .values(docs.slice(i, i + CHUNK).map(toRow))
      .execute();
  }
}

/** The visibility condition on the search_documents row aliased `alias`. */
function visible(engine: Engine, alias: string, v: Visibility): RawBuilder<SqlBool> {
  if (v.drafts && v.draftOrganisations === null) return sql<SqlBool>`1 = 1`;
  const cycleId = sql.ref(`${alias}.cycleId`);
  // Structure (no cycle) is public once its strategy has a published cycle (canSeeStrategy).
  const strategyId = sql.ref(`${alias}.strategyId`);
  const open = [
    sql<SqlBool>`(${cycleId} is null and ${strategyId} in (select strategy_id from cycles where state = 'published'))`,
    sql<SqlBool>`${cycleId} in (select id from cycles where state = 'published')`,
  ];
  if (v.drafts && v.draftOrganisations !== null && v.draftOrganisations.length > 0) {
    const own = v.draftOrganisations.map((o) => containsText(engine, `${alias}.organisationIds`, member(o)));
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
  visibility: Visibility,
  limit: number,
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
      .where(visible(engine, 'searchDocuments', visibility))
      .orderBy('f.rowid', 'desc')
      .limit(limit)
      .execute();
  }
  return db
    .selectFrom('searchDocuments')
    .select(DOCUMENT_COLUMNS)
    .where(tokensMatch(engine, 'searchDocuments', terms))
    .where((eb) => filtered(eb, filter, engine))
    .where(visible(engine, 'searchDocuments', visibility))
    .orderBy('seq', 'desc')
    .limit(limit)
    .execute();
}

/**
 * Document count and token total over visible documents (when `base`), and how many visible
 * documents hold each of `terms`. One statement; none when nothing is asked.
 */
export async function corpusStats(
  db: Q,
  terms: readonly MatchTerm[],
  visibility: Visibility,
  base = true,
): Promise<{ documents: number; tokens: number; documentFrequency: number[] } | undefined> {
  if (!base && terms.length === 0) return undefined;
  const engine = engineOf(db);
  const frequencies = terms.map((term, i) =>
    db
      .selectFrom('searchDocuments as d')
      .select((e) => e.fn.countAll().as('n'))
      .where(tokensMatch(engine, 'd', [term]))
      .where(visible(engine, 'd', visibility))
      .as(`df${i}`),
  );
  const row = base
    ? await db
        .selectFrom('searchDocuments')
        .select((eb) => [
          eb.fn.countAll().as('documents'),
          eb.fn.coalesce(eb.fn.sum<number>('searchDocuments.tokenCount'), eb.lit(0)).as('tokens'),
          ...frequencies,
        ])
        .where(visible(engine, 'searchDocuments', visibility))
        .executeTakeFirstOrThrow()
    : await db.selectNoFrom(() => frequencies).executeTakeFirstOrThrow();
  const r = row as Record<string, unknown>;
  return {
    documents: Number(r.documents ?? 0),
    tokens: Number(r.tokens ?? 0),
    documentFrequency: terms.map((_t, i) => Number(r[`df${i}`] ?? 0)),
  };
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
