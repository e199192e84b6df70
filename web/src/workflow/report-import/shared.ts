/** What the report review screens share: their error messages. */
import { ApiError } from '../../api/client.ts';
import type { Translate } from '../../i18n.ts';
import { errorText } from '../common.tsx';

const CODES = new Set([
  'empty_file',
  'too_large',
  'unreadable',
  'changed',
  'accepted',
  'unknown_node',
  'unknown_item',
  'unknown_check',
  'unknown_organisation',
  'move_into_itself',
  'not_listed',
  'merge_same',
  'has_children',
  'top_level',
  'no_overview',
  'no_cycle',
]);

/** A refused upload, fix or acceptance, said in the reader's language. */
export function reviewErrorText(t: Translate, err: unknown): string {
  if (!(err instanceof ApiError)) return errorText(t, err);
  const details = (err.details ?? {}) as { code?: unknown; strategyId?: unknown };
  if (typeof details.strategyId === 'string' && err.status === 409)
    return t('report_import.error.strategy_taken', { id: details.strategyId });
  if (err.status === 409 && Array.isArray((details as { problems?: unknown }).problems))
    return t('report_import.error.past_refused');
  if (typeof details.code === 'string' && CODES.has(details.code))
    return t(`report_import.error.${details.code}`);
  if (err.status === 413) return t('report_import.error.too_large');
  if (err.status === 400) return t('report_import.error.invalid');
  return errorText(t, err);
}

/** The page (or slide) of a source line; null for a text file's line (as src/domain/report-review.ts). */
export const sourcePage = (line: number): number | null => (line >= 1000 ? Math.floor(line / 1000) : null);
