//! 撤回: takes a record (a contact, a payment, an event, a stage change …) out of the case. It
//! stops counting in sums and rules and stays in the history, struck through; the chain keeps
//! both the record and its withdrawal.

import { App, Button, Popconfirm } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { core, errorText } from '../platform';

export default function WithdrawButton({
  caseId,
  recordId,
  onDone,
}: {
  caseId: string;
  recordId: string;
  onDone: () => void | Promise<void>;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  const withdraw = async () => {
    setBusy(true);
    try {
      await core.recordWithdraw(caseId, recordId, null);
      void message.success(t('withdraw.done'));
      await onDone();
    } catch (e) {
      void message.error(errorText(e, t), 6);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Popconfirm
      title={t('withdraw.title')}
      description={t('withdraw.body')}
      okText={t('withdraw.ok')}
      cancelText={t('withdraw.cancel')}
      onConfirm={() => withdraw()}
      okButtonProps={{ ...({ 'data-testid': `withdraw-ok-${recordId}` } as Record<string, string>) }}
    >
      <Button type="link" size="small" loading={busy} data-testid={`withdraw-${recordId}`}>
        {t('withdraw.button')}
      </Button>
    </Popconfirm>
  );
}
