/**
 * A character-level diff for Japanese text (no spaces to split words on): the common
 * prefix and suffix are kept, the middle is compared by longest common subsequence, and
 * neighbouring pieces of one kind are merged.
 *
 *   textDiff('本格運用を開始', '試験運用を開始した')
 *   → [{del:'本格'},{ins:'試験'},{same:'運用を開始'},{ins:'した'}]
 */
export interface DiffPart {
  kind: 'same' | 'del' | 'ins';
  text: string;
}

/** Above this many cells the middle is shown as one replacement (still correct, less fine). */
const MAX_CELLS = 4_000_000;

export function textDiff(before: string, after: string): DiffPart[] {
  const a = [...before];
  const b = [...after];
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--;
    endB--;
  }
  const parts: DiffPart[] = [];
  push(parts, 'same', a.slice(0, start).join(''));
  const midA = a.slice(start, endA);
  const midB = b.slice(start, endB);
  if (midA.length * midB.length > MAX_CELLS) {
    push(parts, 'del', midA.join(''));
    push(parts, 'ins', midB.join(''));
  } else {
    for (const p of lcsDiff(midA, midB)) push(parts, p.kind, p.text);
  }
  push(parts, 'same', a.slice(endA).join(''));
  return parts;
}

function push(parts: DiffPart[], kind: DiffPart['kind'], text: string) {
  if (!text) return;
  const last = parts[parts.length - 1];
  if (last && last.kind === kind) last.text += text;
  else parts.push({ kind, text });
}

function lcsDiff(a: string[], b: string[]): DiffPart[] {
  const n = a.length;
  const m = b.length;
  // lengths[i][j]: LCS of a[i..] and b[j..], in one flat array.
  const lengths = new Uint32Array((n + 1) * (m + 1));
  const at = (i: number, j: number) => i * (m + 1) + j;
  for (let i = n - 1; i >= 0; i--)
    for (let j = m - 1; j >= 0; j--)
      lengths[at(i, j)] =
        a[i] === b[j]
          ? lengths[at(i + 1, j + 1)]! + 1
          : Math.max(lengths[at(i + 1, j)]!, lengths[at(i, j + 1)]!);
  const out: DiffPart[] = [];
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (a[i] === b[j]) {
      push(out, 'same', a[i]!);
      i++;
      j++;
      // On a tie the deletion comes first: a change reads 「本格」→「試験」.
    } else if (lengths[at(i + 1, j)]! >= lengths[at(i, j + 1)]!) push(out, 'del', a[i++]!);
    else push(out, 'ins', b[j++]!);
  }
  while (i < n) push(out, 'del', a[i++]!);
  while (j < m) push(out, 'ins', b[j++]!);
  return out;
}
