/**
 * Readable ids and numbers for what the secretariat adds: a new node is named after its
 * parent like the sample's (ai2022-p1-g1 → ai2022-p1-g1-t3), a new initiative after its
 * strategy (ai2022-i30), and a new node without a code gets the next number among its
 * siblings (1.1 → 1.1.4). Existing ids never change. Pure: callers pass what exists.
 */

const NUMBERED = /^(.*?)(\d+)$/;

/** The number after `prefix` in `id`, or null when `id` is not `prefix` followed by digits. */
function numberAfter(prefix: string, id: string): number | null {
  if (!id.startsWith(prefix)) return null;
  const rest = id.slice(prefix.length);
  return /^\d+$/.test(rest) ? Number(rest) : null;
}

/** The first `${prefix}${n}` (n above every sibling's, zero-padded to their width) not taken. */
function next(prefix: string, siblings: readonly string[], taken: (id: string) => boolean): string {
  const numbers = siblings.map((s) => numberAfter(prefix, s)).filter((n): n is number => n !== null);
  const width = Math.max(
    1,
    ...siblings.filter((s) => numberAfter(prefix, s) !== null).map((s) => s.length - prefix.length),
  );
  for (let n = Math.max(0, ...numbers) + 1; ; n++) {
    const id = `${prefix}${String(n).padStart(width, '0')}`;
    if (!taken(id)) return id;
  }
}

/**
 * The id of a new node: its parent's id (or the strategy's, at the top) with the letter its
 * siblings use ('t' for ai2022-p1-g1-t1 …; 'n' when they follow no pattern) and the next number.
 * @example nodeIdFor('ai2022-p1-g1', ['ai2022-p1-g1-t1', 'ai2022-p1-g1-t2'], () => false) // 'ai2022-p1-g1-t3'
 */
export function nodeIdFor(
  base: string,
  siblingIds: readonly string[],
  taken: (id: string) => boolean,
): string {
  const letters = siblingIds
    .map((id) =>
      id.startsWith(`${base}-`) ? /^([a-z]+)\d+$/.exec(id.slice(base.length + 1))?.[1] : undefined,
    )
    .filter((l): l is string => l !== undefined);
  const letter = letters[letters.length - 1] ?? 'n';
  return next(`${base}-${letter}`, siblingIds, taken);
}

/**
 * The id of a new initiative: the strategy's id, 'i' and the next number, padded like the rest.
 * @example initiativeIdFor('ai2022', ['ai2022-i01', 'ai2022-i29'], () => false) // 'ai2022-i30'
 */
export function initiativeIdFor(
  strategyId: string,
  ids: readonly string[],
  taken: (id: string) => boolean,
): string {
  return next(`${strategyId}-i`, ids, taken);
}

/**
 * The code of a new node among its siblings: the parent's code, a dot and the next number
 * ('' parent: just the number), after the highest sibling number and the number of siblings.
 * @example nodeCodeFor('1.1', ['1.1.1', '1.1.2', '1.1.3']) // '1.1.4'
 */
export function nodeCodeFor(parentCode: string, siblingCodes: readonly string[]): string {
  const numbers = siblingCodes.flatMap((c) => {
    const m = NUMBERED.exec(c.trim());
    return m ? [Number(m[2])] : [];
  });
  const n = Math.max(siblingCodes.length, ...numbers) + 1;
  return parentCode.trim() === '' ? String(n) : `${parentCode.trim()}.${n}`;
}
