//! 我的信息: the user's name, ID number, phone and address, entered once and used to fill in the
//! mediation documents and complaints. Kept in the encrypted vault only.

import { App, Button, Card, Form, Input, Skeleton, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { core, errorText } from '../../platform';
import type { Profile } from '../../platform';
import { idNumberProblem, normaliseIdNumber } from './profile';

interface ProfileForm {
  name: string;
  id_number: string;
  phone: string;
  address: string;
}

const orNull = (s: string | undefined) => {
  const v = (s ?? '').trim();
  return v === '' ? null : v;
};

export default function ProfileSection() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<ProfileForm>();
  const [loaded, setLoaded] = useState<Profile | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    let live = true;
    core.profileGet().then(
      (p) => live && setLoaded(p),
      (e: unknown) => live && setLoadError(errorText(e, t)),
    );
    return () => {
      live = false;
    };
  }, [t]);

  const save = async (v: ProfileForm) => {
    setBusy(true);
    try {
      const saved = await core.profileSet({
        name: orNull(v.name),
        id_number: orNull(normaliseIdNumber(v.id_number ?? '')),
        phone: orNull(v.phone),
        address: orNull(v.address),
      });
      setLoaded(saved);
      form.setFieldsValue({ id_number: saved.id_number ?? '' });
      void message.success(t('settings.profile.saved'));
    } catch (e) {
      void message.error(errorText(e, t), 6);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card title={t('settings.profile.title')} data-testid="settings-profile">
      <Typography.Paragraph type="secondary">{t('settings.profile.hint')}</Typography.Paragraph>
      {loadError !== null ? (
        <Typography.Text type="danger">{loadError}</Typography.Text>
      ) : loaded === null ? (
        <Skeleton active paragraph={{ rows: 2 }} />
      ) : (
        <Form<ProfileForm>
          form={form}
          layout="vertical"
          requiredMark={false}
          initialValues={{
            name: loaded.name ?? '',
            id_number: loaded.id_number ?? '',
            phone: loaded.phone ?? '',
            address: loaded.address ?? '',
          }}
          onFinish={(v) => void save(v)}
        >
          <Form.Item name="name" label={t('settings.profile.name')}>
            <Input maxLength={50} autoComplete="off" data-testid="profile-name" />
          </Form.Item>
          <Form.Item
            name="id_number"
            label={t('settings.profile.idNumber')}
            rules={[
              {
                validator: (_: unknown, value: string | undefined) => {
                  const problem = idNumberProblem(value ?? '');
                  return problem ? Promise.reject(new Error(t(`settings.profile.idProblem.${problem}`))) : Promise.resolve();
                },
              },
            ]}
          >
            <Input maxLength={24} autoComplete="off" spellCheck={false} data-testid="profile-id-number" />
          </Form.Item>
          <Form.Item name="phone" label={t('settings.profile.phone')}>
            <Input maxLength={30} inputMode="tel" autoComplete="off" data-testid="profile-phone" />
          </Form.Item>
          <Form.Item name="address" label={t('settings.profile.address')}>
            <Input maxLength={200} autoComplete="off" data-testid="profile-address" />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={busy} data-testid="profile-save">
            {t('settings.profile.save')}
          </Button>
        </Form>
      )}
    </Card>
  );
}
