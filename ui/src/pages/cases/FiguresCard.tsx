//! The debt's figures (DebtDetails) as Descriptions, an edit form that sends only what changed,
//! and the history of changes.

import { EditOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Col, DatePicker, Descriptions, Form, Input, Modal, Row, Select, Switch, Timeline, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { amountProblem, formatDateTime, formatFen, NO_VALUE } from '../../lib/format';
import { saveConfirmingAmounts } from '../../components/confirmAmount';
import { core, errorText, LENDER_TYPES } from '../../platform';
import type { Case, HistoryEntry } from '../../platform';
import { DATE_FORMAT, dateItemProps, datePickerProps } from './dates';
import { buildEdit, FigureError, fieldLabel, figuresFromCase, historyValue } from './logic';
import type { FiguresValues, MONEY_FIELDS } from './logic';

const fen = (v: number | null | undefined) => (v === null || v === undefined ? NO_VALUE : formatFen(v));
const text = (v: string | null | undefined) => (v ? v : NO_VALUE);

export function FiguresEditModal({
  value,
  open,
  onClose,
  onSaved,
}: {
  value: Case;
  open: boolean;
  onClose: () => void;
  onSaved: () => void;
}) {
  const { t } = useTranslation();
  const { t: tc } = useTranslation(['cases', 'enums']);
  const { message, modal } = App.useApp();
  const [form] = Form.useForm<FiguresValues>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const submit = async (values: FiguresValues) => {
    setError(null);
    let edit;
    try {
      edit = buildEdit(value, values);
    } catch (e) {
      if (e instanceof FigureError) {
        const problem = e.field === 'term_months' ? null : amountProblem(String(values[e.field] ?? ''));
        form.setFields([
          { name: e.field, errors: [tc(problem ? `form.amountProblem.${problem}` : e.field === 'term_months' ? 'form.badNumber' : 'form.badAmount')] },
        ]);
        return;
      }
      throw e;
    }
    if (Object.keys(edit).length === 0) {
      void message.info(tc('overview.figuresNoChange'));
      onClose();
      return;
    }
    setBusy(true);
    try {
      const saved = await saveConfirmingAmounts((confirm) => core.caseEdit(value.id, { ...edit, confirm }), modal, t);
      if (!saved) return;
      void message.success(tc('overview.figuresSaved'));
      onSaved();
    } catch (e) {
      setError(errorText(e, t));
    } finally {
      setBusy(false);
    }
  };

  const moneyRule = {
    validator: (_: unknown, v: string | undefined) => {
      const problem = amountProblem(v);
      return problem ? Promise.reject(new Error(tc(`form.amountProblem.${problem}`))) : Promise.resolve();
    },
  };
  const money = (name: (typeof MONEY_FIELDS)[number], label: string) => (
    <Form.Item name={name} label={label} rules={[moneyRule]}>
      <Input prefix="¥" inputMode="decimal" data-testid={`figures-${name}`} />
    </Form.Item>
  );
  const date = (name: keyof FiguresValues, label: string) => (
    <Form.Item name={name} label={label} {...dateItemProps}>
      <DatePicker {...datePickerProps} format={DATE_FORMAT} placeholder={tc('common.datePlaceholder')} style={{ width: '100%' }} data-testid={`figures-${name}`} />
    </Form.Item>
  );
  const plain = (name: keyof FiguresValues, label: string, required = false) => (
    <Form.Item
      name={name}
      label={label}
      rules={required ? [{ required: true, whitespace: true, message: tc(name === 'title' ? 'form.titleRequired' : 'form.lenderRequired') }] : []}
    >
      <Input data-testid={`figures-${name}`} />
    </Form.Item>
  );

  return (
    <Modal open={open} title={tc('overview.figuresEdit')} onCancel={onClose} footer={null} width={760} destroyOnHidden>
      <Form<FiguresValues>
        form={form}
        layout="vertical"
        initialValues={figuresFromCase(value)}
        onFinish={(v) => void submit(v)}
        data-testid="figures-form"
      >
        <Row gutter={16}>
          <Col xs={24} sm={12}>{plain('title', tc('field.title'), true)}</Col>
          <Col xs={24} sm={12}>{plain('lender', tc('field.lender'), true)}</Col>
          <Col xs={24} sm={12}>{plain('platform', tc('field.platform'))}</Col>
          <Col xs={24} sm={12}>
            <Form.Item name="lender_type" label={tc('field.lender_type')} normalize={(v: unknown) => v ?? null}>
              <Select
                allowClear
                options={LENDER_TYPES.map((l) => ({ value: l, label: tc(`enums:lenderType.${l}`) }))}
                data-testid="figures-lender_type"
              />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>{plain('contract_number', tc('field.contract_number'))}</Col>
          <Col xs={24} sm={12}>{date('loan_date', tc('field.loan_date'))}</Col>
          <Col xs={24} sm={12}>{money('principal', tc('field.principal'))}</Col>
          <Col xs={24} sm={12}>{money('received', tc('field.received_fen'))}</Col>
          <Col xs={24} sm={12}>
            <Form.Item
              name="term_months"
              label={tc('field.term_months')}
              rules={[{ pattern: /^\s*\d*\s*$/, message: tc('form.badNumber') }]}
            >
              <Input inputMode="numeric" data-testid="figures-term_months" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>{plain('stated_annual_rate', tc('field.stated_annual_rate'))}</Col>
          <Col xs={24}>{plain('schedule', tc('field.schedule'))}</Col>
          <Col xs={24}>{plain('stated_fees', tc('field.stated_fees'))}</Col>
          <Col xs={24} sm={12}>{date('overdue_since', tc('field.overdue_since'))}</Col>
          <Col xs={24} sm={12}>
            <Form.Item name="small_claims" label={tc('field.small_claims')} valuePropName="checked">
              <Switch data-testid="figures-small_claims" />
            </Form.Item>
          </Col>
          <Col xs={24}>
            <Typography.Text strong>{tc('overview.claimedFigures')}</Typography.Text>
          </Col>
          <Col xs={24} sm={12}>{money('claimed_principal', tc('field.claimed_principal_fen'))}</Col>
          <Col xs={24} sm={12}>{money('claimed_interest', tc('field.claimed_interest_fen'))}</Col>
          <Col xs={24} sm={12}>{money('claimed_penalties', tc('field.claimed_penalties_fen'))}</Col>
          <Col xs={24} sm={12}>{money('claimed_fees', tc('field.claimed_fees_fen'))}</Col>
          <Col xs={24} sm={12}>{plain('claimed_by', tc('field.claimed_by'))}</Col>
          <Col xs={24} sm={12}>{date('claimed_on', tc('field.claimed_on'))}</Col>
        </Row>
        {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} data-testid="figures-error" />}
        <Form.Item style={{ marginBottom: 0, textAlign: 'right' }}>
          <Button onClick={onClose} style={{ marginRight: 8 }}>
            {tc('common.cancel')}
          </Button>
          <Button type="primary" htmlType="submit" loading={busy} data-testid="figures-submit">
            {tc('common.save')}
          </Button>
        </Form.Item>
      </Form>
    </Modal>
  );
}

