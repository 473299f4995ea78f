import { FileTextOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Flex, Tag, Typography } from 'antd';
import type { CSSProperties } from 'react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { currentLanguage } from '../../i18n';
import { formatDateTime } from '../../lib/format';
import type { CheckedContact, ViolationSummary } from '../../platform';
import ComplaintModal from './ComplaintModal';
import FlagTag from './FlagTag';

const LIST_STYLE: CSSProperties = { listStyle: 'none', margin: 0, padding: 0 };
const ITEM_STYLE: CSSProperties = { padding: '8px 0', borderBottom: '1px solid rgba(5, 5, 5, 0.06)' };

/** 违规汇总: counts per rule, the dated list, where to complain, and the complaint text. */
export default function ViolationsPanel({
  summary,
  contacts,
  error,
}: {
  summary: ViolationSummary | null;
  contacts: CheckedContact[];
  error: string | null;
}) {
  const { t, i18n } = useTranslation(['contacts', 'enums']);
  const [open, setOpen] = useState(false);
  const lang = currentLanguage(i18n.language);

  const body = () => {
    if (error) return <Alert type="warning" showIcon title={t('violations.loadError', { error })} />;
    if (!summary) return null;
    if (summary.total === 0) {
      return (
        <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }} data-testid="violations-none">
          {t('violations.none')}
        </Typography.Paragraph>
      );
    }
    return (
      <Flex vertical gap={16}>
        <Typography.Text strong data-testid="violations-total">
          {t('violations.total', { count: summary.total })}
        </Typography.Text>

        <div>
          <Typography.Title level={5}>{t('violations.counts')}</Typography.Title>
          <Flex gap={8} wrap>
            {summary.counts.map((c) => (
              <Tag key={c.code} data-testid={`violation-count-${c.code}`}>
                {t(`enums:flag.${c.code}`)} × {c.count}
              </Tag>
            ))}
          </Flex>
        </div>

        <div>
          <Typography.Title level={5}>{t('violations.list')}</Typography.Title>
          <ol style={LIST_STYLE}>
            {summary.items.map((item, index) => (
              <li key={`${item.contact_id}-${item.code}-${index}`} style={ITEM_STYLE} data-testid="violation-item">
                <Flex vertical gap={2} style={{ width: '100%' }}>
                  <Flex gap={8} align="center" wrap>
                    <Typography.Text style={{ whiteSpace: 'nowrap' }}>{formatDateTime(item.at)}</Typography.Text>
                    <FlagTag
                      flag={{
                        code: item.code,
                        reason_zh: item.reason_zh,
                        reason_en: item.reason_en,
                        basis: item.basis,
                        basis_en: item.basis_en,
                        basis_kind: item.basis_kind,
                        sources: item.sources,
                        matched: null,
                        quote: item.quote,
                      }}
                    />
                    <Typography.Text>{lang === 'en' ? item.reason_en : item.reason_zh}</Typography.Text>
                  </Flex>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {t('flagTooltip', { basis: lang === 'en' ? item.basis_en : item.basis })}
                    {' · '}
                    {item.evidence_ids.length > 0
                      ? t('violations.evidenceIds', { ids: item.evidence_ids.join(', ') })
                      : t('violations.noEvidence')}
                  </Typography.Text>
                </Flex>
              </li>
            ))}
          </ol>
        </div>

        {summary.channels.length > 0 && (
          <div>
            <Typography.Title level={5}>{t('violations.channels')}</Typography.Title>
            <ul style={LIST_STYLE}>
              {summary.channels.map((c) => (
                <li key={c.number} style={ITEM_STYLE} data-testid={`complaint-channel-${c.number}`}>
                  <Flex vertical gap={2}>
                    <Typography.Text strong>
                      {c.number} {t(`enums:complaintLine.${c.line}`)}
                    </Typography.Text>
                    <Typography.Text type="secondary">
                      {t('violations.channelFor', { text: t(`enums:complaintScope.${c.line}`) })}
                    </Typography.Text>
                    {c.codes.length > 0 && (
                      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                        {c.codes.map((code) => t(`enums:flag.${code}`)).join(lang === 'en' ? ', ' : '、')}
                      </Typography.Text>
                    )}
                  </Flex>
                </li>
              ))}
            </ul>
          </div>
        )}

        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('violations.note')}
        </Typography.Text>
      </Flex>
    );
  };

  return (
    <Card
      title={t('violations.title')}
      size="small"
      data-testid="violations-summary"
      extra={
        summary && summary.total > 0 ? (
          <Button icon={<FileTextOutlined />} onClick={() => setOpen(true)} data-testid="complaint-generate">
            {t('violations.generate')}
          </Button>
        ) : null
      }
    >
      {body()}
      {summary && open && (
        <ComplaintModal open={open} onClose={() => setOpen(false)} summary={summary} contacts={contacts} />
      )}
    </Card>
  );
}
