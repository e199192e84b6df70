/**
 * /tasks/:cycleId/survey — 調査票の取り込み: a ministry clerk chooses the filled-in survey
 * sheet, sees what it would change (old and new text per item, figures added or changed) or
 * every problem located by sheet, row and column, and then imports it, optionally
 * submitting its items for review. Nothing is written before the confirmation.
 */
import { useState, type FormEvent } from 'react';
import { useParams } from 'react-router';
import { ConfirmButton } from '../components/ConfirmDialog.tsx';
import { L } from '../components/Link.tsx';
import { usePageTitle } from '../lib/hooks.ts';
import { useLang, useT } from '../i18n.ts';
import { ApiError } from '../api/client.ts';
import { surveyUrl, workflowApi, type SurveyImport } from '../api/endpoints.ts';
import { Announce, errorText, RequireSession } from './common.tsx';
import { can, type SessionUser } from './session.ts';
import { num, RowsTable } from '../components/DataTable.tsx';
import { FileField } from './Field.tsx';

export function SurveyImportPage() {
  const { cycleId = '' } = useParams();
  return <RequireSession>{(user) => <SurveyImportForm cycleId={cycleId} user={user} />}</RequireSession>;
}

/** The preview a refused sheet carries in its error (400/409), or null. */
function previewOf(err: unknown): SurveyImport | null {
  if (!(err instanceof ApiError)) return null;
  const d = err.details as Partial<SurveyImport> | undefined;
  return d && Array.isArray(d.problems) ? (d as SurveyImport) : null;
}

const changes = (p: SurveyImport) =>
  p.counts.entries + p.counts.observationsAdded + p.counts.observationsChanged;

function SurveyImportForm({ cycleId, user }: { cycleId: string; user: SessionUser }) {
  const t = useT();
  const lang = useLang();
  usePageTitle(t('workflow.survey.title'));
  const [file, setFile] = useState<File | null>(null);
  const [fileError, setFileError] = useState<string | null>(null);
  const [preview, setPreview] = useState<SurveyImport | null>(null);
  const [refused, setRefused] = useState<SurveyImport | null>(null);
  const [done, setDone] = useState<SurveyImport | null>(null);
  const [submit, setSubmit] = useState(true);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<unknown>(null);

  const send = async (dryRun: boolean) => {
    if (!file) return;
    setBusy(true);
    setFailure(null);
    try {
      const result = await workflowApi.importSurvey(cycleId, file, {
        dryRun,
        submit: !dryRun && submit,
        lang,
      });
      if (dryRun) setPreview(result);
      else {
        setDone(result);
        setPreview(null);
      }
      setRefused(null);
    } catch (err) {
      const shown = previewOf(err);
      setRefused(shown);
      setPreview(null);
      if (!shown) setFailure(err);
    } finally {
      setBusy(false);
    }
  };

  const check = (e: FormEvent) => {
    e.preventDefault();
    setDone(null);
    if (!file) {
      setFileError(t('workflow.survey.file_required'));
      return;
    }
    setFileError(null);
    void send(true);
  };

  if (!can(user, 'entry:edit')) return <p className="notice">{t('workflow.survey.editors_only')}</p>;
  const status = busy
    ? t('workflow.survey.checking')
    : done
      ? t('workflow.survey.imported', { count: changes(done) })
      : preview && changes(preview) === 0
        ? t('workflow.survey.no_change')
        : null;
  return (
    <>
      <p className="wf-back">
        <L to="/tasks">{t('workflow.entry.history_link')}</L>
      </p>
      <h1>{t('workflow.survey.title')}</h1>
      <p>{t('workflow.survey.intro')}</p>
      <p>
        <a href={surveyUrl(cycleId)} download="">
          {t('workflow.survey.download_again')}
        </a>
      </p>
      <Announce message={status} error={failure ? errorText(t, failure) : null} />
      <form onSubmit={check} noValidate className="wf-form">
        <FileField
          id="survey-file"
          label={t('workflow.survey.file')}
          hint={t('workflow.survey.file_hint')}
          error={fileError}
          accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
          onFile={(chosen) => {
            setFile(chosen);
            setPreview(null);
            setRefused(null);
            setDone(null);
          }}
        />
        <div className="wf-buttons">
          <button type="submit" className="button button--secondary" disabled={busy}>
            {t('workflow.survey.check')}
          </button>
        </div>
      </form>

      {refused && <Problems result={refused} />}
      {preview && (
        <section aria-labelledby="survey-preview" className="wf-section">
          <h2 id="survey-preview">{t('workflow.survey.preview')}</h2>
          {changes(preview) === 0 ? (
            <p data-testid="survey-no-change">
              <strong>{t('workflow.survey.no_change')}</strong>
            </p>
          ) : (
            <Changes result={preview} />
          )}
          {preview.toSubmit.length > 0 && (
            <div className="wf-section">
              <div className="wf-check">
                <input
                  id="survey-submit"
                  type="checkbox"
                  checked={submit}
                  onChange={(e) => setSubmit(e.target.checked)}
                />
                <label htmlFor="survey-submit">
                  {t('workflow.survey.submit', { count: preview.toSubmit.length })}
                </label>
              </div>
              <ul className="wf-plain">
                {preview.toSubmit.map((x) => (
                  <li key={x.entryId}>{x.initiative}</li>
                ))}
              </ul>
            </div>
          )}
          {(changes(preview) > 0 || (submit && preview.toSubmit.length > 0)) && (
            <ConfirmButton
              label={t('workflow.survey.confirm')}
              title={t('workflow.survey.confirm_title')}
              disabled={busy}
              onConfirm={() => send(false)}
            >
              <p>
                {t('workflow.survey.confirm_body', {
                  entries: preview.counts.entries,
                  figures: preview.counts.observationsAdded + preview.counts.observationsChanged,
                })}
              </p>
              {submit && preview.toSubmit.length > 0 && (
                <p>{t('workflow.survey.confirm_submit', { count: preview.toSubmit.length })}</p>
              )}
            </ConfirmButton>
          )}
        </section>
      )}
      {done && <Result result={done} />}
    </>
  );
}

