import { ArrowLeftOutlined } from '@ant-design/icons';
import { Alert, Button, Form, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import LocationRow from '../../components/LocationRow';
import NewPassphraseFields from '../../components/NewPassphraseFields';
import OnboardingFrame from '../../components/OnboardingFrame';
import { chooseFolder, core, errorText, toCoreError } from '../../platform';
import type { AppInfo, CoreError } from '../../platform';

interface CreateForm {
  passphrase: string;
  confirm: string;
}

/** Step 2 of the first run: choose the passphrase, understand that nobody can recover it. */
export default function CreateVault({
  info,
  onCreated,
  onOpenExisting,
  onBack,
}: {
  info: AppInfo;
  onCreated: (recoveryKey: string, path: string | null) => void;
  onOpenExisting: (path: string | null) => void;
  onBack: () => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<CreateForm>();
  const [path, setPath] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<CoreError | null>(null);

  const changeLocation = async () => {
    try {
      const picked = await chooseFolder(t('location.chooseTitle'), path ?? undefined);
      if (picked) setPath(picked);
    } catch (e) {
      setError(toCoreError(e));
    }
  };

  const submit = async ({ passphrase }: CreateForm) => {
    setError(null);
    setBusy(true);
    try {
      const created = await core.vaultCreate(path, passphrase);
      onCreated(created.recovery_key, path);
    } catch (e) {
      setError(toCoreError(e));
      setBusy(false);
    }
  };

  return (
    <OnboardingFrame testId="create">
      <Typography.Title level={3} style={{ marginTop: 0 }}>
        {t('create.title')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{t('create.lead')}</Typography.Paragraph>
      <LocationRow
        path={path}
        defaultPath={info.vault_path}
        onChange={() => void changeLocation()}
        testId="create-location"
      />
      <Alert
        type="warning"
        showIcon
        title={t('create.warningTitle')}
        description={t('create.warning')}
        style={{ marginBottom: 20 }}
        data-testid="create-warning"
      />
      <Form<CreateForm> form={form} layout="vertical" requiredMark={false} onFinish={(v) => void submit(v)}>
        <NewPassphraseFields
          label={t('create.passphrase')}
          confirmLabel={t('create.confirm')}
          testId="passphrase"
          confirmTestId="passphrase-confirm"
          meterTestId="passphrase-strength"
          autoFocus
        />
        {error && (
          <Alert
            type="error"
            showIcon
            title={errorText(error, t)}
            style={{ marginBottom: 16 }}
            data-testid="create-error"
            action={
              error.is('vault_exists') ? (
                <Button size="small" onClick={() => onOpenExisting(path)} data-testid="create-open-existing">
                  {t('create.openInstead')}
                </Button>
              ) : undefined
            }
          />
        )}
        <Button type="primary" htmlType="submit" size="large" block loading={busy} data-testid="create-submit">
          {t('create.submit')}
        </Button>
      </Form>
      <div className="onboarding-footer">
        <Button type="link" icon={<ArrowLeftOutlined />} onClick={onBack} disabled={busy} data-testid="create-back">
          {t('common.back')}
        </Button>
      </div>
    </OnboardingFrame>
  );
}
