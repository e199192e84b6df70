/** /admin/organisations — ministries and agencies (府省): add, rename, aliases. */
import { useState } from 'react';
import type { Organisation } from '../../../../src/domain/model.ts';
import { usePageTitle } from '../../lib/hooks.ts';
import { useT } from '../../i18n.ts';
import { Announce, RequireSession } from '../common.tsx';
import { accountsApi, adminApi } from '../../api/endpoints.ts';
import { EntityForm, list, text, type FieldSpec, type Values } from './EntityForm.tsx';
import { AdminMenu, LoadState, useData } from './shared.tsx';

export function OrganisationsPage() {
  return <RequireSession action="structure:write">{() => <Organisations />}</RequireSession>;
}

function Organisations() {
  const t = useT();
  const [editing, setEditing] = useState<string | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  usePageTitle(t('workflow.admin.orgs.title'));
  const state = useData(() => adminApi.organisations(), 'organisations');
  const contacts = useData(() => accountsApi.organisationContacts(), 'organisation-contacts');
  const contactOf = (id: string) => contacts.data?.find((c) => c.organisationId === id)?.contactEmail ?? '';
  const fields: FieldSpec[] = [
    {
      name: 'shortName',
      label: t('workflow.admin.orgs.short'),
      required: true,
      ja: true,
      hint: t('workflow.admin.orgs.short_hint'),
    },
    { name: 'nameJa', label: t('workflow.admin.orgs.name_ja'), required: true, ja: true },
    { name: 'nameEn', label: t('workflow.admin.orgs.name_en') },
    {
      name: 'aliases',
      label: t('workflow.admin.orgs.aliases'),
      kind: 'lines',
      ja: true,
      hint: t('workflow.admin.orgs.aliases_hint'),
    },
    {
      name: 'contactEmail',
      label: t('workflow.admin.orgs.contact_email'),
      hint: t('workflow.admin.orgs.contact_email_hint'),
    },
  ];
  const toValues = (c: unknown): Values => {
    const o = c as Organisation;
    return {
      shortName: o.shortName,
      nameJa: o.nameJa,
      nameEn: o.nameEn,
      aliases: o.aliases.join('\n'),
      contactEmail: contactOf(o.id),
    };
  };
  const input = (v: Values) => ({
    shortName: text(v, 'shortName'),
    nameJa: text(v, 'nameJa'),
    nameEn: text(v, 'nameEn'),
    aliases: list(v, 'aliases'),
    contactEmail: text(v, 'contactEmail'),
  });
  const saved = (o: Organisation) => {
    setEditing(null);
    setMessage(t('workflow.admin.saved', { what: o.nameJa }));
    state.reload();
    contacts.reload();
  };
  return (
    <>
      <AdminMenu />
      <h1>{t('workflow.admin.orgs.title')}</h1>
      <Announce message={message} error={null} />
      <LoadState state={state} />
      {state.data && contacts.data && (
        <section aria-labelledby="orgs-heading" className="wf-section">
          <h2 id="orgs-heading">{t('workflow.admin.orgs.list', { count: state.data.length })}</h2>
          <ul className="wf-cards">
            {state.data.map((o) => (
              <li key={o.id} className="wf-card adm-org" data-organisation-id={o.id}>
                <p className="adm-initiative__title" lang="ja">
                  {o.nameJa}（{o.shortName}）
                </p>
                {contactOf(o.id) && (
                  <p className="subtle">
                    {t('workflow.admin.orgs.contact_email')}：{contactOf(o.id)}
                  </p>
                )}
                {o.aliases.length > 0 && (
                  <p className="subtle">
                    {t('workflow.admin.orgs.aliases')}：{o.aliases.join('、')}
                  </p>
                )}
                <button
                  type="button"
                  className="link-button"
                  onClick={() => setEditing(editing === o.id ? null : o.id)}
                >
                  {t('workflow.admin.edit')}
                  <span className="visually-hidden">：{o.nameJa}</span>
                </button>
                {editing === o.id && (
                  <EntityForm
                    id={`org-${o.id}`}
                    title={t('workflow.admin.orgs.edit_title', { name: o.nameJa })}
                    fields={fields}
                    initial={toValues(o)}
                    version={o.version}
                    submitLabel={t('workflow.admin.save')}
                    toValues={toValues}
                    send={(v, version) => adminApi.saveOrganisation(o.id, version, input(v))}
                    onSaved={saved}
                    onCancel={() => setEditing(null)}
                  />
                )}
              </li>
            ))}
          </ul>
        </section>
      )}
      <section aria-labelledby="org-new-heading" className="wf-section">
        <h2 id="org-new-heading">{t('workflow.admin.orgs.add')}</h2>
        <EntityForm
          key={`org-new-${state.data?.length ?? 0}`}
          id="org-new"
          title={t('workflow.admin.orgs.add_form')}
          fields={fields}
          initial={{ shortName: '', nameJa: '', nameEn: '', aliases: '', contactEmail: '' }}
          version={null}
          submitLabel={t('workflow.admin.add')}
          toValues={toValues}
          send={(v) => adminApi.saveOrganisation(null, null, input(v))}
          onSaved={saved}
        />
      </section>
    </>
  );
}
