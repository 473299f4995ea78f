import { ArrowLeftOutlined } from '@ant-design/icons';
import { Alert, App, Button, Form, Input, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import LocationRow from '../../components/LocationRow';
import NewPassphraseFields from '../../components/NewPassphraseFields';
import OnboardingFrame from '../../components/OnboardingFrame';
import { MONO_STACK } from '../../theme';
import { core, errorText, toCoreError } from '../../platform';
import type { AppInfo, VaultStatus } from '../../platform';

interface RecoverForm {
  recoveryKey: string;
  passphrase: string;
  confirm: string;
}

/** Forgotten passphrase: the recovery key plus a new passphrase opens the vault again. */
export default function Recover({
  info,
  path,
  onRecovered,
  onBack,
}: {
  info: AppInfo;
  path: string | null;
  onRecovered: (status: VaultStatus) => void;
  onBack: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<RecoverForm>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const submit = async ({ recoveryKey, passphrase }: RecoverForm) => {
    setError(null);
    setBusy(true);
    try {
      const status = await core.vaultRecover(path, recoveryKey.trim(), passphrase);
      void message.success(t('recover.success'), 6);
      onRecovered(status);
    } catch (e) {
      const err = toCoreError(e);
      setBusy(false);
      if (err.is('wrong_recovery_key') || err.is('malformed_recovery_key')) {
        form.setFields([{ name: 'recoveryKey', errors: [t('recover.wrongKey')] }]);
      } else {
        setError(errorText(err, t));
      }
    }
  };

  return (
    <OnboardingFrame testId="recover">
      <Typography.Title level={3} style={{ marginTop: 0 }}>
        {t('recover.title')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{t('recover.lead')}</Typography.Paragraph>
      <LocationRow path={path} defaultPath={info.vault_path} testId="recover-location" />
      <Form<RecoverForm> form={form} layout="vertical" requiredMark={false} onFinish={(v) => void submit(v)}>
        <Form.Item
          name="recoveryKey"
          label={t('recover.key')}
          rules={[{ required: true, whitespace: true, message: t('validation.recoveryKeyRequired') }]}
          validateTrigger="onBlur"
        >
          <Input
            autoFocus
            autoComplete="off"
            spellCheck={false}
            placeholder={t('recover.keyPlaceholder')}
            style={{ fontFamily: MONO_STACK }}
            data-testid="recover-key"
          />
        </Form.Item>
        <NewPassphraseFields
          label={t('recover.newPassphrase')}
          confirmLabel={t('recover.confirm')}
          testId="recover-passphrase"
          confirmTestId="recover-passphrase-confirm"
          meterTestId="recover-strength"
        />
        {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} data-testid="recover-error" />}
        <Button type="primary" htmlType="submit" size="large" block loading={busy} data-testid="recover-submit">
          {t('recover.submit')}
        </Button>
      </Form>
      <div className="onboarding-footer">
        <Button type="link" icon={<ArrowLeftOutlined />} onClick={onBack} disabled={busy} data-testid="recover-back">
          {t('recover.backToUnlock')}
        </Button>
      </div>
    </OnboardingFrame>
  );
}
