import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import { engineOf } from '../dialect.ts';
import {
  addColumns,
  auditLogAppendOnly,
  createIndex,
  createTables,
  dropColumns,
  dropTables,
  type Db,
} from './lib.ts';

// The audit trail becomes a hash chain (domain/audit-chain.ts): every row gets its seq, the
// previous row's hash and its own, computed here for the rows already stored (in the order
// the trail has been read: time, then id). audit_chain_head holds the last seq and hash
// (appends lock it, so concurrent writers cannot fork the chain; a trigger moves it with every
// insert); audit_checkpoints keeps
// the heads recorded at publications and backups. The database refuses what it can:
// UPDATE, DELETE and TRUNCATE of the trail and its checkpoints, a head that goes back, and
// on SQLite an INSERT OR REPLACE (which replaces a row without firing DELETE triggers) —
// every insert must take a new id and the next seq.

const PAGE = 1_000;

export async function up(db: Db): Promise<void> {
  // SQLite migrations run outside a transaction: this one is all or nothing by itself.
  if (db.isTransaction) await upIn(db);
  else await db.transaction().execute(upIn);
}

async function upIn(db: Db): Promise<void> {
  const postgres = engineOf(db) === 'postgres';
  await createTables(db, {
    audit_chain_head: {
      id: ['integer', (c) => c.primaryKey().check(sql`id = 1`)],
      seq: 'integer not null',
      hash: 'text not null',
    },

    audit_checkpoints: {
      id: 'text primary key',
      seq: 'integer not null',
      hash: 'text not null',
      kind: 'text not null',
      ref: 'text not null',
      at: 'text not null',
    },
  });

  // The append-only triggers refuse the update that places the stored rows in the chain.
  for (const t of postgres ? ['audit_log_no_update'] : ['audit_log_no_update', 'audit_log_no_delete'])
    await sql`drop trigger if exists ${sql.raw(t)}${sql.raw(postgres ? ' on audit_log' : '')}`.execute(db);
  await addColumns(db, 'audit_log', { seq: 'integer', prev_hash: 'text', hash: 'text' });
  const head = await chainStoredRows(db);
  if (postgres) {
    for (const column of ['seq', 'prev_hash', 'hash'])
      await sql`alter table audit_log alter column ${sql.ref(column)} set not null`.execute(db);
  }
  await createIndex(db, 'audit_log_seq_uq', 'audit_log', ['seq'], { unique: true });
  await db.insertInto('audit_chain_head').values({ id: 1, seq: head.seq, hash: head.hash }).execute();

  if (postgres) await postgresGuards(db);
  else await sqliteGuards(db);
}

/** Chains the rows already stored, a page at a time; returns the head. */
// The chain as it was defined when this migration was written (format shinchoku-audit-v1;
// src/domain/audit-chain.ts verifies it): a migration never changes with later code.
interface AuditContent {
  id: string;
  at: string;
  actor: string;
  ip: string;
  action: string;
  entityType: string;
  entityId: string;
  cycleId: string | null;
  before: string | null;
  after: string | null;
  reason: string;
}
interface ChainHead {
  seq: number;
  hash: string;
}
const EMPTY_HEAD: ChainHead = { seq: 0, hash: '0'.repeat(64) };

function chainRows(head: ChainHead, rows: readonly AuditContent[]) {
  let { seq, hash } = head;
  return rows.map((row) => {
    const prevHash = hash;
    const content = JSON.stringify([
      row.id,
      row.at,
      row.actor,
      row.ip,
      row.action,
      row.entityType,
      row.entityId,
      row.cycleId,
      row.before,
      row.after,
      row.reason,
    ]);
    hash = createHash('sha256').update(`shinchoku-audit-v1\n${prevHash}\n${content}`, 'utf8').digest('hex');
    seq += 1;
    return { ...row, seq, prevHash, hash };
  });
}

async function chainStoredRows(db: Db): Promise<ChainHead> {
  let head = EMPTY_HEAD;
  let after: { at: string; id: string } | undefined;
  for (;;) {
    let page = db
      .selectFrom('audit_log')
      .select([
        'id',
        'at',
        'actor',
        'ip',
        'action',
        'entity_type',
        'entity_id',
        'cycle_id',
        'before',
        'after',
        'reason',
      ])
      .orderBy('at')
      .orderBy('id')
      .limit(PAGE);
    if (after) {
      const { at, id } = after;
      page = page.where((eb) => eb.or([eb('at', '>', at), eb.and([eb('at', '=', at), eb('id', '>', id)])]));
    }
    // Rows come back with camel-cased keys (database.ts), as everywhere.
    const rows = (await page.execute()) as unknown as AuditContent[];
    if (rows.length === 0) return head;
    const chained = chainRows(head, rows);
    const values = chained.map((r) => sql`(${r.id}, cast(${r.seq} as integer), ${r.prevHash}, ${r.hash})`);
    await sql`update audit_log set seq = v.column2, prev_hash = v.column3, hash = v.column4
      from (values ${sql.join(values)}) as v where audit_log.id = v.column1`.execute(db);
    const last = chained.at(-1);
    if (!last) return head;
    head = { seq: last.seq, hash: last.hash };
    after = { at: last.at, id: last.id };
  }
}

