import { describe, expect, it } from 'vitest';
import {
  auditRowHash,
  chainRows,
  EMPTY_HEAD,
  GENESIS_HASH,
  walkRows,
  type AuditContent,
  type ChainedAuditRow,
  type Checkpoint,
} from './audit-chain.ts';

const content = (n: number): AuditContent => ({
  id: `id${n}`,
  at: `2026-12-07T00:00:${String(n).padStart(2, '0')}.000Z`,
  actor: 'u1',
  ip: '127.0.0.1',
  action: 'entry.save',
  entityType: 'progress_entry',
  entityId: `e${n}`,
  cycleId: 'c1',
  before: n % 2 ? null : JSON.stringify({ text: '前' }),
  after: JSON.stringify({ text: `後${n}` }),
  reason: '',
});

/** Ten chained rows and their head. */
function trail(): { rows: ChainedAuditRow[]; head: { seq: number; hash: string } } {
  const rows = chainRows(
    EMPTY_HEAD,
    Array.from({ length: 10 }, (_, i) => content(i + 1)),
  );
  return { rows, head: { seq: 10, hash: rows[9]!.hash } };
}

/** Renumbers rows 1, 2, 3, … in their array order (what an attacker does to close a gap). */
const renumber = (rows: ChainedAuditRow[]) => rows.map((r, i) => ({ ...r, seq: i + 1 }));

describe('the audit hash chain', () => {
  it('chains rows after a head, each hash covering the content and the previous hash', () => {
    const { rows } = trail();
    expect(rows.map((r) => r.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(rows[0]!.prevHash).toBe(GENESIS_HASH);
    expect(rows[1]!.prevHash).toBe(rows[0]!.hash);
    expect(rows[0]!.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(auditRowHash(GENESIS_HASH, { ...content(1), reason: 'x' })).not.toBe(rows[0]!.hash);
    // Appending later continues the same chain.
    const more = chainRows({ seq: 10, hash: rows[9]!.hash }, [content(11)]);
    expect(more[0]).toMatchObject({ seq: 11, prevHash: rows[9]!.hash });
    expect(walkRows([...rows, ...more], { seq: 11, hash: more[0]!.hash }, []).problem).toBeNull();
  });

  it('accepts an untouched trail, and an empty one', () => {
    const { rows, head } = trail();
    expect(walkRows(rows, head, [])).toEqual({ rows: 10, head, problem: null });
    expect(walkRows([], EMPTY_HEAD, [])).toEqual({ rows: 0, head: EMPTY_HEAD, problem: null });
  });

  it('names an altered row', () => {
    const { rows, head } = trail();
    rows[3] = { ...rows[3]!, actor: 'someone else' };
    expect(walkRows(rows, head, []).problem).toMatchObject({ kind: 'altered', seq: 4, id: 'id4' });
  });

  it('names a deleted row, whether or not the later ones were renumbered', () => {
    const { rows, head } = trail();
    const without = rows.filter((r) => r.seq !== 4);
    expect(walkRows(without, head, []).problem).toMatchObject({ kind: 'missing', seq: 4, id: null });
    const renumbered = renumber(without);
    expect(walkRows(renumbered, { seq: 9, hash: head.hash }, []).problem).toMatchObject({
      kind: 'missing',
      seq: 4,
    });
  });

  it('names an inserted row, linked in or not', () => {
    const { rows, head } = trail();
    // A forged row that links to seq 4 and hashes right: the row after it breaks.
    const forged = chainRows({ seq: 4, hash: rows[3]!.hash }, [{ ...content(99), id: 'forged' }])[0]!;
    const linked = renumber([...rows.slice(0, 4), forged, ...rows.slice(4)]);
    const longer = { seq: 11, hash: head.hash };
    expect(walkRows(linked, longer, []).problem).toMatchObject({ kind: 'inserted', seq: 5 });
    // A forged row with a made-up previous hash.
    const loose = renumber([...rows.slice(0, 4), { ...forged, prevHash: 'f'.repeat(64) }, ...rows.slice(4)]);
    const fixed = { ...loose[4]!, hash: auditRowHash(loose[4]!.prevHash, loose[4]!) };
    loose[4] = fixed;
    expect(walkRows(loose, longer, []).problem).toMatchObject({ kind: 'inserted', seq: 5, id: 'forged' });
    // A row appended past the recorded head.
    const appended = [...rows, ...chainRows(head, [content(11)])];
    expect(walkRows(appended, head, []).problem).toMatchObject({ kind: 'inserted', seq: 11 });
    // A second row with a seq already taken.
    expect(walkRows([...rows, { ...rows[2]!, id: 'copy' }], head, []).problem).toMatchObject({
      kind: 'inserted',
    });
  });

  it('names reordered rows', () => {
    const { rows, head } = trail();
    const swapped = renumber([...rows.slice(0, 3), rows[4]!, rows[3]!, ...rows.slice(5)]);
    expect(walkRows(swapped, head, []).problem).toMatchObject({ kind: 'reordered', seq: 4, id: 'id5' });
    const moved = renumber([rows[6]!, ...rows.filter((r) => r.seq !== 7)]);
    expect(walkRows(moved, head, []).problem).toMatchObject({ kind: 'reordered', seq: 1, id: 'id7' });
  });

  it('sees rows cut from the end against the head and against checkpoints', () => {
    const { rows, head } = trail();
    expect(walkRows(rows.slice(0, 7), head, []).problem).toMatchObject({ kind: 'truncated', seq: 8 });
    expect(walkRows([], head, []).problem).toMatchObject({ kind: 'truncated', seq: 1 });
    // The head was reset as well: the checkpoint of a backup taken at seq 9 remembers.
    const backup: Checkpoint = { seq: 9, hash: rows[8]!.hash, kind: 'backup', ref: 'b1', at: 'then' };
    const cut = rows.slice(0, 7);
    const problem = walkRows(cut, { seq: 7, hash: cut[6]!.hash }, [backup]).problem;
    expect(problem).toMatchObject({ kind: 'truncated', seq: 8 });
    expect(problem?.message).toContain('the checkpoint of backup b1');
  });

  it('sees a trail rewritten from some row on, hashes and head included, against a checkpoint', () => {
    const { rows } = trail();
    const edited = [...rows.slice(0, 2), { ...content(3), actor: 'mallory' }, ...rows.slice(3)];
    const rewritten = chainRows(EMPTY_HEAD, edited);
    const head = { seq: 10, hash: rewritten[9]!.hash };
    expect(walkRows(rewritten, head, []).problem).toBeNull();
    const snapshot: Checkpoint = { seq: 6, hash: rows[5]!.hash, kind: 'snapshot', ref: 'c1.r0', at: 'then' };
    expect(walkRows(rewritten, head, [snapshot]).problem).toMatchObject({ kind: 'altered', seq: 6 });
    // and against the chain head, when it was left as it was
    expect(walkRows(rewritten, { seq: 10, hash: rows[9]!.hash }, []).problem).toMatchObject({
      kind: 'altered',
      seq: 10,
    });
  });
});
