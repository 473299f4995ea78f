//! Contract PDFs rendered page by page with pdf.js onto <canvas> (the worker ships in the bundle).

import { Alert, Spin, Typography } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorText, evidenceBytes } from '../../platform';

const MAX_PAGES = 20;

export default function PdfPreview({ evidenceId }: { evidenceId: string }) {
  const { t } = useTranslation(['evidence', 'enums']);
  const { t: tc } = useTranslation();
  const host = useRef<HTMLDivElement>(null);
  const [state, setState] = useState<{ loading: boolean; error: string | null; pages: number; shown: number }>({
    loading: true,
    error: null,
    pages: 0,
    shown: 0,
  });

  useEffect(() => {
    let cancelled = false;
    let destroy: (() => void) | null = null;
    void (async () => {
      try {
        const [pdfjs, worker, bytes] = await Promise.all([
          import('pdfjs-dist'),
          import('pdfjs-dist/build/pdf.worker.min.mjs?url'),
          evidenceBytes(evidenceId),
        ]);
        pdfjs.GlobalWorkerOptions.workerSrc = worker.default;
        const task = pdfjs.getDocument({ data: new Uint8Array(bytes), isEvalSupported: false });
        destroy = () => void task.destroy();
        const doc = await task.promise;
        if (cancelled) return;
        const shown = Math.min(doc.numPages, MAX_PAGES);
        const container = host.current;
        if (!container) return;
        container.replaceChildren();
        const width = Math.max(container.clientWidth, 300);
        for (let n = 1; n <= shown; n++) {
          const page = await doc.getPage(n);
          if (cancelled) return;
          const base = page.getViewport({ scale: 1 });
          const scale = width / base.width;
          const viewport = page.getViewport({ scale: scale * (window.devicePixelRatio || 1) });
          const canvas = document.createElement('canvas');
          canvas.width = Math.floor(viewport.width);
          canvas.height = Math.floor(viewport.height);
          canvas.style.width = '100%';
          canvas.style.border = '1px solid #eee';
          canvas.style.marginBottom = '8px';
          canvas.setAttribute('aria-label', t('drawer.pdfPage', { page: n, pages: doc.numPages }));
          container.appendChild(canvas);
          await page.render({ canvas, viewport }).promise;
        }
        if (!cancelled) setState({ loading: false, error: null, pages: doc.numPages, shown });
      } catch (e) {
        if (!cancelled) setState({ loading: false, error: errorText(e, tc), pages: 0, shown: 0 });
      }
    })();
    return () => {
      cancelled = true;
      destroy?.();
    };
  }, [evidenceId, t, tc]);

  return (
    <div data-testid="evidence-pdf">
      {state.loading && <Spin description={t('drawer.previewLoading')}><div style={{ height: 80 }} /></Spin>}
      {state.error && <Alert type="warning" showIcon title={t('drawer.previewFailed', { reason: state.error })} />}
      <div ref={host} style={{ maxHeight: 600, overflowY: 'auto' }} />
      {state.pages > state.shown && (
        <Typography.Text type="secondary">{t('drawer.pdfMore', { shown: state.shown, pages: state.pages })}</Typography.Text>
      )}
    </div>
  );
}
