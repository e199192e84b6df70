/**
 * Pages loaded on demand: each is its own chunk, fetched when first shown, with the loading
 * line in the page frame meanwhile. The signed-in screens, the indicator page (charts),
 * search and overlaps are loaded this way, so that a reader's first load carries only the
 * public pages.
 */
import { lazy, Suspense, type ComponentType } from 'react';
import { Loading } from './States.tsx';

/**
 * A route element for a module's named export, loaded when first rendered.
 * @example { path: 'login', element: later(() => import('./LoginPage.tsx'), 'LoginPage') }
 */
export function later<M, K extends keyof M>(load: () => Promise<M>, name: K) {
  const Page = lazy(async () => ({ default: (await load())[name] as ComponentType }));
  return (
    <Suspense fallback={<Loading />}>
      <Page />
    </Suspense>
  );
}
