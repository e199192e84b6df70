/** /admin/organisations — ministries and agencies (府省): add, rename, aliases. */
import { useState } from 'react';
import type { Organisation } from '../../../../src/domain/model.ts';
import { usePageTitle } from '../../lib/hooks.ts';
import { useT } from '../../i18n.ts';
import { Announce, RequireSession } from '../common.tsx';
import { accountsApi, adminApi } from '../../api/endpoints.ts';
import { list, namePair, text, type FieldSpec, type Values } from './EntityForm.tsx';
import { AddRecord, RecordCards, type RecordForm } from './RecordCards.tsx';
import { AdminMenu, LoadState, useData } from './shared.tsx';
import { WfSection } from '../Field.tsx';

export function OrganisationsPage() {
  return <RequireSession action="structure:write">{() => <Organisations />}</RequireSession>;
}

function Organisations() {
  const t = useT();
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
    ...namePair('nameJa', t('workflow.admin.orgs.name_ja'), t('workflow.admin.orgs.name_en'), 'nameEn'),
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
  const toValues = (o: Organisation): Values => ({
    shortName: o.shortName,
    nameJa: o.nameJa,
    nameEn: o.nameEn,
    aliases: o.aliases.join('\n'),
    contactEmail: contactOf(o.id),
  });
  const input = (v: Values) => ({
    shortName: text(v, 'shortName'),
    nameJa: text(v, 'nameJa'),
    nameEn: text(v, 'nameEn'),
    aliases: list(v, 'aliases'),
    contactEmail: text(v, 'contactEmail'),
  });
  const form: RecordForm<Organisation> = {
    fields,
    toValues,
    save: (id, version, v) => adminApi.saveOrganisation(id, version, input(v)),
    onSaved: (o) => {
      setMessage(t('workflow.admin.saved', { what: o.nameJa }));
      state.reload();
      contacts.reload();
    },
  };
  return (
    <>
      <AdminMenu />
      <h1>{t('workflow.admin.orgs.title')}</h1>
      <Announce message={message} error={null} />
      <LoadState state={state} />
      {state.data && contacts.data && (
        <WfSection id="orgs" title={t('workflow.admin.orgs.list', { count: state.data.length })}>
          <RecordCards
            records={state.data}
            kind="org"
            idAttr="data-organisation-id"
            name={[(o) => o.nameJa, (name) => t('workflow.admin.orgs.edit_title', { name: name })]}
            form={form}
          >
            {(o) => (
              <>
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
              </>
            )}
          </RecordCards>
        </WfSection>
      )}
      <WfSection id="org-new" title={t('workflow.admin.orgs.add')}>
        <AddRecord
          form={form}
          count={state.data?.length ?? 0}
          id="org-new"
          title={t('workflow.admin.orgs.add_form')}
          initial={{ shortName: '', nameJa: '', nameEn: '', aliases: '', contactEmail: '' }}
        />
      </WfSection>
    </>
  );
}
