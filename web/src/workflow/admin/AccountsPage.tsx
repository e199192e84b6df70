/**
 * /admin/accounts — who may sign in: every account with its role, ministries, last sign-in and
 * state; create one (the server makes a temporary password, shown here once), edit one over
 * its version, disable or enable it, give it a new temporary password, or create many from a
 * CSV file (AccountsCsv).
 */
import { useState } from 'react';
import { ROLES } from '../../../../src/domain/access.ts';
import { usePageTitle } from '../../lib/hooks.ts';
import { useLang, useT, type Lang, type Translate } from '../../i18n.ts';
import { accountsApi, adminApi, type Account, type AccountInput } from '../../api/endpoints.ts';
import { ConfirmButton } from '../../components/ConfirmDialog.tsx';
import { Announce, errorText, Named, RequireSession, useOpenRow } from '../common.tsx';
import { AccountsCsv } from './AccountsCsv.tsx';
import { EntityForm, list, text, type FieldSpec, type Values } from './EntityForm.tsx';
import { AdminMenu, LoadState, useData } from './shared.tsx';
import { signInTime, TemporaryPassword } from './accounts-shared.tsx';
import { DataTable } from '../../components/DataTable.tsx';
import { WfSection } from '../Field.tsx';

export function AccountsPage() {
  return <RequireSession action="user:manage">{(user) => <Accounts myLogin={user.login} />}</RequireSession>;
}

type Issued = { login: string; password: string };

/** The server's issue codes at a field, in words (workflow.accounts.issue.<code>). */
const ISSUE_CODES = [
  'login',
  'login_taken',
  'organisation_required',
  'unknown_organisation',
  'email',
  'last_admin',
];

export function useAccountFields(withLogin: boolean): FieldSpec[] {
  const t = useT();
  const lang = useLang();
  const orgs = useData(() => adminApi.organisations(), 'organisations');
  return [
    ...(withLogin
      ? [
          {
            name: 'login',
            label: t('workflow.accounts.field.login'),
            required: true,
            hint: t('workflow.accounts.field.login_hint'),
          },
        ]
      : []),
    { name: 'displayName', label: t('workflow.accounts.field.name'), ja: true },
    {
      name: 'role',
      label: t('workflow.accounts.field.role'),
      kind: 'select',
      required: true,
      options: ROLES.map((r) => ({ value: r, label: t(`workflow.role.${r}`) })),
    },
    {
      name: 'organisationIds',
      label: t('workflow.accounts.field.organisations'),
      kind: 'checks',
      hint: t('workflow.accounts.field.organisations_hint'),
      options: (orgs.data ?? []).map((o) => ({
        value: o.id,
        label: lang === 'en' && o.nameEn ? o.nameEn : o.nameJa,
      })),
    },
    {
      name: 'email',
      label: t('workflow.accounts.field.email'),
      hint: t('workflow.accounts.field.email_hint'),
    },
  ];
}

export const accountValues = (a: Account): Values => ({
  displayName: a.displayName,
  role: a.role,
  organisationIds: a.organisationIds,
  email: a.email,
});

export const accountInput = (v: Values): AccountInput => ({
  displayName: text(v, 'displayName'),
  role: (text(v, 'role') || 'viewer') as AccountInput['role'],
  organisationIds: list(v, 'organisationIds'),
  email: text(v, 'email'),
});

export const issueText = (t: Translate) => (code: string, label: string) =>
  ISSUE_CODES.includes(code) ? t(`workflow.accounts.issue.${code}`, { label }) : undefined;

const orgNames = (a: Account, lang: Lang) =>
  a.organisations.map((o) => (lang === 'en' && o.nameEn ? o.nameEn : o.nameJa)).join('、') || '—';

