import { useT } from '../i18n.ts';
import { L } from './Link.tsx';

export interface Crumb {
  to: string;
  label: string;
}

/** Where the page sits; the current page is the last, unlinked item. */
export function Breadcrumbs({ items, current }: { items: Crumb[]; current: string }) {
  const t = useT();
  return (
    <nav aria-label={t('web.nav.breadcrumbs')} className="breadcrumbs">
      <ol>
        {items.map((c) => (
          <li key={c.to}>
            <L to={c.to}>{c.label}</L>
          </li>
        ))}
        <li aria-current="page">{current}</li>
      </ol>
    </nav>
  );
}
