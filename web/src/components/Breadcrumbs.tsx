import { useContext } from 'react';
import { useLocation } from 'react-router';
import { localPath, useLang, useT } from '../i18n.ts';
import { useJsonLd } from '../lib/hooks.ts';
import { RenderContext } from '../lib/ssr.ts';
import { L } from './Link.tsx';

export interface Crumb {
  to: string;
  label: string;
}

/** Where the page sits; the current page is the last, unlinked item (a BreadcrumbList too). */
export function Breadcrumbs({ items, current }: { items: Crumb[]; current: string }) {
  const t = useT();
  const lang = useLang();
  const { pathname } = useLocation();
  const base = useContext(RenderContext)?.publicUrl ?? '';
  useJsonLd('breadcrumbs', () => ({
    '@type': 'BreadcrumbList',
    itemListElement: [
      ...items.map((c) => ({ ...c, url: localPath(lang, c.to) })),
      { label: current, url: pathname },
    ].map((c, i) => ({ '@type': 'ListItem', position: i + 1, name: c.label, item: base + c.url })),
  }));
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
