/**
 * The secretariat's overview of a cycle on the checklist: per ministry, its entries counted
 * by state (each entry in exactly one column, so a row adds up to its total), a link to the
 * review queue filtered to that ministry, and each of its items; then the named exceptions.
 */
import type { Checklist } from '../../../../src/domain/views.ts';
import { L } from '../../components/Link.tsx';
import { useLang, useT } from '../../i18n.ts';
import { dateTime, ReviewState } from '../common.tsx';
import { filterQuery } from './filters.ts';
import { DataTable, num } from '../../components/DataTable.tsx';

const COLUMNS = ['draft', 'returned', 'submitted', 'accepted', 'not_applicable', 'no_report'] as const;

export function StatusTable({ checklist, cycleId }: { checklist: Checklist; cycleId: string }) {
  const t = useT();
  return (
    <div className="wf-section">
      <h2 id="status-heading">{t('workflow.status.title')}</h2>
      <DataTable
        scroll="status-heading"
        testId="status-table"
        caption={t('workflow.status.caption')}
        head={[
          'workflow.tasks.col.ministry',
          num('workflow.tasks.col.total'),
          ...COLUMNS.map((c) => num(`workflow.state.${c}`)),
        ]}
        foot={
          <tfoot>
            <tr>
              <th scope="row">{t('workflow.status.all')}</th>
              <td className="num">{checklist.entries.total}</td>
              {COLUMNS.map((c) => (
                <td key={c} className="num">
                  {checklist.entries[c]}
                </td>
              ))}
            </tr>
          </tfoot>
        }
      >
        {checklist.byOrganisation.map((row) => (
          <tr key={row.organisationId}>
            <th scope="row">
              <L
                to={`/review/${cycleId}${filterQuery({ ministry: row.organisationId, state: 'all', target: '' })}`}
              >
                {row.shortName}
              </L>
            </th>
            <td className="num">{row.total}</td>
            {COLUMNS.map((c) => (
              <td key={c} className="num">
                {(c === 'draft' || c === 'returned') && row[c] > 0 ? <strong>{row[c]}</strong> : row[c]}
              </td>
            ))}
          </tr>
        ))}
      </DataTable>
      <p className="subtle">{t('workflow.status.joint')}</p>
      <h3>{t('workflow.status.items')}</h3>
      {checklist.byOrganisation.map((row) => (
        <details key={row.organisationId} className="wf-ministry-items">
          <summary>
            {t('workflow.status.items_of', { ministry: row.shortName, count: row.items.length })}
          </summary>
          <ul>
            {row.items.map((item) => (
              <li key={item.entryId}>
                <L to={`/entries/${item.entryId}`}>{item.title}</L> <ReviewState state={item.state} />
              </li>
            ))}
          </ul>
        </details>
      ))}
    </div>
  );
}

export function ExceptionList({ checklist }: { checklist: Checklist }) {
  const t = useT();
  const lang = useLang();
  return (
    <div className="wf-section">
      <h2 id="exceptions-heading">{t('workflow.status.exceptions')}</h2>
      {checklist.exceptions.length === 0 ? (
        <p>{t('workflow.status.no_exceptions')}</p>
      ) : (
        <DataTable
          scroll="exceptions-heading"
          testId="exceptions"
          caption={t('workflow.status.exceptions_caption')}
          keys="workflow.status.col."
          head={['item', 'workflow.tasks.col.ministry', 'kind', 'reason', 'by']}
        >
          {checklist.exceptions.map((x) => (
            <tr key={x.entryId}>
              <th scope="row">
                <L to={`/entries/${x.entryId}`}>{x.title}</L>
              </th>
              <td>{x.organisations.join('、')}</td>
              <td>{t(`workflow.state.${x.kind}`)}</td>
              <td>{x.reason}</td>
              <td>
                {x.by}（{dateTime(x.at, lang)}）
              </td>
            </tr>
          ))}
        </DataTable>
      )}
    </div>
  );
}
