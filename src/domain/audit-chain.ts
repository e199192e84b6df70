/**
 * The audit trail as a hash chain (監査ログの改ざん検知). Every row carries its place in the
 * trail (`seq`, 1, 2, 3, …), the hash of the row before it (`prevHash`) and its own hash,
 * SHA-256 over the previous hash and a canonical encoding of the row's content. Changing,
 * removing, adding or moving a row breaks the chain at that row; removing rows from the end
 * is seen against the chain heads recorded elsewhere (the chain-head row, checkpoints taken
 * at publications and backups, a backup file). No key is involved: whoever can write the
 * table can compute a valid chain, so the heads held outside the table are what make a
 * rewrite visible. Pure: no database, no clock.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';

/** The `prevHash` of the first row. */
export const GENESIS_HASH = '0'.repeat(64);

/** What a row says: every column but its place in the chain. */
export const AuditContent = z.object({
  id: z.string(),
  at: z.string(),
  actor: z.string(),
  ip: z.string(),
  action: z.string(),
  entityType: z.string(),
  entityId: z.string(),
  cycleId: z.string().nullable(),
  /** The entity before and after, as JSON text. */
  before: z.string().nullable(),
  after: z.string().nullable(),
  reason: z.string(),
});
export type AuditContent = z.infer<typeof AuditContent>;

export interface ChainLink {
  seq: number;
  prevHash: string;
  hash: string;
}

export type ChainedAuditRow = AuditContent & ChainLink;

/** A point of the chain: its last row's seq and hash (seq 0: the empty trail). */
export interface ChainHead {
  seq: number;
  hash: string;
}

export const EMPTY_HEAD: ChainHead = { seq: 0, hash: GENESIS_HASH };

/** A chain head recorded at some moment (a publication, a backup), to check the trail against. */
export interface Checkpoint extends ChainHead {
  kind: string;
  ref: string;
  at: string;
}

/**
 * The text a row's hash covers: its content as a JSON array in a fixed column order.
 * @example canonicalAuditContent(row) // '["id1","2026-…","u1","","entry.save",…]'
 */
