/**
 * Small hooks: loading API data, the document title.
 */
import { useEffect, useRef, useState } from 'react';
import { t } from '../../../src/i18n.ts';
import { useLang } from '../i18n.ts';

export type Loadable<T> =
  { status: 'loading' } | { status: 'error'; error: Error } | { status: 'ok'; data: T };

/** Runs `load` whenever `key` changes; stale answers for an older key are dropped. */
export function useLoad<T>(load: () => Promise<T>, key: string): Loadable<T> {
  const [state, setState] = useState<{ key: string; value: Loadable<T> }>({
    key,
    value: { status: 'loading' },
  });
  // `load` is a new closure each render; the key says when it means something else.
  const latest = useRef(load);
  useEffect(() => {
    latest.current = load;
  });
  useEffect(() => {
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
  }, [key]);
  return state.key === key ? state.value : { status: 'loading' };
}

/** Sets document.title to "page | site" (the site name alone for the home page). */
export function usePageTitle(title: string | null): void {
  const lang = useLang();
  useEffect(() => {
    const site = t(lang, 'common.app_name');
    document.title = title ? `${title} | ${site}` : site;
  }, [title, lang]);
}
