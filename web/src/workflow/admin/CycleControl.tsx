/**
 * Control of an open or closed cycle on the cycles screen: its deadline, closing and
 * reopening intake (each confirmed, saying who is told), and per ministry the deadline that
 * applies (with an extension), what is still owed or overdue, and reminders (督促).
 */
import type { Cycle } from '../../../../src/domain/model.ts';
import type { Checklist } from '../../../../src/domain/views.ts';
import { ConfirmButton } from '../../components/ConfirmDialog.tsx';
import { cycleName, dateLabel } from '../../lib/format.ts';
import { useLang, useT } from '../../i18n.ts';
import { adminApi } from '../../api/endpoints.ts';
import { dateTime, Named, useOpenRow } from '../common.tsx';
import { EntityForm, text, type Values } from './EntityForm.tsx';
import { DataTable, num } from '../../components/DataTable.tsx';

type Row = Checklist['byOrganisation'][number];

interface Props {
  cycle: Cycle;
  checklist: Checklist;
  /** Runs a state change (open, close) with the page's conflict handling. */
  transition: (step: 'open' | 'close') => Promise<void>;
  announce: (message: string | null, error?: string | null) => void;
  reload: () => void;
}

export function CycleControl({ cycle, checklist, transition, announce, reload }: Props) {
  const t = useT();
  const lang = useLang();
  const name = cycleName(cycle, lang);
  const rows = checklist.byOrganisation;
  const people = rows.reduce((n, r) => n + r.editors, 0);
  const owing = rows.filter((r) => owed(r) > 0);

  const remind = async (organisationId?: string) => {
    try {
      const sent = await adminApi.remind(cycle.id, organisationId);
      const reached = sent.ministries.reduce((n, m) => n + m.recipients, 0);
      announce(
        sent.ministries.length === 0
          ? t('workflow.admin.control.reminded_nobody')
          : t('workflow.admin.control.reminded', { count: sent.ministries.length, people: reached }),
      );
    } catch {
      announce(null, t('workflow.error.generic'));
    }
    reload();
  };

  return (
    <div className="adm-control" data-testid="cycle-control">
      <EntityForm
        key={`deadline-${cycle.version}`}
        id={`cycle-deadline-${cycle.id}`}
        title={t('workflow.admin.control.deadline_form')}
        fields={[
          {
            name: 'deadline',
            label: t('workflow.admin.control.deadline_label'),
            hint: t('workflow.admin.control.deadline_hint'),
          },
        ]}
        initial={{ deadline: cycle.deadline ?? '' }}
        version={cycle.version}
        submitLabel={t('workflow.admin.control.save')}
        toValues={(c): Values => ({ deadline: (c as Cycle).deadline ?? '' })}
        send={(v, version) => adminApi.setCycleDeadline(cycle.id, text(v, 'deadline') || null, version ?? 0)}
        onSaved={(c) => {
          announce(
            c.deadline
              ? t('workflow.admin.control.deadline_saved', { name, date: dateLabel(c.deadline, lang) })
              : t('workflow.admin.control.deadline_cleared', { name }),
          );
          reload();
        }}
      />
      {/* Before the actions: their dialogs' h2 headings must not precede this h4. */}
      <MinistryTable cycle={cycle} rows={rows} remind={remind} announce={announce} reload={reload} />
      <div className="wf-actions">
        {cycle.state === 'open' ? (
          <ConfirmButton
            label={<Named text={t('workflow.admin.control.close')} name={name} />}
            confirmLabel={t('workflow.admin.control.close')}
            title={t('workflow.admin.control.close_title', { name })}
            tone="danger"
            onConfirm={() => transition('close')}
          >
            <ul>
              <li>{t('workflow.admin.control.close_effect_editors')}</li>
              <li>{t('workflow.admin.control.close_effect_notify', { count: rows.length, people })}</li>
              <li>{t('workflow.admin.control.close_effect_undo')}</li>
            </ul>
          </ConfirmButton>
        ) : (
          <ConfirmButton
            label={<Named text={t('workflow.admin.control.reopen')} name={name} />}
            confirmLabel={t('workflow.admin.control.reopen')}
            title={t('workflow.admin.control.reopen_title', { name })}
            onConfirm={() => transition('open')}
          >
            <ul>
              <li>{t('workflow.admin.control.reopen_effect')}</li>
              <li>{t('workflow.admin.cycles.effect_notify', { count: rows.length })}</li>
            </ul>
          </ConfirmButton>
        )}
        {cycle.state === 'open' && (
          <ConfirmButton
            label={t('workflow.admin.control.remind_all')}
            title={t('workflow.admin.control.remind_title')}
            disabled={owing.length === 0}
            onConfirm={() => remind()}
          >
            <RemindBody rows={owing} />
          </ConfirmButton>
        )}
      </div>
    </div>
  );
}

