//! 借还款流水: the payments made on the loan (or scheduled by its contract), which the real
//! annual rate is computed from. Each can be corrected or withdrawn; an amount far above the
//! usual is refused by the core unless confirmed.

import { App, Button, Card, Checkbox, DatePicker, Form, Input, Space, Table, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { saveConfirmingAmounts } from '../../components/confirmAmount';
import CorrectButton from '../../components/CorrectButton';
import WithdrawButton from '../../components/WithdrawButton';
import { formatFen, NO_VALUE, parseYuanToFen } from '../../lib/format';
import { core, errorText } from '../../platform';
import type { LoanFlow } from '../../platform';
import { DATE_FORMAT, dateItemProps, datePickerProps } from './dates';

interface FlowValues {
  on?: string;
  amount?: string;
  scheduled?: boolean;
  note?: string;
}

export default function FlowsCard({ caseId, onChanged }: { caseId: string; onChanged?: () => void | Promise<void> }) {
  const { t } = useTranslation();
  const { t: tc } = useTranslation(['cases', 'enums']);
  const { message, modal } = App.useApp();
  const [form] = Form.useForm<FlowValues>();
  const [flows, setFlows] = useState<LoanFlow[] | null>(null);
  const [busy, setBusy] = useState(false);

  const [version, setVersion] = useState(0);

  useEffect(() => {
    let live = true;
    core.flowList(caseId).then(
      (list) => live && setFlows(list),
      (e: unknown) => {
        if (!live) return;
        void message.error(errorText(e, t), 6);
        setFlows([]);
      },
    );
    return () => {
      live = false;
    };
  }, [caseId, message, t, version]);

  const changed = async () => {
    setVersion((v) => v + 1);
    await onChanged?.();
  };

  const add = async (v: FlowValues) => {
    const fen = parseYuanToFen(v.amount ?? '');
    if (!v.on || fen === null || fen <= 0) return;
    setBusy(true);
    try {
      const note = (v.note ?? '').trim();
      const { on } = v;
      // An amount far above the usual (an extra zero) is saved only once confirmed.
      const saved = await saveConfirmingAmounts(
        (confirm) => core.flowAdd(caseId, on, fen, Boolean(v.scheduled), note === '' ? null : note, confirm),
        modal,
        t,
      );
      if (!saved) return;
      void message.success(tc('flows.saved'));
      form.resetFields();
      await changed();
    } catch (e) {
      void message.error(errorText(e, t), 6);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card title={tc('flows.title')} size="small" data-testid="flows-card">
      <Typography.Paragraph type="secondary">{tc('flows.hint')}</Typography.Paragraph>
      <Table<LoanFlow>
        size="small"
        rowKey="id"
        pagination={false}
        loading={flows === null}
        dataSource={flows ?? []}
        locale={{ emptyText: tc('flows.empty') }}
        onRow={(f) => ({ 'data-testid': `flow-row-${f.id}` }) as React.HTMLAttributes<HTMLElement>}
        columns={[
          { key: 'on', title: tc('flows.on'), onCell: () => ({ style: { whiteSpace: 'nowrap' } }), render: (_, f) => f.on },
          { key: 'amount', title: tc('flows.amount'), align: 'right', render: (_, f) => formatFen(f.amount_fen) },
          {
            key: 'scheduled',
            title: tc('flows.kind'),
            onCell: () => ({ style: { whiteSpace: 'nowrap' } }),
            render: (_, f) => <Tag>{f.scheduled ? tc('flows.scheduled') : tc('flows.paid')}</Tag>,
          },
          { key: 'note', title: tc('flows.note'), render: (_, f) => f.note ?? NO_VALUE },
          {
            key: 'actions',
            onCell: () => ({ style: { whiteSpace: 'nowrap' } }),
            render: (_, f) => (
              <>
                <CorrectButton caseId={caseId} kind="cash_flow" record={f} onDone={changed} />
                <WithdrawButton caseId={caseId} recordId={f.id} onDone={changed} />
              </>
            ),
          },
        ]}
      />
      <Form<FlowValues> form={form} layout="vertical" requiredMark={false} onFinish={(v) => void add(v)} style={{ marginTop: 12 }}>
        <Space wrap align="start">
          <Form.Item name="on" label={tc('flows.on')} rules={[{ required: true, message: tc('flows.dateRequired') }]} {...dateItemProps}>
            <DatePicker {...datePickerProps} format={DATE_FORMAT} data-testid="flow-on" />
          </Form.Item>
          <Form.Item
            name="amount"
            label={tc('flows.amount')}
            rules={[
              {
                validator: (_: unknown, value: string | undefined) => {
                  const fen = parseYuanToFen(value ?? '');
                  return fen === null || fen <= 0 ? Promise.reject(new Error(t('correct.problems.amount'))) : Promise.resolve();
                },
              },
            ]}
          >
            <Input suffix={t('correct.yuan')} inputMode="decimal" style={{ width: 160 }} data-testid="flow-amount" />
          </Form.Item>
          <Form.Item name="scheduled" label=" " valuePropName="checked">
            <Checkbox data-testid="flow-scheduled">{tc('flows.scheduledLabel')}</Checkbox>
          </Form.Item>
        </Space>
        <Form.Item name="note" label={tc('flows.note')}>
          <Input data-testid="flow-note" />
        </Form.Item>
        <Button htmlType="submit" loading={busy} data-testid="flow-submit">
          {tc('flows.add')}
        </Button>
      </Form>
    </Card>
  );
}
