import { sql, type Kysely, type Selectable } from 'kysely';
import type { ChainedAuditRow, ChainHead, Checkpoint } from '../../domain/audit-chain.ts';
import { insertMany } from '../bulk.ts';
import type { AuditCheckpointTable, AuditTable, Database } from '../schema.ts';

type Q = Kysely<Database>;
export type AuditRow = Selectable<AuditTable>;
export type CheckpointRow = Selectable<AuditCheckpointTable>;

/**
 * The chain head, locked until the end of the transaction: writers of the trail take turns
 * here, so two server processes cannot give two rows the same place. An update that changes
 * nothing takes the row lock on PostgreSQL (and, under READ COMMITTED, returns the head as
 * the writer before left it) and the write lock on SQLite.
 */
export async function lockChainHead(q: Q): Promise<ChainHead> {
  return q
    .updateTable('auditChainHead')
    .set({ seq: sql`seq` })
    .where('id', '=', 1)
    .returning(['seq', 'hash'])
    .executeTakeFirstOrThrow();
}

/** The chain head as recorded (without a lock); undefined when its row is gone. */
export async function readChainHead(q: Q): Promise<ChainHead | undefined> {
  return q.selectFrom('auditChainHead').select(['seq', 'hash']).where('id', '=', 1).executeTakeFirst();
}

/**
 * Appends chained rows to the trail; a trigger moves the head to the last of them. There is
 * no update or delete (the database refuses them). Call with the head locked (`lockChainHead`).
 */
export async function appendAudit(q: Q, rows: ChainedAuditRow[]): Promise<void> {
  await insertMany(q, 'auditLog', rows);
}

export async function listAudit(
  db: Q,
  where: { entityType?: string; entityId?: string; cycleId?: string; limit?: number },
): Promise<AuditRow[]> {
  let q = db.selectFrom('auditLog').selectAll();
  if (where.entityType !== undefined) q = q.where('entityType', '=', where.entityType);
  if (where.entityId !== undefined) q = q.where('entityId', '=', where.entityId);
  if (where.cycleId !== undefined) q = q.where('cycleId', '=', where.cycleId);
  return q
    .orderBy('at')
    .orderBy('id')
    .limit(where.limit ?? 10_000)
    .execute();
}

/**
 * Up to `limit` rows after `afterSeq` (from the first when undefined, whatever its seq), in
 * chain order: a page of a walk through the trail.
 */
export async function chainPage(q: Q, afterSeq: number | undefined, limit: number): Promise<AuditRow[]> {
  let page = q.selectFrom('auditLog').selectAll();
  if (afterSeq !== undefined) page = page.where('seq', '>', afterSeq);
  return page.orderBy('seq').limit(limit).execute();
}

/** The seq of a row with this hash, if one is stored. */
export async function seqOfHash(q: Q, hash: string): Promise<number | undefined> {
  const row = await q
    .selectFrom('auditLog')
    .select('seq')
    .where('hash', '=', hash)
    .orderBy('seq')
    .executeTakeFirst();
  return row?.seq;
}

/** The previous hash the row at `seq` names. */
export async function prevHashAt(q: Q, seq: number): Promise<string | undefined> {
  const row = await q.selectFrom('auditLog').select('prevHash').where('seq', '=', seq).executeTakeFirst();
  return row?.prevHash;
}

/** A row that has no place in the chain (no seq), if any: only a direct insert makes one. */
export async function unplacedRow(q: Q): Promise<{ id: string } | undefined> {
  return q.selectFrom('auditLog').select('id').where('seq', 'is', null).limit(1).executeTakeFirst();
}

export async function listCheckpoints(q: Q): Promise<CheckpointRow[]> {
  return q.selectFrom('auditCheckpoints').selectAll().orderBy('seq').orderBy('id').execute();
}

export async function insertCheckpoints(q: Q, rows: (Checkpoint & { id: string })[]): Promise<void> {
  await insertMany(q, 'auditCheckpoints', rows);
}
