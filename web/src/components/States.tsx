import type { ReactNode } from 'react';
import { ApiError } from '../api/client.ts';
import type { Loadable } from '../lib/hooks.ts';
import { usePageTitle, useRenderFailed } from '../lib/hooks.ts';
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
  useRenderFailed();
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
  useRenderFailed();
  if (error instanceof ApiError && error.status === 404) return <NotFoundContent />;
  return (
    <div role="alert">
      <h1>{t('web.error.title')}</h1>
      <p>{t('web.error.body')}</p>
    </div>
  );
}

/**
 * The one way a page waits for its data: the loading state, the error, or the data. A
 * public page shows the site's error page (a 404 as "not found"). A signed-in page says
 * what went wrong in its own words (`failure`), under its own heading (`title`) when the
 * failure replaces the whole page, or under the heading it already shows.
 */
export function Loaded<T>({
  state,
  failure,
  title,
  children,
}: {
  state: Loadable<T>;
  failure?: (error: Error) => string;
  title?: string;
  children: (data: T) => ReactNode;
}) {
  if (state.status === 'loading') return <Loading />;
  if (state.status === 'ok') return <>{children(state.data)}</>;
  if (!failure) return <ErrorView error={state.error} />;
  if (title === undefined) return <p role="alert">{failure(state.error)}</p>;
  return (
    <div role="alert">
      <h1>{title}</h1>
      <p>{failure(state.error)}</p>
    </div>
  );
}
