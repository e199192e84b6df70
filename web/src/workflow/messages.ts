/** Registers locales/<lang>/workflow.json, the signed-in screens' messages (as web.json is). */
import { registerMessages } from '../../../src/i18n.ts';
import workflowEn from '../../../locales/en/workflow.json';
import workflowJa from '../../../locales/ja/workflow.json';

registerMessages('ja', workflowJa);
registerMessages('en', workflowEn);
