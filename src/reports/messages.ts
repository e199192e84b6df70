/**
 * The report renderers' messages (locales/<lang>/report.json), registered with the shared
 * i18n module. Import this module before calling `t()` with a `report.` key.
 */
import reportEn from '../../locales/en/report.json' with { type: 'json' };
import reportJa from '../../locales/ja/report.json' with { type: 'json' };
import { registerMessages } from '../i18n.ts';

registerMessages('ja', reportJa);
registerMessages('en', reportEn);

export { t } from '../i18n.ts';
export type { Lang } from '../i18n.ts';