function Problems({ result }: { result: SurveyImport }) {
  const t = useT();
  return (
    <section className="wf-error-summary" aria-labelledby="survey-problems" tabIndex={-1}>
      <h2 id="survey-problems">{t('workflow.survey.problems', { count: result.problems.length })}</h2>
      <p>{t('workflow.survey.problems_hint')}</p>
      <ul data-testid="survey-problems">
        {result.problems.map((p, i) => (
          <li key={i}>{p.message}</li>
        ))}
      </ul>
    </section>
  );
}

function Changes({ result }: { result: SurveyImport }) {
  const t = useT();
  return (
    <>
      <RowsTable
        count={result.entries.length}
        id="survey-entries"
        caption={t('workflow.survey.entries', { count: result.entries.length })}
        keys="workflow.survey.col."
        head={['item', 'field', 'from', 'to']}
      >
        {result.entries.flatMap((e) =>
          (['text', 'textEn', 'stage', 'plans'] as const).flatMap((field) => {
            const change = e[field];
            if (!change) return [];
            const lang = field === 'textEn' ? 'en' : 'ja';
            return [
              <tr key={`${e.entryId}-${field}`}>
                <th scope="row">
                  {t('workflow.survey.row', { row: e.row })} {e.initiative}
                </th>
                <td>{t(`workflow.survey.field.${field}`)}</td>
                <td lang={lang} className="wf-pre">
                  <del>{change.from || t('workflow.survey.empty')}</del>
                </td>
                <td lang={lang} className="wf-pre">
                  <ins>{change.to || t('workflow.survey.empty')}</ins>
                </td>
              </tr>,
            ];
          }),
        )}
      </RowsTable>
      <RowsTable
        count={result.observations.length}
        id="survey-figures"
        caption={t('workflow.survey.figures', { count: result.observations.length })}
        keys="workflow.survey.col."
        head={['indicator', 'period', num('from'), num('to')]}
      >
        {result.observations.map((o) => (
          <tr key={`${o.indicatorId}-${o.period}`}>
            <th scope="row">{o.indicator}</th>
            <td>{o.period}</td>
            <td className="num">{o.value.from ?? t('workflow.survey.new')}</td>
            <td className="num">{o.value.to}</td>
          </tr>
        ))}
      </RowsTable>
    </>
  );
}

function Result({ result }: { result: SurveyImport }) {
  const t = useT();
  return (
    <section aria-labelledby="survey-result" className="wf-section" data-testid="survey-result">
      <h2 id="survey-result">{t('workflow.survey.result')}</h2>
      <p>
        {t('workflow.survey.imported', { count: changes(result) })}
        {result.submitted.length > 0 && (
          <> {t('workflow.survey.submitted', { count: result.submitted.length })}</>
        )}
      </p>
      {result.submitted.length > 0 && (
        <ul className="wf-plain">
          {result.submitted.map((x) => (
            <li key={x.entryId}>
              <L to={`/entries/${x.entryId}`}>{x.initiative}</L>
            </li>
          ))}
        </ul>
      )}
      {result.submitFailed.length > 0 && (
        <div className="wf-alert">
          <h3>{t('workflow.survey.submit_failed', { count: result.submitFailed.length })}</h3>
          <ul>
            {result.submitFailed.map((x) => (
              <li key={x.entryId}>
                <L to={`/entries/${x.entryId}`}>{x.initiative}</L>：{t(`workflow.survey.fail.${x.reason}`)}
              </li>
            ))}
          </ul>
        </div>
      )}
      <p>
        <L to="/tasks">{t('workflow.survey.back')}</L>
      </p>
    </section>
  );
}
