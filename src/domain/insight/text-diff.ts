/**
 * Character diff for Japanese text (which has no spaces to split words on): Myers' O(ND)
 * algorithm over code points, then a semantic clean-up that folds short equal runs caught
 * between changes into the changes, so that 「試作した」→「構築した」 reads as one
 * replacement 試作→構築 rather than a scatter of single characters. Pure.
 */
import { defined } from '../defined.ts';

export type DiffOp = 'equal' | 'insert' | 'delete';

export interface DiffPart {
  op: DiffOp;
  text: string;
}

/** Beyond this many edits the texts are shown as one deletion and one insertion. */
export const MAX_EDITS = 1000;

/** A character within the compared texts (the edit path never leaves them). */
const charAt = (chars: readonly string[], i: number): string => chars[i] ?? '';

/** Myers' shortest edit script between two arrays of characters. Null when over `limit`. */
function myers(a: readonly string[], b: readonly string[], limit: number): DiffPart[] | null {
  const n = a.length;
  const m = b.length;
  const size = n + m + 2;
  const v = new Int32Array(2 * size + 1);
  const off = size;
  const trace: Int32Array[] = [];
  let found = -1;
  for (let d = 0; d <= Math.min(limit, n + m) && found < 0; d++) {
    trace.push(v.slice(off - d - 1, off + d + 2));
    for (let k = -d; k <= d; k += 2) {
      const [left, right] = [v[off + k - 1] ?? 0, v[off + k + 1] ?? 0];
      let x = k === -d || (k !== d && left < right) ? right : left + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) {
        x++;
        y++;
      }
      v[off + k] = x;
      if (x >= n && y >= m) {
        found = d;
        break;
      }
    }
  }
  if (found < 0) return null;
  const out: DiffPart[] = [];
  let x = n;
  let y = m;
  for (let d = found; d > 0; d--) {
    const row = defined(trace[d], `the trace at ${d} edits`);
    const at = (k: number) => row[k + d + 1] ?? 0;
    const k = x - y;
    const prevK = k === -d || (k !== d && at(k - 1) < at(k + 1)) ? k + 1 : k - 1;
    const prevX = at(prevK);
    const prevY = prevX - prevK;
    while (x > prevX && y > prevY) {
      out.push({ op: 'equal', text: charAt(a, --x) });
      y--;
    }
    if (x === prevX) out.push({ op: 'insert', text: charAt(b, --y) });
    else out.push({ op: 'delete', text: charAt(a, --x) });
  }
  while (x > 0) out.push({ op: 'equal', text: charAt(a, --x) });
  return out.reverse();
}

/** Joins neighbours with the same op; between two equalities deletions come first. */
function merge(parts: readonly DiffPart[]): DiffPart[] {
  const out: DiffPart[] = [];
  let del = '';
  let ins = '';
  const flush = () => {
    if (del) out.push({ op: 'delete', text: del });
    if (ins) out.push({ op: 'insert', text: ins });
    del = ins = '';
  };
  for (const p of parts) {
    if (p.text === '') continue;
    if (p.op === 'delete') del += p.text;
    else if (p.op === 'insert') ins += p.text;
    else {
      flush();
      const last = out[out.length - 1];
      if (last?.op === 'equal') last.text += p.text;
      else out.push({ ...p });
    }
  }
  flush();
  return out;
}

const len = (s: string) => Array.from(s).length;

/**
 * Folds an equality into the surrounding changes when it is no longer than the change on
 * each side of it (diff-match-patch's semantic rule), until nothing changes.
 */
export function cleanup(parts: readonly DiffPart[]): DiffPart[] {
  let cur = merge(parts);
  for (let changed = true; changed;) {
    changed = false;
    for (const [i, e] of cur.entries()) {
      if (e.op !== 'equal') continue;
      const edits = (from: number, step: number) => {
        let n = 0;
        for (let j = from, p = cur[j]; p && p.op !== 'equal'; j += step, p = cur[j])
          n = Math.max(n, len(p.text));
        return n;
      };
      const before = edits(i - 1, -1);
      const after = edits(i + 1, 1);
      if (before > 0 && after > 0 && len(e.text) <= before && len(e.text) <= after) {
        cur = merge([
          ...cur.slice(0, i),
          { op: 'delete', text: e.text },
          { op: 'insert', text: e.text },
          ...cur.slice(i + 1),
        ]);
        changed = true;
        break;
      }
    }
  }
  return cur;
}

/**
 * The changes that turn `a` into `b`, character by character, cleaned up for reading.
 *
 * @example diffText('試作した。', '構築した。')
 *   // [{ op: 'delete', text: '試作' }, { op: 'insert', text: '構築' }, { op: 'equal', text: 'した。' }]
 */
export function diffText(a: string, b: string, limit = MAX_EDITS): DiffPart[] {
  const ca = Array.from(a);
  const cb = Array.from(b);
  let pre = 0;
  while (pre < ca.length && pre < cb.length && ca[pre] === cb[pre]) pre++;
  let suf = 0;
  while (
    suf < ca.length - pre &&
    suf < cb.length - pre &&
    ca[ca.length - 1 - suf] === cb[cb.length - 1 - suf]
  )
    suf++;
  const midA = ca.slice(pre, ca.length - suf);
  const midB = cb.slice(pre, cb.length - suf);
  const middle = myers(midA, midB, limit) ?? [
    { op: 'delete' as const, text: midA.join('') },
    { op: 'insert' as const, text: midB.join('') },
  ];
  const head = { op: 'equal' as const, text: ca.slice(0, pre).join('') };
  const tail = { op: 'equal' as const, text: ca.slice(ca.length - suf).join('') };
  return cleanup([head, ...middle, tail]);
}

/**
 * The two texts back from a diff (a check that a diff is complete).
 * @example sides(diffText('あい', 'いう')) // { before: 'あい', after: 'いう' }
 */
export function sides(parts: readonly DiffPart[]): { before: string; after: string } {
  return {
    before: parts
      .filter((p) => p.op !== 'insert')
      .map((p) => p.text)
      .join(''),
    after: parts
      .filter((p) => p.op !== 'delete')
      .map((p) => p.text)
      .join(''),
  };
}
