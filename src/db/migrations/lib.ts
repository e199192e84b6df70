/**
 * What migrations build tables with. FROZEN: the migrations already applied to databases in
 * use call these helpers, so changing what one of them emits changes those migrations (a
 * fresh database would no longer match an upgraded one). Add a new helper instead; never
 * import live domain or service code here. src/db/migrations/schema.test.ts compares the
 * schema a fresh migration makes with the committed one.
 *
 * Columns are written in SQL words and built with Kysely, so that both engines get the
 * statements Kysely writes for them:
 *
 * @example
 * await createTables(db, {
 *   logic_models: {
 *     node_id: 'text primary key references nodes.id on delete cascade',
 *     strategy_id: 'text not null references strategies.id on delete cascade',
 *     model: 'text not null',
 *     ...VERSIONED,
 *     logic_models_strategy: 'index (strategy_id)',
 *   },
 * });
 */
import { sql, type ColumnDefinitionBuilder, type CreateTableBuilder, type Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations see an untyped db
export type Db = Kysely<any>;

type Build = (c: ColumnDefinitionBuilder) => ColumnDefinitionBuilder;
type DataTypeExpression = Parameters<CreateTableBuilder<string>['addColumn']>[1];

/**
 * A column: `<type> [default <'text'|number>] [not null] [unique] [primary key]
 * [references <table>.<column> [on delete cascade|set null]]`, the words in any order after
 * the type (Kysely writes them in its own order); or a type and a builder for what the words
 * do not say.
 */
export type ColumnSpec = string | readonly [DataTypeExpression, Build];

// Longest first: 'double precision' is two words.
const TYPES = ['double precision', 'integer', 'bigint', 'text'] as const;

const MODIFIER =
  /\s+(?:(not null)|(primary key)|(unique)|default (?:'([^']*)'|(-?\d+))|references (\w+\.\w+)(?: on delete (cascade|set null))?)/y;

function parseColumn(spec: string): readonly [DataTypeExpression, Build] {
  const type = TYPES.find((t) => spec === t || spec.startsWith(`${t} `));
  if (!type) throw new Error(`migration column "${spec}": unknown type`);
  const steps: Build[] = [];
  MODIFIER.lastIndex = type.length;
  while (MODIFIER.lastIndex < spec.length) {
    const start = MODIFIER.lastIndex;
    const m = MODIFIER.exec(spec);
    if (!m) throw new Error(`migration column "${spec}": cannot read "${spec.slice(start)}"`);
    const [, notNull, primaryKey, unique, text, number, target, onDelete] = m;
    if (notNull) steps.push((c) => c.notNull());
    else if (primaryKey) steps.push((c) => c.primaryKey());
    else if (unique) steps.push((c) => c.unique());
    else if (text !== undefined) steps.push((c) => c.defaultTo(text));
    else if (number !== undefined) steps.push((c) => c.defaultTo(Number(number)));
    else if (target) {
      const action = onDelete as 'cascade' | 'set null' | undefined;
      steps.push(action ? (c) => c.references(target).onDelete(action) : (c) => c.references(target));
    }
  }
  return [type, (c) => steps.reduce((b, step) => step(b), c)];
}

const columnOf = (spec: ColumnSpec) => (typeof spec === 'string' ? parseColumn(spec) : spec);

/** A named table constraint or index, in SQL words: `primary key (a, b)`, `unique index (a)`. */
const KEY = /^(primary key|unique|index|unique index) \((\w+(?:, \w+)*)\)$/;

/** A table: its columns, then any named constraints and indexes (see KEY). */
export type TableSpec = Readonly<Record<string, ColumnSpec>>;

/**
 * `create table` for each table, in order, each followed by its indexes. An entry is a
 * column (its spec starts with a type) or, named as in SQL, a table constraint
 * (`<name>: 'primary key (a, b)'`, `'unique (a, b)'`) or an index (`<name>: 'index (a)'`,
 * `'unique index (a)'`). The statement lists the columns, then the constraints.
 */
export async function createTables(db: Db, tables: Readonly<Record<string, TableSpec>>): Promise<void> {
  for (const [table, entries] of Object.entries(tables)) {
    let builder: CreateTableBuilder<string, string> = db.schema.createTable(table);
    const indexes: [string, string[], boolean][] = [];
    for (const [name, spec] of Object.entries(entries)) {
      const [, kind, list] = (typeof spec === 'string' && KEY.exec(spec)) || [];
      const columns = list?.split(', ') ?? [];
      if (kind === 'primary key') builder = builder.addPrimaryKeyConstraint(name, columns);
      else if (kind === 'unique') builder = builder.addUniqueConstraint(name, columns);
      else if (kind) indexes.push([name, columns, kind === 'unique index']);
      else builder = builder.addColumn(name, ...columnOf(spec));
    }
    await builder.execute();
    for (const [name, columns, unique] of indexes) await createIndex(db, name, table, columns, { unique });
  }
}

/** `create [unique] index <name> on <table> (<columns>)`. */
export async function createIndex(
  db: Db,
  name: string,
  table: string,
  columns: readonly string[],
  options: { unique?: boolean } = {},
): Promise<void> {
  const index = db.schema
    .createIndex(name)
    .on(table)
    .columns([...columns]);
  await (options.unique ? index.unique() : index).execute();
}

/** One `alter table <table> add column` per column, in order. */
export async function addColumns(
  db: Db,
  table: string,
  columns: Readonly<Record<string, ColumnSpec>>,
): Promise<void> {
  for (const [name, spec] of Object.entries(columns))
    await db.schema
      .alterTable(table)
      .addColumn(name, ...columnOf(spec))
      .execute();
}

/** One `alter table <table> drop column` per column, in order. */
export async function dropColumns(db: Db, table: string, columns: readonly string[]): Promise<void> {
  for (const column of columns) await db.schema.alterTable(table).dropColumn(column).execute();
}

/** `drop table` for each, in order (children before their parents). */
export async function dropTables(db: Db, tables: readonly string[]): Promise<void> {
  for (const table of tables) await db.schema.dropTable(table).execute();
}

/**
 * A required reference to the row a row belongs to, removed with it.
 * @example childOf('strategies') // 'text not null references strategies.id on delete cascade'
 */
export const childOf = (table: string): string => `text not null references ${table}.id on delete cascade`;

/** The columns of a record edited in place: its version, when it was made, and its last change. */
export const TRACKED = {
  version: 'integer not null default 1',
  created_at: 'text not null',
  updated_at: 'text not null',
  updated_by: 'text not null',
} as const;

/** The columns of a record replaced whole by each edit: its version and its last change. */
export const VERSIONED = {
  version: 'integer not null',
  updated_at: 'text not null',
  updated_by: 'text not null',
} as const;

/** The columns of a record written once. */
export const CREATED = {
  created_at: 'text not null',
  created_by: 'text not null',
} as const;

/**
 * The audit trail's first guard (20261128T2330_workflow), also restored by the audit chain's
 * down: triggers refusing UPDATE and DELETE of audit_log. PostgreSQL's calls the function
 * audit_log_append_only(), which the caller has made.
 */
export async function auditLogAppendOnly(db: Db, engine: 'sqlite' | 'postgres'): Promise<void> {
  if (engine === 'postgres') {
    await sql`create trigger audit_log_no_update before update or delete on audit_log
      for each row execute function audit_log_append_only()`.execute(db);
    return;
  }
  // SQLite keeps a trigger's text as written: these lines keep the indent they were made with.
  await sql`create trigger audit_log_no_update before update on audit_log
      begin select raise(abort, 'audit_log is append-only'); end`.execute(db);
  await sql`create trigger audit_log_no_delete before delete on audit_log
      begin select raise(abort, 'audit_log is append-only'); end`.execute(db);
}
