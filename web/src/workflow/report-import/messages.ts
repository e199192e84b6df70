/** Registers locales/<lang>/report-import.json, the report review screens' messages. */
import { registerMessages } from '../../../../src/i18n.ts';
import en from '../../../../locales/en/report-import.json';
import ja from '../../../../locales/ja/report-import.json';

registerMessages('ja', ja);
registerMessages('en', en);
