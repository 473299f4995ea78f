//! One export (evidence PDF, evidence pack, 投诉材料 or 报警材料): where to save, options,
//! progress with cancel, the overwrite question, and the result with the file's own SHA-256.
//! The complaint and the police report are offered only when the contact log has something to
//! put in them; otherwise the card says so and what to record first.

import { CopyOutlined, FolderOpenOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Collapse, Descriptions, Input, Progress, Radio, Space, Switch, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { chooseSavePath, core, CoreError, errorText, newJobId, revealInFolder, toCoreError } from '../../platform';
import type { ComplaintRecipient, Exported, JobProgress, Lang } from '../../platform';
import { COMPLAINT_RECIPIENTS } from '../../platform/enums';
import { formatSize } from '../../lib/format';
import { ageRecipientProblem, isFullPath, percent, withOverwrite } from './logic';

export type ExportKind = 'pdf' | 'pack' | 'complaint' | 'police';

/** The card's words by kind: title, one-sentence lead, submit button, file filter. */
const WORDS = {
  pdf: { title: 'export.pdfTitle', lead: 'export.pdfLead', submit: 'export.submitPdf', filter: 'export.filterPdf' },
  pack: { title: 'export.packTitle', lead: 'export.packLead', submit: 'export.submitPack', filter: 'export.filterPack' },
  complaint: { title: 'export.complaintTitle', lead: 'export.complaintLead', submit: 'export.submitComplaint', filter: 'export.filterPdf' },
  police: { title: 'export.policeTitle', lead: 'export.policeLead', submit: 'export.submitPolice', filter: 'export.filterPdf' },
} as const satisfies Record<ExportKind, { title: string; lead: string; submit: string; filter: string }>;

export interface ExportRequest {
  path: string;
  overwrite: boolean;
  lang: Lang;
  attachments: boolean;
  recipient: string | null;
  /** Protect the pack with a new password (shown once in the result). */
  passwordProtect: boolean;
  /** Who the complaint is addressed to (only read for a complaint). */
  complaintTo: ComplaintRecipient;
  jobId: string;
  onProgress: (p: JobProgress) => void;
}

export interface ExportCardProps {
  kind: ExportKind;
  defaultName: string;
  /** Runs the export (the real one calls core.exportPdf / exportPack / exportAction). */
  run: (req: ExportRequest) => Promise<Exported>;
  /**
   * For the complaint and the police report: how many items of the contact log it would hold
   * (`null` while unknown). At 0 the card explains what to record instead of offering an
   * empty document.
   */
  items?: number | null;
}

export default function ExportCard({ kind, defaultName, run, items = null }: ExportCardProps) {
  const { t } = useTranslation(['evidence', 'enums']);
  const { t: tc } = useTranslation();
  const { message, modal } = App.useApp();
  const [path, setPath] = useState('');
  const [attachments, setAttachments] = useState(true);
  const [lang, setLang] = useState<Lang>('zh');
  const [recipient, setRecipient] = useState('');
  const [passwordProtect, setPasswordProtect] = useState(false);
  const [complaintTo, setComplaintTo] = useState<ComplaintRecipient>(COMPLAINT_RECIPIENTS[0] ?? 'regulator');
  const [job, setJob] = useState<{ id: string; progress: JobProgress | null; cancelling: boolean } | null>(null);
  const [result, setResult] = useState<Exported | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [pathError, setPathError] = useState<string | null>(null);

  const p = (id: string) => `export-${kind}-${id}`;
  const effectivePath = path.trim() === '' ? defaultName : path.trim();
  const recipientProblem = recipient.trim() === '' ? null : ageRecipientProblem(recipient);
  const recipientText: Record<NonNullable<typeof recipientProblem>, string> = {
    prefix: t('export.recipientPrefix'),
    length: t('export.recipientLength'),
    chars: t('export.recipientChars'),
  };

  const choose = async (): Promise<string | null> => {
    try {
      const picked = await chooseSavePath({
        title: t('export.chooseTitle'),
        defaultPath: effectivePath,
        filterName: t(WORDS[kind].filter),
        extensions: kind === 'pack' ? ['zip', 'age'] : ['pdf'],
      });
      if (picked) {
        setPath(picked);
        setPathError(null);
      }
      return picked;
    } catch (e) {
      void message.error(errorText(e, tc), 6);
      return null;
    }
  };

  const confirmOverwrite = (target: string) =>
    new Promise<boolean>((resolve) => {
      modal.confirm({
        title: t('export.existsTitle'),
        content: t('export.existsBody', { path: target }),
        okText: t('export.overwrite'),
        okButtonProps: { danger: true, ...({ 'data-testid': 'export-overwrite' } as Record<string, string>) },
        cancelText: t('export.chooseOther'),
        onOk: () => resolve(true),
        onCancel: () => resolve(false),
      });
    });

  const start = async (target: string) => {
    const id = newJobId();
    setJob({ id, progress: null, cancelling: false });
    setResult(null);
    setError(null);
    try {
      const done = await withOverwrite(
        (overwrite) =>
          run({
            path: target,
            overwrite,
            lang,
            attachments,
            recipient: recipient.trim() === '' ? null : recipient.trim(),
            passwordProtect: kind === 'pack' && passwordProtect && recipient.trim() === '',
            complaintTo,
            jobId: id,
            onProgress: (pr) => setJob((j) => (j && j.id === id ? { ...j, progress: pr } : j)),
          }),
        () => confirmOverwrite(target),
      );
      if (done) setResult(done);
      else {
        // The person chose another name: offer the save dialog straight away.
        setJob(null);
        const other = await choose();
        if (other) await start(other);
        return;
      }
    } catch (e) {
      const err = e instanceof CoreError ? e : toCoreError(e);
      setError(err.code === 'cancelled' ? t('export.cancelled') : errorText(err, tc));
    }
    setJob(null);
  };

  const submit = () => {
    if (!isFullPath(effectivePath)) {
      setPathError(t('export.pathNeedsFolder'));
      return;
    }
    if (recipientProblem) return;
    setPathError(null);
    void start(effectivePath);
  };

  const cancel = () => {
    if (!job) return;
    setJob({ ...job, cancelling: true });
    core.jobCancel(job.id).catch((e: unknown) => void message.error(errorText(e, tc), 6));
  };

  const copy = (text: string) =>
    navigator.clipboard
      .writeText(text)
      .then(() => void message.success(t('drawer.copied')))
      .catch(() => void message.error(t('drawer.copyFailed')));

  const rows: { label: string; value: ReactNode }[] = result
    ? [
        { label: t('export.resultPath'), value: <span data-testid="export-result-path" style={{ wordBreak: 'break-all' }}>{result.path}</span> },
        {
          label: t('export.resultSha256'),
          value: (
            <>
              <Space align="start">
                <code data-testid="export-result-sha256" style={{ wordBreak: 'break-all' }}>{result.sha256}</code>
                <Button size="small" icon={<CopyOutlined />} aria-label={t('drawer.copy')} data-testid="export-result-sha256-copy" onClick={() => void copy(result.sha256)} />
              </Space>
              <div><Typography.Text type="secondary">{t('export.resultSha256Hint')}</Typography.Text></div>
            </>
          ),
        },
        { label: t('export.resultSize'), value: <span data-testid="export-result-size">{formatSize(result.size)}</span> },
        ...(result.pages != null ? [{ label: t('export.resultPages'), value: String(result.pages) }] : []),
        { label: t('export.resultExhibits'), value: String(result.exhibits) },
        ...(kind === 'pack' && !result.zip_password
          ? [{ label: t('export.resultEncrypted'), value: result.encrypted ? t('export.encryptedYes') : t('export.encryptedNo') }]
          : []),
        ...(result.zip_password
          ? [
              {
                label: t('export.zipPassword'),
                value: (
                  <>
                    <Space align="start">
                      <code data-testid="export-result-password" style={{ fontSize: 16 }}>{result.zip_password}</code>
                      <Button size="small" icon={<CopyOutlined />} aria-label={t('drawer.copy')} data-testid="export-result-password-copy" onClick={() => void copy(result.zip_password ?? '')} />
                    </Space>
                    <div><Typography.Text type="warning">{t('export.zipPasswordOnce')}</Typography.Text></div>
                  </>
                ),
              },
            ]
          : []),
      ]
    : [];

  const busy = job !== null;
  const phase = job?.progress?.phase;
  const action = kind === 'complaint' || kind === 'police';

  if (action && items === 0) {
    return (
      <Card title={t(WORDS[kind].title)} data-testid={`export-${kind}-card`}>
        <Typography.Paragraph>{t(WORDS[kind].lead)}</Typography.Paragraph>
        <Alert type="info" showIcon title={<span data-testid={p('empty')}>{t(kind === 'complaint' ? 'export.complaintEmpty' : 'export.policeEmpty')}</span>} />
      </Card>
    );
  }

  return (
    <Card title={t(WORDS[kind].title)} data-testid={`export-${kind}-card`}>
      <Typography.Paragraph>{t(WORDS[kind].lead)}</Typography.Paragraph>
      {kind === 'pack' && <Typography.Paragraph type="secondary">{t('export.verifyHint')}</Typography.Paragraph>}
      {action && items !== null && (
        <Typography.Paragraph type="secondary" data-testid={p('items')}>
          {t(kind === 'complaint' ? 'export.complaintItems' : 'export.policeItems', { count: items })}
        </Typography.Paragraph>
      )}
      <Space orientation="vertical" style={{ width: '100%' }} size="middle">
        {kind === 'complaint' && (
          <div>
            <div id={p('to-label')}>{t('export.complaintTo')}</div>
            <Radio.Group
              value={complaintTo}
              onChange={(e) => setComplaintTo(e.target.value as ComplaintRecipient)}
              disabled={busy}
              data-testid="export-complaint-to"
              aria-labelledby={p('to-label')}
            >
              <Space orientation="vertical">
                {COMPLAINT_RECIPIENTS.map((r) => (
                  <Radio key={r} value={r} data-testid={`export-complaint-to-${r}`}>
                    {t(`enums:complaintRecipient.${r}`)}
                  </Radio>
                ))}
              </Space>
            </Radio.Group>
            <div>
              <Typography.Text type="secondary" data-testid="export-complaint-to-hint">
                {t(`export.complaintToHint.${complaintTo}`)}
              </Typography.Text>
            </div>
          </div>
        )}
        <div>
          <label htmlFor={p('path')}>{t('export.path')}</label>
          <Space.Compact style={{ width: '100%' }}>
            <Input
              id={p('path')}
              data-testid={p('path')}
              value={path}
              placeholder={defaultName}
              onChange={(e) => {
                setPath(e.target.value);
                setPathError(null);
              }}
              status={pathError ? 'error' : undefined}
              disabled={busy}
            />
            <Button icon={<FolderOpenOutlined />} data-testid={p('choose')} onClick={() => void choose()} disabled={busy}>
              {t('export.choose')}
            </Button>
          </Space.Compact>
          <Typography.Text type={pathError ? 'danger' : 'secondary'} data-testid={p('path-hint')}>
            {pathError ?? t('export.pathPlaceholder')}
          </Typography.Text>
        </div>
        {kind === 'pdf' && (
          <div>
            <Space>
              <Switch id={p('attachments')} data-testid="export-pdf-attachments" checked={attachments} onChange={setAttachments} disabled={busy} />
              <label htmlFor={p('attachments')}>{t('export.attachments')}</label>
            </Space>
            <div>
              <Typography.Text type="secondary">{attachments ? t('export.attachmentsOn') : t('export.attachmentsOff')}</Typography.Text>
            </div>
          </div>
        )}
        {kind === 'pack' && (
          <div>
            <Space>
              <Switch
                id={p('password')}
                data-testid="export-pack-password"
                checked={passwordProtect && recipient.trim() === ''}
                onChange={setPasswordProtect}
                disabled={busy || recipient.trim() !== ''}
              />
              <label htmlFor={p('password')}>{t('export.passwordProtect')}</label>
            </Space>
            <div>
              <Typography.Text type="secondary">{t('export.passwordProtectHint')}</Typography.Text>
            </div>
          </div>
        )}
        {kind === 'pack' && (
          <Collapse
            size="small"
            data-testid="export-pack-advanced"
            // Opened when a key was typed, so a problem with it is never hidden.
            defaultActiveKey={recipient.trim() === '' ? [] : ['advanced']}
            items={[
              {
                key: 'advanced',
                label: t('export.advanced'),
                children: (
                  <div>
                    <Typography.Paragraph type="secondary" data-testid="export-pack-recipient-explain">
                      {t('export.recipientExplain')}
                    </Typography.Paragraph>
                    <label htmlFor={p('recipient')}>{t('export.recipient')}</label>
                    <Input
                      id={p('recipient')}
                      data-testid="export-pack-recipient"
                      value={recipient}
                      placeholder={t('export.recipientPlaceholder')}
                      onChange={(e) => setRecipient(e.target.value)}
                      status={recipientProblem ? 'error' : undefined}
                      disabled={busy}
                      spellCheck={false}
                      style={{ fontFamily: 'monospace' }}
                    />
                    <Typography.Text type={recipientProblem ? 'danger' : 'secondary'} data-testid="export-pack-recipient-hint">
                      {recipientProblem ? recipientText[recipientProblem] : t('export.recipientHint')}
                    </Typography.Text>
                  </div>
                ),
              },
            ]}
          />
        )}
        <div>
          <span style={{ marginInlineEnd: 8 }}>{t('export.lang')}</span>
          <Radio.Group value={lang} onChange={(e) => setLang(e.target.value as Lang)} disabled={busy} data-testid={p('lang')}>
            <Radio value="zh">{t('export.langZh')}</Radio>
            <Radio value="en">{t('export.langEn')}</Radio>
          </Radio.Group>
        </div>
        <Button type="primary" data-testid={p('submit')} onClick={submit} loading={busy} disabled={recipientProblem !== null}>
          {t(WORDS[kind].submit)}
        </Button>

        {job && (
          <div data-testid="export-progress" role="status" aria-live="polite">
            <div>
              {phase ? t(`export.phase.${phase}`) : t('export.starting')}
              {job.progress && job.progress.total > 1 ? ` · ${t('export.progressItems', { done: job.progress.done, total: job.progress.total })}` : ''}
            </div>
            <Progress percent={job.progress ? percent(job.progress.done, job.progress.total) : 0} status="active" />
            <Button data-testid="export-cancel" onClick={cancel} disabled={job.cancelling}>
              {t('export.cancel')}
            </Button>
          </div>
        )}
        {error && <Alert type="error" showIcon title={t('export.failed')} description={<span data-testid={p('error')}>{error}</span>} />}
        {result && (
          <div data-testid="export-result">
            <Alert type="success" showIcon title={t('export.resultTitle')} style={{ marginBottom: 12 }} />
            <Descriptions column={1} size="small" bordered>
              {rows.map((r) => (
                <Descriptions.Item key={r.label} label={r.label}>
                  {r.value}
                </Descriptions.Item>
              ))}
            </Descriptions>
            {result.warnings && result.warnings.length > 0 && (
              <Alert
                type="warning"
                showIcon
                style={{ marginTop: 12 }}
                title={t('export.warnings')}
                description={
                  <ul style={{ margin: 0, paddingInlineStart: 20 }}>
                    {result.warnings.map((w) => (
                      <li key={w}>{w}</li>
                    ))}
                  </ul>
                }
              />
            )}
            <Button
              style={{ marginTop: 12 }}
              icon={<FolderOpenOutlined />}
              data-testid="export-reveal"
              onClick={() => revealInFolder(result.path).catch((e: unknown) => void message.error(`${t('export.revealFailed')}: ${errorText(e, tc)}`, 6))}
            >
              {t('export.reveal')}
            </Button>
          </div>
        )}
      </Space>
    </Card>
  );
}