function History({ history }: { history: HistoryEntry[] }) {
  const { t } = useTranslation(['cases', 'enums']);
  if (history.length === 0) return <Typography.Text type="secondary">{t('overview.historyEmpty')}</Typography.Text>;
  const newestFirst = [...history].sort((a, b) => b.seq - a.seq);
  return (
    <Timeline
      data-testid="case-history"
      items={newestFirst.map((h) => ({
        key: h.seq,
        children: (
          <div>
            <Typography.Text type="secondary">{formatDateTime(h.at)}</Typography.Text>
            {h.changes.map((c) => (
              <div key={c.field} data-testid={`history-${c.field}`}>
                {t('overview.historyLine', {
                  field: fieldLabel(t, c.field),
                  from: historyValue(t, c.field, c.old),
                  to: historyValue(t, c.field, c.new),
                })}
              </div>
            ))}
          </div>
        ),
      }))}
    />
  );
}

export default function FiguresCard({ value, history, onChanged }: { value: Case; history: HistoryEntry[]; onChanged: () => void }) {
  const { t } = useTranslation(['cases', 'enums']);
  const [editing, setEditing] = useState(false);
  const d = value.details;
  const cl = d.claimed ?? {};
  return (
    <Card
      title={t('overview.figures')}
      extra={
        <Button icon={<EditOutlined />} onClick={() => setEditing(true)} data-testid="figures-edit">
          {t('common.edit')}
        </Button>
      }
      data-testid="case-figures"
    >
      <Descriptions size="small" column={{ xs: 1, sm: 2 }} bordered>
        <Descriptions.Item label={t('field.lender_type')}>{d.lender_type ? t(`enums:lenderType.${d.lender_type}`) : NO_VALUE}</Descriptions.Item>
        <Descriptions.Item label={t('field.contract_number')}>{text(d.contract_number)}</Descriptions.Item>
        <Descriptions.Item label={t('field.loan_date')}>{text(d.loan_date)}</Descriptions.Item>
        <Descriptions.Item label={t('field.overdue_since')}>{text(value.overdue_since)}</Descriptions.Item>
        <Descriptions.Item label={t('field.principal')}>
          <span data-testid="figures-principal-value">{fen(value.principal_fen)}</span>
        </Descriptions.Item>
        <Descriptions.Item label={t('field.received_fen')}>{fen(d.received_fen)}</Descriptions.Item>
        <Descriptions.Item label={t('field.term_months')}>{d.term_months ?? NO_VALUE}</Descriptions.Item>
        <Descriptions.Item label={t('field.stated_annual_rate')}>{d.stated_annual_rate ? `${d.stated_annual_rate}%` : NO_VALUE}</Descriptions.Item>
        <Descriptions.Item label={t('field.schedule')} span="filled">{text(d.schedule)}</Descriptions.Item>
        <Descriptions.Item label={t('field.stated_fees')} span="filled">{text(d.stated_fees)}</Descriptions.Item>
        <Descriptions.Item label={t('field.claimed_principal_fen')}>{fen(cl.principal_fen)}</Descriptions.Item>
        <Descriptions.Item label={t('field.claimed_interest_fen')}>{fen(cl.interest_fen)}</Descriptions.Item>
        <Descriptions.Item label={t('field.claimed_penalties_fen')}>{fen(cl.penalties_fen)}</Descriptions.Item>
        <Descriptions.Item label={t('field.claimed_fees_fen')}>{fen(cl.fees_fen)}</Descriptions.Item>
        <Descriptions.Item label={t('field.claimed_by')}>{text(cl.by)}</Descriptions.Item>
        <Descriptions.Item label={t('field.claimed_on')}>{text(cl.on)}</Descriptions.Item>
        <Descriptions.Item label={t('field.small_claims')} span="filled">
          {d.small_claims ? t('overview.smallClaims') : t('overview.no')}
        </Descriptions.Item>
      </Descriptions>
      <Typography.Title level={5} style={{ marginTop: 24 }}>
        {t('overview.history')}
      </Typography.Title>
      <History history={history} />
      {editing && (
        <FiguresEditModal
          value={value}
          open={editing}
          onClose={() => setEditing(false)}
          onSaved={() => {
            setEditing(false);
            onChanged();
          }}
        />
      )}
    </Card>
  );
}
