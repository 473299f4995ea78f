//! Small shared pieces of the case screens: stage tag, days left, the legal basis of a deadline.

import { Tag, Tooltip, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Stage } from '../../platform';
import { appointmentText, daysLeftText, STAGE_COLOR, toneColor } from './logic';

export function StageTag({ stage, testId }: { stage: Stage | null; testId?: string }) {
  const { t } = useTranslation(['cases', 'enums']);
  if (!stage) return <Tag data-testid={testId}>{t('noStage')}</Tag>;
  return (
    <Tag color={STAGE_COLOR[stage]} data-testid={testId} data-stage={stage}>
      {t(`enums:stage.${stage}`)}
    </Tag>
  );
}

/** "还有 5 天" in the deadline's tone (red under 3 days, amber under 7); grey once passed. */
export function DaysLeft({
  days,
  passed = false,
  testId,
  appointment = false,
}: {
  days: number;
  passed?: boolean;
  testId?: string;
  /** A date to attend (the hearing): "还有 N 天开庭", not "还有 N 天" to a deadline. */
  appointment?: boolean;
}) {
  const { t } = useTranslation(['cases', 'enums']);
  const color = passed ? undefined : toneColor(days);
  return (
    <Typography.Text
      type={passed ? 'secondary' : undefined}
      strong={!passed && days < 7}
      style={{ whiteSpace: 'nowrap', ...(color ? { color } : {}) }}
      data-testid={testId}
      data-days={days}
    >
      {appointment ? appointmentText(t, days) : daysLeftText(t, days)}
    </Typography.Text>
  );
}

/** "民事诉讼法 第171条" with a 法律 tag saying it is law. */
export function LawBasis({ basis, kind }: { basis: string; kind: string }) {
  const { t } = useTranslation(['cases', 'enums']);
  return (
    <span>
      {kind === 'law' && (
        <Tooltip title={t('common.lawTooltip')}>
          <Tag color="blue" variant="filled">
            {t('common.law')}
          </Tag>
        </Tooltip>
      )}
      <Typography.Text>{basis}</Typography.Text>
    </span>
  );
}
