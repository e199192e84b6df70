/**
 * An audit trail to tamper with: ten rows written through the service, and the moves of an
 * attacker who holds the tables' owner rights (triggers disabled or dropped first).
 */
import { sql } from 'kysely';
import type { Db } from '../../../src/db/database.ts';
import { audit } from '../../../src/services/audit.service.ts';
import { createTestDb, type TestDb } from '../../helpers/db.ts';
import type { Engine } from '../../../src/db/database.ts';

export const ACTOR = { id: 'u-admin', ip: '127.0.0.1' };

/** A fresh database whose trail holds `n` rows (seq 1…n), one audit call each. */
export async function trailDb(engine: Engine, n = 10): Promise<TestDb> {
  const db = await createTestDb(engine);
  await appendEvents(db, n);
  return db;
}

export async function appendEvents(db: Db, n: number, from = 1): Promise<void> {
  for (let i = from; i < from + n; i++) {
    await audit(
      db.kysely,
      ACTOR,
      [
        {
          action: 'entry.save',
          entityType: 'progress_entry',
          entityId: `e${i}`,
          cycleId: 'c1',
          before: { text: `前${i}` },
          after: { text: `後${i}` },
        },
      ],
      new Date(Date.UTC(2026, 11, 7, 0, 0, i)).toISOString(),
    );
  }
}

const GUARDED = ['audit_log', 'audit_checkpoints', 'audit_chain_head'];

/** What an owner can do: switch the guarding triggers off (PostgreSQL) or drop them (SQLite). */
export async function dropGuards(db: Db): Promise<void> {
  if (db.engine === 'postgres') {
    for (const t of GUARDED) await sql`alter table ${sql.table(t)} disable trigger user`.execute(db.kysely);
    return;
  }
  const { rows } = await sql<{ name: string }>`select name from sqlite_master
    where type = 'trigger' and tbl_name in ('audit_log', 'audit_checkpoints', 'audit_chain_head')`.execute(
    db.kysely,
  );
  for (const { name } of rows) await sql`drop trigger ${sql.id(name)}`.execute(db.kysely);
}

/** Runs raw SQL text (the attacker's statements). */
export async function run(db: Db, text: string): Promise<void> {
  await sql.raw(text).execute(db.kysely);
}

export async function idAt(db: Db, seq: number): Promise<string> {
  return (
    await db.kysely.selectFrom('auditLog').select('id').where('seq', '=', seq).executeTakeFirstOrThrow()
  ).id;
}

/** Moves rows with seq ≥ from by `by` places, without tripping the unique seq index midway. */
export async function shiftSeqs(db: Db, from: number, by: number): Promise<void> {
  await run(db, `update audit_log set seq = -seq where seq >= ${from}`);
  await run(db, `update audit_log set seq = -seq + ${by} where seq < 0`);
}