/** Entries a ministry still has to submit (drafts and returned ones). */
const owed = (r: Row): number => r.total - r.submitted - r.accepted;

function RemindBody({ rows }: { rows: Row[] }) {
  const t = useT();
  const lang = useLang();
  if (rows.length === 0) return <p>{t('workflow.admin.control.remind_none')}</p>;
  const people = rows.reduce((n, r) => n + r.editors, 0);
  return (
    <>
      <p>{t('workflow.admin.control.remind_effect', { count: rows.length, people })}</p>
      <ul>
        {rows.map((r) => (
          <li key={r.organisationId}>
            {t('workflow.admin.control.remind_row', {
              ministry: r.shortName,
              count: owed(r),
              date: r.deadline ? dateLabel(r.deadline, lang) : t('workflow.admin.control.none'),
              people: r.editors,
            })}
          </li>
        ))}
      </ul>
    </>
  );
}

function MinistryTable({
  cycle,
  rows,
  remind,
  announce,
  reload,
}: {
  cycle: Cycle;
  rows: Row[];
  remind: (organisationId: string) => Promise<void>;
  announce: Props['announce'];
  reload: () => void;
}) {
  const t = useT();
  const lang = useLang();
  const editing = useOpenRow();
  const headingId = `ministries-${cycle.id}`;
  const row = rows.find((r) => r.organisationId === editing.open);
  return (
    <>
      <h4 id={headingId}>{t('workflow.admin.control.ministries_heading')}</h4>
      <DataTable
        scroll={headingId}
        testId="ministry-deadlines"
        caption={t('workflow.admin.control.caption')}
        keys="workflow.admin.control.col."
        head={['ministry', 'deadline', num('outstanding'), num('overdue'), 'reminded', 'actions']}
      >
        {rows.map((r) => (
          <tr key={r.organisationId} data-organisation-id={r.organisationId}>
            <th scope="row">{r.shortName}</th>
            <td>
              {r.deadline ? dateLabel(r.deadline, lang) : t('workflow.admin.control.none')}
              {r.deadlineOverride && (
                <span className="subtle">（{t('workflow.admin.control.extended')}）</span>
              )}
            </td>
            <td className="num">{owed(r)}</td>
            <td className="num">{r.overdue > 0 ? <strong>{r.overdue}</strong> : 0}</td>
            <td>{r.lastRemindedAt ? dateTime(r.lastRemindedAt, lang) : t('workflow.admin.control.never')}</td>
            <td>
              <button
                type="button"
                className="button button--secondary"
                {...editing.toggle(r.organisationId)}
              >
                <Named text={t('workflow.admin.control.change_deadline')} name={r.shortName} />
              </button>{' '}
              {cycle.state === 'open' &&
                (owed(r) > 0 ? (
                  <ConfirmButton
                    className="button button--secondary"
                    label={<Named text={t('workflow.admin.control.remind_one')} name={r.shortName} />}
                    confirmLabel={t('workflow.admin.control.remind_one')}
                    title={t('workflow.admin.control.remind_one_title', { ministry: r.shortName })}
                    onConfirm={() => remind(r.organisationId)}
                  >
                    <RemindBody rows={[r]} />
                  </ConfirmButton>
                ) : (
                  <span className="wf-ok">✓ {t('workflow.admin.control.done')}</span>
                ))}
            </td>
          </tr>
        ))}
      </DataTable>
      {row && (
        <EntityForm
          key={`ministry-deadline-${row.organisationId}-${row.deadlineOverride?.version ?? 0}`}
          id={`ministry-deadline-${cycle.id}-${row.organisationId}`}
          title={t('workflow.admin.control.ministry_form', { ministry: row.shortName })}
          fields={[
            {
              name: 'deadline',
              label: t('workflow.admin.control.deadline_label'),
              hint: t('workflow.admin.control.ministry_hint', {
                date: cycle.deadline ? dateLabel(cycle.deadline, lang) : t('workflow.admin.control.none'),
              }),
            },
          ]}
          initial={{ deadline: row.deadlineOverride?.deadline ?? '' }}
          version={row.deadlineOverride?.version ?? null}
          submitLabel={t('workflow.admin.control.save')}
          toValues={(c): Values => ({ deadline: (c as { deadline: string | null }).deadline ?? '' })}
          send={(v, version) =>
            adminApi.setMinistryDeadline(cycle.id, row.organisationId, text(v, 'deadline') || null, version)
          }
          onSaved={(saved) => {
            announce(
              t('workflow.admin.control.ministry_saved', {
                ministry: row.shortName,
                date: saved.effectiveDeadline
                  ? dateLabel(saved.effectiveDeadline, lang)
                  : t('workflow.admin.control.none'),
              }),
            );
            editing.close();
            reload();
          }}
          onCancel={editing.close}
        />
      )}
    </>
  );
}
