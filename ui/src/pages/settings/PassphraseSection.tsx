import { App, Button, Card, Form, Input, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import NewPassphraseFields from '../../components/NewPassphraseFields';
import { core, errorText, toCoreError } from '../../platform';

interface PassphraseForm {
  current: string;
  passphrase: string;
  confirm: string;
}

export default function PassphraseSection() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<PassphraseForm>();
  const [busy, setBusy] = useState(false);

  const submit = async ({ current, passphrase }: PassphraseForm) => {
    setBusy(true);
    try {
      await core.changePassphrase(current, passphrase);
      form.resetFields();
      void message.success(t('settings.passphrase.success'), 6);
    } catch (e) {
      const err = toCoreError(e);
      if (err.is('wrong_passphrase')) {
        form.setFields([{ name: 'current', errors: [t('settings.passphrase.wrongCurrent')] }]);
      } else {
        void message.error(errorText(err, t), 6);
      }
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card title={t('settings.passphrase.title')} data-testid="settings-passphrase">
      <Typography.Paragraph type="secondary">{t('settings.passphrase.hint')}</Typography.Paragraph>
      <Form<PassphraseForm>
        form={form}
        layout="vertical"
        requiredMark={false}
        onFinish={(v) => void submit(v)}
        style={{ maxWidth: 420 }}
      >
        <Form.Item
          name="current"
          label={t('settings.passphrase.current')}
          rules={[{ required: true, message: t('validation.passphraseRequired') }]}
        >
          <Input.Password autoComplete="current-password" data-testid="settings-current-passphrase" />
        </Form.Item>
        <NewPassphraseFields
          label={t('settings.passphrase.new')}
          confirmLabel={t('settings.passphrase.confirm')}
          testId="settings-new-passphrase"
          confirmTestId="settings-confirm-passphrase"
          meterTestId="settings-passphrase-strength"
          differentFrom="current"
        />
        <Button type="primary" htmlType="submit" loading={busy} data-testid="settings-passphrase-submit">
          {t('settings.passphrase.submit')}
        </Button>
      </Form>
    </Card>
  );
}
