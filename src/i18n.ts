/**
 * Messages shared by the web app, the CLI and every report renderer. Japanese is the
 * source language; English falls back to Japanese for a missing key.
 *
 * Locale files live in locales/<lang>/<area>.json (common, report, web …) so that each
 * area keeps its own file; keys are semantic and prefixed by area: `report.progress_heading`.
 */
import commonEn from '../locales/en/common.json' with { type: 'json' };
import commonJa from '../locales/ja/common.json' with { type: 'json' };

export type Lang = 'ja' | 'en';
export const LANGS: readonly Lang[] = ['ja', 'en'];

type Messages = Record<string, string>;

const catalogues: Record<Lang, Messages> = { ja: { ...commonJa }, en: { ...commonEn } };

/** Adds an area's messages (each area module registers its own files). */
export function registerMessages(lang: Lang, messages: Messages): void {
  Object.assign(catalogues[lang], messages);
}

/**
 * Looks up a message and fills `{name}` placeholders.
 *
 * @example t('ja', 'common.items_count', { count: 3 }) // '3件'
 */
export function t(lang: Lang, key: string, params: Record<string, string | number> = {}): string {
  const template = catalogues[lang][key] ?? catalogues.ja[key] ?? key;
  return template.replace(/\{(\w+)\}/g, (m, name: string) =>
    params[name] === undefined ? m : String(params[name]),
  );
}

export function isLang(value: unknown): value is Lang {
  return value === 'ja' || value === 'en';
}
