/**
 * /admin/report-imports/:importId — the recovered tree of an uploaded report beside its
 * source page (the PDF page drawn, the slide's text, or the text file's lines). Choosing a
 * part shows where it was read and the fixes it allows; the items the importer could not
 * place are listed "to check". Each fix is saved with the version read (a 409 says someone
 * changed it first). Accepting loads the draft as a new strategy.
 */
import { useState, type ReactNode } from 'react';
import { useParams } from 'react-router';
import { reportImportsApi, type ReportEdit, type ReportImport } from '../../api/endpoints.ts';
import { ConfirmButton } from '../../components/ConfirmDialog.tsx';
import { L } from '../../components/Link.tsx';
import { useLang, useT } from '../../i18n.ts';
import { usePageTitle } from '../../lib/hooks.ts';
import { Announce, RequireSession } from '../common.tsx';
import { AdminMenu, LoadState, useData } from '../admin/shared.tsx';
import { FixPanel, type Selection } from './FixPanel.tsx';
import { PastCycle } from './PastCycle.tsx';
import { SourceView } from './SourceView.tsx';
import { reviewErrorText, sourcePage } from './shared.ts';
import './messages.ts';

export function ReportReviewPage() {
  const { importId = '' } = useParams();
  return <RequireSession action="structure:write">{() => <Review importId={importId} />}</RequireSession>;
}

function Review({ importId }: { importId: string }) {
  const t = useT();
  const lang = useLang();
  const loaded = useData(() => reportImportsApi.get(importId, lang), `report-import:${importId}`);
  // The answer of the last fix or acceptance, else what was loaded.
  const [saved, setData] = useState<ReportImport | null>(null);
  const data = saved ?? loaded.data;
  const [selection, setSelection] = useState<Selection | null>(null);
  const [page, setPage] = useState(1);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  usePageTitle(t('report_import.review_title', { file: data?.fileName ?? '' }));

  if (!data) {
    return (
      <>
        <AdminMenu />
        <h1>{t('report_import.review_title', { file: '' })}</h1>
        <LoadState state={loaded} />
      </>
    );
  }
  const { draft, toCheck, sources } = data.review;
  const open = data.state === 'open';

  const choose = (s: Selection) => {
    setSelection(s);
    const line =
      s.kind === 'node'
        ? sources.nodes[s.id]
        : s.kind === 'item'
          ? sources.initiatives[s.id]
          : toCheck.find((c) => c.id === s.id)?.line;
    const at = line === undefined ? null : sourcePage(line);
    if (at !== null) setPage(at);
  };

  const run = async (call: () => Promise<ReportImport>, done: string) => {
    setBusy(true);
    setError(null);
    setMessage(null);
    try {
      const next = await call();
      setData(next);
      setMessage(done);
      return true;
    } catch (err) {
      setError(reviewErrorText(t, err));
      return false;
    } finally {
      setBusy(false);
    }
  };
  const send = async (edit: ReportEdit) => {
    // Refused here with a clear message rather than by the server's schema.
    if ('owners' in edit && edit.owners.length === 0) {
      setMessage(null);
      setError(t('report_import.error.no_ministry'));
      return;
    }
    if (edit.op === 'split_item' && (edit.first.trim() === '' || edit.second.trim() === '')) {
      setMessage(null);
      setError(t('report_import.error.split_empty'));
      return;
    }
    const ok = await run(
      () => reportImportsApi.edit(importId, data.version, edit, lang),
      t('report_import.saved'),
    );
    if (ok) setSelection(null);
  };

  const selectedLine =
    selection?.kind === 'node'
      ? sources.nodes[selection.id]
      : selection?.kind === 'item'
        ? sources.initiatives[selection.id]
        : toCheck.find((c) => c.id === selection?.id)?.line;

  return (
    <>
      <AdminMenu />
      <p>
        <L to="/admin/report-imports">{t('report_import.back')}</L>
      </p>
      <h1>{t('report_import.review_title', { file: data.fileName })}</h1>
      <p lang="ja">
        {draft.strategy.title}（{draft.strategy.id}、{draft.cycles[0]?.asOf ?? ''}）
      </p>
      <Announce message={message} error={error} />
      {!open && (
        <p role="status" data-testid="ri-accepted">
          {t('report_import.accepted', { id: data.strategyId ?? '' })}{' '}
          {data.strategyId && (
            <L to={`/admin/strategies/${data.strategyId}`}>{t('report_import.open_strategy')}</L>
          )}
        </p>
      )}
      <div className="ri-layout">
        <section aria-labelledby="ri-tree-heading" className="ri-tree">
          <h2 id="ri-tree-heading">{t('report_import.tree')}</h2>
          <Tree data={data} selection={selection} onChoose={choose} />
          <h2 id="ri-check-heading">{t('report_import.to_check', { count: toCheck.length })}</h2>
          {toCheck.length === 0 ? (
            <p>{t('report_import.nothing_to_check')}</p>
          ) : (
            <ul className="wf-plain" data-testid="ri-to-check" aria-labelledby="ri-check-heading">
              {toCheck.map((c) => (
                <li key={c.id}>
                  <button
                    type="button"
                    className="ri-part"
                    aria-pressed={selection?.kind === 'check' && selection.id === c.id}
                    onClick={() => choose({ kind: 'check', id: c.id })}
                  >
                    <span lang="ja">{c.text}</span>
                  </button>
                </li>
              ))}
            </ul>
          )}
        </section>
        <SourceView data={data} page={page} onPage={setPage} line={selectedLine ?? null} />
      </div>
      {open && selection && (
        <FixPanel
          key={`${selection.kind}:${selection.id}`}
          data={data}
          selection={selection}
          busy={busy}
          onEdit={(e) => void send(e)}
        />
      )}
      {open && (
        <section className="wf-section" aria-labelledby="ri-accept-heading">
          <h2 id="ri-accept-heading">{t('report_import.accept')}</h2>
          <p>{t('report_import.accept_lead', { count: toCheck.length })}</p>
          <ConfirmButton
            label={t('report_import.accept_new')}
            title={t('report_import.accept_new_title')}
            disabled={busy}
            onConfirm={async () => {
              await run(
                () => reportImportsApi.acceptAsNew(importId, data.version, lang),
                t('report_import.accepted', { id: draft.strategy.id }),
              );
            }}
          >
            <p>
              {t('report_import.accept_new_body', { title: draft.strategy.title, id: draft.strategy.id })}
            </p>
          </ConfirmButton>
          <PastCycle
            data={data}
            busy={busy}
            onAccept={async (strategyId) => {
              await run(
                () => reportImportsApi.acceptAsPast(importId, data.version, strategyId, lang),
                t('report_import.accepted', { id: strategyId }),
              );
            }}
          />
        </section>
      )}
      {data.problems.length > 0 && (
        <details className="wf-section">
          <summary>{t('report_import.problems', { count: data.problems.length })}</summary>
          <ul className="wf-plain">
            {data.problems.map((p, i) => (
              <li key={i}>{p.message}</li>
            ))}
          </ul>
        </details>
      )}
    </>
  );
}

