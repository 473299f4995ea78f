//! Deadlines as a table: kind, legal basis, the event it counts from, due date, days left, notes.
//! Used by the global 期限 page (with the case column) and by a case's 期限 tab.
//!
//! A hearing is a date to attend, not a deadline: it shows as 开庭日期 with "N 天后开庭".
//! Columns keep short values on one line (names never wrap one character per line at 1280 px
//! and 125 % font scaling); the long notes take two lines and open on click.

import { WarningOutlined } from '@ant-design/icons';
import { Space, Table, Tag, Tooltip, Typography } from 'antd';
import type { HTMLAttributes } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { NO_VALUE } from '../../lib/format';
import type { CaseDeadline } from '../../platform';
import { DaysLeft, LawBasis } from './bits';
import { deadlineKindLabel, isAppointment } from './logic';

const NOWRAP = { style: { whiteSpace: 'nowrap' } } as HTMLAttributes<HTMLElement>;

export default function DeadlineTable({ deadlines, showCase = false }: { deadlines: CaseDeadline[]; showCase?: boolean }) {
  const { t } = useTranslation(['cases', 'enums']);
  return (
    <Table<CaseDeadline>
      dataSource={deadlines}
      rowKey={(d) => `${d.case_id}-${d.kind}-${d.counts_from.event_id}-${d.due}`}
      pagination={false}
      size="middle"
      scroll={{ x: 'max-content' }}
      locale={{ emptyText: showCase ? t('deadlines.empty') : t('caseDeadlines.empty') }}
      onRow={(d) => ({
        'data-testid': `deadline-row-${d.kind}`,
        'data-passed': d.passed ? 'true' : 'false',
        'data-appointment': isAppointment(d.kind) ? 'true' : undefined,
        style: d.passed ? { opacity: 0.55 } : undefined,
      }) as HTMLAttributes<HTMLElement>}
      columns={[
        ...(showCase
          ? [
              {
                key: 'case',
                title: t('deadlines.colCase'),
                width: 160,
                onCell: () => NOWRAP,
                render: (_: unknown, d: CaseDeadline) => (
                  <Link to={`/cases/${encodeURIComponent(d.case_id)}/deadlines`}>
                    <Typography.Text ellipsis={{ tooltip: d.case_title }} style={{ maxWidth: 150, color: 'inherit' }}>
                      {d.case_title}
                    </Typography.Text>
                  </Link>
                ),
              },
            ]
          : []),
        {
          key: 'kind',
          title: t('deadlines.colKind'),
          onCell: () => NOWRAP,
          render: (_: unknown, d: CaseDeadline) => (
            <Space size={4} wrap={false}>
              <Typography.Text strong={!d.passed} data-testid={`deadline-kind-${d.kind}`}>
                {deadlineKindLabel(t, d.kind)}
              </Typography.Text>
              {isAppointment(d.kind) && (
                <Tooltip title={t('appointment.tooltip')}>
                  <Tag data-testid={`deadline-appointment-${d.kind}`}>{t('appointment.tag')}</Tag>
                </Tooltip>
              )}
            </Space>
          ),
        },
        {
          key: 'basis',
          title: t('deadlines.colBasis'),
          width: 200,
          render: (_: unknown, d: CaseDeadline) => <LawBasis basis={d.basis} kind={d.basis_kind} />,
        },
        {
          key: 'from',
          title: t('deadlines.colFrom'),
          onCell: () => NOWRAP,
          render: (_: unknown, d: CaseDeadline) =>
            // The hearing is its own date: nothing counts to it.
            isAppointment(d.kind) ? (
              <Typography.Text type="secondary">{NO_VALUE}</Typography.Text>
            ) : (
              <Space orientation="vertical" size={0}>
                <span>{t(`enums:eventKind.${d.counts_from.kind}`)}</span>
                <Typography.Text type="secondary">{d.counts_from.on}</Typography.Text>
              </Space>
            ),
        },
        {
          key: 'due',
          title: t('deadlines.colDue'),
          onCell: () => NOWRAP,
          render: (_: unknown, d: CaseDeadline) => (
            <Space size={4} wrap={false}>
              <span data-testid={`deadline-due-${d.kind}`}>{d.due}</span>
              {!d.calendar_known && (
                <Tooltip title={t('common.calendarUnknown')}>
                  <WarningOutlined style={{ color: '#c7891d' }} aria-label={t('common.calendarUnknown')} />
                </Tooltip>
              )}
            </Space>
          ),
        },
        {
          key: 'left',
          title: t('deadlines.colLeft'),
          onCell: () => NOWRAP,
          render: (_: unknown, d: CaseDeadline) => (
            <DaysLeft days={d.days_left} passed={d.passed} appointment={isAppointment(d.kind)} testId={`deadline-left-${d.kind}`} />
          ),
        },
        {
          key: 'note',
          title: t('deadlines.colNote'),
          width: 300,
          render: (_: unknown, d: CaseDeadline) => {
            const note = d.note ? t(`enums:deadlineNote.${d.note}`) : null;
            return (
              <Space orientation="vertical" size={0} style={{ maxWidth: 300 }}>
                {d.shifted_for_rest_day && (
                  <Typography.Text type="secondary">{t('common.restShift', { date: d.nominal_end })}</Typography.Text>
                )}
                {!d.calendar_known && <Typography.Text type="warning">{t('common.calendarUnknown')}</Typography.Text>}
                {note && (
                  <Typography.Paragraph
                    type="secondary"
                    style={{ marginBottom: 0 }}
                    ellipsis={{ rows: 2, expandable: true, symbol: t('deadlines.noteMore') }}
                    data-testid={`deadline-note-${d.kind}`}
                  >
                    {note}
                  </Typography.Paragraph>
                )}
              </Space>
            );
          },
        },
      ]}
    />
  );
}
