/**
 * The audit trail (監査ログ): every change, who made it, when, from where, before and after.
 * Services call `audit` inside the transaction of the change, so a change and its record
 * are written together or not at all.
 */
import type { Kysely } from 'kysely';
import type { Db } from '../db/database.ts';
import * as auditRepo from '../db/repositories/audit.repository.ts';
import type { Database } from '../db/schema.ts';
import { newId } from '../domain/ids.ts';
import { csvField } from '../reports/render/csv.ts';

/** Who is acting: a user id (or system:…) and the source address. */
export interface Actor {
  id: string;
  ip: string;
}

export const SYSTEM_ACTOR: Actor = { id: 'system', ip: '' };

export interface AuditEvent {
  action: string;
  entityType: string;
  entityId: string;
  cycleId?: string | null;
  before?: unknown;
  after?: unknown;
  reason?: string;
}

export async function audit(
  q: Kysely<Database>,
  actor: Actor,
  events: AuditEvent[],
  at: string,
): Promise<void> {
  await auditRepo.appendAudit(
    q,
    events.map((e) => ({
      id: newId(),
      at,
      actor: actor.id,
      ip: actor.ip,
      action: e.action,
      entityType: e.entityType,
      entityId: e.entityId,
      cycleId: e.cycleId ?? null,
      before: e.before === undefined ? null : JSON.stringify(e.before),
      after: e.after === undefined ? null : JSON.stringify(e.after),
      reason: e.reason ?? '',
    })),
  );
}

export interface AuditEntry {
  id: string;
  at: string;
  actor: string;
  ip: string;
  action: string;
  entityType: string;
  entityId: string;
  cycleId: string | null;
  before: unknown;
  after: unknown;
  reason: string;
  /** Fields whose value differs between before and after. */
  changed: string[];
}

export async function history(
  db: Db,
  where: { entityType?: string; entityId?: string; cycleId?: string },
): Promise<AuditEntry[]> {
  const rows = await auditRepo.listAudit(db.kysely, where);
  return rows.map((r) => {
    const before = r.before === null ? null : (JSON.parse(r.before) as unknown);
    const after = r.after === null ? null : (JSON.parse(r.after) as unknown);
    return { ...r, before, after, changed: changedFields(before, after) };
  });
}

function changedFields(before: unknown, after: unknown): string[] {
  if (typeof before !== 'object' || typeof after !== 'object' || !before || !after) return [];
  const a = before as Record<string, unknown>;
  const b = after as Record<string, unknown>;
  return [...new Set([...Object.keys(a), ...Object.keys(b)])]
    .filter((k) => !['version', 'updatedAt', 'updatedBy', 'createdAt'].includes(k))
    .filter((k) => JSON.stringify(a[k]) !== JSON.stringify(b[k]))
    .sort();
}

const CSV_COLUMNS = [
  'at',
  'actor',
  'ip',
  'action',
  'entityType',
  'entityId',
  'cycleId',
  'changed',
  'reason',
  'before',
  'after',
] as const;

/** The audit trail as CSV (UTF-8 with BOM; cells that a spreadsheet would run are neutralised). */
export function auditCsv(entries: AuditEntry[]): string {
  const cell = (v: unknown): string =>
    csvField(v === null || v === undefined ? '' : typeof v === 'string' ? v : JSON.stringify(v));
  const lines = [CSV_COLUMNS.join(',')];
  for (const e of entries) {
    lines.push(CSV_COLUMNS.map((c) => cell(c === 'changed' ? e.changed.join(' ') : e[c])).join(','));
  }
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}
