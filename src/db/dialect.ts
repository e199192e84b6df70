/**
 * Every SQLite/PostgreSQL difference the queries need, in one place (as Kysely keeps each
 * engine behind one interface). Repositories call these helpers instead of branching.
 *
 * Full-text search: documents carry their tokens as one space-separated text (see
 * domain/search/tokenizer.ts). SQLite indexes them in an FTS5 table with the unicode61
 * tokenizer; PostgreSQL in a GIN index over a stored column, token_vector =
 * `array_to_tsvector(string_to_array(tokens, ' '))`.
 * The array form, rather than `to_tsvector('simple', tokens)`, is used because
 * to_tsvector runs PostgreSQL's own parser over the text, which re-splits tokens it finds
 * odd (it drops the escape character of escaped tokens and would split some words), and
 * caps positions; array_to_tsvector takes each token verbatim, exactly as FTS5 does with
 * tokens made only of letters and digits. Both engines are then asked the same thing —
 * "documents holding all these tokens (or a token starting with this one)" — and answer
 * with the same set.
 */
import {
  PostgresAdapter,
  sql,
  type ColumnDefinitionBuilder,
  type Kysely,
  type RawBuilder,
  type SelectQueryBuilder,
  type SqlBool,
} from 'kysely';
import { jsonArrayFrom as pgJsonArrayFrom } from 'kysely/helpers/postgres';
import { jsonArrayFrom as sqliteJsonArrayFrom } from 'kysely/helpers/sqlite';
import type { Engine } from './database.ts';

/** What a search term looks like to the engines (a stored token, maybe a prefix). */
export interface MatchTerm {
  text: string;
  prefix: boolean;
}

/**
 * The engine behind a Kysely instance or transaction.
 * @example engineOf(db.kysely) // 'sqlite'
 */
export function engineOf<DB>(db: Kysely<DB>): Engine {
  return db.getExecutor().adapter instanceof PostgresAdapter ? 'postgres' : 'sqlite';
}

/**
 * FTS5 query text: every term as a quoted string (prefix terms with `*`), joined by AND.
 * Quotes inside a term are doubled, so no input can become FTS5 syntax.
 * @example fts5Query([{ text: '農業', prefix: false }, { text: '分', prefix: true }]) // '"農業" AND "分"*'
 */
export function fts5Query(terms: readonly MatchTerm[]): string {
  return terms.map((t) => `"${t.text.replaceAll('"', '""')}"${t.prefix ? '*' : ''}`).join(' AND ');
}

/**
 * tsquery text: every term as a quoted lexeme (prefix terms with `:*`), joined by &.
 * Quotes and backslashes are escaped, so the text is always a valid tsquery.
 * @example tsQuery([{ text: '農業', prefix: false }, { text: '分', prefix: true }]) // "'農業' & '分':*"
 */
export function tsQuery(terms: readonly MatchTerm[]): string {
  const lexeme = (s: string) => `'${s.replaceAll('\\', '\\\\').replaceAll("'", "''")}'`;
  return terms.map((t) => `${lexeme(t.text)}${t.prefix ? ':*' : ''}`).join(' & ');
}

/**
 * A condition on the search_documents row aliased `alias`: it holds every term.
 * @example db.selectFrom('searchDocuments as d').where(tokensMatch('sqlite', 'd', terms))
 */
export function tokensMatch(engine: Engine, alias: string, terms: readonly MatchTerm[]): RawBuilder<SqlBool> {
  if (engine === 'postgres') {
    // token_vector: the stored array_to_tsvector(string_to_array(tokens, ' ')) (migration
    // 20261129T0200_search_vector)
    return sql<SqlBool>`${sql.ref(`${alias}.token_vector`)} @@ ${tsQuery(terms)}::tsquery`;
  }
  return sql<SqlBool>`${sql.ref(`${alias}.seq`)} in (select rowid from search_fts where search_fts match ${fts5Query(terms)})`;
}

/**
 * A case-sensitive "column contains this text" with no wildcard characters (LIKE would treat
 * `_` and `%` in ids as wildcards, and is case-insensitive on SQLite only).
 * @example where(containsText('sqlite', 'd.nodeIds', '|ai2022-p1|'))
 */
export function containsText(engine: Engine, column: string, needle: string): RawBuilder<SqlBool> {
  return engine === 'postgres'
    ? sql<SqlBool>`strpos(${sql.ref(column)}, ${needle}) > 0`
    : sql<SqlBool>`instr(${sql.ref(column)}, ${needle}) > 0`;
}

/**
 * The integer key column of search_documents that the SQLite FTS table points at (an alias
 * of the rowid there, so VACUUM never renumbers it); an identity column on PostgreSQL.
 */
export function serialKey(engine: Engine): (col: ColumnDefinitionBuilder) => ColumnDefinitionBuilder {
  return engine === 'postgres'
    ? (col) => col.primaryKey().generatedByDefaultAsIdentity()
    : (col) => col.primaryKey();
}

/**
 * Creates the full-text index over search_documents.tokens (used by the search migration).
 * SQLite: an external-content FTS5 table over the tokens column (stored once), kept in step
 * by triggers, so every write path and every cascading delete updates it. PostgreSQL: a GIN
 * expression index.
 */
