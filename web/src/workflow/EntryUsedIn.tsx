/**
 * Where a shared initiative's entry is used (issue #24): every strategy whose cycle of the
 * year shows it, with the nodes listing it there. The review is one for all of them (see
 * src/services/shared.service.ts); each strategy assesses its own nodes.
 */
import { cycleName, titleOf } from '../lib/format.ts';
import { useLang, useT } from '../i18n.ts';
import type { EntryContext } from '../api/endpoints.ts';

export function EntryUsedIn({ usedIn }: { usedIn: EntryContext['usedIn'] }) {
  const t = useT();
  const lang = useLang();
  if (usedIn.length === 0) return null;
  return (
    <section aria-labelledby="used-in-heading" className="wf-section" data-testid="entry-used-in">
      <h2 id="used-in-heading">{t('workflow.entry.used_in')}</h2>
      <p>{t('workflow.entry.used_in_lead', { count: usedIn.length })}</p>
      <ul className="wf-plain">
        {usedIn.map((u) => (
          <li key={u.cycleId}>
            {titleOf(lang, u)}（{cycleName(u, lang)}・{t(`workflow.cycle.state.${u.state}`)}）：
            {u.nodes.map((n) => `${n.code} ${titleOf(lang, n)}`).join('、')}
          </li>
        ))}
      </ul>
      <p className="subtle">{t('workflow.entry.used_in_review')}</p>
    </section>
  );
}
