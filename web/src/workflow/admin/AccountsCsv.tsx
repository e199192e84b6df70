/**
 * Accounts from a CSV file: choosing the file shows a preview of every row with the problems
 * of its line; only a file without problems can be confirmed, and then every account is
 * created at once with its temporary password (shown once, here).
 */
import { useState } from 'react';
import { useLang, useT } from '../../i18n.ts';
import { accountsApi } from '../../api/endpoints.ts';
import { ApiError } from '../../api/client.ts';
import { errorText } from '../common.tsx';
import { DataTable, RowsTable } from '../../components/DataTable.tsx';
import { FileField, WfSection } from '../Field.tsx';
import { ImportPreview } from '../ImportPreview.tsx';

type CsvResult = Awaited<ReturnType<typeof accountsApi.importCsv>>;
type CsvProblem = CsvResult['problems'][number];

/** A problem in words, with its column: 「3行目 login：ログインID「sato」は既に使われています」. */
function problemText(t: (k: string, p?: Record<string, string | number>) => string, p: CsvProblem): string {
  const what = t(`workflow.accounts.csv.${p.code}`, p.params);
  return p.column ? t('workflow.accounts.csv.at_column', { column: p.column, what }) : what;
}

export function AccountsCsv({ onCreated }: { onCreated: () => void }) {
  const t = useT();
  const lang = useLang();
  const [csv, setCsv] = useState<string | null>(null);
  const [fileName, setFileName] = useState('');
  const [preview, setPreview] = useState<CsvResult | null>(null);
  const [created, setCreated] = useState<CsvResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const choose = async (file: File | null) => {
    setPreview(null);
    setCreated(null);
    setError(null);
    if (!file) return;
    setBusy(true);
    try {
      const text = await file.text();
      setCsv(text);
      setFileName(file.name);
      setPreview(await accountsApi.importCsv(text, true));
    } catch (err) {
      setError(errorText(t, err));
    } finally {
      setBusy(false);
    }
  };

  const confirm = async () => {
    if (csv === null) return;
    setError(null);
    try {
      const result = await accountsApi.importCsv(csv, false);
      setCreated(result);
      setPreview(null);
      onCreated();
    } catch (err) {
      // Someone took a login meanwhile: the answer lists the problems, shown as a new preview.
      const problems =
        err instanceof ApiError ? (err.details as { problems?: CsvProblem[] })?.problems : undefined;
      if (problems && preview) setPreview({ ...preview, problems });
      else setError(errorText(t, err));
    }
  };

  const problems = preview?.problems ?? [];
  const atLine = (line: number) => problems.filter((p) => p.line === line);
  const general = problems.filter(
    (p) => p.line === undefined || !preview?.rows.some((r) => r.line === p.line),
  );
  const orgs = (r: CsvResult['rows'][number]) => r.organisations.map((o) => o.nameJa).join('、') || '—';

  return (
    <WfSection id="accounts-csv" title={t('workflow.accounts.csv_title')}>
      <p>{t('workflow.accounts.csv_lead')}</p>
      <pre className="adm-csv-sample" lang="ja" aria-label={t('workflow.accounts.csv_sample')}>
        {'login,name,role,organisations,email\nsato.ichiro,佐藤 一郎,府省担当,総務省,sato@example.go.jp'}
      </pre>
      <FileField
        id="accounts-csv-file"
        label={t('workflow.accounts.csv_file')}
        hint={t('workflow.accounts.csv_hint')}
        hintId="accounts-csv-hint"
        accept=".csv,.tsv,.txt,text/csv"
        disabled={busy}
        onFile={(file) => void choose(file)}
      />
      <div role="alert" className={error ? 'wf-error' : 'visually-hidden'}>
        {error ?? ''}
      </div>
      {preview && (
        <ImportPreview
          id="csv-preview"
          className="adm-csv-preview"
          heading={t('workflow.accounts.csv_preview', { file: fileName })}
          refused={
            problems.length > 0 ? t('workflow.accounts.csv_problems', { count: problems.length }) : null
          }
          ready={t('workflow.accounts.csv_ready', { count: preview.rows.length })}
          rows={preview.rows.length}
          confirm={{
            label: t('workflow.accounts.csv_create', { count: preview.rows.length }),
            title: t('workflow.accounts.csv_confirm_title', { count: preview.rows.length }),
            onConfirm: confirm,
            children: <p>{t('workflow.accounts.csv_confirm_body')}</p>,
          }}
        >
          {general.length > 0 && (
            <ul className="wf-error">
              {general.map((p, i) => (
                <li key={i}>
                  {p.line !== undefined && `${t('workflow.accounts.csv.line', { line: p.line })} `}
                  {problemText(t, p)}
                </li>
              ))}
            </ul>
          )}
          <RowsTable
            count={preview.rows.length}
            scroll="csv-preview-heading"
            keys="workflow.accounts.col."
            head={['line', 'login', 'name', 'role', 'organisations', 'email', 'problems']}
          >
            {preview.rows.map((r) => (
              <tr key={r.line} data-line={r.line}>
                <th scope="row">{t('workflow.accounts.csv.line', { line: r.line })}</th>
                <td>
                  <code>{r.login}</code>
                </td>
                <td lang="ja">{r.displayName}</td>
                <td>{r.role ? t(`workflow.role.${r.role}`) : '—'}</td>
                <td lang={lang === 'en' ? 'ja' : undefined}>{orgs(r)}</td>
                <td>{r.email}</td>
                <td>
                  {atLine(r.line).length === 0 ? (
                    t('workflow.accounts.csv_ok')
                  ) : (
                    <ul className="wf-field-error">
                      {atLine(r.line).map((p, i) => (
                        <li key={i}>{problemText(t, p)}</li>
                      ))}
                    </ul>
                  )}
                </td>
              </tr>
            ))}
          </RowsTable>
        </ImportPreview>
      )}
      {created && (
        <div className="wf-alert adm-temporary" data-testid="csv-created">
          <h3>{t('workflow.accounts.csv_created', { count: created.rows.length })}</h3>
          <p>{t('workflow.accounts.temporary_hint')}</p>
          <div
            className="table-scroll"
            role="region"
            aria-label={t('workflow.accounts.csv_passwords')}
            tabIndex={0}
          >
            <DataTable
              keys="workflow.accounts.col."
              head={['login', 'name', 'workflow.accounts.temporary_label']}
            >
              {created.rows.map((r) => (
                <tr key={r.login} data-login={r.login}>
                  <th scope="row">
                    <code>{r.login}</code>
                  </th>
                  <td lang="ja">{r.displayName}</td>
                  <td>
                    <code data-testid="csv-temporary-password">{r.temporaryPassword}</code>
                  </td>
                </tr>
              ))}
            </DataTable>
          </div>
        </div>
      )}
    </WfSection>
  );
}
