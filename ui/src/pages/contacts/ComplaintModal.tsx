import { CopyOutlined, DownloadOutlined } from '@ant-design/icons';
import { App, Button, Input, Modal, Select, Space, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { currentLanguage } from '../../i18n';
import { localDateIso } from '../../lib/format';
import { chooseSavePath, core, errorText } from '../../platform';
import type { CheckedContact, ViolationSummary } from '../../platform';
import ProfileNote from '../../components/ProfileNote';
import { useProfile } from '../../components/useProfile';
import { buildComplaintText } from './complaint';

/** 生成投诉材料: the complaint text for one channel, to copy or save as a .txt file. */
export default function ComplaintModal({
  open,
  onClose,
  summary,
  contacts,
}: {
  open: boolean;
  onClose: () => void;
  summary: ViolationSummary;
  contacts: CheckedContact[];
}) {
  const { t, i18n } = useTranslation(['contacts', 'enums']);
  const { t: tc } = useTranslation();
  const { message } = App.useApp();
  const [channelNumber, setChannelNumber] = useState<string | null>(summary.channels[0]?.number ?? null);
  const [saving, setSaving] = useState(false);
  const lang = currentLanguage(i18n.language) === 'en' ? 'en' : 'zh';
  const today = localDateIso();
  const channel = summary.channels.find((c) => c.number === channelNumber) ?? summary.channels[0] ?? null;
  // The user's name, ID number and phone, entered once in the settings, sign the complaint.
  const complainant = useProfile(open);

  const text = useMemo(
    () => buildComplaintText({ summary, contacts, channel, lang, today, t, complainant }),
    [summary, contacts, channel, lang, today, t, complainant],
  );

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text);
      void message.success(t('complaint.copied'));
    } catch {
      void message.error(t('complaint.copyFailed'), 6);
    }
  };

  const saveAs = async () => {
    setSaving(true);
    try {
      const path = await chooseSavePath({
        title: t('complaint.saveTitle'),
        defaultPath: t('complaint.fileName', { number: channel?.number ?? '', date: today }),
        filterName: t('complaint.fileFilter'),
        extensions: ['txt'],
      });
      if (!path) return;
      await core.saveTextFile(path, text);
      void message.success(t('complaint.saved', { path }), 6);
    } catch (e) {
      void message.error(errorText(e, tc), 6);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open={open}
      onCancel={onClose}
      title={t('complaint.modalTitle')}
      width={760}
      footer={
        <Space>
          <Button icon={<CopyOutlined />} onClick={() => void copy()} data-testid="complaint-copy">
            {t('complaint.copy')}
          </Button>
          <Button icon={<DownloadOutlined />} loading={saving} onClick={() => void saveAs()} data-testid="complaint-save">
            {t('complaint.saveAs')}
          </Button>
          <Button type="primary" onClick={onClose} data-testid="complaint-close">
            {t('complaint.close')}
          </Button>
        </Space>
      }
      data-testid="complaint-modal"
    >
      {summary.channels.length > 0 && (
        <Space style={{ marginBottom: 12 }} wrap>
          <Typography.Text>{t('complaint.channel')}</Typography.Text>
          <Select
            value={channel?.number}
            onChange={setChannelNumber}
            style={{ minWidth: 320 }}
            options={summary.channels.map((c) => ({
              value: c.number,
              label: `${c.number} ${t(`enums:complaintLine.${c.line}`)}`,
            }))}
            data-testid="complaint-channel"
          />
        </Space>
      )}
      <ProfileNote profile={complainant} />
      <Typography.Paragraph type="secondary">{t('complaint.hint')}</Typography.Paragraph>
      <Input.TextArea
        readOnly
        value={text}
        autoSize={{ minRows: 12, maxRows: 24 }}
        style={{ fontFamily: 'inherit' }}
        data-testid="complaint-text"
      />
    </Modal>
  );
}
