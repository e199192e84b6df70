/**
 * Deadlines of a cycle (提出期限): the cycle's own, and per ministry an override that
 * extends or shortens it. An entry is overdue (期限超過) when it is still owed — a draft
 * or returned — after the last day of its ministry's effective deadline.
 */
import type { ReviewState } from './model.ts';

/**
 * The deadline that applies to a ministry: its override, else the cycle's (ISO dates).
 * @example effectiveDeadline('2024-03-15', '2024-03-29') // '2024-03-29'
 */
export function effectiveDeadline(
  cycleDeadline: string | null,
  override: string | null | undefined,
): string | null {
  return override ?? cycleDeadline;
}

/** Whether an entry in this state still has to be submitted by its ministry. */
export const isOwed = (state: ReviewState): boolean => state === 'draft' || state === 'returned';

/**
 * Whether an entry is overdue on `today` (ISO date): owed, and the deadline day is past.
 * @example isOverdue('draft', '2024-03-15', '2024-03-16') // true
 * @example isOverdue('draft', '2024-03-15', '2024-03-15') // false (the last day still counts)
 */
export function isOverdue(state: ReviewState, deadline: string | null, today: string): boolean {
  return isOwed(state) && deadline !== null && today > deadline;
}
