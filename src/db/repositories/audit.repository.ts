import type { Kysely, Selectable } from 'kysely';
import type { AuditTable, Database } from '../schema.ts';

type Q = Kysely<Database>;
export type AuditRow = Selectable<AuditTable>;

/** Appends to the audit trail; there is no update or delete (the database refuses them). */
export async function appendAudit(db: Q, rows: AuditRow[]): Promise<void> {
  if (rows.length === 0) return;
  await db.insertInto('auditLog').values(rows).execute();
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
