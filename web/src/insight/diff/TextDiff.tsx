import type { CycleDiff } from '../../../../src/domain/insight/views.ts';
import { useLang, useT } from '../../i18n.ts';

type Parts = NonNullable<CycleDiff['items']['changed'][number]['text']>;

/**
 * A word/character diff from the API as text: inserted parts in <ins>, deleted ones in <del>,
 * each also named in words for screen readers (which do not announce ins/del by default).
 */
export function TextDiff({ parts }: { parts: Parts }) {
  const lang = useLang();
  return (
    <p className="text-diff" lang={lang === 'ja' ? undefined : 'ja'}>
      {parts.map((p, i) =>
        p.op === 'equal' ? <span key={i}>{p.text}</span> : <Change key={i} op={p.op} text={p.text} />,
      )}
    </p>
  );
}

/** An inserted or deleted run, its start and end said to screen readers in the page's language. */
function Change({ op, text }: { op: 'insert' | 'delete'; text: string }) {
  const t = useT();
  const lang = useLang();
  const Tag = op === 'insert' ? 'ins' : 'del';
  return (
    <Tag>
      <span className="visually-hidden" lang={lang}>
        {t(op === 'insert' ? 'insight.web.diff.inserted' : 'insight.web.diff.deleted')}
      </span>
      {text}
      <span className="visually-hidden" lang={lang}>
        {t('insight.web.diff.end')}
      </span>
    </Tag>
  );
}
