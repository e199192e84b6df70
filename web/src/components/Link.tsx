import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { localPath, useLang } from '../i18n.ts';
import { JaOnly } from './Localised.tsx';

/** A link to an app path in the current language. */
export function L({ to, children, className }: { to: string; children: ReactNode; className?: string }) {
  const lang = useLang();
  return (
    <Link to={localPath(lang, to)} className={className}>
      {children}
    </Link>
  );
}

/** Text that may be Japanese inside an English page: marked Japanese only, in lang="ja". */
export function Text({ children, fallback }: { children: ReactNode; fallback: boolean }) {
  return fallback ? <JaOnly>{children}</JaOnly> : <>{children}</>;
}
