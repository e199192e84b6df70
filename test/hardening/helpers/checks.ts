/**
 * What the hardening tests check a database with after a crash, a restore or an upgrade:
 * the engine's own integrity checks, row counts of every table, and the export of every
 * strategy (the interchange format holds everything a user can see or change).
 */
import SqliteDatabase from 'better-sqlite3';
import { sql } from 'kysely';
import type { Db } from '../../../src/db/database.ts';
import * as strategiesRepo from '../../../src/db/repositories/strategies.repository.ts';
import { exportStrategy, serialiseExport } from '../../../src/services/interchange.service.ts';

/**
 * The tables of the connection's own database or schema; on SQLite without the full-text
 * index (its shadow tables are laid out differently after the same rows are rewritten, and
 * integrityProblems checks it against its content).
 */
export async function listTables(db: Db): Promise<string[]> {
  if (db.engine === 'sqlite') {
    const { rows } = await sql<{ name: string; sql: string | null }>`select name, sql from sqlite_master
      where type = 'table' and name not like 'sqlite_%' order by name`.execute(db.kysely);
    const virtual = rows.filter((r) => /^create virtual table/i.test(r.sql ?? '')).map((r) => r.name);
    return rows
      .map((r) => r.name)
      .filter((name) => !virtual.some((v) => name === v || name.startsWith(`${v}_`)));
  }
  const { rows } = await sql<{ name: string }>`select table_name as name from information_schema.tables
          where table_schema = current_schema() and table_type = 'BASE TABLE' order by table_name`.execute(
    db.kysely,
  );
  return rows.map((r) => r.name);
}

/** Rows per table, e.g. { progress_entries: 58, … }. */
export async function rowCounts(db: Db, tables?: string[]): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const table of tables ?? (await listTables(db))) {
    const { rows } = await sql<{ n: number | string }>`select count(*) as n from ${sql.table(table)}`.execute(
      db.kysely,
    );
    out[table] = Number(rows[0]?.n ?? 0);
  }
  return out;
}

/**
 * The engine's own verdict. SQLite: integrity_check, foreign_key_check and the FTS5 index
 * against its content table. PostgreSQL: every table reads to its end and no row points
 * at a missing parent (the constraints say so too; this reads it back).
 */
export async function integrityProblems(db: Db & { url: string }): Promise<string[]> {
  if (db.engine === 'sqlite') {
    // A fresh connection, as a restarted process would open: FTS5 keeps a per-connection
    // cache of its index structure that its integrity-check may read stale.
    const conn = new SqliteDatabase(db.url, { readonly: false, timeout: 5000 });
    try {
      const problems = (conn.pragma('integrity_check') as Record<string, string>[])
        .map((r) => String(Object.values(r)[0]))
        .filter((r) => r !== 'ok');
      const fk = conn.pragma('foreign_key_check') as unknown[];
      problems.push(...fk.map((r) => `foreign key: ${JSON.stringify(r)}`));
      try {
        conn.exec(`insert into search_fts (search_fts) values ('integrity-check')`);
      } catch (err) {
        problems.push(`search index: ${(err as Error).message}`);
      }
      return problems;
    } finally {
      conn.close();
    }
  }
  await rowCounts(db);
  const orphans = await sql<{ what: string; n: string }>`
    select 'entry without initiative' as what, count(*) as n from progress_entries e
      where not exists (select 1 from initiatives i where i.id = e.initiative_id)
    union all select 'entry without cycle', count(*) from progress_entries e
      where not exists (select 1 from cycles c where c.id = e.cycle_id)
    union all select 'listing without node', count(*) from initiative_listings l
      where not exists (select 1 from nodes n where n.id = l.node_id)
    union all select 'node without strategy', count(*) from nodes n
      where not exists (select 1 from strategies s where s.id = n.strategy_id)
    union all select 'search document without strategy', count(*) from search_documents d
      where not exists (select 1 from strategies s where s.id = d.strategy_id)`.execute(db.kysely);
  return orphans.rows.filter((r) => Number(r.n) > 0).map((r) => `${r.what}: ${r.n}`);
}

/** Every strategy in the interchange format, by id. */
export async function exportAll(db: Db): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const s of await strategiesRepo.listStrategies(db.kysely)) {
    out[s.id] = serialiseExport(await exportStrategy(db, s.id));
  }
  return out;
}

export interface AuditedSave {
  entityId: string;
  action: string;
  after: { version: number; text: string };
}

/** The audit rows of progress entries, oldest first. */
export async function entryAudit(db: Db): Promise<AuditedSave[]> {
  const rows = await db.kysely
    .selectFrom('auditLog')
    .select(['entityId', 'action', 'after'])
    .where('entityType', '=', 'progress_entry')
    .orderBy('at')
    .execute();
  return rows.map((r) => ({
    entityId: r.entityId,
    action: r.action,
    after: JSON.parse(r.after ?? 'null') as AuditedSave['after'],
  }));
}
