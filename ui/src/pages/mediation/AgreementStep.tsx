import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import {
  App,
  Alert,
  Button,
  Card,
  Collapse,
  DatePicker,
  Descriptions,
  Form,
  Input,
  InputNumber,
  Select,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import dayjs from 'dayjs';
import type { Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { daysLeftTone, formatDate, formatFen, localDateIso, NO_VALUE } from '../../lib/format';
import { core, errorText } from '../../platform';
import type { AgreementView, Evidence, Installment, MediationView, Payment } from '../../platform';
import type { InstallmentRow } from './helpers';
import { datePickerProps } from '../cases/dates';
import { saveConfirmingAmounts } from '../../components/confirmAmount';
import CorrectButton from '../../components/CorrectButton';
import WithdrawButton from '../../components/WithdrawButton';
import {
  daysBetween,
  fenToPlainYuan,
  parsePositiveFen,
  rowsFromInstallments,
  rowsToInstallments,
  scheduleProblem,
  sumRowsFen,
  updateRow,
} from './helpers';

interface AgreementForm {
  signed_on: Dayjs | null;
  effective_on: Dayjs | null;
  total: string;
  count: number | null;
  first_due: Dayjs | null;
  terms?: string;
}

interface PaymentForm {
  paid_on: Dayjs | null;
  amount: string;
  note?: string;
  evidence_id?: string;
}

const ISO = 'YYYY-MM-DD';
const TONE_COLOR = { red: '#cf1322', amber: '#d48806', normal: undefined } as const;

/** Step 5: record a signed agreement (schedule editable), its 司法确认 deadline, and payments. */
export default function AgreementStep({
  caseId,
  view,
  reload,
  evidence,
}: {
  caseId: string;
  view: MediationView;
  reload: () => Promise<void>;
  evidence: Evidence[];
}) {
  const { t } = useTranslation(['mediation', 'enums']);
  const { t: tt } = useTranslation();
  const { message, modal } = App.useApp();
  const [form] = Form.useForm<AgreementForm>();
  const [paymentForm] = Form.useForm<PaymentForm>();
  const [rows, setRows] = useState<InstallmentRow[]>([]);
  const [scheduleTried, setScheduleTried] = useState(false);
  const [busy, setBusy] = useState(false);
  const [generating, setGenerating] = useState(false);
  const [paying, setPaying] = useState(false);
  const totalText = Form.useWatch('total', form) ?? '';
  const totalFen = parsePositiveFen(totalText);
  const problem = scheduleProblem(rows, totalFen);
  const plan = view.plan;
  const planTotal = plan?.option.total_fen ?? null;
  const planMonths = plan?.option.months ?? null;
  // A plan chosen while this step was already open fills in the fields the user has not typed in.
  useEffect(() => {
    if (planTotal === null || planMonths === null) return;
    if (!form.isFieldTouched('total')) form.setFieldValue('total', fenToPlainYuan(planTotal));
    if (!form.isFieldTouched('count')) form.setFieldValue('count', planMonths);
  }, [form, planTotal, planMonths]);

  const amountRule = {
    validator: (_: unknown, value: string | undefined) =>
      parsePositiveFen(value ?? '') === null ? Promise.reject(new Error(t('agreement.amountRequired'))) : Promise.resolve(),
  };

  const generate = async () => {
    const { count, first_due: firstDue } = form.getFieldsValue();
    if (totalFen === null || !count || !firstDue) {
      void message.warning(t('agreement.generateNeeds'));
      return;
    }
    setGenerating(true);
    try {
      const list = await core.installmentsEqual(totalFen, count, firstDue.format(ISO));
      setRows(rowsFromInstallments(list));
      void message.success(t('agreement.generated', { count: list.length }));
    } catch (e) {
      void message.error(errorText(e, tt), 6);
    } finally {
      setGenerating(false);
    }
  };

  const submit = async (values: AgreementForm) => {
    setScheduleTried(true);
    if (problem !== null || totalFen === null || !values.signed_on || !values.effective_on) return;
    setBusy(true);
    try {
      const { signed_on, effective_on } = values;
      const saved = await saveConfirmingAmounts(
        (confirm) =>
          core.agreementAdd(caseId, {
            signed_on: signed_on.format(ISO),
            effective_on: effective_on.format(ISO),
            total: totalFen,
            installments: rowsToInstallments(rows),
            terms: values.terms?.trim() || null,
            confirm,
          }),
        modal,
        tt,
      );
      if (!saved) return;
      void message.success(t('agreement.saved'));
      form.resetFields();
      setRows([]);
      setScheduleTried(false);
      await reload();
    } catch (e) {
      void message.error(errorText(e, tt), 6);
    } finally {
      setBusy(false);
    }
  };

  const pay = async (values: PaymentForm) => {
    const amount = parsePositiveFen(values.amount);
    if (amount === null) return;
    setPaying(true);
    try {
      // A payment above what remains (a slip like 99,999,999) is saved only once confirmed.
      const payment = await saveConfirmingAmounts(
        (confirm) =>
          core.paymentAdd(
            caseId,
            (values.paid_on ?? dayjs()).format(ISO),
            amount,
            values.note?.trim() || null,
            values.evidence_id ?? null,
            confirm,
          ),
        modal,
        tt,
      );
      if (!payment) return;
      void message.success(t('agreement.paymentSaved', { amount: formatFen(payment.amount_fen) }));
      paymentForm.resetFields();
      await reload();
    } catch (e) {
      void message.error(errorText(e, tt), 6);
    } finally {
      setPaying(false);
    }
  };

  const problemText =
    problem === 'sum_mismatch' && totalFen !== null
      ? t('agreement.problems.sum_mismatch', { diff: formatFen(Math.abs(sumRowsFen(rows) - totalFen)) })
      : problem
        ? t(`agreement.problems.${problem}`, { diff: '' })
        : null;

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }} data-testid="mediation-agreement">
      <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
        {t('agreement.intro')}
      </Typography.Paragraph>

      {view.agreements.length > 0 && (
        <Card size="small" title={t('agreement.listTitle')}>
          <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
            {view.agreements.map((a) => (
              <AgreementCard key={a.agreement.id} view={a} caseId={caseId} reload={reload} />
            ))}
            <Card size="small" type="inner" title={t('agreement.paymentTitle')}>
              <Typography.Paragraph type="secondary">{t('agreement.paymentHint')}</Typography.Paragraph>
              <Form<PaymentForm>
                form={paymentForm}
                layout="vertical"
                requiredMark={false}
                initialValues={{ paid_on: dayjs() }}
                onFinish={(v) => void pay(v)}
              >
                <Space wrap align="start" size="middle">
                  <Form.Item name="paid_on" label={t('agreement.paidOn')} rules={[{ required: true, message: t('agreement.dateRequired') }]}>
                    <DatePicker {...datePickerProps} format={ISO} allowClear={false} />
                  </Form.Item>
                  <Form.Item name="amount" label={t('agreement.paymentAmount')} rules={[amountRule]}>
                    <Input suffix={t('plan.yuan')} inputMode="decimal" style={{ width: 180 }} data-testid="payment-amount" />
                  </Form.Item>
                  <Form.Item name="evidence_id" label={t('agreement.paymentEvidence')}>
                    <Select
                      allowClear
                      showSearch
                      optionFilterProp="label"
                      style={{ width: 240 }}
                      notFoundContent={t('materials.noEvidence')}
                      options={evidence.map((e) => ({ value: e.id, label: e.name }))}
                    />
                  </Form.Item>
                </Space>
                <Form.Item name="note" label={t('agreement.paymentNote')}>
                  <Input placeholder={t('agreement.paymentNotePlaceholder')} data-testid="payment-note" />
                </Form.Item>
                <Button type="primary" htmlType="submit" loading={paying} data-testid="payment-submit">
                  {t('agreement.paymentSubmit')}
                </Button>
              </Form>
            </Card>
          </Space>
        </Card>
      )}

      <Card size="small" title={t('agreement.formTitle')}>
        {plan && (
          <Alert
            type="info"
            showIcon
            style={{ marginBottom: 12 }}
            data-testid="agreement-from-plan"
            title={t('agreement.fromPlan', {
              waiver: t(`enums:waiver.${plan.option.waiver}`),
              total: formatFen(plan.option.total_fen),
              months: plan.option.months,
              monthly: formatFen(plan.option.monthly_fen),
            })}
          />
        )}
        <Form<AgreementForm>
          form={form}
          layout="vertical"
          requiredMark={false}
          // The plan chosen in 还款方案 fills in the total and the number of instalments.
          initialValues={{
            signed_on: dayjs(),
            effective_on: dayjs(),
            total: plan ? fenToPlainYuan(plan.option.total_fen) : '',
            count: plan ? plan.option.months : 12,
            first_due: null,
          }}
          onFinish={(v) => void submit(v)}
          onFinishFailed={() => setScheduleTried(true)}
          data-testid="agreement-form"
        >
          <Space wrap align="start" size="middle">
            <Form.Item name="signed_on" label={t('agreement.signedOn')} rules={[{ required: true, message: t('agreement.dateRequired') }]}>
              <DatePicker {...datePickerProps} format={ISO} data-testid="agreement-signed-on" />
            </Form.Item>
            <Form.Item
              name="effective_on"
              label={t('agreement.effectiveOn')}
              rules={[{ required: true, message: t('agreement.dateRequired') }]}
            >
              <DatePicker {...datePickerProps} format={ISO} data-testid="agreement-effective-on" />
            </Form.Item>
            <Form.Item name="total" label={t('agreement.total')} rules={[amountRule]}>
              <Input suffix={t('plan.yuan')} inputMode="decimal" style={{ width: 180 }} data-testid="agreement-total" />
            </Form.Item>
          </Space>
          <Space wrap align="end" size="middle">
            <Form.Item name="count" label={t('agreement.count')}>
              <InputNumber min={1} max={120} precision={0} style={{ width: 120 }} data-testid="agreement-count" />
            </Form.Item>
            <Form.Item name="first_due" label={t('agreement.firstDue')}>
              <DatePicker {...datePickerProps} format={ISO} data-testid="agreement-first-due" />
            </Form.Item>
            <Form.Item>
              <Button loading={generating} onClick={() => void generate()} data-testid="agreement-generate">
                {t('agreement.generate')}
              </Button>
            </Form.Item>
          </Space>

          <Typography.Text strong>{t('agreement.schedule')}</Typography.Text>
          <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
            {t('agreement.scheduleHint')}
          </Typography.Paragraph>
          <Table<InstallmentRow & { index: number }>
            size="small"
            pagination={false}
            rowKey="index"
            dataSource={rows.map((r, index) => ({ ...r, index }))}
            data-testid="agreement-installments"
            locale={{ emptyText: t('agreement.problems.empty') }}
            columns={[
              { title: '#', width: 48, render: (_, r) => r.index + 1 },
              {
                title: t('agreement.due'),
                render: (_, r) => (
                  <Input
                    value={r.due}
                    placeholder={ISO}
                    style={{ width: 140 }}
                    onChange={(e) => setRows((prev) => updateRow(prev, r.index, { due: e.target.value.trim() }))}
                    data-testid={`installment-due-${r.index}`}
                  />
                ),
              },
              {
                title: t('agreement.amount'),
                render: (_, r) => (
                  <Input
                    value={r.amount}
                    inputMode="decimal"
                    style={{ width: 160 }}
                    status={parsePositiveFen(r.amount) === null ? 'error' : undefined}
                    onChange={(e) => setRows((prev) => updateRow(prev, r.index, { amount: e.target.value }))}
                    data-testid={`installment-amount-${r.index}`}
                  />
                ),
              },
              {
                key: 'remove',
                width: 80,
                render: (_, r) => (
                  <Button
                    type="text"
                    icon={<DeleteOutlined />}
                    aria-label={t('agreement.removeRow')}
                    onClick={() => setRows((prev) => prev.filter((_, i) => i !== r.index))}
                  />
                ),
              },
            ]}
          />
          <Space wrap style={{ marginTop: 8, marginBottom: 12 }}>
            <Button
              icon={<PlusOutlined />}
              onClick={() => setRows((prev) => [...prev, { due: prev.at(-1)?.due ?? '', amount: '' }])}
              data-testid="installment-add"
            >
              {t('agreement.addRow')}
            </Button>
            <Typography.Text type={problem === 'sum_mismatch' ? 'warning' : 'secondary'} data-testid="installment-sum">
              {t('agreement.sum', {
                sum: formatFen(sumRowsFen(rows)),
                total: totalFen === null ? NO_VALUE : formatFen(totalFen),
              })}
            </Typography.Text>
          </Space>
          {scheduleTried && problemText && (
            <Alert type="error" showIcon title={problemText} style={{ marginBottom: 12 }} data-testid="agreement-problem" />
          )}
          <Form.Item name="terms" label={t('agreement.terms')}>
            <Input.TextArea
              autoSize={{ minRows: 2, maxRows: 6 }}
              placeholder={t('agreement.termsPlaceholder')}
              data-testid="agreement-terms"
            />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={busy} data-testid="agreement-submit">
            {t('agreement.submit')}
          </Button>
        </Form>
      </Card>
      {view.agreements.length === 0 && (
        <Typography.Text type="secondary">{t('agreement.noAgreements')}</Typography.Text>
      )}
    </Space>
  );
}

