import type { ReactNode } from 'react';
import { TableScroll } from './TableScroll.tsx';

interface SectionProps {
  /** The heading's id, which names the section landmark. */
  id: string;
  title: ReactNode;
  className?: string;
  /** When given (not false or null), shown instead of the content: the sentence "none yet". */
  empty?: ReactNode;
  children?: ReactNode;
}

/**
 * A section landmark named by its h2, as the pages lay them out.
 *
 * Example: `<Section id="data-heading" title={t('web.downloads.open_data')} empty={none && <p>…</p>}>`
 */
export function Section({ id, title, className, empty, children }: SectionProps) {
  return (
    <section aria-labelledby={id} className={className}>
      <h2 id={id}>{title}</h2>
      {empty || children}
    </section>
  );
}

/** A Section whose content is a wide table that scrolls sideways on a phone (TableScroll). */
export function TableSection({ children, ...section }: SectionProps) {
  return (
    <Section {...section}>
      <TableScroll labelledBy={section.id}>{children}</TableScroll>
    </Section>
  );
}