function Accounts({ myLogin }: { myLogin: string }) {
  const t = useT();
  const lang = useLang();
  usePageTitle(t('workflow.accounts.title'));
  const state = useData(() => accountsApi.list(), 'accounts');
  const fields = useAccountFields(false);
  const createFields = useAccountFields(true);
  const editing = useOpenRow();
  const [message, setMessage] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [issued, setIssued] = useState<Issued | null>(null);
  const [createdCount, setCreatedCount] = useState(0);

  const act = async (run: () => Promise<unknown>, done: string) => {
    setError(null);
    setMessage(null);
    try {
      await run();
      setMessage(done);
    } catch (err) {
      setError(errorText(t, err));
    } finally {
      state.reload();
    }
  };
  const editingAccount = state.data?.find((a) => a.login === editing.open) ?? null;

  return (
    <>
      <AdminMenu />
      <h1>{t('workflow.accounts.title')}</h1>
      <p>{t('workflow.accounts.lead')}</p>
      <Announce message={message} error={error} />
      {issued && (
        <TemporaryPassword login={issued.login} password={issued.password} onClose={() => setIssued(null)} />
      )}
      <WfSection id="accounts" title={t('workflow.accounts.list', { count: state.data?.length ?? 0 })}>
        <LoadState state={state} />
        {state.data && (
          <DataTable
            scroll
            className="data-table adm-accounts"
            testId="accounts-table"
            caption={t('workflow.accounts.caption')}
            captionId="accounts-caption"
            captionClassName="visually-hidden"
            keys="workflow.accounts.col."
            head={['name', 'login', 'role', 'organisations', 'last_login', 'state', 'actions']}
          >
            {state.data.map((a) => (
              <tr key={a.id} data-login={a.login}>
                <th scope="row" lang="ja">
                  {a.displayName}
                </th>
                <td>
                  <code>{a.login}</code>
                </td>
                <td>{t(`workflow.role.${a.role}`)}</td>
                <td>{orgNames(a, lang)}</td>
                <td>{a.lastLoginAt ? signInTime(a.lastLoginAt, lang) : t('workflow.accounts.never')}</td>
                <td>
                  {a.disabled
                    ? t('workflow.accounts.state.disabled')
                    : a.mustChangePassword
                      ? t('workflow.accounts.state.temporary')
                      : t('workflow.accounts.state.active')}
                </td>
                <td>
                  <div className="wf-buttons adm-account-actions">
                    <button type="button" className="link-button" {...editing.toggle(a.login)}>
                      <Named text={t('workflow.accounts.edit')} name={a.displayName} />
                    </button>
                    <ConfirmButton
                      className="link-button"
                      label={<Named text={t('workflow.accounts.reset')} name={a.displayName} />}
                      confirmLabel={t('workflow.accounts.reset_confirm')}
                      title={t('workflow.accounts.reset_title', { name: a.displayName })}
                      onConfirm={() =>
                        act(
                          async () => {
                            const r = await accountsApi.resetPassword(a.login);
                            setIssued({ login: r.login, password: r.temporaryPassword });
                          },
                          t('workflow.accounts.reset_done', { name: a.displayName }),
                        )
                      }
                    >
                      <p>{t('workflow.accounts.reset_body')}</p>
                    </ConfirmButton>
                    {a.login !== myLogin && (
                      <ConfirmButton
                        className="link-button"
                        tone={a.disabled ? 'primary' : 'danger'}
                        label={
                          <Named
                            text={a.disabled ? t('workflow.accounts.enable') : t('workflow.accounts.disable')}
                            name={a.displayName}
                          />
                        }
                        confirmLabel={
                          a.disabled
                            ? t('workflow.accounts.enable_confirm')
                            : t('workflow.accounts.disable_confirm')
                        }
                        title={t(
                          a.disabled ? 'workflow.accounts.enable_title' : 'workflow.accounts.disable_title',
                          {
                            name: a.displayName,
                          },
                        )}
                        onConfirm={() =>
                          act(
                            () => accountsApi.setDisabled(a.login, !a.disabled),
                            t(a.disabled ? 'workflow.accounts.enabled' : 'workflow.accounts.disabled', {
                              name: a.displayName,
                            }),
                          )
                        }
                      >
                        <p>
                          {a.disabled
                            ? t('workflow.accounts.enable_body')
                            : t('workflow.accounts.disable_body')}
                        </p>
                      </ConfirmButton>
                    )}
                  </div>
                </td>
              </tr>
            ))}
          </DataTable>
        )}
        {editingAccount && (
          <EntityForm
            key={`${editingAccount.login}-${editingAccount.version}`}
            id={`account-${editingAccount.id}`}
            title={t('workflow.accounts.edit_title', { name: editingAccount.displayName })}
            fields={fields}
            initial={accountValues(editingAccount)}
            version={editingAccount.version}
            submitLabel={t('workflow.admin.save')}
            toValues={(c) => accountValues(c as Account)}
            issueText={issueText(t)}
            send={(v, version) => accountsApi.update(editingAccount.login, version ?? 0, accountInput(v))}
            onSaved={(a) => {
              editing.close();
              setMessage(t('workflow.admin.saved', { what: a.displayName }));
              state.reload();
            }}
            onCancel={editing.close}
          />
        )}
      </WfSection>
      <WfSection id="account-new" title={t('workflow.accounts.create')}>
        <EntityForm
          key={`account-new-${createdCount}`}
          id="account-new"
          title={t('workflow.accounts.create_form')}
          fields={createFields}
          initial={{ login: '', displayName: '', role: 'editor', organisationIds: [], email: '' }}
          version={null}
          submitLabel={t('workflow.accounts.create_submit')}
          toValues={(c) => accountValues(c as Account)}
          issueText={issueText(t)}
          send={(v) => accountsApi.create({ login: text(v, 'login'), ...accountInput(v) })}
          onSaved={(a) => {
            setIssued({ login: a.login, password: a.temporaryPassword ?? '' });
            setMessage(t('workflow.accounts.created', { name: a.displayName }));
            setCreatedCount((n) => n + 1);
            state.reload();
          }}
        />
      </WfSection>
      <AccountsCsv onCreated={() => state.reload()} />
    </>
  );
}
