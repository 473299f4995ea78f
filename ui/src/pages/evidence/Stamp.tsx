//! Trusted timestamps on the evidence screens: the badge of a stamped item (service, genTime in
//! local time, minutes after intake, like the PDF), 待盖时间戳 while stamping is on, and the
//! 获取时间戳 button that stamps everything pending now.

import { SafetyCertificateOutlined } from '@ant-design/icons';
import { App, Button, Tag, Tooltip, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../lib/format';
import { core, errorText } from '../../platform';
import type { EvidenceStamp } from '../../platform';

/** "freetsa.org，2026-11-29 21:40（入库后 3 分钟）". */
function useStampLine(): (stamp: EvidenceStamp) => string {
  const { t } = useTranslation('evidence');
  return (stamp) => {
    const args = { service: stamp.service, time: formatDateTime(stamp.gen_time), minutes: stamp.minutes_after };
    return stamp.minutes_after >= 0 ? t('stamp.badgeLine', args) : t('stamp.badgeLineBefore', args);
  };
}

/** The badge of one item: stamped, pending (only when stamping is on), or nothing. */
export function StampBadge({ stamp, enabled, withLine = false }: { stamp?: EvidenceStamp; enabled: boolean; withLine?: boolean }) {
  const { t } = useTranslation('evidence');
  const line = useStampLine();
  if (stamp) {
    return (
      <span data-testid="stamp-badge" data-state="stamped">
        <Tooltip title={line(stamp)}>
          <Tag color="green" icon={<SafetyCertificateOutlined />}>
            {t('stamp.badge')}
          </Tag>
        </Tooltip>
        {withLine && (
          <Typography.Text type="secondary" style={{ fontSize: 12, display: 'block' }} data-testid="stamp-line">
            {line(stamp)}
          </Typography.Text>
        )}
      </span>
    );
  }
  if (!enabled) return null;
  return (
    <Tooltip title={t('stamp.pendingHint')}>
      <Tag data-testid="stamp-badge" data-state="pending">
        {t('stamp.pending')}
      </Tag>
    </Tooltip>
  );
}

/** 获取时间戳: one request for everything pending, a busy state, and the result in words. */
export function StampNowButton({ enabled, onDone }: { enabled: boolean; onDone: () => void }) {
  const { t } = useTranslation('evidence');
  const { t: te } = useTranslation('enums');
  const { t: tc } = useTranslation();
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);

  const run = async () => {
    setBusy(true);
    try {
      const r = await core.timestampStampNow();
      if (r.failure) {
        void message.warning(t('stamp.failed', { problem: te(`tsaProblem.${r.failure.problem}`) }), 8);
      } else if (r.stamped && r.stamped.items > 0) {
        void message.success(t('stamp.stamped', { count: r.stamped.items }));
      } else if (r.stamped) {
        void message.info(t('stamp.stampedHeadOnly'));
      } else {
        void message.info(t('stamp.nothingPending'));
      }
      onDone();
    } catch (e) {
      void message.error(errorText(e, tc), 6);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Tooltip title={enabled ? t('stamp.stampNowHint') : t('stamp.stampDisabled')}>
      <Button
        icon={<SafetyCertificateOutlined />}
        onClick={() => void run()}
        loading={busy}
        disabled={!enabled}
        data-testid="stamp-now"
      >
        {t('stamp.stampNow')}
      </Button>
    </Tooltip>
  );
}
