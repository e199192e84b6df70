/**
 * The insight messages (locales/<lang>/insight.json): projection sentences and the reasons
 * of status suggestions, registered with the shared i18n module.
 */
import insightEn from '../../../locales/en/insight.json' with { type: 'json' };
import insightJa from '../../../locales/ja/insight.json' with { type: 'json' };
import { registerMessages, t, type Lang } from '../../i18n.ts';

registerMessages('ja', insightJa);
registerMessages('en', insightEn);

/**
 * The sentence for a coded message of an area (`projection`, `reason` …).
 * @example insightText('ja', 'projection', { code: 'reach_at_pace', params: { fiscalYear: 2024 } })
 *   // '現在のペースでは2024年度に目標に到達する見込み'
 */
export function insightText(
  lang: Lang,
  area: 'projection' | 'reason',
  message: { code: string; params: Record<string, string | number> },
): string {
  return t(lang, `insight.${area}.${message.code}`, message.params);
}

export { t, type Lang };
