import { FileTextOutlined, FolderOpenOutlined } from '@ant-design/icons';
import { App, Alert, Button, Card, DatePicker, Radio, Space, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { chooseFolder, core, errorText, revealInFolder, toCoreError } from '../../platform';
import type { Lang, MediationView, WrittenDocument } from '../../platform';
import { DATE_FORMAT, datePickerProps } from '../cases/dates';
import ProfileNote from '../../components/ProfileNote';
import { useProfile } from '../../components/useProfile';

/** Step 4: write 协商还款申请书 and 困难情况说明 as PDFs into a folder the person picks. */
export default function DocumentsStep({ caseId, view }: { caseId: string; view: MediationView }) {
  const { t } = useTranslation(['mediation', 'enums']);
  const { t: tt } = useTranslation();
  const { message, modal } = App.useApp();
  const [busy, setBusy] = useState(false);
  const [written, setWritten] = useState<WrittenDocument[]>([]);
  // The first instalment the person proposes dates the schedule; left empty, it is undated.
  const [firstDue, setFirstDue] = useState<Dayjs | null>(null);
  const [lang, setLang] = useState<Lang>('zh');
  // The applicant's name, ID number and phone come from the profile (设置 › 我的信息).
  const profile = useProfile();

  const write = async (dir: string, overwrite: boolean): Promise<void> => {
    setBusy(true);
    try {
      const docs = await core.mediationDocumentsWrite(caseId, dir, overwrite, firstDue ? firstDue.format(DATE_FORMAT) : null, lang);
      setWritten(docs);
      void message.success(t('documents.written', { count: docs.length }));
    } catch (e) {
      if (!overwrite && toCoreError(e).is('output_exists')) {
        modal.confirm({
          title: t('documents.overwriteTitle'),
          content: t('documents.overwriteBody', { dir }),
          okText: t('documents.overwriteOk'),
          cancelText: t('documents.cancel'),
          okButtonProps: { 'data-testid': 'documents-overwrite-confirm' },
          cancelButtonProps: { 'data-testid': 'documents-overwrite-cancel' },
          onOk: () => write(dir, true),
          onCancel: () => void message.info(t('documents.cancelled')),
        });
      } else {
        void message.error(errorText(e, tt), 6);
      }
    } finally {
      setBusy(false);
    }
  };

  const start = async () => {
    let dir: string | null;
    try {
      dir = await chooseFolder(t('documents.chooseTitle'));
    } catch (e) {
      void message.error(errorText(e, tt), 6);
      return;
    }
    if (dir) await write(dir, false);
  };

  const reveal = async (path: string) => {
    try {
      await revealInFolder(path);
    } catch (e) {
      void message.error(t('documents.revealFailed') + errorText(e, tt), 6);
    }
  };

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }} data-testid="mediation-documents">
      <Card size="small">
        <Typography.Paragraph style={{ marginBottom: 8 }}>{t('documents.intro')}</Typography.Paragraph>
        <ul style={{ marginTop: 0 }}>
          <li>{t('documents.application')}</li>
          <li>{t('documents.hardship')}</li>
        </ul>
        <ProfileNote profile={profile} />
        {view.plan === null && (
          <Alert type="warning" showIcon title={t('documents.noPlanWarning')} style={{ marginBottom: 12 }} />
        )}
        <Space orientation="vertical" size="small" style={{ marginBottom: 12 }}>
          {view.plan !== null && (
            <div>
              <label htmlFor="documents-first-due" style={{ marginInlineEnd: 8 }}>
                {t('documents.firstDue')}
              </label>
              <DatePicker
                {...datePickerProps}
                id="documents-first-due"
                format={DATE_FORMAT}
                value={firstDue}
                onChange={(d: Dayjs | null) => setFirstDue(d)}
                data-testid="documents-first-due"
              />
              <div>
                <Typography.Text type="secondary">{t('documents.firstDueHint')}</Typography.Text>
              </div>
            </div>
          )}
          <div>
            <span style={{ marginInlineEnd: 8 }}>{t('documents.lang')}</span>
            <Radio.Group value={lang} onChange={(e) => setLang(e.target.value as Lang)} data-testid="documents-lang">
              <Radio value="zh">{t('documents.langZh')}</Radio>
              <Radio value="en">{t('documents.langEn')}</Radio>
            </Radio.Group>
          </div>
        </Space>
        <Button
          type="primary"
          icon={<FolderOpenOutlined />}
          loading={busy}
          onClick={() => void start()}
          data-testid="documents-write"
        >
          {t('documents.write')}
        </Button>
      </Card>
      {written.length > 0 && (
        <Space orientation="vertical" size="small" style={{ width: '100%' }} data-testid="documents-written">
          {written.map((doc) => (
            <Card
              key={doc.path}
              size="small"
              title={
                <Space>
                  <FileTextOutlined />
                  <span>{doc.title}</span>
                </Space>
              }
              extra={
                <Button size="small" onClick={() => void reveal(doc.path)} data-testid="documents-reveal">
                  {t('documents.reveal')}
                </Button>
              }
            >
              <Space orientation="vertical" size={0} style={{ width: '100%' }}>
                <Typography.Text type="secondary" copyable={{ text: doc.path }}>
                  {doc.path}
                </Typography.Text>
                <Typography.Text type="secondary">
                  {t('documents.pages', { count: doc.pages })} · {t('documents.size', { size: doc.size.toLocaleString() })}
                </Typography.Text>
                <Typography.Text code copyable={{ text: doc.sha256 }} style={{ fontSize: 12, wordBreak: 'break-all' }}>
                  SHA-256 {doc.sha256}
                </Typography.Text>
                {doc.missing_chars.length > 0 && (
                  <Alert
                    type="warning"
                    showIcon
                    title={t('documents.missingChars', { chars: doc.missing_chars.join(' ') })}
                    data-testid="documents-missing-chars"
                  />
                )}
              </Space>
            </Card>
          ))}
        </Space>
      )}
    </Space>
  );
}
