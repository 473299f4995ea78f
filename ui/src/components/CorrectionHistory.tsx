//! 更正与撤回记录: every correction and withdrawal of a case, newest first, with both versions
//! of what changed (before struck through, after beside it) and the reason given.

import { Card, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { formatDateTime, NO_VALUE } from '../lib/format';
import type { CorrectionEntry } from '../platform';
import { changedFields, plainValue } from './corrections';

/** Enum fields whose codes have words in `enums.json`. */
const CODE_WORDS: Record<string, string> = {
  stage: 'stage',
  kind: 'eventKind',
  channel: 'channel',
  direction: 'direction',
  claimed_role: 'claimedRole',
  third_party: 'thirdParty',
};

export default function CorrectionHistory({ entries }: { entries: readonly CorrectionEntry[] }) {
  const { t } = useTranslation();
  const { t: te } = useTranslation('enums');
  if (entries.length === 0) return null;

  const kindLabel = (kind: string) => t(`correct.kinds.${kind}`, { defaultValue: kind });
  const fieldLabel = (key: string) => t(`correct.fields.${key}`, { defaultValue: key });
  const show = (key: string, value: unknown): string => {
    const ns = CODE_WORDS[key];
    if (ns && typeof value === 'string') return te(`${ns}.${value}`, { defaultValue: value });
    return plainValue(key, value) ?? NO_VALUE;
  };
  /** A short description of what a withdrawn record said. */
  const gist = (before: unknown): string => {
    const b = (before ?? {}) as Record<string, unknown>;
    return ['on', 'paid_on', 'at', 'stage', 'kind', 'amount_fen', 'channel', 'summary', 'note', 'name']
      .filter((k) => b[k] !== undefined && b[k] !== null && b[k] !== '')
      .slice(0, 4)
      .map((k) => show(k, b[k]))
      .join(' · ');
  };

  return (
    <Card size="small" title={t('correct.historyTitle')} data-testid="correction-history">
      <ul style={{ listStyle: 'none', margin: 0, padding: 0 }}>
        {[...entries].reverse().map((e) => (
          <li
            key={e.id}
            data-testid={`correction-${e.id}`}
            data-action={e.action}
            style={{ paddingBlock: 8, borderBottom: '1px solid #e6eaf1' }}
          >
            <Space orientation="vertical" size={2} style={{ width: '100%' }}>
              <Space wrap size={8}>
                <Typography.Text type="secondary">{e.at ? formatDateTime(e.at) : NO_VALUE}</Typography.Text>
                <Tag color={e.action === 'withdrawn' ? 'default' : 'blue'}>{t(`correct.action.${e.action}`)}</Tag>
                <Typography.Text>{kindLabel(e.target_kind)}</Typography.Text>
              </Space>
              {e.action === 'withdrawn' ? (
                <Typography.Text delete type="secondary">
                  {gist(e.before) || e.target}
                </Typography.Text>
              ) : (
                changedFields(e.target_kind, e.before, e.after).map((k) => {
                  const before = (e.before ?? {}) as Record<string, unknown>;
                  const after = (e.after ?? {}) as Record<string, unknown>;
                  return (
                    <div key={k} data-testid={`correction-${e.id}-${k}`}>
                      <Typography.Text type="secondary">{fieldLabel(k)}：</Typography.Text>
                      <Typography.Text delete type="secondary">
                        {show(k, before[k])}
                      </Typography.Text>
                      {' → '}
                      <Typography.Text>{show(k, after[k])}</Typography.Text>
                    </div>
                  );
                })
              )}
              {e.reason && (
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {t('correct.reasonShown', { reason: e.reason })}
                </Typography.Text>
              )}
            </Space>
          </li>
        ))}
      </ul>
    </Card>
  );
}
