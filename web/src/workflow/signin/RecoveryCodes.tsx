/** Recovery codes, shown once after enrolment or renewal, then on with a button. */
import { useEffect, useRef } from 'react';
import { useT } from '../../i18n.ts';

export function RecoveryCodes({ codes, onContinue }: { codes: string[]; onContinue: () => void }) {
  const t = useT();
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  return (
    <section aria-labelledby="recovery-title">
      <h2 id="recovery-title" tabIndex={-1} ref={heading}>
        {t('workflow.mfa.codes_title')}
      </h2>
      <p role="status">{t('workflow.mfa.enrolled')}</p>
      <p>{t('workflow.mfa.codes_lead')}</p>
      <ol className="mfa-recovery-codes">
        {codes.map((code) => (
          <li key={code}>
            <code>{code}</code>
          </li>
        ))}
      </ol>
      <button type="button" className="button button--primary" onClick={onContinue}>
        {t('workflow.mfa.codes_continue')}
      </button>
    </section>
  );
}
