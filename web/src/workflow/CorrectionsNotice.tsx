/**
 * The public cycle pages' 「訂正」 notice: the corrections made after publication, each with
 * its date, revision and reason, and every corrected item named and linked to the page that
 * shows it (which carries a 「訂正あり」 mark). Nothing at all when there are none.
 */
import type { Correction, CorrectionChange } from '../../../src/domain/corrections.ts';
import { L } from '../components/Link.tsx';
import { useCorrections } from '../lib/corrections.ts';
import { paren } from '../lib/format.ts';
import { paths } from '../lib/paths.ts';
import { useLang, useT, type Translate } from '../i18n.ts';
import { CorrectionList } from './CorrectionList.tsx';
import { Localised } from '../components/Localised.tsx';

/** The page that shows a corrected fact. */
function subjectPath(strategyId: string, cycleId: string, c: CorrectionChange): string {
  switch (c.subject.type) {
    case 'node':
      return paths.node(strategyId, cycleId, c.subject.id);
    case 'initiative':
      return paths.initiative(c.subject.id);
    case 'indicator':
      return paths.indicator(c.subject.id);
    case 'summary':
      return paths.dashboard(strategyId, cycleId);
  }
}

/** One line per corrected item: its title, linked, and what of it was corrected. */
function items(correction: Correction, t: Translate) {
  const bySubject = new Map<string, { change: CorrectionChange; kinds: Set<string> }>();
  for (const change of correction.changes) {
    const key = `${change.subject.type}:${change.subject.id}`;
    const found = bySubject.get(key) ?? { change, kinds: new Set<string>() };
    found.kinds.add(t(`web.correction.kind.${change.kind}`));
    bySubject.set(key, found);
  }
  return [...bySubject.entries()].map(([key, { change, kinds }]) => ({
    key,
    change,
    title:
      change.subject.type === 'summary' ? t('web.correction.summary') : change.subject.title || change.itemId,
    kinds: [...kinds].join('・'),
  }));
}

export function CorrectionsNotice({ strategyId, cycleId }: { strategyId: string; cycleId: string }) {
  const t = useT();
  const lang = useLang();
  const { list, publication } = useCorrections(strategyId, cycleId);
  if (list.length === 0) return null;
  return (
    <div className="notice wf-corrections" id="corrections">
      <p>
        <strong className="wf-corrections__label">{t('web.correction.heading')}</strong>{' '}
        {t('web.correction.count', { count: list.length, revision: publication?.revision ?? list.length })}
      </p>
      <CorrectionList list={list} lineKey="web.correction.item" reason={() => ''}>
        {(c) => (
          <>
            <Localised ja={c.reason} en={c.reasonEn} />
            <ul aria-label={t('web.correction.changed')}>
              {items(c, t).map((item) =>
                item.change.subject.id === '' ? (
                  <li key={item.key}>{item.kinds}</li>
                ) : (
                  <li key={item.key}>
                    <L to={subjectPath(strategyId, cycleId, item.change)}>{item.title}</L>
                    {paren(lang, item.kinds)}
                  </li>
                ),
              )}
            </ul>
          </>
        )}
      </CorrectionList>
    </div>
  );
}
