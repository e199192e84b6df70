/**
 * "Did you mean …?" for a word typed where one of a few choices was expected (a stage in a
 * survey sheet): the one choice that is clearly closest, or null when none is or two tie.
 */

/** Edit distance (insertions, deletions, substitutions) between two strings, by code point. */
export function editDistance(a: string, b: string): number {
  const x = [...a];
  const y = [...b];
  // prev[j]: the distance from the first i-1 code points of a to the first j of b
  let prev = Array.from({ length: y.length + 1 }, (_, j) => j);
  x.forEach((cx, i) => {
    const row = [i + 1];
    y.forEach((cy, j) => {
      const [up, left, diagonal] = [prev[j + 1] ?? 0, row[j] ?? 0, prev[j] ?? 0];
      row.push(Math.min(up + 1, left + 1, diagonal + (cx === cy ? 0 : 1)));
    });
    prev = row;
  });
  return prev[y.length] ?? 0;
}

const key = (s: string): string =>
  s
    .normalize('NFKC')
    .replace(/[\s。、．，.,!！?？「」『』"'“”]/g, '')
    .toLowerCase();

/**
 * The choice a near-miss most likely meant: at most a third of its length away (at least
 * one edit), with a choice that contains what was typed, or is contained in it, preferred.
 * @example nearestChoice('実施済', ['実施中', '実施済み']) // '実施済み'
 * @example nearestChoice('完了', ['実施中', '実施済み']) // null
 */
export function nearestChoice(typed: string, choices: readonly string[]): string | null {
  const t = key(typed);
  if (t === '') return null;
  // A fragment of several choices (実施 of 実施中 and 実施済み) could mean any of them.
  if (choices.filter((c) => key(c).includes(t)).length > 1) return null;
  let best: { choice: string; score: number } | null = null;
  let tie = false;
  for (const choice of choices) {
    const c = key(choice);
    if (c === '') continue;
    const distance = editDistance(t, c);
    if (distance > Math.max(1, Math.floor(Math.max(t.length, c.length) / 3))) continue;
    const score = distance - (c.includes(t) || t.includes(c) ? 0.5 : 0);
    if (best === null || score < best.score) {
      best = { choice, score };
      tie = false;
    } else if (score === best.score && choice !== best.choice) tie = true;
  }
  return best && !tie ? best.choice : null;
}
