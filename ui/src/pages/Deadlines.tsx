import { Card, Skeleton, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { core } from '../platform';
import DeadlineTable from './cases/DeadlineTable';
import LoadError from './cases/LoadError';
import { useLoad } from './cases/useLoad';

/** 期限: every deadline of every case, soonest first, each with its legal basis. */
export default function Deadlines() {
  const { t } = useTranslation(['cases', 'enums']);
  const { data, error, loading, reload } = useLoad(() => core.deadlines(null), 'all');
  return (
    <div data-testid="deadlines-page">
      <Typography.Paragraph type="secondary">{t('deadlines.lead')}</Typography.Paragraph>
      {error !== null && !data ? (
        <LoadError error={error} onRetry={() => void reload()} />
      ) : loading && !data ? (
        <Skeleton active />
      ) : (
        <Card>
          <DeadlineTable deadlines={data ?? []} showCase />
        </Card>
      )}
    </div>
  );
}
