//! 更正: changes what a record says (a contact, a payment, a legal event, a stage change). The
//! core keeps the record and stores the correction beside it; both versions stay in the history
//! and the chain. An amount far above the usual asks for confirmation before it is saved.

import { App, Button, DatePicker, Form, Input, Modal, Select } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { core, CHANNELS, DIRECTIONS, errorText, EVENT_KINDS, STAGES } from '../platform';
import type { Value } from '../platform';
import { DATE_FORMAT, dateItemProps, datePickerProps } from '../pages/cases/dates';
import { saveConfirmingAmounts } from './confirmAmount';
import { buildCorrected, CORRECTABLE_FIELDS, toFormValues } from './corrections';
import type { CorrectableKind, FieldSpec, RecordBody } from './corrections';

type Values = Record<string, string | undefined> & { reason?: string };

export default function CorrectButton({
  caseId,
  kind,
  record,
  onDone,
}: {
  caseId: string;
  kind: CorrectableKind;
  /** The record as listed (its id included); fields not on the form are sent back unchanged. */
  record: RecordBody & { id: string };
  onDone: () => void | Promise<void>;
}) {
  const { t } = useTranslation();
  const { t: te } = useTranslation('enums');
  const { message, modal } = App.useApp();
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm<Values>();

  const show = () => setOpen(true);

  const save = async (values: Values) => {
    const built = buildCorrected(kind, record, values);
    if ('problems' in built) {
      form.setFields(
        Object.entries(built.problems).map(([name, problem]) => ({ name, errors: [t(`correct.problems.${problem}`)] })),
      );
      return;
    }
    setBusy(true);
    try {
      const reason = (values.reason ?? '').trim();
      const saved = await saveConfirmingAmounts(
        (confirm) => core.recordCorrect(caseId, record.id, built.record as Value, reason === '' ? null : reason, confirm),
        modal,
        t,
      );
      if (!saved) return;
      void message.success(t('correct.done'));
      setOpen(false);
      await onDone();
    } catch (e) {
      void message.error(errorText(e, t), 6);
    } finally {
      setBusy(false);
    }
  };

  const stageOptions = STAGES.map((c) => ({ value: c, label: te(`stage.${c}`) }));
  const eventOptions = EVENT_KINDS.map((c) => ({ value: c, label: te(`eventKind.${c}`) }));
  const channelOptions = CHANNELS.map((c) => ({ value: c, label: te(`channel.${c}`) }));
  const directionOptions = DIRECTIONS.map((c) => ({ value: c, label: te(`direction.${c}`) }));

  const input = (f: FieldSpec) => {
    const testId = `correct-field-${f.key}`;
    switch (f.type) {
      case 'textarea':
        return <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} data-testid={testId} />;
      case 'date':
        return <DatePicker {...datePickerProps} format={DATE_FORMAT} style={{ width: '100%' }} data-testid={testId} />;
      case 'time':
        return <Input placeholder="YYYY-MM-DD HH:mm" data-testid={testId} />;
      case 'amount':
        return <Input suffix={t('correct.yuan')} inputMode="decimal" data-testid={testId} />;
      case 'stage':
        return <Select options={stageOptions} data-testid={testId} />;
      case 'event_kind':
        return <Select showSearch={{ optionFilterProp: 'label' }} options={eventOptions} data-testid={testId} />;
      case 'channel':
        return <Select options={channelOptions} data-testid={testId} />;
      case 'direction':
        return <Select options={directionOptions} data-testid={testId} />;
      default:
        return <Input data-testid={testId} />;
    }
  };

  return (
    <>
      <Button type="link" size="small" onClick={show} data-testid={`correct-${record.id}`}>
        {t('correct.button')}
      </Button>
      <Modal
        open={open}
        title={t(`correct.title.${kind}`)}
        okText={t('correct.ok')}
        cancelText={t('correct.cancel')}
        confirmLoading={busy}
        onOk={() => form.submit()}
        onCancel={() => setOpen(false)}
        okButtonProps={{ ...({ 'data-testid': 'correct-ok' } as Record<string, string>) }}
        destroyOnHidden
      >
        <Form<Values>
          form={form}
          layout="vertical"
          // The dialog is rebuilt on each opening, so it always starts from the record as it is now.
          initialValues={{ ...toFormValues(kind, record), reason: '' }}
          onFinish={(v) => void save(v)} data-testid="correct-form">
          {CORRECTABLE_FIELDS[kind].map((f) => (
            <Form.Item key={f.key} name={f.key} label={t(`correct.fields.${f.key}`)} {...(f.type === 'date' ? dateItemProps : {})}>
              {input(f)}
            </Form.Item>
          ))}
          <Form.Item name="reason" label={t('correct.reason')} extra={t('correct.hint')}>
            <Input placeholder={t('correct.reasonPlaceholder')} data-testid="correct-reason" />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
