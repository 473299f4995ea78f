import { SafetyOutlined } from '@ant-design/icons';
import { Button, Card, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';

/**
 * Verify the vault: progress, then "全部 N 件证据完好" or the list of problems with what to do.
 * Placeholder until the core's verify command is wired in.
 */
export default function VerifySection() {
  const { t } = useTranslation();
  return (
    <Card
      title={t('settings.verify.title')}
      extra={<Tag>{t('settings.verify.comingSoon')}</Tag>}
      data-testid="settings-verify"
    >
      <Typography.Paragraph type="secondary">{t('settings.verify.hint')}</Typography.Paragraph>
      <Button icon={<SafetyOutlined />} disabled data-testid="verify-start">
        {t('settings.verify.start')}
      </Button>
    </Card>
  );
}
