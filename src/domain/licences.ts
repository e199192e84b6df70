/**
 * Licences a strategy's published data can carry. Japan's portals ask for one per
 * dataset; the government's standard terms (政府標準利用規約（第2.0版）) are compatible with
 * CC BY 4.0, so catalogues state that licence's URI for harvesters and the terms' own name
 * and page for readers.
 */
export const LICENCE_IDS = ['gov-jp-2.0', 'cc-by-4.0'] as const;
/** The schema that checks one is LicenceId in model.ts (this module stays free of zod: the public pages load it). */
export type LicenceId = (typeof LICENCE_IDS)[number];
export const isLicenceId = (value: string): value is LicenceId =>
  (LICENCE_IDS as readonly string[]).includes(value);
export const DEFAULT_LICENCE: LicenceId = 'gov-jp-2.0';

export interface Licence {
  id: LicenceId;
  nameJa: string;
  nameEn: string;
  /** The terms a reader follows. */
  url: string;
  /** The licence a harvester recognises (dct:license, CKAN license_id). */
  spdx: 'CC-BY-4.0';
  compatibleUrl: string;
}

const CC_BY_4 = 'https://creativecommons.org/licenses/by/4.0/';

export const LICENCES: Record<LicenceId, Licence> = {
  'gov-jp-2.0': {
    id: 'gov-jp-2.0',
    nameJa: '政府標準利用規約（第2.0版）',
    nameEn: 'Government of Japan Standard Terms of Use (Version 2.0)',
    url: 'https://www.digital.go.jp/resources/open_data',
    spdx: 'CC-BY-4.0',
    compatibleUrl: CC_BY_4,
  },
  'cc-by-4.0': {
    id: 'cc-by-4.0',
    nameJa: 'クリエイティブ・コモンズ 表示 4.0 国際',
    nameEn: 'Creative Commons Attribution 4.0 International',
    url: CC_BY_4,
    spdx: 'CC-BY-4.0',
    compatibleUrl: CC_BY_4,
  },
};

/** What a reuser writes to credit the source, e.g. 「出典：内閣府「AI戦略2022」フォローアップ」. */
export function attributionText(
  lang: 'ja' | 'en',
  publisher: string | null,
  title: string,
  custom: string,
): string {
  if (custom.trim() !== '') return custom.trim();
  if (lang === 'en') return `Source: ${publisher ? `${publisher}, ` : ''}follow-up of "${title}"`;
  return `出典：${publisher ?? ''}「${title}」フォローアップ`;
}
