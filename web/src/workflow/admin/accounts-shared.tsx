/** Pieces of the accounts screen: the one-time temporary password, and sign-in times. */
import { useEffect, useRef, useState } from 'react';
import { useT, type Lang } from '../../i18n.ts';
import { Button } from '../common.tsx';

const TOKYO = 'Asia/Tokyo';

/**
 * A sign-in time as officials write it: 令和6年3月15日（金）10:02 in Japanese, and a plain
 * day, month and time in English (Japan time in both).
 */
export function signInTime(iso: string, lang: Lang): string {
  const d = new Date(iso);
  const time = new Intl.DateTimeFormat(lang === 'ja' ? 'ja-JP' : 'en-GB', {
    hour: '2-digit',
    minute: '2-digit',
    hour12: false,
    timeZone: TOKYO,
  }).format(d);
  if (lang === 'en') {
    const day = new Intl.DateTimeFormat('en-GB', {
      weekday: 'short',
      day: 'numeric',
      month: 'short',
      year: 'numeric',
      timeZone: TOKYO,
    }).format(d);
    return `${day}, ${time}`;
  }
  const date = new Intl.DateTimeFormat('ja-JP-u-ca-japanese', {
    era: 'long',
    year: 'numeric',
    month: 'long',
    day: 'numeric',
    timeZone: TOKYO,
  }).format(d);
  const weekday = new Intl.DateTimeFormat('ja-JP', { weekday: 'short', timeZone: TOKYO }).format(d);
  return `${date}（${weekday}）${time}`;
}

/** A temporary password shown once, with how to hand it over; focus moves to it. */
export function TemporaryPassword({
  login,
  password,
  onClose,
}: {
  login: string;
  password: string;
  onClose: () => void;
}) {
  const t = useT();
  const heading = useRef<HTMLHeadingElement>(null);
  const [copied, setCopied] = useState(false);
  useEffect(() => heading.current?.focus(), [password]);
  const copy = () => {
    navigator.clipboard?.writeText(password).then(
      () => setCopied(true),
      () => setCopied(false),
    );
  };
  return (
    <section
      className="wf-alert adm-temporary"
      aria-labelledby="temporary-heading"
      data-testid="temporary-password-panel"
    >
      <h2 id="temporary-heading" tabIndex={-1} ref={heading}>
        {t('workflow.accounts.temporary_title', { login })}
      </h2>
      <p>
        {t('workflow.accounts.temporary_label')}：
        <code className="adm-temporary__password" data-testid="temporary-password">
          {password}
        </code>
      </p>
      <p>{t('workflow.accounts.temporary_hint')}</p>
      <div className="wf-buttons">
        <Button onClick={copy}>{t('workflow.accounts.copy')}</Button>
        <Button onClick={onClose}>{t('workflow.accounts.temporary_close')}</Button>
      </div>
      <p role="status" className={copied ? 'wf-hint' : 'visually-hidden'}>
        {copied ? t('workflow.accounts.copied') : ''}
      </p>
    </section>
  );
}
