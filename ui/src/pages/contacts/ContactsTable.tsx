import { Table, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import { formatDateTime, NO_VALUE } from '../../lib/format';
import type { CheckedContact, Evidence } from '../../platform';
import CorrectButton from '../../components/CorrectButton';
import WithdrawButton from '../../components/WithdrawButton';
import { isRecording } from '../evidence/logic';
import MediaPlayer from '../evidence/MediaPlayer';
import FlagTag from './FlagTag';

/**
 * The contact log, newest first (the caller sorts), with the flags each contact raised. A
 * contact linked to a recording (an imported call) shows it with a play control.
 */
export default function ContactsTable({
  contacts,
  loading,
  evidence = [],
  caseId,
  onWithdrawn,
}: {
  contacts: CheckedContact[];
  loading: boolean;
  /** The case's evidence, to find the recordings contacts link to. */
  evidence?: Evidence[];
  /** With both, each row can be corrected or withdrawn (recorded corrections; the chain keeps both). */
  caseId?: string;
  onWithdrawn?: () => void | Promise<void>;
}) {
  const { t } = useTranslation(['contacts', 'enums']);
  const recordings = new Map(evidence.filter((e) => isRecording(e.media_type)).map((e) => [e.id, e]));

  const columns: TableColumnsType<CheckedContact> = [
    {
      key: 'at',
      title: t('table.at'),
      width: 140,
      render: (_, c) => <span style={{ whiteSpace: 'nowrap' }}>{formatDateTime(c.at)}</span>,
    },
    {
      key: 'channel',
      title: t('table.channel'),
      width: 90,
      render: (_, c) => (
        <>
          {t(`enums:channel.${c.channel}`)}
          {c.attempts !== undefined && c.attempts > 1 && (
            <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }}>
              {t('table.attempts', { count: c.attempts })}
            </Typography.Text>
          )}
        </>
      ),
    },
    {
      key: 'direction',
      title: t('table.direction'),
      width: 60,
      render: (_, c) => <span title={t(`enums:direction.${c.direction}`)}>{t(`directionShort.${c.direction}`)}</span>,
    },
    {
      key: 'number',
      title: t('table.number'),
      width: 130,
      render: (_, c) => c.number ?? NO_VALUE,
    },
    {
      key: 'who',
      title: t('table.who'),
      width: 150,
      render: (_, c) => {
        const who = [c.person, c.organisation].filter((s): s is string => Boolean(s)).join(' · ');
        return (
          <>
            {who || NO_VALUE}
            {c.claimed_role && (
              <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }}>
                {t(`enums:claimedRole.${c.claimed_role}`)}
              </Typography.Text>
            )}
          </>
        );
      },
    },
    {
      key: 'summary',
      title: t('table.summary'),
      render: (_, c) => (
        <>
          {c.summary ?? (c.quotes?.length ? null : NO_VALUE)}
          {c.third_party && (
            <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }}>
              {t('table.thirdParty', { who: t(`enums:thirdParty.${c.third_party}`) })}
            </Typography.Text>
          )}
          {c.quotes?.map((q, i) => (
            <Typography.Text key={i} type="secondary" style={{ display: 'block', fontSize: 12 }}>
              “{q}”
            </Typography.Text>
          ))}
          {c.evidence_ids && c.evidence_ids.length > 0 && (
            <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }}>
              {t('table.evidence', { count: c.evidence_ids.length })}
            </Typography.Text>
          )}
          {(c.evidence_ids ?? []).flatMap((id) => {
            const rec = recordings.get(id);
            return rec
              ? [
                  <div key={id} data-testid="contact-recording" data-evidence-id={id} style={{ marginTop: 4 }}>
                    <MediaPlayer item={rec} autoLoad={false} />
                  </div>,
                ]
              : [];
          })}
        </>
      ),
    },
    {
      key: 'flags',
      title: t('table.flags'),
      width: 200,
      render: (_, c) =>
        c.flags.length === 0 ? null : (
          <span style={{ display: 'inline-flex', flexWrap: 'wrap', rowGap: 4 }}>
            {c.flags.map((flag, i) => (
              <FlagTag key={`${flag.code}-${i}`} flag={flag} />
            ))}
          </span>
        ),
    },
    ...(caseId && onWithdrawn
      ? [
          {
            key: 'withdraw',
            width: 76,
            render: (_: unknown, c: CheckedContact) => (
              <span style={{ display: 'inline-flex', flexDirection: 'column', alignItems: 'flex-start' }}>
                <CorrectButton caseId={caseId} kind="contact" record={c} onDone={onWithdrawn} />
                <WithdrawButton caseId={caseId} recordId={c.id} onDone={onWithdrawn} />
              </span>
            ),
          },
        ]
      : []),
  ];

  return (
    <Table<CheckedContact>
      rowKey="id"
      size="small"
      columns={columns}
      dataSource={contacts}
      loading={loading}
      pagination={contacts.length > 50 ? { pageSize: 50, showSizeChanger: false } : false}
      locale={{ emptyText: t('table.empty') }}
      onRow={(c) => ({ 'data-testid': 'contact-row', 'data-contact-id': c.id }) as React.HTMLAttributes<HTMLElement>}
      data-testid="contacts-table"
    />
  );
}
