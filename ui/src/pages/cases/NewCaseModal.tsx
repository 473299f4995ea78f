//! 新建案卷: a short form (name, lender, platform, principal in 元, overdue since). Only name and
//! lender are required; the amount is parsed to fen exactly and never guessed.

import { Alert, App, Button, DatePicker, Form, Input, Modal, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { amountProblem } from '../../lib/format';
import { saveConfirmingAmounts } from '../../components/confirmAmount';
import { core, errorText } from '../../platform';
import type { Case } from '../../platform';
import { DATE_FORMAT, dateItemProps, datePickerProps } from './dates';
import { toNewCase } from './logic';
import type { NewCaseValues } from './logic';

export default function NewCaseModal({
  open,
  onClose,
  onCreated,
}: {
  open: boolean;
  onClose: () => void;
  onCreated: (c: Case) => void;
}) {
  const { t } = useTranslation();
  const { t: tc } = useTranslation(['cases', 'enums']);
  const { message, modal } = App.useApp();
  const [form] = Form.useForm<NewCaseValues>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const submit = async (values: NewCaseValues) => {
    const newCase = toNewCase(values);
    if (!newCase) return;
    setBusy(true);
    setError(null);
    try {
      // A principal far above the usual is saved only once the user confirms it.
      const created = await saveConfirmingAmounts((confirm) => core.caseCreate({ ...newCase, confirm }), modal, t);
      if (!created) return;
      void message.success(tc('form.created'));
      form.resetFields();
      onCreated(created);
    } catch (e) {
      setError(errorText(e, t));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open={open}
      title={tc('form.title')}
      onCancel={onClose}
      footer={null}
      destroyOnHidden={false}
      data-testid="case-form"
    >
      <Typography.Paragraph type="secondary">{tc('form.lead')}</Typography.Paragraph>
      <Form<NewCaseValues> form={form} layout="vertical" requiredMark onFinish={(v) => void submit(v)}>
        <Form.Item
          name="title"
          label={tc('form.caseTitle')}
          rules={[{ required: true, whitespace: true, message: tc('form.titleRequired') }]}
        >
          <Input placeholder={tc('form.caseTitlePlaceholder')} data-testid="case-form-title" autoFocus />
        </Form.Item>
        <Form.Item
          name="lender"
          label={tc('form.lender')}
          rules={[{ required: true, whitespace: true, message: tc('form.lenderRequired') }]}
        >
          <Input placeholder={tc('form.lenderPlaceholder')} data-testid="case-form-lender" />
        </Form.Item>
        <Form.Item name="platform" label={tc('form.platform')}>
          <Input data-testid="case-form-platform" />
        </Form.Item>
        <Form.Item
          name="principal"
          label={tc('form.principal')}
          rules={[
            {
              validator: (_, value: string | undefined) => {
                const problem = amountProblem(value);
                return problem ? Promise.reject(new Error(tc(`form.amountProblem.${problem}`))) : Promise.resolve();
              },
            },
          ]}
        >
          <Input prefix="¥" placeholder={tc('form.principalPlaceholder')} inputMode="decimal" data-testid="case-form-principal" />
        </Form.Item>
        <Form.Item name="overdue_since" label={tc('form.overdueSince')} {...dateItemProps}>
          <DatePicker {...datePickerProps} format={DATE_FORMAT} placeholder={tc('common.datePlaceholder')} data-testid="case-form-overdue-since" />
        </Form.Item>
        {error && (
          <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} data-testid="case-form-error" />
        )}
        <Form.Item style={{ marginBottom: 0, textAlign: 'right' }}>
          <Button onClick={onClose} style={{ marginRight: 8 }}>
            {tc('common.cancel')}
          </Button>
          <Button type="primary" htmlType="submit" loading={busy} data-testid="case-form-submit">
            {tc('form.submit')}
          </Button>
        </Form.Item>
      </Form>
    </Modal>
  );
}
