/**
 * Small hooks: loading API data, the page's title and description.
 */
import { use, useContext, useEffect, useId, useRef, useState } from 'react';
import { t } from '../../../src/i18n.ts';
import { useLang } from '../i18n.ts';
import { RenderContext, scopedLoad } from './ssr.ts';

export type Loadable<T> =
  { status: 'loading' } | { status: 'error'; error: Error } | { status: 'ok'; data: T };

const LOADING = { status: 'loading' } as const;

/**
 * Runs `load` whenever `key` changes; stale answers for an older key are dropped. In a server
 * render and while a server-rendered page hydrates, the first state is the load's outcome
 * (the render waits for it), so that the page is rendered with its content.
 */
export function useLoad<T>(load: () => Promise<T>, key: string): Loadable<T> {
  const scope = useContext(RenderContext);
  const slot = `${useId()}|${key}`;
  const rendered = scope?.active ? use(scopedLoad(scope, slot, load)) : null;
  const [state, setState] = useState<{ key: string; value: Loadable<T> }>({
    key,
    value: rendered ?? LOADING,
  });
  // The first load was made for the server render (or its hydration): not made again, unless
  // a signed-in reader may see more than the public page showed.
  const [skipFirst] = useState(rendered !== null && !scope?.reloadAfterHydration);
  const skipped = useRef(false);
  // `load` is a new closure each render; the key says when it means something else.
  const latest = useRef(load);
  useEffect(() => {
    latest.current = load;
  });
  useEffect(() => {
    if (skipFirst && !skipped.current) {
      skipped.current = true;
      return;
    }
    skipped.current = true;
    let live = true;
    latest.current().then(
      (data) => live && setState({ key, value: { status: 'ok', data } }),
      (error: unknown) =>
        live &&
        setState({
          key,
          value: { status: 'error', error: error instanceof Error ? error : new Error(String(error)) },
        }),
    );
    return () => {
      live = false;
    };
  }, [key, skipFirst]);
  return state.key === key ? state.value : LOADING;
}

/**
 * Sets document.title to "page | site" (the site name alone for the home page) and the meta
 * description; a server render takes both into the page's <head>.
 */
export function usePageTitle(title: string | null, description?: string): void {
  const lang = useLang();
  const scope = useContext(RenderContext);
  scope?.head?.titled(title, description);
  useEffect(() => {
    const site = t(lang, 'common.app_name');
    document.title = title ? `${title} | ${site}` : site;
    if (description === undefined) return;
    document.querySelector('meta[name="description"]')?.setAttribute('content', description);
  }, [title, description, lang]);
}

/** A schema.org JSON-LD document of the page (server render only). */
export function useJsonLd(kind: string, build: () => Record<string, unknown>): void {
  const scope = useContext(RenderContext);
  if (scope?.head) scope.head.described(kind, build());
}

/** Marks a server render as failed (not found, error): the server sends the plain app. */
export function useRenderFailed(): void {
  const scope = useContext(RenderContext);
  scope?.head?.fail();
}
