import { ArrowLeftOutlined, KeyOutlined, LockOutlined } from '@ant-design/icons';
import { Alert, Button, Form, Input, Typography } from 'antd';
import type { InputRef } from 'antd';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import LocationRow from '../../components/LocationRow';
import OnboardingFrame from '../../components/OnboardingFrame';
import { chooseFolder, core, errorText, toCoreError } from '../../platform';
import type { AppInfo, VaultStatus } from '../../platform';

interface UnlockForm {
  passphrase: string;
}

/** The everyday way in: the passphrase, or the recovery key if it is forgotten. */
export default function Unlock({
  info,
  path,
  onUnlocked,
  onForgot,
  onPathChange,
  onBack,
}: {
  info: AppInfo;
  /** The vault to open; null for the default location. */
  path: string | null;
  onUnlocked: (status: VaultStatus) => void;
  onForgot: () => void;
  onPathChange: (path: string) => void;
  /** Present when the person came here from the welcome screen. */
  onBack?: () => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<UnlockForm>();
  const input = useRef<InputRef>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const submit = async ({ passphrase }: UnlockForm) => {
    setError(null);
    setBusy(true);
    try {
      onUnlocked(await core.vaultUnlock(path, passphrase));
    } catch (e) {
      const err = toCoreError(e);
      setBusy(false);
      if (err.is('wrong_passphrase')) {
        // Keep what was typed, say what to do, and put the cursor back for another try.
        form.setFields([{ name: 'passphrase', errors: [t('unlock.wrongPassphrase')] }]);
        input.current?.focus({ cursor: 'all' });
      } else {
        setError(errorText(err, t));
      }
    }
  };

  const chooseOther = async () => {
    setError(null);
    try {
      const picked = await chooseFolder(t('welcome.chooseFolderTitle'), path ?? undefined);
      if (picked) {
        form.resetFields();
        onPathChange(picked);
      }
    } catch (e) {
      setError(errorText(e, t));
    }
  };

  return (
    <OnboardingFrame testId="unlock">
      <Typography.Title level={3} style={{ marginTop: 0 }}>
        <LockOutlined style={{ marginRight: 10 }} />
        {t('unlock.title')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{t('unlock.lead')}</Typography.Paragraph>
      <LocationRow path={path} defaultPath={info.vault_path} testId="unlock-location" />
      <Form<UnlockForm> form={form} layout="vertical" requiredMark={false} onFinish={(v) => void submit(v)}>
        <Form.Item
          name="passphrase"
          label={t('unlock.passphrase')}
          rules={[{ required: true, message: t('validation.passphraseRequired') }]}
        >
          <Input.Password ref={input} autoFocus autoComplete="current-password" data-testid="unlock-passphrase" />
        </Form.Item>
        {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} data-testid="unlock-error" />}
        <Button type="primary" htmlType="submit" size="large" block loading={busy} data-testid="unlock-submit">
          {t('unlock.submit')}
        </Button>
      </Form>
      <div className="onboarding-footer">
        <Button type="link" icon={<KeyOutlined />} onClick={onForgot} data-testid="unlock-forgot">
          {t('unlock.forgot')}
        </Button>
        <Button type="link" onClick={() => void chooseOther()} data-testid="unlock-other">
          {t('unlock.otherVault')}
        </Button>
      </div>
      {onBack && (
        <Button type="link" icon={<ArrowLeftOutlined />} onClick={onBack} data-testid="unlock-back">
          {t('common.back')}
        </Button>
      )}
    </OnboardingFrame>
  );
}
