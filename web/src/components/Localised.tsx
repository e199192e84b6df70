/**
 * Text with an English twin on the public pages: the English in English pages when there is
 * some; otherwise the Japanese, which an English page marks "Japanese only / 日本語のみ"
 * (visibly, and with lang="ja" on the text for screen readers).
 */
import type { ReactNode } from 'react';
import { shown } from '../../../src/domain/english.ts';
import { useLang, useT } from '../i18n.ts';

/** The visible mark before Japanese text in an English page. */
export function JaOnlyMark() {
  const t = useT();
  return <span className="ja-only-mark">{t('web.japanese_only')}</span>;
}

/** Japanese inside an English page: the mark, then the text in lang="ja". */
export function JaOnly({ children }: { children: ReactNode }) {
  return (
    <span className="ja-only">
      <JaOnlyMark /> <span lang="ja">{children}</span>
    </span>
  );
}

/**
 * A text in the page's language. `en` absent means the text has no English twin (a plan,
 * a note): English pages always mark it.
 */
export function Localised({
  ja,
  en,
  as: Tag = 'span',
  className,
}: {
  ja: string;
  en?: string | undefined;
  as?: 'p' | 'span' | 'li' | 'div';
  className?: string;
}) {
  const lang = useLang();
  const s = shown(lang, ja, en);
  if (lang === 'ja') return <Tag className={className}>{s.text}</Tag>;
  return <Tag className={className}>{s.jaOnly ? <JaOnly>{s.text}</JaOnly> : s.text}</Tag>;
}
