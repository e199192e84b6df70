/** Pieces of the compare page's lists of changes (pages/compare, insight/diff). */
import type { ReactNode } from 'react';
import { useT } from '../i18n.ts';
import { Section } from './Section.tsx';

/** "None" under a heading that counts changes. */
export function NoChanges() {
  const t = useT();
  return <p className="subtle">{t('web.compare.none')}</p>;
}

/** A section headed by its count of changes (`heading` is a locale key taking `count`). */
export function ChangeSection({
  id,
  heading,
  count,
  children,
}: {
  id: string;
  heading: string;
  count: number;
  children: ReactNode;
}) {
  const t = useT();
  return (
    <Section id={id} title={t(heading, { count })} empty={count === 0 && <NoChanges />}>
      {children}
    </Section>
  );
}

/** A value before and after, read "A to B" by a screen reader. */
export function FromTo({ from, to }: { from: ReactNode; to: ReactNode }) {
  const t = useT();
  return (
    <>
      {from}
      <span aria-hidden="true">→</span>
      <span className="visually-hidden">{t('web.compare.to')}</span>
      {to}
    </>
  );
}