function Tree({
  data,
  selection,
  onChoose,
}: {
  data: ReportImport;
  selection: Selection | null;
  onChoose: (s: Selection) => void;
}) {
  const t = useT();
  const { draft } = data.review;
  const cycle = draft.cycles[0];
  const orgName = (id: string) => data.organisations.find((o) => o.id === id)?.shortName ?? id;
  /** A part of the draft to choose; pressed while it is the one chosen. */
  const part = (choice: Selection, className: string, label: ReactNode) => (
    <button
      type="button"
      className={className}
      aria-pressed={selection?.kind === choice.kind && selection.id === choice.id}
      onClick={() => onChoose(choice)}
    >
      {label}
    </button>
  );
  const render = (parentId: string | null) => {
    const nodes = draft.nodes.filter((n) => n.parentId === parentId);
    if (nodes.length === 0) return null;
    return (
      <ul className="ri-nodes">
        {nodes.map((n) => {
          const items = draft.initiatives
            .filter((i) => i.listings.some((l) => l.nodeId === n.id))
            .sort(
              (a, b) =>
                (a.listings.find((l) => l.nodeId === n.id)?.position ?? 0) -
                (b.listings.find((l) => l.nodeId === n.id)?.position ?? 0),
            );
          const overview = cycle?.assessments.find((a) => a.nodeId === n.id)?.narrative;
          const kpis = draft.indicators.filter((k) => k.nodeId === n.id && k.initiativeId === null);
          return (
            <li key={n.id} data-node={n.id}>
              {part(
                { kind: 'node', id: n.id },
                'ri-part ri-part--node',
                <>
                  {n.code} <span lang="ja">{n.title}</span>
                </>,
              )}
              {overview && (
                <p className="ri-overview">
                  <strong>{t('report_import.overview')}</strong> <span lang="ja">{overview}</span>
                </p>
              )}
              {kpis.map((k) => (
                <p key={k.id} className="ri-kpi">
                  {t('report_import.kpi')} <span lang="ja">{k.name}</span>
                </p>
              ))}
              {items.length > 0 && (
                <ul className="ri-items">
                  {items.map((i) => (
                    <li key={i.id} data-item={i.id}>
                      {part(
                        { kind: 'item', id: i.id },
                        'ri-part',
                        <>
                          <span lang="ja">{i.title}</span>（{i.owners.map(orgName).join('、')}）
                        </>,
                      )}
                      {draft.indicators
                        .filter((k) => k.initiativeId === i.id)
                        .map((k) => (
                          <p key={k.id} className="ri-kpi">
                            {t('report_import.kpi')} <span lang="ja">{k.name}</span>
                          </p>
                        ))}
                    </li>
                  ))}
                </ul>
              )}
              {render(n.id)}
            </li>
          );
        })}
      </ul>
    );
  };
  return <div data-testid="ri-tree">{render(null)}</div>;
}
