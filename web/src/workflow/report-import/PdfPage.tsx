/**
 * One page of the uploaded PDF, drawn on a canvas by pdfjs-dist. The library (and its worker)
 * are loaded only here, on the review screen: the public pages never carry them.
 */
import type { PDFDocumentProxy } from 'pdfjs-dist';
import { useEffect, useRef, useState } from 'react';
import { reportImportsApi } from '../../api/endpoints.ts';
import { useT } from '../../i18n.ts';

type PdfDocument = PDFDocumentProxy;

const documents = new Map<string, Promise<PdfDocument>>();

/** The document of an upload, read once per page visit. */
function loadDocument(importId: string): Promise<PdfDocument> {
  let doc = documents.get(importId);
  if (!doc) {
    doc = (async () => {
      const [pdfjs, worker, bytes] = await Promise.all([
        import('pdfjs-dist'),
        import('pdfjs-dist/build/pdf.worker.min.mjs?url'),
        reportImportsApi.file(importId),
      ]);
      pdfjs.GlobalWorkerOptions.workerSrc = worker.default;
      return pdfjs.getDocument({ data: new Uint8Array(bytes), isEvalSupported: false }).promise;
    })();
    documents.set(importId, doc);
  }
  return doc;
}

export function PdfPage({
  importId,
  page,
  onPages,
}: {
  importId: string;
  page: number;
  onPages: (count: number) => void;
}) {
  const t = useT();
  const canvas = useRef<HTMLCanvasElement>(null);
  const key = `${importId}:${page}`;
  const [drawn, setDrawn] = useState<{ key: string; state: 'drawn' | 'failed' } | null>(null);
  const state = drawn?.key === key ? drawn.state : 'loading';
  useEffect(() => {
    let live = true;
    void (async () => {
      try {
        const doc = await loadDocument(importId);
        if (!live) return;
        onPages(doc.numPages);
        const p = await doc.getPage(Math.min(Math.max(page, 1), doc.numPages));
        const target = canvas.current;
        if (!live || !target) return;
        const viewport = p.getViewport({ scale: 1.4 });
        target.width = Math.floor(viewport.width);
        target.height = Math.floor(viewport.height);
        const context = target.getContext('2d');
        if (!context) throw new Error('no canvas context');
        await p.render({ canvas: target, canvasContext: context, viewport }).promise;
        if (live) setDrawn({ key, state: 'drawn' });
      } catch {
        if (live) setDrawn({ key, state: 'failed' });
      }
    })();
    return () => {
      live = false;
    };
    // onPages is a setter from the parent; the page and file say when to draw again.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [importId, page, key]);
  return (
    <div className="ri-pdf">
      {state === 'loading' && <p role="status">{t('report_import.source.loading')}</p>}
      {state === 'failed' && <p role="alert">{t('report_import.source.failed')}</p>}
      <canvas
        ref={canvas}
        data-testid="pdf-page"
        data-state={state}
        role="img"
        aria-label={t('report_import.source.pdf_page', { page })}
      />
    </div>
  );
}
