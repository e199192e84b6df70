/**
 * The source beside the tree: the PDF's page drawn, a PPTX slide's text in reading order, or
 * the lines of a text file around the chosen part (that line marked).
 */
import { lazy, Suspense, useState } from 'react';
import type { ReportImport } from '../../api/endpoints.ts';
import { useT } from '../../i18n.ts';
import { sourcePage } from './shared.ts';

const PdfPage = lazy(() => import('./PdfPage.tsx').then((m) => ({ default: m.PdfPage })));

const CONTEXT_BEFORE = 5;
const CONTEXT_AFTER = 25;

export function SourceView({
  data,
  page,
  onPage,
  line,
}: {
  data: ReportImport;
  page: number;
  onPage: (page: number) => void;
  line: number | null;
}) {
  const t = useT();
  const slides = new Set(data.sourceLines.map((l) => sourcePage(l.line)).filter((p) => p !== null));
  const [pdfPages, setPdfPages] = useState(0);
  const pages = data.fileKind === 'pdf' ? pdfPages : data.fileKind === 'pptx' ? Math.max(0, ...slides) : 0;
  return (
    <section aria-labelledby="ri-source-heading" className="ri-source">
      <h2 id="ri-source-heading">{t('report_import.source.title')}</h2>
      {pages > 0 && (
        <div className="ri-pager">
          <button type="button" className="btn" disabled={page <= 1} onClick={() => onPage(page - 1)}>
            {t('report_import.source.previous')}
          </button>
          <span role="status" data-testid="ri-page">
            {t(data.fileKind === 'pptx' ? 'report_import.source.slide_of' : 'report_import.source.page_of', {
              page,
              pages,
            })}
          </span>
          <button type="button" className="btn" disabled={page >= pages} onClick={() => onPage(page + 1)}>
            {t('report_import.source.next')}
          </button>
        </div>
      )}
      {data.fileKind === 'pdf' && (
        <Suspense fallback={<p role="status">{t('report_import.source.loading')}</p>}>
          <PdfPage importId={data.id} page={page} onPages={setPdfPages} />
        </Suspense>
      )}
      {data.fileKind === 'pptx' && (
        <ol className="ri-lines" lang="ja" data-testid="ri-slide">
          {data.sourceLines
            .filter((l) => sourcePage(l.line) === page)
            .map((l) => (
              <li key={l.line} className={l.line === line ? 'ri-line--here' : undefined}>
                {l.text}
              </li>
            ))}
        </ol>
      )}
      {data.fileKind === 'text' && (
        <ol className="ri-lines" lang="ja" data-testid="ri-lines">
          {data.sourceLines
            .filter(
              (l) => line === null || (l.line >= line - CONTEXT_BEFORE && l.line <= line + CONTEXT_AFTER),
            )
            .slice(0, line === null ? 40 : undefined)
            .map((l) => (
              <li key={l.line} value={l.line} className={l.line === line ? 'ri-line--here' : undefined}>
                {l.text || '\u00a0'}
              </li>
            ))}
        </ol>
      )}
    </section>
  );
}
