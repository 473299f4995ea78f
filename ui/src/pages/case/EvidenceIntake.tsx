//! Adding evidence to the open case from anywhere on the case page: the file picker, files
//! dropped on the window, progress with cancel, and a summary when a batch ends.

import { CloudUploadOutlined } from '@ant-design/icons';
import { App, Button, Progress, Typography } from 'antd';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { chooseFiles, core, errorText, fileDropsClaimed, newJobId, onFileDrop, progressChannel } from '../../platform';
import type { IntakeProgress } from '../../platform';
import { percent, summarizeIntake } from '../evidence/logic';
import { IntakeContext } from './intake';

interface Running {
  jobId: string;
  progress: IntakeProgress | null;
  cancelling: boolean;
}

/** Mounted once by the case page around its tabs. */
export function EvidenceIntakeProvider({ caseId, children }: { caseId: string; children: ReactNode }) {
  const { t } = useTranslation(['evidence', 'enums']);
  const { t: tc } = useTranslation();
  const { notification, message } = App.useApp();
  const [generation, setGeneration] = useState(0);
  const [running, setRunning] = useState<Running | null>(null);
  const [dragging, setDragging] = useState(false);
  const busy = useRef(false);

  const addFiles = useCallback(
    (paths: string[]) => {
      if (paths.length === 0) return;
      if (busy.current) {
        void message.warning(t('intake.busy'));
        return;
      }
      busy.current = true;
      const jobId = newJobId();
      setRunning({ jobId, progress: null, cancelling: false });
      const channel = progressChannel<IntakeProgress>((p) => {
        setRunning((r) => (r && r.jobId === jobId ? { ...r, progress: p } : r));
      });
      void core
        .evidenceAdd({ case_id: caseId, paths, kind: null, note: null, job_id: jobId }, channel)
        .then((results) => {
          const s = summarizeIntake(results);
          const lines: ReactNode[] = [];
          if (s.added.length > 0) lines.push(<div key="a">{t('intake.summaryAdded', { count: s.added.length })}</div>);
          if (s.duplicates.length > 0) {
            lines.push(<div key="d">{t('intake.summaryDuplicates', { count: s.duplicates.length })}</div>);
            for (const d of s.duplicates) {
              lines.push(
                <div key={`d-${d.path}`} style={{ paddingInlineStart: 12 }}>
                  · {t('intake.summaryDuplicateItem', { name: d.name, existing: d.existingName })}
                </div>,
              );
            }
          }
          if (s.failed.length > 0) {
            lines.push(<div key="f">{t('intake.summaryFailed', { count: s.failed.length })}</div>);
            for (const f of s.failed) {
              lines.push(
                <div key={`f-${f.path}`} style={{ paddingInlineStart: 12 }}>
                  · {t('intake.summaryFailedItem', { name: f.name, reason: errorText(f.error, tc) })}
                </div>,
              );
            }
          }
          if (lines.length === 0) lines.push(<div key="n">{t('intake.summaryNothing')}</div>);
          const type = s.failed.length > 0 ? (s.added.length > 0 ? 'warning' : 'error') : 'success';
          notification[type]({
            key: `intake-${jobId}`,
            title: t('intake.summaryTitle'),
            description: <div data-testid="intake-summary">{lines}</div>,
            duration: s.failed.length > 0 ? 0 : 8,
            placement: 'bottomRight',
          });
        })
        .catch((e: unknown) => {
          notification.error({
            key: `intake-${jobId}`,
            title: t('intake.failedTitle'),
            description: <div data-testid="intake-summary">{errorText(e, tc)}</div>,
            duration: 0,
            placement: 'bottomRight',
          });
        })
        .finally(() => {
          busy.current = false;
          setRunning(null);
          setGeneration((g) => g + 1);
        });
    },
    [caseId, message, notification, t, tc],
  );

  const pickFiles = useCallback(() => {
    if (busy.current) {
      void message.warning(t('intake.busy'));
      return;
    }
    chooseFiles(t('intake.pickTitle'))
      .then(addFiles)
      .catch((e: unknown) => void message.error(errorText(e, tc), 6));
  }, [addFiles, message, t, tc]);

  // Files dragged onto the window while this case is open.
  const addRef = useRef(addFiles);
  useEffect(() => {
    addRef.current = addFiles;
  }, [addFiles]);
  useEffect(() => {
    let unlisten: (() => void) | null = null;
    let gone = false;
    onFileDrop((drop) => {
      // The import dialog is open and takes the drop itself.
      if (fileDropsClaimed()) {
        setDragging(false);
        return;
      }
      if (drop.type === 'over') setDragging(true);
      else if (drop.type === 'leave') setDragging(false);
      else {
        setDragging(false);
        addRef.current(drop.paths);
      }
    })
      .then((u) => {
        if (gone) u();
        else unlisten = u;
      })
      .catch(() => undefined); // No window (tests, plain browser): dropping simply is not offered.
    return () => {
      gone = true;
      unlisten?.();
    };
  }, []);

  const cancel = useCallback(() => {
    if (!running) return;
    setRunning({ ...running, cancelling: true });
    core.jobCancel(running.jobId).catch((e: unknown) => void message.error(errorText(e, tc), 6));
  }, [running, message, tc]);

  const value = useMemo(() => ({ pickFiles, addFiles, generation, busy: running !== null }), [pickFiles, addFiles, generation, running]);
  const p = running?.progress;

  return (
    <IntakeContext.Provider value={value}>
      {children}
      {dragging && (
        <div className="evidence-drop-overlay" data-testid="intake-drop-overlay" role="presentation" style={overlayStyle}>
          <div style={{ textAlign: 'center', background: 'var(--ant-color-bg-container, #fff)', padding: '32px 48px', borderRadius: 12 }}>
            <CloudUploadOutlined style={{ fontSize: 48, color: '#1677ff' }} />
            <Typography.Title level={3} style={{ marginTop: 12 }}>
              {t('intake.dropOverlay')}
            </Typography.Title>
            <Typography.Text type="secondary">{t('intake.dropOverlayHint')}</Typography.Text>
          </div>
        </div>
      )}
      {running && (
        <div data-testid="intake-progress" role="status" aria-live="polite" style={panelStyle}>
          <Typography.Text strong>{t('intake.progressTitle')}</Typography.Text>
          <div style={{ margin: '4px 0', overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }}>
            {p
              ? t('intake.progressFile', { index: p.file_index + 1, count: p.file_count, name: p.name })
              : t('intake.progressStarting')}
          </div>
          <Progress percent={p ? percent(p.progress.done, p.progress.total) : 0} size="small" status="active" />
          <div style={{ textAlign: 'right', marginTop: 4 }}>
            <Button size="small" data-testid="intake-cancel" onClick={cancel} disabled={running.cancelling}>
              {running.cancelling ? t('intake.cancelling') : t('intake.cancel')}
            </Button>
          </div>
        </div>
      )}
    </IntakeContext.Provider>
  );
}

const overlayStyle: React.CSSProperties = {
  position: 'fixed',
  inset: 0,
  zIndex: 2000,
  background: 'rgba(22, 119, 255, 0.12)',
  border: '3px dashed #1677ff',
  display: 'flex',
  alignItems: 'center',
  justifyContent: 'center',
  pointerEvents: 'none',
};

const panelStyle: React.CSSProperties = {
  position: 'fixed',
  right: 24,
  bottom: 24,
  width: 360,
  zIndex: 1500,
  background: 'var(--ant-color-bg-elevated, #fff)',
  boxShadow: '0 6px 16px rgba(0,0,0,0.12)',
  borderRadius: 8,
  padding: 16,
};
