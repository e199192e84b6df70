import type { ReactNode } from 'react';
import type { Correction } from '../../../src/domain/corrections.ts';
import { useLang, useT } from '../i18n.ts';
import { dateTime } from './common.tsx';

/**
 * Corrections, one item each: the line `lineKey` says of it (its date, revision and
 * `reason`), then what `children` shows of it.
 */
export function CorrectionList({
  list,
  lineKey,
  reason,
  children,
}: {
  list: Correction[];
  lineKey: string;
  reason: (c: Correction) => string;
  children: (c: Correction) => ReactNode;
}) {
  const t = useT();
  const lang = useLang();
  return (
    <ul>
      {list.map((c) => (
        <li key={c.id}>
          {t(lineKey, { date: dateTime(c.createdAt, lang), revision: c.revision, reason: reason(c) })}
          {children(c)}
        </li>
      ))}
    </ul>
  );
}
