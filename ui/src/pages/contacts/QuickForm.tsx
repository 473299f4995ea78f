import { DownOutlined, UpOutlined } from '@ant-design/icons';
import { App, Button, Card, Flex, Form, Input, InputNumber, Select, Typography } from 'antd';
import type { InputRef } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation, useSearchParams } from 'react-router';
import { currentLanguage } from '../../i18n';
import { CHANNELS, CLAIMED_ROLES, core, DIRECTIONS, errorText, THIRD_PARTIES } from '../../platform';
import type { CheckedContact, Evidence } from '../../platform';
import FlagTag from './FlagTag';
import { DETAIL_FIELDS, toNewContact } from './newContact';
import { formatTypedTime, parseTypedTime } from './time';
import type { ContactFormValues } from './newContact';

const FUTURE_SLACK_MINUTES = 10;


/**
 * The one-line quick form: time (now), channel, direction, number (the case's last one),
 * summary, 记录; 更多 opens the rest. A failed save keeps everything typed.
 */
export default function QuickForm({
  caseId,
  lastNumber,
  evidence,
  onSaved,
}: {
  caseId: string;
  lastNumber: string | null;
  evidence: Evidence[];
  onSaved: (contact: CheckedContact) => void;
}) {
  const { t, i18n } = useTranslation(['contacts', 'enums']);
  const { t: tc } = useTranslation();
  const { message, notification } = App.useApp();
  const [form] = Form.useForm<ContactFormValues>();
  const [more, setMore] = useState(false);
  const [busy, setBusy] = useState(false);
  const summaryRef = useRef<InputRef>(null);
  const [params] = useSearchParams();
  // The key changes on every navigation, so 记一次联系 focuses again even on the same URL.
  const { key: locationKey } = useLocation();
  const quick = params.get('quick') === '1';
  const lang = currentLanguage(i18n.language);

  // The number is remembered from the case's latest contact, unless the user has typed one.
  useEffect(() => {
    if (lastNumber && !form.isFieldTouched('number') && !form.getFieldValue('number')) {
      form.setFieldValue('number', lastNumber);
    }
  }, [form, lastNumber]);

  useEffect(() => {
    if (quick) summaryRef.current?.focus();
  }, [quick, locationKey]);

  const save = async (values: ContactFormValues) => {
    setBusy(true);
    try {
      const saved = await core.contactAdd(caseId, toNewContact(values));
      onSaved(saved);
      // Keep channel, direction and number (the next contact is usually the same collector);
      // start the time again from now and clear what described this one.
      form.resetFields(['summary', ...DETAIL_FIELDS]);
      form.setFieldValue('at', formatTypedTime(new Date()));
      if (saved.flags.length > 0) {
        void message.success(t('form.saved'));
        notification.warning({
          key: `contact-flags-${saved.id}`,
          title: t('form.flagsTitle'),
          description: (
            <div data-testid="contact-flags-notice">
              <Typography.Paragraph style={{ marginBottom: 8 }}>{t('form.flagsLead')}</Typography.Paragraph>
              {saved.flags.map((flag, i) => (
                <div key={`${flag.code}-${i}`} style={{ marginBottom: 6 }}>
                  <FlagTag flag={flag} /> {lang === 'en' ? flag.reason_en : flag.reason_zh}
                </div>
              ))}
            </div>
          ),
          duration: 0,
        });
      } else {
        void message.success(t('form.savedQuiet'));
      }
      summaryRef.current?.focus();
    } catch (e) {
      void message.error(errorText(e, tc), 6);
    } finally {
      setBusy(false);
    }
  };

  const evidenceOptions = evidence.map((item) => ({
    value: item.id,
    label: `${item.name} · ${item.id.slice(0, 8)}`,
  }));

  return (
    <Card title={t('form.title')} size="small" data-testid="contact-form">
      <Typography.Paragraph type="secondary" style={{ marginTop: 0 }}>
        {t('form.hint')}
      </Typography.Paragraph>
      <Form<ContactFormValues>
        form={form}
        layout="vertical"
        requiredMark={false}
        initialValues={{ at: formatTypedTime(new Date()), channel: 'call', direction: 'in' }}
        onFinish={(values) => void save(values)}
      >
        <Flex gap={8} wrap align="flex-start">
          <Form.Item
            name="at"
            label={t('form.at')}
            rules={[
              {
                // The time as typed is checked, never replaced: an evidence log must not save
                // "now" for a time it could not read. A few minutes of slack in the future for
                // a computer clock that runs behind the phone's.
                validator: (_, value: string | undefined) => {
                  const parsed = parseTypedTime(value ?? '');
                  if ('problem' in parsed) {
                    return Promise.reject(new Error(t(`form.atProblem.${parsed.problem}`, { text: value ?? '' })));
                  }
                  return parsed.at.getTime() > Date.now() + FUTURE_SLACK_MINUTES * 60_000
                    ? Promise.reject(new Error(t('form.atFuture')))
                    : Promise.resolve();
                },
              },
            ]}
            style={{ marginBottom: 8 }}
          >
            <Input
              // Enter confirms the typed time without also submitting the whole form half-filled;
              // Enter in any other field submits.
              onKeyDown={(e) => {
                if (e.key === 'Enter') {
                  e.preventDefault();
                  void form.validateFields(['at']).catch(() => undefined);
                }
              }}
              placeholder={t('form.atPlaceholder')}
              autoComplete="off"
              style={{ width: 180 }}
              data-testid="contact-at"
            />
          </Form.Item>
          <Form.Item name="channel" label={t('form.channel')} style={{ marginBottom: 8 }}>
            <Select
              style={{ width: 110 }}
              options={CHANNELS.map((c) => ({ value: c, label: t(`enums:channel.${c}`) }))}
              data-testid="contact-channel"
            />
          </Form.Item>
          <Form.Item name="direction" label={t('form.direction')} style={{ marginBottom: 8 }}>
            <Select
              style={{ width: 130 }}
              options={DIRECTIONS.map((d) => ({ value: d, label: t(`enums:direction.${d}`) }))}
              data-testid="contact-direction"
            />
          </Form.Item>
          <Form.Item name="number" label={t('form.number')} style={{ marginBottom: 8 }}>
            <Input
              style={{ width: 160 }}
              placeholder={t('form.numberPlaceholder')}
              autoComplete="off"
              data-testid="contact-number"
            />
          </Form.Item>
          <Form.Item name="summary" label={t('form.summary')} style={{ marginBottom: 8, flex: '1 1 220px' }}>
            <Input
              ref={summaryRef}
              placeholder={t('form.summaryPlaceholder')}
              autoComplete="off"
              data-testid="contact-summary"
            />
          </Form.Item>
          <Form.Item label=" " style={{ marginBottom: 8 }}>
            <Flex gap={8}>
              <Button type="primary" htmlType="submit" loading={busy} data-testid="contact-submit">
                {t('form.submit')}
              </Button>
              <Button
                icon={more ? <UpOutlined /> : <DownOutlined />}
                onClick={() => setMore((m) => !m)}
                aria-expanded={more}
                data-testid="contact-more"
              >
                {more ? t('form.less') : t('form.more')}
              </Button>
            </Flex>
          </Form.Item>
        </Flex>

        {/* Hidden rather than unmounted, so collapsing never drops what was typed. */}
        <div style={{ display: more ? 'block' : 'none' }} data-testid="contact-details">
          <Flex gap={8} wrap>
            <Form.Item name="person" label={t('form.person')} style={{ marginBottom: 8 }}>
              <Input style={{ width: 140 }} autoComplete="off" data-testid="contact-person" />
            </Form.Item>
            <Form.Item name="organisation" label={t('form.organisation')} style={{ marginBottom: 8 }}>
              <Input style={{ width: 200 }} autoComplete="off" data-testid="contact-organisation" />
            </Form.Item>
            <Form.Item name="claimed_role" label={t('form.claimedRole')} style={{ marginBottom: 8 }}>
              <Select
                allowClear
                style={{ width: 130 }}
                options={CLAIMED_ROLES.map((r) => ({ value: r, label: t(`enums:claimedRole.${r}`) }))}
                data-testid="contact-role"
              />
            </Form.Item>
            <Form.Item name="answered" label={t('form.answered')} style={{ marginBottom: 8 }}>
              <Select
                allowClear
                style={{ width: 120 }}
                options={[
                  { value: 'yes', label: t('form.answeredYes') },
                  { value: 'no', label: t('form.answeredNo') },
                ]}
                data-testid="contact-answered"
              />
            </Form.Item>
            <Form.Item
              name="attempts"
              label={t('form.attempts')}
              tooltip={t('form.attemptsHint')}
              rules={[{ type: 'integer', min: 1, max: 999, message: t('form.attemptsRange') }]}
              style={{ marginBottom: 8 }}
            >
              <InputNumber min={1} max={999} precision={0} style={{ width: 100 }} data-testid="contact-attempts" />
            </Form.Item>
            <Form.Item
              name="third_party"
              label={t('form.thirdParty')}
              tooltip={t('form.thirdPartyHint')}
              style={{ marginBottom: 8 }}
            >
              <Select
                allowClear
                style={{ width: 160 }}
                options={THIRD_PARTIES.map((p) => ({ value: p, label: t(`enums:thirdParty.${p}`) }))}
                data-testid="contact-third-party"
              />
            </Form.Item>
          </Flex>
          <Form.Item name="quotes" label={t('form.quotes')} extra={t('form.quotesHint')} style={{ marginBottom: 8 }}>
            <Input.TextArea autoSize={{ minRows: 2, maxRows: 8 }} data-testid="contact-quotes" />
          </Form.Item>
          <Form.Item name="evidence_ids" label={t('form.evidence')} extra={t('form.evidenceHint')} style={{ marginBottom: 0 }}>
            <Select
              mode="multiple"
              allowClear
              optionFilterProp="label"
              placeholder={t('form.evidencePlaceholder')}
              options={evidenceOptions}
              data-testid="contact-evidence"
            />
          </Form.Item>
        </div>
      </Form>
    </Card>
  );
}
