import { DownloadOutlined, PrinterOutlined } from '@ant-design/icons';
import { App, Button, Checkbox, Space, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import OnboardingFrame from '../../components/OnboardingFrame';
import { localDateIso } from '../../lib/format';
import { keyGroups, keyRows } from '../../lib/recoveryKey';
import { chooseSavePath, core, errorText } from '../../platform';

/** Step 3 of the first run: the recovery key, shown once. */
export default function RecoveryKey({
  recoveryKey,
  onContinue,
}: {
  recoveryKey: string;
  onContinue: () => Promise<void>;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [confirmed, setConfirmed] = useState(false);
  const [saving, setSaving] = useState(false);
  const [continuing, setContinuing] = useState(false);
  const today = localDateIso();

  const saveAs = async () => {
    setSaving(true);
    try {
      const path = await chooseSavePath({
        title: t('recovery.saveTitle'),
        defaultPath: t('recovery.fileName'),
        filterName: t('recovery.fileFilter'),
        extensions: ['txt'],
      });
      if (!path) return;
      const text = [
        t('recovery.documentTitle'),
        '',
        recoveryKey,
        '',
        t('recovery.documentDate', { date: today }),
        '',
        t('recovery.instructions'),
        t('recovery.documentUse'),
        '',
      ].join('\n');
      await core.saveTextFile(path, text);
      void message.success(t('recovery.saved', { path }), 6);
    } catch (e) {
      void message.error(errorText(e, t), 6);
    } finally {
      setSaving(false);
    }
  };

  const proceed = async () => {
    setContinuing(true);
    try {
      await onContinue();
    } finally {
      setContinuing(false);
    }
  };

  return (
    <OnboardingFrame testId="recovery" wide>
      <div className="print-area">
        <Typography.Title level={3} className="no-print" style={{ marginTop: 0 }}>
          {t('recovery.title')}
        </Typography.Title>
        <Typography.Title level={3} className="print-only">
          {t('recovery.documentTitle')}
        </Typography.Title>
        <Typography.Paragraph className="no-print">{t('recovery.lead')}</Typography.Paragraph>
        <div className="recovery-key" data-testid="recovery-key" aria-label={t('recovery.keyLabel')}>
          {keyRows(keyGroups(recoveryKey)).map((row, r) => (
            <div className="row" key={r} data-testid="recovery-key-row">
              {row.map((g, i) => (
                <span className={g.separator.trim() ? 'group joined' : 'group'} key={i}>
                  {g.text}
                  {g.separator && <span className="sep">{g.separator}</span>}
                </span>
              ))}
            </div>
          ))}
        </div>
        <Typography.Paragraph className="print-only">{t('recovery.documentDate', { date: today })}</Typography.Paragraph>
        <Typography.Paragraph strong>{t('recovery.instructions')}</Typography.Paragraph>
        <Typography.Paragraph className="print-only">{t('recovery.documentUse')}</Typography.Paragraph>
      </div>

      <div className="no-print">
        <Space wrap style={{ marginBottom: 20 }}>
          <Button icon={<PrinterOutlined />} onClick={() => window.print()} data-testid="recovery-print">
            {t('recovery.print')}
          </Button>
          <Button icon={<DownloadOutlined />} loading={saving} onClick={() => void saveAs()} data-testid="recovery-save">
            {t('recovery.saveAs')}
          </Button>
        </Space>
        <div style={{ marginBottom: 16 }}>
          <Checkbox checked={confirmed} onChange={(e) => setConfirmed(e.target.checked)} data-testid="recovery-confirm">
            {t('recovery.confirm')}
          </Checkbox>
        </div>
        <Button
          type="primary"
          size="large"
          block
          disabled={!confirmed}
          loading={continuing}
          onClick={() => void proceed()}
          data-testid="recovery-continue"
        >
          {t('recovery.continue')}
        </Button>
      </div>
    </OnboardingFrame>
  );
}