/** One recorded agreement: where it stands, the 司法确认 deadline, instalments and payments. */
function AgreementCard({ view, caseId, reload }: { view: AgreementView; caseId: string; reload: () => Promise<void> }) {
  const { t } = useTranslation(['mediation', 'enums']);
  const { agreement, status, payments } = view;
  const due = view.judicial_confirmation_due;
  const daysLeft = due ? daysBetween(localDateIso(), due) : null;
  const tone = daysLeft === null ? 'normal' : daysLeftTone(daysLeft);

  return (
    <Card
      size="small"
      type="inner"
      title={t('agreement.agreementTitle', { signed: formatDate(agreement.signed_on) })}
      extra={
        status.overdue_installments > 0 ? (
          <Tag color="red">{t('agreement.overdue', { count: status.overdue_installments })}</Tag>
        ) : status.next_due === null ? (
          <Tag color="green">{t('agreement.none')}</Tag>
        ) : (
          <Tag color="blue">{t('agreement.onTrack')}</Tag>
        )
      }
      data-testid={`agreement-${agreement.id}`}
    >
      <Alert
        type={due === null ? 'info' : tone === 'normal' ? 'info' : 'warning'}
        showIcon
        style={{ marginBottom: 12 }}
        data-testid="agreement-jc"
        title={
          due === null ? (
            t('agreement.jcUnknown')
          ) : (
            <Space wrap>
              <Typography.Text strong>{t('agreement.jcTitle', { date: formatDate(due) })}</Typography.Text>
              {daysLeft !== null && (
                <Typography.Text strong style={{ color: TONE_COLOR[tone] }}>
                  {daysLeft >= 0 ? t('agreement.jcDaysLeft', { days: daysLeft }) : t('agreement.jcPassed', { days: -daysLeft })}
                </Typography.Text>
              )}
            </Space>
          )
        }
        description={
          <>
            <div>{t('agreement.jcBody')}</div>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('agreement.jcBasis')}
            </Typography.Text>
          </>
        }
      />
      <Descriptions size="small" column={{ xs: 1, sm: 2, md: 3 }}>
        <Descriptions.Item label={t('agreement.effective')}>{formatDate(agreement.effective_on)}</Descriptions.Item>
        <Descriptions.Item label={t('agreement.total')}>{formatFen(agreement.total_fen)}</Descriptions.Item>
        <Descriptions.Item label={t('agreement.paid')}>{formatFen(status.paid_fen)}</Descriptions.Item>
        <Descriptions.Item label={t('agreement.remaining')}>{formatFen(status.remaining_fen)}</Descriptions.Item>
        <Descriptions.Item label={t('agreement.nextDue')}>
          <span data-testid="agreement-next-due">
            {status.next_due === null
              ? t('agreement.none')
              : t('agreement.nextDueValue', {
                  date: formatDate(status.next_due),
                  amount: status.next_due_fen === null ? NO_VALUE : formatFen(status.next_due_fen),
                })}
          </span>
        </Descriptions.Item>
        {agreement.terms && <Descriptions.Item label={t('agreement.terms')}>{agreement.terms}</Descriptions.Item>}
      </Descriptions>
      <Collapse
        size="small"
        items={[
          {
            key: 'installments',
            label: `${t('agreement.installments')} (${agreement.installments.length})`,
            children: (
              <Table<Installment & { n: number }>
                size="small"
                pagination={false}
                rowKey="n"
                dataSource={agreement.installments.map((i, n) => ({ ...i, n }))}
                columns={[
                  { title: '#', width: 48, render: (_, i) => i.n + 1 },
                  { title: t('agreement.due'), render: (_, i) => formatDate(i.due) },
                  { title: t('agreement.amount'), align: 'right', render: (_, i) => formatFen(i.amount_fen) },
                ]}
              />
            ),
          },
          {
            key: 'payments',
            label: `${t('agreement.payments')} (${payments.length})`,
            children: (
              <Table<Payment>
                size="small"
                pagination={false}
                rowKey="id"
                dataSource={payments}
                locale={{ emptyText: t('agreement.noPayments') }}
                columns={[
                  { title: t('agreement.paidOn'), render: (_, p) => formatDate(p.paid_on) },
                  { title: t('agreement.paymentAmount'), align: 'right', render: (_, p) => formatFen(p.amount_fen) },
                  { title: t('agreement.paymentNote'), render: (_, p) => p.note ?? NO_VALUE },
                  {
                    key: 'withdraw',
                    width: 130,
                    render: (_, p) => (
                      <span style={{ whiteSpace: 'nowrap' }}>
                        <CorrectButton caseId={caseId} kind="payment" record={p} onDone={reload} />
                        <WithdrawButton caseId={caseId} recordId={p.id} onDone={reload} />
                      </span>
                    ),
                  },
                ]}
              />
            ),
          },
        ]}
      />
    </Card>
  );
}
