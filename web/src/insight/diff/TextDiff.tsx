import type { CycleDiff } from '../../../../src/domain/insight/views.ts';
import { useLang, useT } from '../../i18n.ts';

type Parts = NonNullable<CycleDiff['items']['changed'][number]['text']>;

/**
 * A word/character diff from the API as text: inserted parts in <ins>, deleted ones in <del>,
 * each also named in words for screen readers (which do not announce ins/del by default).
 */
export function TextDiff({ parts }: { parts: Parts }) {
  const t = useT();
  const lang = useLang();
  return (
    <p className="text-diff" lang={lang === 'ja' ? undefined : 'ja'}>
      {parts.map((p, i) =>
        p.op === 'insert' ? (
          <ins key={i}>
            <span className="visually-hidden" lang={lang}>
              {t('insight.web.diff.inserted')}
            </span>
            {p.text}
            <span className="visually-hidden" lang={lang}>
              {t('insight.web.diff.end')}
            </span>
          </ins>
        ) : p.op === 'delete' ? (
          <del key={i}>
            <span className="visually-hidden" lang={lang}>
              {t('insight.web.diff.deleted')}
            </span>
            {p.text}
            <span className="visually-hidden" lang={lang}>
              {t('insight.web.diff.end')}
            </span>
          </del>
        ) : (
          <span key={i}>{p.text}</span>
        ),
      )}
    </p>
  );
}
