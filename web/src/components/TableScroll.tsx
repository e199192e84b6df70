import type { ReactNode } from 'react';
import { useT } from '../i18n.ts';

/**
 * A wide table that scrolls sideways on small screens. It is focusable so that keyboard
 * users can scroll it, and named "<heading> (table)" so that it does not repeat the name
 * of the section landmark it sits in.
 */
export function TableScroll({ labelledBy, children }: { labelledBy: string; children: ReactNode }) {
  const t = useT();
  const id = `${labelledBy}-table`;
  return (
    <div className="table-scroll" tabIndex={0} role="region" aria-labelledby={`${labelledBy} ${id}`}>
      <span id={id} hidden>
        {t('web.table_suffix')}
      </span>
      {children}
    </div>
  );
}
