/**
 * A KPI's unit in a report's language. Units are typed in Japanese (件, 社, 人) and have no
 * English field: the usual counters have an English word, a plain count (件, 個) none at all,
 * and any other Japanese unit stays Japanese, for the caller to mark Japanese only.
 */

/** Japanese counters and their English, as printed after a number ('' for a plain count). */
const ENGLISH_UNITS: Readonly<Record<string, string>> = {
  件: '',
  個: '',
  つ: '',
  社: 'companies',
  人: 'people',
  名: 'people',
  校: 'schools',
  大学: 'universities',
  機関: 'institutions',
  団体: 'organisations',
  自治体: 'local governments',
  都道府県: 'prefectures',
  市区町村: 'municipalities',
  回: 'times',
  台: 'units',
  か所: 'sites',
  箇所: 'sites',
  拠点: 'sites',
  円: 'yen',
  年: 'years',
  日: 'days',
  時間: 'hours',
  '％': '%',
};

const JAPANESE = /[\u3000-\u30ff\u3400-\u9fff\uff00-\uffef]/;

/**
 * The unit as printed after a number, with the space English puts before a word.
 * @example unitAfterNumber('en', '社') // { text: ' companies', jaOnly: false }
 * @example unitAfterNumber('en', '件') // { text: '', jaOnly: false }
 * @example unitAfterNumber('en', '万人') // { text: '万人', jaOnly: true }
 * @example unitAfterNumber('ja', '社') // { text: '社', jaOnly: false }
 */
export function unitAfterNumber(lang: 'ja' | 'en', unit: string): { text: string; jaOnly: boolean } {
  const u = unit.trim();
  if (lang === 'ja' || u === '') return { text: u, jaOnly: false };
  const english = ENGLISH_UNITS[u] ?? (JAPANESE.test(u) ? null : u);
  if (english === null) return { text: u, jaOnly: true };
  return { text: /^[A-Za-z]/.test(english) ? ` ${english}` : english, jaOnly: false };
}
