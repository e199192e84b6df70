import { Text } from '../../components/Link.tsx';
import { L } from '../../components/Link.tsx';
import { isFallback, titleOf } from '../../lib/format.ts';
import { paths } from '../../lib/paths.ts';
import { useStrategy } from '../../lib/strategy-context.ts';
import { useLang, useT } from '../../i18n.ts';
import { CorrectedMark } from '../../components/CorrectedMark.tsx';
import { useCorrections } from '../../lib/corrections.ts';
import { Localised } from '../../components/Localised.tsx';
import type { Lang } from '../../i18n.ts';

/** The report's summary slide: the overall verdict, then the bullets of each pillar. */
export function Summary() {
  const { index, strategyId, cycleId } = useStrategy();
  const lang = useLang();
  const t = useT();
  const summary = index.tree.summary;
  const corrected = useCorrections(strategyId, cycleId).has('summary', cycleId);
  return (
    <section aria-labelledby="summary-heading" className="panel">
      <h2 id="summary-heading">
        {t('web.dashboard.summary')}
        {corrected && <CorrectedMark strategyId={strategyId} cycleId={cycleId} />}
      </h2>
      {!summary ? (
        <p>{t('web.dashboard.no_summary')}</p>
      ) : (
        <>
          <div className="verdict">
            {linesIn(lang, summary.overall, summary.overallEn).map((line, i) => (
              <Localised as="p" key={i} ja={line.ja} en={line.en} />
            ))}
          </div>
          <div className="pillar-summaries">
            {summary.pillars.map((p) => {
              const pillar = index.byId.get(p.nodeId);
              if (!pillar) return null;
              return (
                <div key={p.nodeId} className="pillar-summary">
                  <h3>
                    <L to={paths.node(strategyId, cycleId, pillar.id)}>
                      {pillar.code}.{' '}
                      <Text fallback={isFallback(lang, pillar.titleEn)}>{titleOf(lang, pillar)}</Text>
                    </L>
                  </h3>
                  <ul>
                    {linesIn(lang, p.bullets, p.bulletsEn).map((b, i) => (
                      <Localised as="li" key={i} ja={b.ja} en={b.en} />
                    ))}
                  </ul>
                </div>
              );
            })}
          </div>
        </>
      )}
    </section>
  );
}

/**
 * Summary lines to show: in English the English lines when there are any, else the
 * Japanese (each then marked); `en` is absent in summaries published before English text.
 */
function linesIn(lang: Lang, ja: string[], en: string[] | undefined): { ja: string; en: string }[] {
  const english = lang === 'en' ? (en ?? []).filter((l) => l.trim() !== '') : [];
  return english.length > 0 ? english.map((l) => ({ ja: l, en: l })) : ja.map((l) => ({ ja: l, en: '' }));
}
