/**
 * The web app's side of the shared i18n module: registers locales/<lang>/web.json and
 * gives components the current language and a bound t().
 */
import { createContext, useContext } from 'react';
import { registerMessages, t, type Lang } from '../../src/i18n.ts';
import webEn from '../../locales/en/web.json';
import webJa from '../../locales/ja/web.json';

registerMessages('ja', webJa);
registerMessages('en', webEn);

export type { Lang };
export type Translate = (key: string, params?: Record<string, string | number>) => string;

export const LangContext = createContext<Lang>('ja');

export function useLang(): Lang {
  return useContext(LangContext);
}

export function useT(): Translate {
  const lang = useLang();
  return (key, params) => t(lang, key, params);
}

const STORAGE_KEY = 'shinchoku.lang';

/** The language the reader chose last time, if any. */
export function storedLang(): Lang | null {
  try {
    const value = window.localStorage.getItem(STORAGE_KEY);
    return value === 'en' || value === 'ja' ? value : null;
  } catch {
    return null;
  }
}

export function storeLang(lang: Lang): void {
  try {
    window.localStorage.setItem(STORAGE_KEY, lang);
  } catch {
    // Storage can be disabled; the URL still carries the language.
  }
}

/** A path in the given language: Japanese at the root, English under /en. */
export function localPath(lang: Lang, path: string): string {
  if (lang === 'ja') return path;
  return path === '/' ? '/en' : `/en${path}`;
}

/** The same page in the other language (path without the /en prefix, then re-prefixed). */
export function switchPath(pathname: string, to: Lang): string {
  const bare = pathname === '/en' ? '/' : pathname.startsWith('/en/') ? pathname.slice(3) : pathname;
  return localPath(to, bare);
}
