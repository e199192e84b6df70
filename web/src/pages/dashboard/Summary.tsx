import { Text } from '../../components/Link.tsx';
import { L } from '../../components/Link.tsx';
import { isFallback, titleOf } from '../../lib/format.ts';
import { paths } from '../../lib/paths.ts';
import { useStrategy } from '../../lib/strategy-context.ts';
import { useLang, useT } from '../../i18n.ts';
import { CorrectedMark } from '../../components/CorrectedMark.tsx';
import { useCorrections } from '../../lib/corrections.ts';

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
          <div className="verdict" lang="ja">
            {summary.overall.map((line, i) => (
              <p key={i}>{line}</p>
            ))}
          </div>
          {lang === 'en' && <p className="note">{t('web.note.japanese_only')}</p>}
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
                  <ul lang="ja">
                    {p.bullets.map((b, i) => (
                      <li key={i}>{b}</li>
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
