//! Deadlines as a table: kind, legal basis, the event it counts from, due date, days left, notes.
//! Used by the global 期限 page (with the case column) and by a case's 期限 tab.

import { WarningOutlined } from '@ant-design/icons';
import { Space, Table, Tooltip, Typography } from 'antd';
import type { HTMLAttributes } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { CaseDeadline } from '../../platform';
import { DaysLeft, LawBasis } from './bits';
import { deadlineKindLabel } from './logic';

export default function DeadlineTable({ deadlines, showCase = false }: { deadlines: CaseDeadline[]; showCase?: boolean }) {
  const { t } = useTranslation(['cases', 'enums']);
  return (
    <Table<CaseDeadline>
      dataSource={deadlines}
      rowKey={(d) => `${d.case_id}-${d.kind}-${d.counts_from.event_id}-${d.due}`}
      pagination={false}
      size="middle"
      scroll={{ x: true }}
      locale={{ emptyText: showCase ? t('deadlines.empty') : t('caseDeadlines.empty') }}
      onRow={(d) => ({
        'data-testid': `deadline-row-${d.kind}`,
        'data-passed': d.passed ? 'true' : 'false',
        style: d.passed ? { opacity: 0.55 } : undefined,
      }) as HTMLAttributes<HTMLElement>}
      columns={[
        ...(showCase
          ? [
              {
                key: 'case',
                title: t('deadlines.colCase'),
                render: (_: unknown, d: CaseDeadline) => (
                  <Link to={`/cases/${encodeURIComponent(d.case_id)}/deadlines`}>{d.case_title}</Link>
                ),
              },
            ]
          : []),
        {
          key: 'kind',
          title: t('deadlines.colKind'),
          render: (_: unknown, d: CaseDeadline) => <Typography.Text strong={!d.passed}>{deadlineKindLabel(t, d.kind)}</Typography.Text>,
        },
        {
          key: 'basis',
          title: t('deadlines.colBasis'),
          render: (_: unknown, d: CaseDeadline) => <LawBasis basis={d.basis} kind={d.basis_kind} />,
        },
        {
          key: 'from',
          title: t('deadlines.colFrom'),
          render: (_: unknown, d: CaseDeadline) => (
            <Space orientation="vertical" size={0}>
              <span>{t(`enums:eventKind.${d.counts_from.kind}`)}</span>
              <Typography.Text type="secondary">{d.counts_from.on}</Typography.Text>
            </Space>
          ),
        },
        {
          key: 'due',
          title: t('deadlines.colDue'),
          render: (_: unknown, d: CaseDeadline) => (
            <Space size={4}>
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
          render: (_: unknown, d: CaseDeadline) => <DaysLeft days={d.days_left} passed={d.passed} />,
        },
        {
          key: 'note',
          title: t('deadlines.colNote'),
          render: (_: unknown, d: CaseDeadline) => {
            const note = d.note ? t(`enums:deadlineNote.${d.note}`) : null;
            return (
              <Space orientation="vertical" size={0}>
                {d.shifted_for_rest_day && (
                  <Typography.Text type="secondary">{t('common.restShift', { date: d.nominal_end })}</Typography.Text>
                )}
                {!d.calendar_known && <Typography.Text type="warning">{t('common.calendarUnknown')}</Typography.Text>}
                {note && <Typography.Text type="secondary">{note}</Typography.Text>}
              </Space>
            );
          },
        },
      ]}
    />
  );
}
