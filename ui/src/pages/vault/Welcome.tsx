import { ExperimentOutlined, FolderOpenOutlined, SafetyOutlined } from '@ant-design/icons';
import { Alert, Button, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import OnboardingFrame from '../../components/OnboardingFrame';
import { chooseFolder, core, errorText } from '../../platform';
import type { AppInfo, VaultStatus } from '../../platform';

/** First run: what the app is, and the three ways in. */
export default function Welcome({
  info,
  onCreate,
  onOpen,
  onSample,
}: {
  info: AppInfo;
  onCreate: () => void;
  /** Go to the unlock screen for this vault (null: the default location). */
  onOpen: (path: string | null) => void;
  onSample: (status: VaultStatus) => void;
}) {
  const { t } = useTranslation();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState<'open' | 'sample' | null>(null);

  const open = async () => {
    setError(null);
    if (info.vault_exists) {
      onOpen(null);
      return;
    }
    setBusy('open');
    try {
      const path = await chooseFolder(t('welcome.chooseFolderTitle'));
      if (path) onOpen(path);
    } catch (e) {
      setError(errorText(e, t));
    } finally {
      setBusy(null);
    }
  };

  const sample = async () => {
    setError(null);
    setBusy('sample');
    try {
      onSample(await core.openSample());
    } catch (e) {
      setError(errorText(e, t));
      setBusy(null);
    }
  };

  return (
    <OnboardingFrame testId="welcome">
      {/* The frame already names the app; the heading says what it is, not its name again. */}
      <Typography.Title level={2} style={{ marginTop: 0 }} data-testid="welcome-title">
        {t('app.tagline')}
      </Typography.Title>
      <Typography.Paragraph style={{ fontSize: 16 }} data-testid="welcome-lead">
        {t('welcome.lead')}
      </Typography.Paragraph>
      <Typography.Paragraph type="secondary">{t('welcome.calm')}</Typography.Paragraph>

      <div className="onboarding-actions">
        <Button type="primary" size="large" block icon={<SafetyOutlined />} onClick={onCreate} data-testid="welcome-create">
          {t('welcome.create')}
        </Button>
        <Button
          size="large"
          block
          icon={<FolderOpenOutlined />}
          loading={busy === 'open'}
          onClick={() => void open()}
          data-testid="welcome-open"
        >
          {t('welcome.open')}
        </Button>
      </div>

      <div style={{ marginTop: 20, textAlign: 'center' }}>
        <Button
          type="link"
          icon={<ExperimentOutlined />}
          loading={busy === 'sample'}
          onClick={() => void sample()}
          data-testid="welcome-sample"
        >
          {t('welcome.sample')}
        </Button>
        <div>
          <Typography.Text type="secondary" style={{ fontSize: 13 }}>
            {t('welcome.sampleHint')}
          </Typography.Text>
        </div>
      </div>

      {error && <Alert type="error" showIcon title={error} style={{ marginTop: 20 }} data-testid="welcome-error" />}
    </OnboardingFrame>
  );
}
