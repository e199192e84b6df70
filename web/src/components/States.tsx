import type { ReactNode } from 'react';
import { ApiError } from '../api/client.ts';
import type { Loadable } from '../lib/hooks.ts';
import { usePageTitle } from '../lib/hooks.ts';
import { useT } from '../i18n.ts';
import { L } from './Link.tsx';

export function Loading() {
  const t = useT();
  return (
    <p role="status" className="loading">
      {t('web.loading')}
    </p>
  );
}

export function NotFoundContent() {
  const t = useT();
  usePageTitle(t('web.not_found.title'));
  return (
    <>
      <h1>{t('web.not_found.title')}</h1>
      <p>{t('web.not_found.body')}</p>
      <p>
        <L to="/">{t('web.not_found.home')}</L>
      </p>
    </>
  );
}

export function ErrorView({ error }: { error: Error }) {
  const t = useT();
  usePageTitle(t('web.error.title'));
  if (error instanceof ApiError && error.status === 404) return <NotFoundContent />;
  return (
    <div role="alert">
      <h1>{t('web.error.title')}</h1>
      <p>{t('web.error.body')}</p>
    </div>
  );
}

/** Renders the loading state, the error, or the data. */
export function Loaded<T>({ state, children }: { state: Loadable<T>; children: (data: T) => ReactNode }) {
  if (state.status === 'loading') return <Loading />;
  if (state.status === 'error') return <ErrorView error={state.error} />;
  return <>{children(state.data)}</>;
}
