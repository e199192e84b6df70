import type { ReactNode } from 'react';
import { Section, TableSection } from '../../components/Section.tsx';
import { useT } from '../../i18n.ts';

/**
 * A panel of the dashboard, headed by `web.dashboard.<name>` (its id `<name>-heading`).
 * `none`, when set, is the key of the sentence shown instead of the content; `table` lets a
 * wide table scroll sideways on a phone.
 */
export function Panel({
  name,
  look,
  none,
  table = false,
  children,
}: {
  name: string;
  look?: 'wide' | 'attention';
  none?: string | false;
  table?: boolean;
  children: ReactNode;
}) {
  const t = useT();
  const section = {
    id: `${name}-heading`,
    title: t(`web.dashboard.${name}`),
    className: look ? `panel panel--${look}` : 'panel',
    empty: none && <p>{t(none)}</p>,
  };
  return table ? (
    <TableSection {...section}>{children}</TableSection>
  ) : (
    <Section {...section}>{children}</Section>
  );
}
