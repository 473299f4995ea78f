//! A recording's duration as measured at intake: "1:30", "about 0:30 (estimated)" with the
//! reason on hover, or "未能读取" in words when unknown — never a number that was not measured.

import { Tooltip } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Evidence } from '../../platform';
import { formatDuration } from './logic';

export default function Duration({ item }: { item: Evidence }) {
  const { t } = useTranslation('evidence');
  const shown = formatDuration(item.duration_seconds);
  if (shown === null) return <span>{t('list.durationUnknown')}</span>;
  if (!item.duration_estimated) return <span>{shown}</span>;
  return (
    <Tooltip title={t('list.durationEstimatedHelp')}>
      <span>{t('list.durationEstimated', { duration: shown })}</span>
    </Tooltip>
  );
}
