/**
 * The administrative project review's CSV (行政事業レビュー): choosing the file shows how its
 * columns were understood, every row with what it would change, and every problem at its row
 * and column; a file with an error cannot be confirmed, and nothing is written before the
 * confirmation.
 */
import { useState } from 'react';
import { ApiError } from '../../api/client.ts';
import { budgetApi, type BudgetImport as Result } from '../../api/endpoints.ts';
import { useLang, useT } from '../../i18n.ts';
import { yenLabel } from '../../lib/budget.ts';
import { Announce, errorText } from '../common.tsx';
import { num, RowsTable } from '../../components/DataTable.tsx';
import { FileField, WfSection } from '../Field.tsx';
import { ImportPreview } from '../ImportPreview.tsx';

/** Rows shown in the preview; the counts cover them all. */
const SHOWN_ROWS = 200;

function previewOf(err: unknown): Result | null {
  if (!(err instanceof ApiError)) return null;
  const d = err.details as Partial<Result> | undefined;
  return d && Array.isArray(d.problems) && Array.isArray(d.columns) ? (d as Result) : null;
}

export function BudgetImport({ onImported }: { onImported: () => void }) {
  const t = useT();
  const lang = useLang();
  const [file, setFile] = useState<File | null>(null);
  const [preview, setPreview] = useState<Result | null>(null);
  const [done, setDone] = useState<Result | null>(null);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<unknown>(null);

  const send = async (chosen: File, dryRun: boolean) => {
    setBusy(true);
    setFailure(null);
    try {
      const result = await budgetApi.importCsv(chosen, { dryRun, name: chosen.name, lang });
      if (dryRun) setPreview(result);
      else {
        setDone(result);
        setPreview(null);
        onImported();
      }
    } catch (err) {
      const shown = previewOf(err);
      setPreview(shown);
      if (!shown) setFailure(err);
    } finally {
      setBusy(false);
    }
  };

  const errors = preview?.problems.filter((p) => p.severity === 'error') ?? [];
  const warnings = preview?.problems.filter((p) => p.severity !== 'error') ?? [];
  const status = busy
    ? t('workflow.budget.checking')
    : done
      ? t('workflow.budget.imported', { ...done.counts })
      : null;
  return (
    <WfSection id="budget-import" title={t('workflow.budget.import_title')}>
      <p>{t('workflow.budget.import_lead')}</p>
      <pre className="adm-csv-sample" lang="ja" aria-label={t('workflow.budget.sample')}>
        {'事業番号,府省庁,事業名,年度,当初予算（千円）,補正予算（千円）,執行額（千円）\n' +
          '2022-総務-0101,総務省,観測データ提供基盤の整備事業,2022,455000,120000,541230'}
      </pre>
      <FileField
        id="budget-file"
        label={t('workflow.budget.file')}
        hint={t('workflow.budget.file_hint')}
        accept=".csv,text/csv"
        disabled={busy}
        onFile={(chosen) => {
          setFile(chosen);
          setPreview(null);
          setDone(null);
          if (chosen) void send(chosen, true);
        }}
      />
      <Announce message={status} error={failure ? errorText(t, failure) : null} />
      {preview && (
        <ImportPreview
          id="budget-preview"
          heading={t('workflow.budget.preview', { file: file?.name ?? '' })}
          refused={errors.length > 0 ? t('workflow.budget.refused', { count: errors.length }) : null}
          ready={t('workflow.budget.ready', { ...preview.counts })}
          rows={preview.rows.length}
          confirm={{
            label: t('workflow.budget.confirm', { count: preview.rows.length }),
            title: t('workflow.budget.confirm_title'),
            disabled: busy || !file,
            onConfirm: () => (file ? send(file, false) : Promise.resolve()),
            children: <p>{t('workflow.budget.confirm_body', { ...preview.counts })}</p>,
          }}
        >
          {preview.problems.length > 0 && (
            <ul className="wf-plain" data-testid="budget-problems">
              {[...errors, ...warnings].map((p, i) => (
                <li key={i} className={p.severity === 'error' ? 'wf-field-error' : undefined}>
                  {p.message}
                </li>
              ))}
            </ul>
          )}
          <RowsTable
            count={preview.columns.length}
            id="budget-columns"
            caption={t('workflow.budget.columns')}
            keys="workflow.budget.col."
            head={['column', 'field', 'unit']}
          >
            {preview.columns.map((c) => (
              <tr key={c.index}>
                <th scope="row" lang="ja">
                  {c.header}
                </th>
                <td>{c.field ? t(`workflow.budget.field.${c.field}`) : t('workflow.budget.unused')}</td>
                <td>{c.unit ?? '—'}</td>
              </tr>
            ))}
          </RowsTable>
          <RowsTable
            count={preview.rows.length}
            id="budget-rows"
            caption={t('workflow.budget.rows', {
              count: preview.rows.length,
              shown: Math.min(SHOWN_ROWS, preview.rows.length),
            })}
            keys="workflow.budget.field."
            head={[
              'workflow.budget.col.row',
              'projectNumber',
              'projectName',
              'fiscalYear',
              num('initialBudget'),
              num('supplementaryBudget'),
              num('executed'),
              'workflow.budget.col.status',
            ]}
          >
            {preview.rows.slice(0, SHOWN_ROWS).map((r) => (
              <tr key={r.row} data-row={r.row}>
                <th scope="row">{t('workflow.budget.row', { row: r.row })}</th>
                <td>
                  <code>{r.projectNumber}</code>
                </td>
                <td lang="ja">{r.projectName}</td>
                <td>{r.fiscalYear}</td>
                <td className="num">{yenLabel(r.initialBudget, lang)}</td>
                <td className="num">{yenLabel(r.supplementaryBudget, lang)}</td>
                <td className="num">{yenLabel(r.executed, lang)}</td>
                <td>
                  {t(`workflow.budget.status.${r.status}`)}
                  {!r.linked && `（${t('workflow.budget.unlinked')}）`}
                </td>
              </tr>
            ))}
          </RowsTable>
        </ImportPreview>
      )}
    </WfSection>
  );
}
