/**
 * Review rules the secretariat applies to ministry entries: which states settle an entry for
 * publication, the named exceptions (該当なし, 報告なし), and the placeholder check that flags
 * unfinished text (「約○機関」, 「未定」) before it is accepted.
 */
import { z } from 'zod';
import type { ReviewState } from './model.ts';

/** The secretariat's named exceptions: an item with nothing to report, or whose ministry did not. */
export const EXCEPTION_KINDS = ['not_applicable', 'no_report'] as const;
export type ExceptionKind = (typeof EXCEPTION_KINDS)[number];

export const isException = (state: ReviewState): state is ExceptionKind =>
  (EXCEPTION_KINDS as readonly string[]).includes(state);

/**
 * An entry that no longer holds up publication: accepted, or excepted with a reason.
 * @example isSettled('no_report') // true
 */
export const isSettled = (state: ReviewState): boolean => state === 'accepted' || isException(state);

/** Marks left in a text by a drafter who meant to fill them in. Longest first: 約○ before ○. */
const PLACEHOLDERS = ['約○', '約●', '○', '●', '〇', 'XX', 'ＸＸ', '未定', 'TBD'] as const;

/**
 * The placeholders a text still contains, each once, in the order they first appear. `XX`
 * and `TBD` match in any letter case and also as full-width letters; `約○` is reported
 * instead of the `○` inside it.
 * @example placeholdersIn('約○機関で実施（時期は未定）') // ['約○', '未定']
 */
export function placeholdersIn(text: string): string[] {
  const normal = text.normalize('NFKC').toUpperCase();
  const found: { mark: string; at: number }[] = [];
  const taken = new Set<number>();
  for (const mark of PLACEHOLDERS) {
    const needle = mark.normalize('NFKC').toUpperCase();
    let at = normal.indexOf(needle);
    let first = -1;
    while (at !== -1) {
      const span = Array.from({ length: needle.length }, (_, i) => at + i);
      if (!span.some((i) => taken.has(i))) {
        span.forEach((i) => taken.add(i));
        if (first === -1) first = at;
      }
      at = normal.indexOf(needle, at + needle.length);
    }
    if (first !== -1 && !found.some((f) => f.mark === needle)) found.push({ mark: needle, at: first });
  }
  return found.sort((a, b) => a.at - b.at).map((f) => f.mark);
}

/**
 * The placeholders an entry still holds in its progress text or its plans — what review flags
 * (saving is never blocked by them). An exception's text is the secretariat's reason: none.
 * @example entryPlaceholders({ reviewState: 'draft', text: '約○機関', plans: [{ text: '時期は未定' }] }) // ['約○', '未定']
 */
export function entryPlaceholders(entry: {
  reviewState: ReviewState;
  text: string;
  plans: readonly { text: string }[];
}): string[] {
  if (isException(entry.reviewState)) return [];
  const marks = [entry.text, ...entry.plans.map((p) => p.text)].flatMap(placeholdersIn);
  return [...new Set(marks)];
}

/** The API's field for what `entryPlaceholders` finds. */
export const Placeholders = z.array(z.string()).meta({
  description:
    'placeholders left in the text or plans (約○, 未定, XX, TBD …): flagged for review, saving is not refused',
});
