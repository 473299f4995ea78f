import { App, Button, Card, Form, InputNumber, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { core, errorText } from '../../platform';
import { useVaultSession } from '../../vault/session';
import { autoLockProblem } from './autoLock';


interface AutoLockForm {
  minutes: number | null;
}

export default function AutoLockSection() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { status, updateStatus } = useVaultSession();
  const [busy, setBusy] = useState(false);

  const save = async ({ minutes }: AutoLockForm) => {
    if (minutes === null) return;
    setBusy(true);
    try {
      const next = await core.setAutoLock(minutes);
      updateStatus(next);
      void message.success(t('settings.autoLock.saved', { minutes: next.auto_lock_minutes }));
    } catch (e) {
      void message.error(errorText(e, t), 6);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card title={t('settings.autoLock.title')} data-testid="settings-autolock">
      <Typography.Paragraph type="secondary">{t('settings.autoLock.hint')}</Typography.Paragraph>
      <Form<AutoLockForm>
        layout="inline"
        initialValues={{ minutes: status.auto_lock_minutes }}
        onFinish={(v) => void save(v)}
        requiredMark={false}
      >
        <Form.Item
          name="minutes"
          label={t('settings.autoLock.label')}
          rules={[
            {
              // Each wrong value gets its own message; nothing is clamped behind the user's
              // back (an InputNumber with min=1 silently turned 0 into 1).
              validator: (_, value: number | null | undefined) => {
                const problem = autoLockProblem(value);
                return problem ? Promise.reject(new Error(t(`validation.autoLock.${problem}`))) : Promise.resolve();
              },
            },
          ]}
        >
          <InputNumber<number>
            suffix={t('common.minutes')}
            style={{ width: 140 }}
            data-testid="autolock-minutes"
          />
        </Form.Item>
        <Form.Item>
          <Button type="primary" htmlType="submit" loading={busy} data-testid="autolock-save">
            {t('settings.autoLock.save')}
          </Button>
        </Form.Item>
      </Form>
    </Card>
  );
}
