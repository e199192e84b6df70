/**
 * /admin/report-imports — an administrator uploads a past report (PDF, PPTX, HTML, Markdown
 * or text); the server recovers its draft and the review screen opens. A file that is not a
 * report, or holds no readable text, is refused with the importer's messages; nothing is kept.
 */
import { useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';
import { ApiError } from '../../api/client.ts';
import { reportImportsApi } from '../../api/endpoints.ts';
import { L } from '../../components/Link.tsx';
import { localPath, useLang, useT } from '../../i18n.ts';
import { usePageTitle } from '../../lib/hooks.ts';
import { Announce, dateTime, RequireSession } from '../common.tsx';
import { AdminMenu, LoadState, useData } from '../admin/shared.tsx';
import { Field, FileField } from '../Field.tsx';
import { reviewErrorText } from './shared.ts';
import './messages.ts';

export function ReportImportsPage() {
  return <RequireSession action="structure:write">{() => <Uploads />}</RequireSession>;
}

function Uploads() {
  const t = useT();
  const lang = useLang();
  const navigate = useNavigate();
  usePageTitle(t('report_import.title'));
  const state = useData(() => reportImportsApi.list(), 'report-imports');
  const [file, setFile] = useState<File | null>(null);
  const [strategyId, setStrategyId] = useState('');
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const [problems, setProblems] = useState<string[]>([]);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setFailure(null);
    setProblems([]);
    if (!file) {
      setFailure(t('report_import.error.no_file'));
      return;
    }
    setBusy(true);
    try {
      const id = strategyId.trim();
      const row = await reportImportsApi.upload(file, {
        name: file.name,
        lang,
        ...(id !== '' && { strategyId: id }),
      });
      void navigate(localPath(lang, `/admin/report-imports/${row.id}`));
    } catch (err) {
      setFailure(reviewErrorText(t, err));
      const details = err instanceof ApiError ? (err.details as { problems?: { message: string }[] }) : null;
      setProblems((details?.problems ?? []).map((p) => p.message).slice(0, 20));
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <AdminMenu />
      <h1>{t('report_import.title')}</h1>
      <p>{t('report_import.lead')}</p>
      <form className="wf-section" onSubmit={(e) => void submit(e)} aria-labelledby="ri-upload-heading">
        <h2 id="ri-upload-heading">{t('report_import.upload')}</h2>
        <FileField
          id="ri-file"
          label={t('report_import.file')}
          hint={t('report_import.file_hint')}
          accept=".pdf,.pptx,.html,.htm,.md,.txt"
          disabled={busy}
          onFile={setFile}
        />
        <Field
          id="ri-strategy-id"
          label={t('report_import.strategy_id')}
          hint={t('report_import.strategy_id_hint')}
        >
          <input
            id="ri-strategy-id"
            value={strategyId}
            aria-describedby="ri-strategy-id-hint"
            pattern="[A-Za-z0-9][A-Za-z0-9._\-]*"
            onChange={(e) => setStrategyId(e.target.value)}
          />
        </Field>
        <button type="submit" className="btn btn--primary" disabled={busy}>
          {t('report_import.upload_button')}
        </button>
        <Announce message={busy ? t('report_import.reading') : null} error={failure} />
        {problems.length > 0 && (
          <ul className="wf-plain" data-testid="ri-upload-problems">
            {problems.map((p, i) => (
              <li key={i}>{p}</li>
            ))}
          </ul>
        )}
      </form>
      <section className="wf-section" aria-labelledby="ri-list-heading">
        <h2 id="ri-list-heading">{t('report_import.uploads')}</h2>
        <LoadState state={state} />
        {state.data && state.data.length === 0 && <p>{t('report_import.none')}</p>}
        {state.data && state.data.length > 0 && (
          <ul className="wf-plain" data-testid="ri-uploads">
            {state.data.map((r) => (
              <li key={r.id}>
                <L to={`/admin/report-imports/${r.id}`}>{r.fileName}</L>（{dateTime(r.createdAt, lang)}、
                {t(`report_import.state.${r.state}`)}）
              </li>
            ))}
          </ul>
        )}
      </section>
    </>
  );
}
