import { Form, Input } from 'antd';
import type { FormRule } from 'antd';
import { useTranslation } from 'react-i18next';
import { isAcceptablePassphrase, MIN_PASSPHRASE_LENGTH } from '../lib/passphrase';
import StrengthMeter from './StrengthMeter';

const ok = () => Promise.resolve();
const fail = (message: string) => Promise.reject(new Error(message));

/**
 * A new passphrase, its strength meter and the confirmation, as two fields named `passphrase` and
 * `confirm` of the surrounding antd Form. Used when creating a vault, recovering it and changing
 * the passphrase, so the three places apply the same rules.
 *
 * Fields validate on blur and on submit, not on every keystroke: the meter already gives live
 * feedback, and a red error after the first character only adds alarm.
 */
export default function NewPassphraseFields({
  label,
  confirmLabel,
  testId,
  confirmTestId,
  meterTestId,
  autoFocus = false,
  differentFrom,
}: {
  label: string;
  confirmLabel: string;
  testId: string;
  confirmTestId: string;
  meterTestId: string;
  autoFocus?: boolean;
  /** Name of another field the new passphrase must differ from (the current passphrase). */
  differentFrom?: string;
}) {
  const { t } = useTranslation();
  const form = Form.useFormInstance();
  const value = Form.useWatch<string | undefined>('passphrase', form);

  const passphraseRules: FormRule[] = [
    { required: true, message: t('validation.passphraseRequired') },
    {
      validator: (_, v: string | undefined) => {
        if (!v) return ok();
        if (Array.from(v).length < MIN_PASSPHRASE_LENGTH) {
          return fail(t('validation.minLength', { min: MIN_PASSPHRASE_LENGTH }));
        }
        if (!isAcceptablePassphrase(v)) return fail(t('validation.tooWeak'));
        if (differentFrom && v === form.getFieldValue(differentFrom)) return fail(t('validation.sameAsCurrent'));
        return ok();
      },
    },
  ];

  const confirmRules: FormRule[] = [
    { required: true, message: t('validation.confirmRequired') },
    ({ getFieldValue }) => ({
      validator: (_, v: string | undefined) =>
        v && v !== getFieldValue('passphrase') ? fail(t('validation.mismatch')) : ok(),
    }),
  ];

  return (
    <>
      <Form.Item
        name="passphrase"
        label={label}
        rules={passphraseRules}
        validateTrigger="onBlur"
        validateFirst
        extra={<StrengthMeter value={value} testId={meterTestId} />}
      >
        <Input.Password
          autoFocus={autoFocus}
          autoComplete="new-password"
          placeholder={t('create.passphrasePlaceholder')}
          data-testid={testId}
        />
      </Form.Item>
      <Form.Item
        name="confirm"
        label={confirmLabel}
        dependencies={['passphrase']}
        rules={confirmRules}
        validateTrigger="onBlur"
        validateFirst
      >
        <Input.Password
          autoComplete="new-password"
          placeholder={t('create.confirmPlaceholder')}
          data-testid={confirmTestId}
        />
      </Form.Item>
    </>
  );
}
