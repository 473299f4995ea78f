//! The stage as Steps along the usual path, and a form to record a stage change.

import { Alert, App, Button, Card, DatePicker, Form, Input, Modal, Select, Steps, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { localDateIso } from '../../lib/format';
import { core, errorText, STAGES } from '../../platform';
import type { Case, Stage, StageChange } from '../../platform';
import { StageTag } from './bits';
import { DATE_FORMAT, dateItemProps, datePickerProps } from './dates';
import { STAGE_PATH, stepperState } from './logic';

interface StageValues {
  stage?: Stage;
  on?: string;
  note?: string;
}

export default function StageCard({ value, stages, onChanged }: { value: Case; stages: StageChange[]; onChanged: () => Promise<void> | void }) {
  const { t } = useTranslation();
  const { t: tc } = useTranslation(['cases', 'enums']);
  const { message } = App.useApp();
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [form] = Form.useForm<StageValues>();

  // The stepper and the tag read the same derived stage, so they always agree.
  const steps = stepperState(value.stage, stages.map((s) => s.stage));

  const submit = async (v: StageValues) => {
    if (!v.stage || !v.on) return;
    setBusy(true);
    setError(null);
    try {
      const note = (v.note ?? '').trim();
      const change = await core.stageSet(value.id, v.stage, v.on, note === '' ? null : note, []);
      void message.success(tc('overview.stageSaved', { stage: tc(`enums:stage.${change.stage}`), date: change.on }));
      setOpen(false);
      form.resetFields();
      await onChanged();
    } catch (e) {
      setError(errorText(e, t));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card
      title={tc('overview.stageTitle')}
      extra={
        <Button onClick={() => setOpen(true)} data-testid="stage-change">
          {tc('overview.stageChange')}
        </Button>
      }
      data-testid="case-stage-card"
    >
      <Steps
        size="small"
        current={steps.current}
        status={steps.status}
        items={STAGE_PATH.map((s) => ({ title: tc(`enums:stage.${s}`) }))}
        responsive
      />
      <div style={{ marginTop: 12 }}>
        <StageTag stage={value.stage} />
        {value.stage_since && <Typography.Text type="secondary">{tc('overview.stageSince', { date: value.stage_since })}</Typography.Text>}
        {value.stage_basis && (
          <Typography.Text type="secondary" data-testid="stage-basis">
            {' · '}
            {tc(`enums:stageBasis.${value.stage_basis}`)}
          </Typography.Text>
        )}
      </div>
      <Modal open={open} title={tc('overview.stageChange')} onCancel={() => setOpen(false)} footer={null} destroyOnHidden>
        <Form<StageValues>
          form={form}
          layout="vertical"
          initialValues={{ stage: value.stage ?? undefined, on: localDateIso() }}
          onFinish={(v) => void submit(v)}
        >
          <Form.Item name="stage" label={tc('overview.stageNew')} rules={[{ required: true, message: tc('overview.stageRequired') }]}>
            <Select data-testid="stage-select" options={STAGES.map((s) => ({ value: s, label: tc(`enums:stage.${s}`) }))} />
          </Form.Item>
          <Form.Item name="on" label={tc('common.date')} rules={[{ required: true, message: tc('overview.eventDateRequired') }]} {...dateItemProps}>
            <DatePicker {...datePickerProps} format={DATE_FORMAT} style={{ width: '100%' }} data-testid="stage-date" />
          </Form.Item>
          <Form.Item name="note" label={`${tc('common.note')}（${tc('common.optional')}）`}>
            <Input data-testid="stage-note" />
          </Form.Item>
          {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} />}
          <Form.Item style={{ marginBottom: 0, textAlign: 'right' }}>
            <Button onClick={() => setOpen(false)} style={{ marginRight: 8 }}>
              {tc('common.cancel')}
            </Button>
            <Button type="primary" htmlType="submit" loading={busy} data-testid="stage-submit">
              {tc('common.save')}
            </Button>
          </Form.Item>
        </Form>
      </Modal>
    </Card>
  );
}
