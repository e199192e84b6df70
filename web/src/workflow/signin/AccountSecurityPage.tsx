/**
 * /account/security: one's own two-step verification — set it up, see how many recovery codes
 * are left, issue new ones. Resetting a lost one is an administrator's act (not here).
 */
import { useState } from 'react';
import { Loaded } from '../../components/States.tsx';
import { useLoad, usePageTitle } from '../../lib/hooks.ts';
import { useT } from '../../i18n.ts';
import { workflowApi } from '../../api/endpoints.ts';
import { errorText, RequireSession } from '../common.tsx';
import { CodeError, CodeField, useCodeForm } from './CodeField.tsx';
import { Enrolment } from './Enrolment.tsx';
import { RecoveryCodes } from './RecoveryCodes.tsx';
import './signin.css';

export function AccountSecurityPage() {
  const t = useT();
  usePageTitle(t('workflow.account.title'));
  return <RequireSession>{() => <Security />}</RequireSession>;
}

function Security() {
  const t = useT();
  const [round, setRound] = useState(0);
  // Asked for once, and again after a change (not on every render).
  const state = useLoad(() => workflowApi.mfaStatus(), String(round));
  const [enrolling, setEnrolling] = useState(false);
  const [codes, setCodes] = useState<string[] | null>(null);
  const load = () => setRound((r) => r + 1);

  const done = () => {
    setCodes(null);
    setEnrolling(false);
    load();
  };

  return (
    <div className="wf-narrow">
      <h1>{t('workflow.account.title')}</h1>
      <h2>{t('workflow.account.mfa_heading')}</h2>
      <Loaded state={state} failure={(e) => errorText(t, e)}>
        {(status) =>
          codes ? (
            <RecoveryCodes codes={codes} onContinue={done} />
          ) : !status.passwordAccount ? (
            <p>{t('workflow.account.sso')}</p>
          ) : enrolling ? (
            <Enrolment onEnrolled={(r) => setCodes(r.recoveryCodes)} />
          ) : status.enabled ? (
            <>
              <p className="mfa-status">{t('workflow.account.mfa_on')}</p>
              <p>{t('workflow.account.codes_left', { count: status.recoveryCodesLeft })}</p>
              <Renew onRenewed={setCodes} />
              <p>{t('workflow.account.lost')}</p>
            </>
          ) : (
            <>
              <p className="mfa-status">{t('workflow.account.mfa_off')}</p>
              {status.required && <p>{t('workflow.account.mfa_required')}</p>}
              {status.available ? (
                <button type="button" className="button button--primary" onClick={() => setEnrolling(true)}>
                  {t('workflow.account.setup')}
                </button>
              ) : (
                <p className="notice">{t('workflow.mfa.not_available')}</p>
              )}
            </>
          )
        }
      </Loaded>
    </div>
  );
}

function Renew({ onRenewed }: { onRenewed: (codes: string[]) => void }) {
  const t = useT();
  const { code, setCode, error, busy, submit } = useCodeForm({
    send: async (typed) => onRenewed((await workflowApi.mfaRenewCodes(typed)).recoveryCodes),
    refused: (err, details) =>
      details?.reason === 'mfa_code' ? t('workflow.mfa.wrong_code') : errorText(t, err),
  });
  return (
    <section aria-labelledby="renew-title">
      <h3 id="renew-title">{t('workflow.account.renew_heading')}</h3>
      <p>{t('workflow.account.renew_lead')}</p>
      <CodeError error={error} />
      <form onSubmit={(e) => void submit(e)} noValidate className="wf-form">
        <CodeField value={code} onChange={setCode} error={error} />
        <button type="submit" className="button" disabled={busy}>
          {t('workflow.account.renew')}
        </button>
      </form>
    </section>
  );
}
