//! 记录法律事件: kind, date, note, and for a served complaint the answer period the court's
//! notice gives (以法院通知为准). After saving, names the deadline the event started.

import { Alert, App, Button, Card, DatePicker, Form, Input, InputNumber, Select, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { core, errorText, EVENT_KINDS } from '../../platform';
import type { LegalEventKind } from '../../platform';
import { DATE_FORMAT, dateItemProps, datePickerProps } from './dates';
import { daysLeftText, deadlineKindLabel } from './logic';

interface EventValues {
  kind?: LegalEventKind;
  on?: string;
  note?: string;
  periodDays?: number | null;
}

/** The longest answer period from a notice the core accepts (its MAX_NOTICE_PERIOD_DAYS). */
const MAX_NOTICE_PERIOD_DAYS = 30;

export default function EventForm({ caseId, onSaved }: { caseId: string; onSaved: () => Promise<void> | void }) {
  const { t } = useTranslation();
  const { t: tc } = useTranslation(['cases', 'enums']);
  const { message } = App.useApp();
  const [form] = Form.useForm<EventValues>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const kind = Form.useWatch('kind', form);

  const submit = async (v: EventValues) => {
    if (!v.kind || !v.on) return;
    setBusy(true);
    setError(null);
    try {
      const note = (v.note ?? '').trim();
      const period = v.kind === 'complaint_served' && v.periodDays ? v.periodDays : null;
      const record = await core.eventAdd(caseId, v.kind, v.on, note === '' ? null : note, period);
      let started = null;
      try {
        const all = await core.deadlines(caseId);
        started = all.find((d) => d.counts_from.event_id === record.id) ?? null;
      } catch {
        // The event is saved; the deadline summary is a courtesy.
      }
      void message.success(
        started
          ? tc('overview.eventSavedDeadline', {
              kind: deadlineKindLabel(tc, started.kind),
              date: started.due,
              left: daysLeftText(tc, started.days_left),
            })
          : tc('overview.eventSaved', { event: tc(`enums:eventKind.${record.kind}`) }),
        6,
      );
      form.resetFields();
      await onSaved();
    } catch (e) {
      setError(errorText(e, t));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card title={tc('overview.eventTitle')} size="small" data-testid="event-form">
      <Typography.Paragraph type="secondary">{tc('overview.eventHint')}</Typography.Paragraph>
      <Form<EventValues> form={form} layout="vertical" onFinish={(v) => void submit(v)}>
        <Form.Item name="kind" label={tc('overview.eventKind')} rules={[{ required: true, message: tc('overview.eventKindRequired') }]}>
          <Select
            data-testid="event-kind"
            showSearch={{ optionFilterProp: 'search' }}
            options={EVENT_KINDS.map((k) => ({
              value: k,
              search: tc(`enums:eventKind.${k}`),
              label: <span data-testid={`event-kind-option-${k}`}>{tc(`enums:eventKind.${k}`)}</span>,
            }))}
          />
        </Form.Item>
        <Form.Item
          name="on"
          label={tc('common.date')}
          rules={[{ required: true, message: tc('overview.eventDateRequired') }]}
          {...dateItemProps}
        >
          <DatePicker {...datePickerProps} format={DATE_FORMAT} placeholder={tc('common.datePlaceholder')} style={{ width: '100%' }} data-testid="event-date" />
        </Form.Item>
        {kind === 'complaint_served' && (
          <Form.Item name="periodDays" label={tc('overview.eventPeriodDays')} extra={tc('overview.eventPeriodDaysHint')}>
            <InputNumber min={1} max={MAX_NOTICE_PERIOD_DAYS} precision={0} style={{ width: '100%' }} data-testid="event-period-days" />
          </Form.Item>
        )}
        <Form.Item name="note" label={`${tc('common.note')}（${tc('common.optional')}）`}>
          <Input data-testid="event-note" />
        </Form.Item>
        {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} data-testid="event-error" />}
        <Button type="primary" htmlType="submit" loading={busy} data-testid="event-submit">
          {tc('overview.eventSubmit')}
        </Button>
      </Form>
    </Card>
  );
}