export function canonicalAuditContent(row: AuditContent): string {
  return JSON.stringify([
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
}

/**
 * A row's hash: hex SHA-256 of "shinchoku-audit-v1", the previous hash and the canonical
 * content, one per line.
 * @example auditRowHash(GENESIS_HASH, row) // '3f1c…' (64 hex digits)
 */
export function auditRowHash(prevHash: string, row: AuditContent): string {
  return createHash('sha256')
    .update(`shinchoku-audit-v1\n${prevHash}\n${canonicalAuditContent(row)}`, 'utf8')
    .digest('hex');
}

/**
 * Places rows after `head`, in the order given: their seq, previous hash and hash.
 * @example chainRows(EMPTY_HEAD, [a, b]) // [{ ...a, seq: 1, … }, { ...b, seq: 2, … }]
 */
export function chainRows<T extends AuditContent>(head: ChainHead, rows: readonly T[]): (T & ChainLink)[] {
  let { seq, hash } = head;
  return rows.map((row) => {
    const prevHash = hash;
    hash = auditRowHash(prevHash, row);
    seq += 1;
    return { ...row, seq, prevHash, hash };
  });
}

export type ChainProblemKind = 'altered' | 'missing' | 'inserted' | 'reordered' | 'truncated';

/** The first place where the trail is not what was written. */
export interface ChainProblem {
  kind: ChainProblemKind;
  /** The seq of the first bad row (for missing rows: the first seq that is gone). */
  seq: number | null;
  /** The id of that row, when it is there to name. */
  id: string | null;
  message: string;
}

/** A row whose `prevHash` is not the hash of the row before it: where does it point? */
export interface BrokenLink {
  row: ChainedAuditRow;
  /** The hash the row should have followed (the previous row's). */
  expected: string;
}

/** What the rest of the trail says about a broken link (found by the caller). */
export interface LinkContext {
  /** The seq of the row whose hash the broken row names as its predecessor, if any. */
  predecessorSeq: number | undefined;
  /** Whether the next row follows the row before the broken one (the broken one was slipped in). */
  nextFollowsPrevious: boolean;
}

export type StepResult =
  { ok: true } | { ok: false; problem: ChainProblem } | { ok: false; link: BrokenLink };

const short = (hash: string): string => hash.slice(0, 12);

/**
 * Walks the trail row by row in seq order and stops at the first problem. The caller feeds
 * rows with `step`, resolves broken links with `brokenLinkProblem`, and ends with `finish`.
 */
export class ChainWalk {
  rows = 0;
  private last: ChainHead = EMPTY_HEAD;
  private readonly bySeq = new Map<number, Checkpoint[]>();

  /**
   * @param head the chain head the database records (every append moves it), if any
   * @param checkpoints heads recorded at publications and backups, and any given from outside
   */
  constructor(
    private readonly head: ChainHead | undefined,
    private readonly checkpoints: readonly Checkpoint[],
  ) {
    for (const c of checkpoints) this.bySeq.set(c.seq, [...(this.bySeq.get(c.seq) ?? []), c]);
  }

  /** The head of the rows walked so far. */
  get walked(): ChainHead {
    return this.last;
  }

  step(row: ChainedAuditRow): StepResult {
    const expected = this.last.seq + 1;
    if (!Number.isSafeInteger(row.seq) || row.seq < expected)
      return this.fail(
        'inserted',
        row,
        `seq ${String(row.seq)} appears after seq ${this.last.seq}: not a place in the chain`,
      );
    if (row.seq > expected) {
      const gone = row.seq - 1 > expected ? `seq ${expected}–${row.seq - 1} are` : `seq ${expected} is`;
      return this.fail(
        'missing',
        { seq: expected, id: null },
        `${gone} missing: the trail jumps from seq ${this.last.seq} to seq ${row.seq}`,
      );
    }
    if (this.head && row.seq > this.head.seq)
      return this.fail(
        'inserted',
        row,
        `seq ${row.seq} lies beyond the recorded chain head (seq ${this.head.seq}): added outside the application`,
      );
    if (auditRowHash(row.prevHash, row) !== row.hash)
      return this.fail(
        'altered',
        row,
        `seq ${row.seq} (id ${row.id}) was altered: its content does not match its hash`,
      );
    if (row.prevHash !== this.last.hash) return { ok: false, link: { row, expected: this.last.hash } };
    for (const c of this.bySeq.get(row.seq) ?? [])
      if (c.hash !== row.hash)
        return this.fail(
          'altered',
          row,
          `seq ${row.seq} (id ${row.id}) differs from ${describe(c)}: the trail up to it was rewritten`,
        );
    this.last = { seq: row.seq, hash: row.hash };
    this.rows += 1;
    return { ok: true };
  }

  /** After the last row: is anything missing from the end? */
  finish(): ChainProblem | null {
    const end = this.last;
    if (this.head && this.head.seq > end.seq)
      return problem(
        'truncated',
        end.seq + 1,
        null,
        `the trail ends at seq ${end.seq} but the chain head records seq ${this.head.seq}: seq ${end.seq + 1}–${this.head.seq} were removed`,
      );
    if (this.head && this.head.seq === end.seq && this.head.hash !== end.hash)
      return problem(
        'altered',
        end.seq,
        null,
        `seq ${end.seq} differs from the recorded chain head (${short(this.head.hash)}): the trail was rewritten`,
      );
    const beyond = this.checkpoints.filter((c) => c.seq > end.seq).sort((a, b) => a.seq - b.seq)[0];
    if (beyond)
      return problem(
        'truncated',
        end.seq + 1,
        null,
        `the trail ends at seq ${end.seq} but ${describe(beyond)} records seq ${beyond.seq}: rows after seq ${end.seq} were removed`,
      );
    return null;
  }

  private fail(kind: ChainProblemKind, row: { seq: number; id: string | null }, message: string): StepResult {
    return { ok: false, problem: problem(kind, row.seq, row.id, message) };
  }
}

/**
 * Names what a broken link means, given where its predecessor is: rows moved (reordered),
 * a row slipped in (inserted), or rows gone from before it (missing).
 * @example brokenLinkProblem(link, { predecessorSeq: 9, nextFollowsPrevious: false }) // reordered
 */
export function brokenLinkProblem(link: BrokenLink, context: LinkContext): ChainProblem {
  const { row } = link;
  const named = `seq ${row.seq} (id ${row.id})`;
  // The first row of a chain follows the genesis hash, "seq 0".
  const predecessor = row.prevHash === GENESIS_HASH ? 0 : context.predecessorSeq;
  if (predecessor !== undefined && predecessor > row.seq)
    return problem('reordered', row.seq, row.id, `${named} is out of order: it follows seq ${predecessor}`);
  if (context.nextFollowsPrevious)
    return problem(
      'inserted',
      row.seq,
      row.id,
      `${named} was inserted: the row after it follows seq ${row.seq - 1}`,
    );
  if (predecessor !== undefined) {
    const slipped =
      predecessor + 1 === row.seq - 1
        ? `seq ${row.seq - 1} was`
        : `seq ${predecessor + 1}–${row.seq - 1} were`;
    return problem(
      'inserted',
      predecessor + 1,
      null,
      `${slipped} inserted: ${named} follows seq ${predecessor}`,
    );
  }
  return problem(
    'missing',
    row.seq,
    null,
    `a row is missing before ${named}: it follows a row (${short(row.prevHash)}…) that is no longer in the trail (deleted, or seq ${row.seq - 1} was rewritten)`,
  );
}

function problem(
  kind: ChainProblemKind,
  seq: number | null,
  id: string | null,
  message: string,
): ChainProblem {
  return { kind, seq, id, message };
}

function describe(c: Checkpoint): string {
  return `the checkpoint of ${c.kind} ${c.ref} (${c.at})`;
}

/** The outcome of a walk: rows in order before the first problem, and where they end. */
export interface ChainWalkResult {
  rows: number;
  head: ChainHead;
  problem: ChainProblem | null;
}

/**
 * Walks rows held in memory (a backup's), in seq order, against their recorded head and
 * checkpoints.
 * @example walkRows(backup.auditLog, backup.auditHead, backup.checkpoints).problem // null
 */
export function walkRows(
  rows: readonly ChainedAuditRow[],
  head: ChainHead | undefined,
  checkpoints: readonly Checkpoint[],
): ChainWalkResult {
  const walk = new ChainWalk(head, checkpoints);
  const sorted = [...rows].sort((a, b) => a.seq - b.seq);
  const seqOf = new Map<string, number>();
  for (const r of sorted) if (!seqOf.has(r.hash)) seqOf.set(r.hash, r.seq);
  const end = (problem: ChainProblem | null): ChainWalkResult => ({
    rows: walk.rows,
    head: walk.walked,
    problem,
  });
  for (const [i, row] of sorted.entries()) {
    const step = walk.step(row);
    if (step.ok) continue;
    if ('problem' in step) return end(step.problem);
    return end(
      brokenLinkProblem(step.link, {
        predecessorSeq: seqOf.get(row.prevHash),
        nextFollowsPrevious: sorted[i + 1]?.prevHash === step.link.expected,
      }),
    );
  }
  return end(walk.finish());
}