export async function createTokensIndex<DB>(db: Kysely<DB>): Promise<void> {
  if (engineOf(db) === 'postgres') {
    await sql`create index search_documents_tokens_idx on search_documents
      using gin (array_to_tsvector(string_to_array(tokens, ' ')))`.execute(db);
    return;
  }
  await sql`create virtual table search_fts using fts5(tokens, content = 'search_documents',
    content_rowid = 'seq', tokenize = 'unicode61 remove_diacritics 0')`.execute(db);
  await sql`create trigger search_documents_ai after insert on search_documents begin
    insert into search_fts (rowid, tokens) values (new.seq, new.tokens); end`.execute(db);
  await sql`create trigger search_documents_ad after delete on search_documents begin
    insert into search_fts (search_fts, rowid, tokens) values ('delete', old.seq, old.tokens); end`.execute(
    db,
  );
  await sql`create trigger search_documents_au after update on search_documents begin
    insert into search_fts (search_fts, rowid, tokens) values ('delete', old.seq, old.tokens);
    insert into search_fts (rowid, tokens) values (new.seq, new.tokens); end`.execute(db);
}

/** Drops what createTokensIndex created. */
export async function dropTokensIndex<DB>(db: Kysely<DB>): Promise<void> {
  if (engineOf(db) === 'postgres') {
    await sql`drop index if exists search_documents_tokens_idx`.execute(db);
    return;
  }
  for (const trigger of ['search_documents_ai', 'search_documents_ad', 'search_documents_au']) {
    await sql`drop trigger if exists ${sql.raw(trigger)}`.execute(db);
  }
  await sql`drop table if exists search_fts`.execute(db);
}

/**
 * Whether a database error is a unique-key violation: two writers created the same row at
 * once (PostgreSQL 23505; SQLite SQLITE_CONSTRAINT_UNIQUE or _PRIMARYKEY). The loser of such
 * a race gets a 409 like any other concurrent change.
 * @example isUniqueViolation({ code: '23505' }) // true
 */
export function isUniqueViolation(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

/**
 * Whether PostgreSQL gave up a transaction that ran into another one (deadlock 40P01,
 * serialisation failure 40001): writes that also append to the audit trail wait for its
 * chain head, and two of them can wait for each other. Nothing of the loser was written; it
 * is answered like any other concurrent change (409, retry).
 * @example isConcurrentWriteFailure({ code: '40P01' }) // true
 */
export function isConcurrentWriteFailure(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return code === '40P01' || code === '40001';
}

/**
 * Whether PostgreSQL refused a text value it cannot hold (U+0000, 22021; 22P05): the input
 * was bad, not the server. SQLite stores such text.
 * @example isUnstorableText({ code: '22021' }) // true
 */
export function isUnstorableText(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return code === '22021' || code === '22P05';
}

/**
 * A sub-select turned into one JSON array column, so a parent row and its few children come
 * back in one statement (strategy + cycles + vocabulary). The sub-select must name its
 * columns (SQLite builds each object from them). SQLite returns the array as text and
 * PostgreSQL as parsed JSON; `parseJsonRows` reads either.
 */
export function jsonRows<DB, O>(
  engine: Engine,
  subquery: SelectQueryBuilder<DB, keyof DB, O>,
): RawBuilder<O[]> {
  // The columns are text and numbers, which JSON carries unchanged (Kysely's type allows
  // for dates and the like turning into strings).
  const rows = engine === 'postgres' ? pgJsonArrayFrom(subquery) : sqliteJsonArrayFrom(subquery);
  return rows as unknown as RawBuilder<O[]>;
}

/** The value of a `jsonRows` column as an array. */
export function parseJsonRows<O>(value: O[] | string): O[] {
  return typeof value === 'string' ? (JSON.parse(value) as O[]) : value;
}

/**
 * An aggregate joining a group's texts with spaces, in no particular order (callers sort):
 * string_agg on PostgreSQL, group_concat on SQLite. Null for an empty group.
 * @example select(joinedText(engine, sql.ref('organisationId')).as('owners')).groupBy('initiativeId')
 */
export function joinedText(engine: Engine, expr: RawBuilder<unknown>): RawBuilder<string | null> {
  return engine === 'postgres'
    ? sql<string | null>`string_agg(${expr}, ' ')`
    : sql<string | null>`group_concat(${expr}, ' ')`;
}

/**
 * After a bulk load: PostgreSQL's planner statistics for the tables a load fills (ANALYZE
 * samples each table, a fraction of a second). SQLite plans from its indexes alone.
 */
export async function refreshPlannerStatistics<DB>(db: Kysely<DB>): Promise<void> {
  if (engineOf(db) !== 'postgres') return;
  await sql`analyze nodes, initiatives, initiative_owners, initiative_listings, progress_entries,
    indicators, observations, assessments, search_documents`.execute(db);
}

const UNAVAILABLE_CODES = new Set([
  '57014', // PostgreSQL query_canceled: the statement timeout
  '57P01', // admin_shutdown
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now
  '53300', // too_many_connections
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENOTFOUND',
  'SQLITE_BUSY', // another writer held the lock past the busy timeout
]);

/**
 * Whether a database error means "the database is not answering (in time)" rather than a bad
 * request or a bug: a statement timeout, a refused or dropped connection, a full pool, a
 * lock held too long. Such requests get 503, and may be retried.
 * @example isDatabaseUnavailable({ code: '57014' }) // true
 */
export function isDatabaseUnavailable(err: unknown): boolean {
  const { code, message } = (err ?? {}) as { code?: unknown; message?: unknown };
  if (typeof code === 'string' && (UNAVAILABLE_CODES.has(code) || code.startsWith('08'))) return true;
  // pg's own timeouts and a dropped connection carry no code.
  return (
    typeof message === 'string' &&
    /^(timeout exceeded when trying to connect|Query read timeout|Connection terminated)/.test(message)
  );
}
