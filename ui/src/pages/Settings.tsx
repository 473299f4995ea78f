import { Flex, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useVaultSession } from '../vault/session';
import AutoLockSection from './settings/AutoLockSection';
import LanguageSection from './settings/LanguageSection';
import PassphraseSection from './settings/PassphraseSection';
import ProfileSection from './settings/ProfileSection';
import RecoverySection from './settings/RecoverySection';
import TimestampSection from './settings/TimestampSection';
import VerifySection from './settings/VerifySection';

/** 设置: language, the user's profile, auto-lock, passphrase, recovery instructions, trusted timestamps, vault verification. */
export default function Settings() {
  const { t } = useTranslation();
  const { info, status, sample } = useVaultSession();
  return (
    <Flex vertical gap={20} data-testid="settings-page" style={{ maxWidth: 760 }}>
      <LanguageSection />
      <ProfileSection />
      <AutoLockSection />
      {!sample && <PassphraseSection />}
      <RecoverySection />
      <TimestampSection />
      <VerifySection />
      <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid="settings-about">
        {t('settings.about.version', { version: info.version })}
        <br />
        {t('settings.about.location', { path: status.vault_path })}
      </Typography.Text>
    </Flex>
  );
}
