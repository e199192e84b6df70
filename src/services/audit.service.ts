/**
 * The audit trail (監査ログ): every change, who made it, when, from where, before and after.
 * Services call `audit` inside the transaction of the change, so a change and its record
 * are written together or not at all.
 */
import type { Kysely } from 'kysely';
import type { Db } from '../db/database.ts';
import * as auditRepo from '../db/repositories/audit.repository.ts';
import * as privilegesRepo from '../db/repositories/privileges.repository.ts';
import type { Database } from '../db/schema.ts';
import {
  brokenLinkProblem,
  chainRows,
  ChainWalk,
  EMPTY_HEAD,
  type AuditContent,
  type BrokenLink,
  type ChainHead,
  type ChainProblem,
  type ChainedAuditRow,
  type Checkpoint,
  type LinkContext,
} from '../domain/audit-chain.ts';
import { invalid, notFound } from '../domain/errors.ts';
import { newId } from '../domain/ids.ts';
import { csvField } from '../domain/csv.ts';
import { defined } from '../domain/defined.ts';

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

/**
 * Appends events to the trail, chained after its head (domain/audit-chain.ts). The head stays
 * locked until the caller's transaction ends, so appends from several transactions (and
 * server processes) take their places one after the other; outside a transaction the append
 * makes one of its own.
 */
export async function audit(
  q: Kysely<Database>,
  actor: Actor,
  events: AuditEvent[],
  at: string,
): Promise<void> {
  if (events.length === 0) return;
  const rows: AuditContent[] = events.map((e) => ({
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
  }));
  await appendChained(q, rows);
}

/** Appends rows after the locked head, in one transaction (the caller's, if it is one). */
async function appendChained(q: Kysely<Database>, rows: AuditContent[]): Promise<void> {
  const append = async (trx: Kysely<Database>) => {
    const head = await auditRepo.lockChainHead(trx);
    await auditRepo.appendAudit(trx, chainRows(head, rows));
  };
  if (q.isTransaction) await append(q);
  else await q.transaction().execute(append);
}

/** The outcome of `verifyAuditTrail`. */
export interface AuditVerification {
  ok: boolean;
  /** Rows found in their places before the first problem: all of them when ok. */
  rows: number;
  /** The last of those rows: the head of the trail when ok. */
  head: ChainHead;
  /** Recorded heads the trail was checked against (the database's, and any given). */
  checkpoints: number;
  problem: ChainProblem | null;
}

const VERIFY_PAGE = 2_000;

/**
 * Walks the whole trail in chain order, a page at a time, inside one read-only snapshot, and
 * names the first row that was altered, removed, inserted or moved, or the rows missing from
 * its end (against the chain head, the checkpoints, and `also`: heads kept elsewhere).
 */
export async function verifyAuditTrail(
  db: Db,
  opts: { also?: Checkpoint[]; pageSize?: number } = {},
): Promise<AuditVerification> {
  const size = opts.pageSize ?? VERIFY_PAGE;
  const reading = db.kysely.transaction().setIsolationLevel('repeatable read').setAccessMode('read only');
  return reading.execute(async (trx) => {
    const recorded = await auditRepo.readChainHead(trx);
    const checkpoints = [...(await auditRepo.listCheckpoints(trx)), ...(opts.also ?? [])];
    const walk = new ChainWalk(recorded, checkpoints);
    const result = (problem: ChainProblem | null): AuditVerification => ({
      ok: problem === null,
      rows: walk.rows,
      head: walk.walked,
      checkpoints: checkpoints.length + (recorded ? 1 : 0),
      problem,
    });
    let after: number | undefined;
    for (;;) {
      const page = await auditRepo.chainPage(trx, after, size);
      for (const row of page) {
        const step = walk.step(row);
        if (step.ok) continue;
        if ('problem' in step) return result(step.problem);
        return result(brokenLinkProblem(step.link, await linkContext(trx, step.link)));
      }
      if (page.length < size) break;
      after = defined(page.at(-1), 'the last row of a full page').seq;
    }
    const unplaced = await auditRepo.unplacedRow(trx);
    if (unplaced)
      return result({
        kind: 'inserted',
        seq: null,
        id: unplaced.id,
        message: `row ${unplaced.id} has no seq: it was inserted outside the application`,
      });
    if (!recorded)
      return result({
        kind: 'truncated',
        seq: null,
        id: null,
        message: 'the chain head (audit_chain_head) was removed',
      });
    return result(walk.finish());
  });
}

async function linkContext(q: Kysely<Database>, link: BrokenLink): Promise<LinkContext> {
  return {
    predecessorSeq: await auditRepo.seqOfHash(q, link.row.prevHash),
    nextFollowsPrevious: (await auditRepo.prevHashAt(q, link.row.seq + 1)) === link.expected,
  };
}

/**
 * Records the chain head — the current one, or `head` when the caller read it earlier — as a
 * checkpoint: publications and corrections (kind 'snapshot', ref `<cycle>.r<revision>`) and
 * backups (kind 'backup'). Removing rows from the end of the trail then shows.
 */
export async function recordCheckpoint(
  q: Kysely<Database>,
  kind: 'snapshot' | 'backup',
  ref: string,
  at: string,
  head?: ChainHead,
): Promise<void> {
  const { seq, hash } = head ?? (await auditRepo.readChainHead(q)) ?? EMPTY_HEAD;
  await auditRepo.insertCheckpoints(q, [{ id: newId(), seq, hash, kind, ref, at }]);
}

/**
 * Appends a backup's trail (in chain order) after the head — with the same seqs and hashes
 * when the trail is empty — and its checkpoints, moved to the places their rows take.
 * The backup's chain must have been verified: its rows are seq 1, 2, 3, … in order.
 */
export async function restoreAuditTrail(
  trx: Kysely<Database>,
  rows: AuditContent[],
  checkpoints: (Checkpoint & { id: string })[],
): Promise<void> {
  const head = await auditRepo.lockChainHead(trx);
  const chained = chainRows(head, rows);
  await auditRepo.appendAudit(trx, chained);
  await auditRepo.insertCheckpoints(
    trx,
    checkpoints.map((c) => {
      const { seq, hash } = c.seq === 0 ? head : defined(chained[c.seq - 1], `the audit row ${c.seq}`);
      return { ...c, seq, hash };
    }),
  );
}

/**
 * Lets a PostgreSQL role run the server without the rights to rewrite the trail (see
 * privileges.repository.ts). Run as the tables' owner, after the migrations.
 */
export async function grantServerRole(db: Db, role: string): Promise<{ schema: string }> {
  if (db.engine !== 'postgres')
    throw invalid(
      'roles are a PostgreSQL feature: on SQLite the triggers and the file permissions guard the trail',
    );
  if (role === '' || role.length > 63 || role.includes('\0')) throw invalid(`not a role name: ${role}`);
  const facts = await privilegesRepo.roleFacts(db.kysely, role);
  if (!facts.exists) throw notFound('role', role);
  if (facts.superuser) throw invalid(`${role} is a superuser: it can drop the triggers; choose a plain role`);
  if (facts.ownsTrail)
    throw invalid(
      `${role} owns the tables: it can drop the triggers; run the migrations as the owner and the server as another role`,
    );
  await db.kysely.transaction().execute((trx) => privilegesRepo.grantServerRole(trx, facts.schema, role));
  return { schema: facts.schema };
}

/** An audit row as read back: before/after decoded, and the fields that changed. */
export interface AuditEntry extends Omit<ChainedAuditRow, 'before' | 'after'> {
  before: unknown;
  after: unknown;
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
