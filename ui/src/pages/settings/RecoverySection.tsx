import { Card, Typography } from 'antd';
import { useTranslation } from 'react-i18next';

/** How the recovery key works, for whoever needs reminding months later. */
export default function RecoverySection() {
  const { t } = useTranslation();
  return (
    <Card title={t('settings.recovery.title')} data-testid="settings-recovery">
      <Typography.Paragraph>{t('settings.recovery.body')}</Typography.Paragraph>
      <Typography.Paragraph>{t('settings.recovery.keep')}</Typography.Paragraph>
      <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
        {t('settings.recovery.lost')}
      </Typography.Paragraph>
    </Card>
  );
}
