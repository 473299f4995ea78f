import { App, Alert, Button, Card, Checkbox, DatePicker, Form, Input, Select, Space, Table, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDate, NO_VALUE } from '../../lib/format';
import { core, errorText, MEDIATION_CHECK_RESULTS, MEDIATION_CHECKS, MEDIATION_RED_FLAGS } from '../../platform';
import type { MediationCheck, MediationCheckKind, MediationCheckResult, MediationRedFlag, MediationView } from '../../platform';
import { datePickerProps } from '../cases/dates';

const RESULT_COLOR: Record<MediationCheckResult, string | undefined> = {
  confirmed: 'green',
  not_found: 'orange',
  suspicious: 'red',
  pending: undefined,
};

interface CheckForm {
  organisation: string;
  notice_number?: string;
  check: MediationCheckKind;
  on: Dayjs | null;
  result: MediationCheckResult;
  red_flags: MediationRedFlag[];
  note?: string;
}

/** Step 1: how real mediation works, the checks made on a "mediation centre", red flags. */
export default function VerifyStep({ caseId, view, reload }: { caseId: string; view: MediationView; reload: () => Promise<void> }) {
  const { t } = useTranslation(['mediation', 'enums']);
  const { t: tt } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<CheckForm>();
  const [busy, setBusy] = useState(false);
  const warning = view.warning ? t(`enums:mediationWarning.${view.warning}`) : t('verify.redFlagsDefault');

  const submit = async (values: CheckForm) => {
    setBusy(true);
    try {
      await core.mediationCheckAdd(caseId, {
        organisation: values.organisation.trim(),
        notice_number: values.notice_number?.trim() || null,
        check: values.check,
        on: (values.on ?? dayjs()).format('YYYY-MM-DD'),
        result: values.result,
        red_flags: values.red_flags,
        note: values.note?.trim() || null,
      });
      void message.success(t('verify.added'));
      form.resetFields();
      await reload();
    } catch (e) {
      void message.error(errorText(e, tt), 6);
    } finally {
      setBusy(false);
    }
  };

  const flagTags = (flags: MediationRedFlag[] | undefined) =>
    flags && flags.length > 0 ? (
      <Space size={[0, 4]} wrap>
        {flags.map((f) => (
          <Tag color="red" key={f}>
            {t(`enums:mediationRedFlag.${f}`)}
          </Tag>
        ))}
      </Space>
    ) : (
      NO_VALUE
    );

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }} data-testid="mediation-verify">
      {view.red_flags.length > 0 && (
        <Alert
          type="error"
          showIcon
          title={t('verify.redFlagsTitle')}
          description={
            <>
              <Typography.Paragraph style={{ marginBottom: 8 }}>{warning}</Typography.Paragraph>
              {flagTags(view.red_flags)}
            </>
          }
          data-testid="mediation-red-flags"
        />
      )}
      <Alert
        type="info"
        showIcon
        title={t('verify.howTitle')}
        description={
          <>
            <div>{t('verify.how1')}</div>
            <div>{t('verify.how2')}</div>
            <div>{t('verify.how3')}</div>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('verify.howSource')}
            </Typography.Text>
          </>
        }
      />
      <Card title={t('verify.checksTitle')} size="small">
        <Table<MediationCheck>
          rowKey="id"
          size="small"
          pagination={false}
          dataSource={view.checks}
          locale={{ emptyText: t('verify.noChecks') }}
          scroll={{ x: true }}
          data-testid="mediation-checks"
          columns={[
            { title: t('verify.columns.organisation'), dataIndex: 'organisation' },
            { title: t('verify.columns.noticeNumber'), render: (_, c) => c.notice_number ?? NO_VALUE },
            { title: t('verify.columns.kind'), render: (_, c) => t(`enums:mediationCheck.${c.check}`) },
            { title: t('verify.columns.on'), render: (_, c) => formatDate(c.on), width: 110 },
            {
              title: t('verify.columns.result'),
              render: (_, c) => <Tag color={RESULT_COLOR[c.result]}>{t(`enums:mediationCheckResult.${c.result}`)}</Tag>,
            },
            { title: t('verify.columns.redFlags'), render: (_, c) => flagTags(c.red_flags) },
            { title: t('verify.columns.note'), render: (_, c) => c.note ?? NO_VALUE },
          ]}
        />
      </Card>
      <Card title={t('verify.addTitle')} size="small">
        <Form<CheckForm>
          form={form}
          layout="vertical"
          requiredMark={false}
          initialValues={{ check: 'hotline_12368', result: 'pending', red_flags: [], on: dayjs() }}
          onFinish={(v) => void submit(v)}
          data-testid="mediation-check-form"
        >
          <Space wrap align="start" size="middle">
            <Form.Item
              name="organisation"
              label={t('verify.organisation')}
              rules={[{ required: true, whitespace: true, message: t('verify.organisationRequired') }]}
            >
              <Input placeholder={t('verify.organisationPlaceholder')} style={{ width: 260 }} data-testid="mediation-check-add" />
            </Form.Item>
            <Form.Item name="notice_number" label={t('verify.noticeNumber')}>
              <Input placeholder={t('verify.noticeNumberPlaceholder')} style={{ width: 220 }} data-testid="mediation-check-notice" />
            </Form.Item>
            <Form.Item name="on" label={t('verify.on')} rules={[{ required: true, message: t('verify.onRequired') }]}>
              <DatePicker {...datePickerProps} format="YYYY-MM-DD" allowClear={false} />
            </Form.Item>
          </Space>
          <Space wrap align="start" size="middle">
            <Form.Item name="check" label={t('verify.kind')}>
              <Select
                style={{ width: 260 }}
                options={MEDIATION_CHECKS.map((k) => ({ value: k, label: t(`enums:mediationCheck.${k}`) }))}
                data-testid="mediation-check-kind"
              />
            </Form.Item>
            <Form.Item name="result" label={t('verify.result')}>
              <Select
                style={{ width: 200 }}
                options={MEDIATION_CHECK_RESULTS.map((r) => ({ value: r, label: t(`enums:mediationCheckResult.${r}`) }))}
                data-testid="mediation-check-result"
              />
            </Form.Item>
          </Space>
          <Form.Item name="red_flags" label={t('verify.redFlags')}>
            <Checkbox.Group
              options={MEDIATION_RED_FLAGS.map((f) => ({
                value: f,
                label: <span data-testid={`mediation-flag-${f}`}>{t(`enums:mediationRedFlag.${f}`)}</span>,
              }))}
            />
          </Form.Item>
          <Form.Item name="note" label={t('verify.note')}>
            <Input placeholder={t('verify.notePlaceholder')} data-testid="mediation-check-note" />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={busy} data-testid="mediation-check-submit">
            {t('verify.submit')}
          </Button>
        </Form>
      </Card>
    </Space>
  );
}
