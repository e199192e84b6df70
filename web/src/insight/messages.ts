/**
 * Registers locales/<lang>/insight.json in the web app (as web.json is): the pages' own
 * strings (insight.web.*) and the server's category and projection labels.
 */
import { registerMessages } from '../../../src/i18n.ts';
import insightEn from '../../../locales/en/insight.json';
import insightJa from '../../../locales/ja/insight.json';

registerMessages('ja', insightJa);
registerMessages('en', insightEn);