async function postgresGuards(db: Db): Promise<void> {
  await sql`create or replace function audit_log_append_only() returns trigger as $$
    begin raise exception '% is append-only', tg_table_name; end; $$ language plpgsql`.execute(db);
  for (const table of ['audit_log', 'audit_checkpoints']) {
    await sql`create trigger ${sql.raw(`${table}_no_update`)} before update or delete on ${sql.table(table)}
      for each row execute function audit_log_append_only()`.execute(db);
    await sql`create trigger ${sql.raw(`${table}_no_truncate`)} before truncate on ${sql.table(table)}
      for each statement execute function audit_log_append_only()`.execute(db);
  }
  // Every insert takes a seq after the last one: no row can be slipped in before it.
  await sql`create or replace function audit_log_next_only() returns trigger as $$
    begin
      if new.seq <= coalesce((select max(seq) from audit_log), 0) then
        raise exception 'audit_log is append-only: seq % is not after the last row', new.seq;
      end if;
      return new;
    end; $$ language plpgsql`.execute(db);
  await sql`create trigger audit_log_next_only before insert on audit_log
    for each row execute function audit_log_next_only()`.execute(db);
  // The head only moves forward, and is never removed.
  await sql`create or replace function audit_chain_head_forward() returns trigger as $$
    begin
      if tg_op <> 'UPDATE' then raise exception 'audit_chain_head cannot be removed'; end if;
      if new.seq < old.seq then raise exception 'audit_chain_head only moves forward'; end if;
      return new;
    end; $$ language plpgsql`.execute(db);
  await sql`create trigger audit_chain_head_forward before update or delete on audit_chain_head
    for each row execute function audit_chain_head_forward()`.execute(db);
  await sql`create trigger audit_chain_head_no_truncate before truncate on audit_chain_head
    for each statement execute function audit_chain_head_forward()`.execute(db);
  // Every insert moves the head to its last row (once per statement).
  await sql`create or replace function audit_chain_head_follow() returns trigger as $$
    begin
      update audit_chain_head h set seq = n.seq, hash = n.hash
        from (select seq, hash from appended order by seq desc limit 1) n
        where h.id = 1 and n.seq > h.seq;
      return null;
    end; $$ language plpgsql`.execute(db);
  await sql`create trigger audit_log_moves_head after insert on audit_log
    referencing new table as appended for each statement execute function audit_chain_head_follow()`.execute(
    db,
  );
}

async function sqliteGuards(db: Db): Promise<void> {
  for (const table of ['audit_log', 'audit_checkpoints']) {
    await sql`create trigger ${sql.raw(`${table}_no_update`)} before update on ${sql.table(table)}
      begin select raise(abort, ${sql.lit(`${table} is append-only`)}); end`.execute(db);
    await sql`create trigger ${sql.raw(`${table}_no_delete`)} before delete on ${sql.table(table)}
      begin select raise(abort, ${sql.lit(`${table} is append-only`)}); end`.execute(db);
  }
  // INSERT OR REPLACE deletes the row it replaces without firing the DELETE trigger (unless
  // recursive_triggers is on): refuse any insert that names a stored id or an old seq.
  await sql`create trigger audit_log_next_only before insert on audit_log
    when new.seq is null or new.prev_hash is null or new.hash is null
      or exists (select 1 from audit_log where id = new.id)
      or new.seq <= coalesce((select max(seq) from audit_log), 0)
    begin select raise(abort, 'audit_log is append-only: each row takes a new id and the next seq'); end`.execute(
    db,
  );
  // Every insert moves the head to its row.
  await sql`create trigger audit_log_moves_head after insert on audit_log
    begin update audit_chain_head set seq = new.seq, hash = new.hash where id = 1 and new.seq > seq; end`.execute(
    db,
  );
  await sql`create trigger audit_checkpoints_no_replace before insert on audit_checkpoints
    when exists (select 1 from audit_checkpoints where id = new.id)
    begin select raise(abort, 'audit_checkpoints is append-only'); end`.execute(db);
  await sql`create trigger audit_chain_head_forward before update on audit_chain_head
    when new.seq < old.seq or new.id <> old.id
    begin select raise(abort, 'audit_chain_head only moves forward'); end`.execute(db);
  await sql`create trigger audit_chain_head_no_delete before delete on audit_chain_head
    begin select raise(abort, 'audit_chain_head cannot be removed'); end`.execute(db);
  await sql`create trigger audit_chain_head_no_replace before insert on audit_chain_head
    when exists (select 1 from audit_chain_head)
    begin select raise(abort, 'audit_chain_head cannot be replaced'); end`.execute(db);
}

export async function down(db: Db): Promise<void> {
  const postgres = engineOf(db) === 'postgres';
  const triggers = postgres
    ? ['audit_log_no_update', 'audit_log_no_truncate', 'audit_log_next_only', 'audit_log_moves_head']
    : ['audit_log_no_update', 'audit_log_no_delete', 'audit_log_next_only', 'audit_log_moves_head'];
  for (const t of triggers)
    await sql`drop trigger if exists ${sql.raw(t)}${sql.raw(postgres ? ' on audit_log' : '')}`.execute(db);
  await dropTables(db, ['audit_checkpoints', 'audit_chain_head']);
  await db.schema.dropIndex('audit_log_seq_uq').execute();
  await dropColumns(db, 'audit_log', ['hash', 'prev_hash', 'seq']);
  if (postgres) {
    await sql`drop function if exists audit_log_next_only()`.execute(db);
    await sql`drop function if exists audit_chain_head_forward()`.execute(db);
    await sql`drop function if exists audit_chain_head_follow()`.execute(db);
  }
  await auditLogAppendOnly(db, engineOf(db));
}
