import { SafetyCertificateFilled } from '@ant-design/icons';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import LanguageSwitch from './LanguageSwitch';

/** The centred card used by every screen before the vault is open. */
export default function OnboardingFrame({
  children,
  wide = false,
  testId,
}: {
  children: ReactNode;
  wide?: boolean;
  testId: string;
}) {
  const { t } = useTranslation();
  return (
    <main className="onboarding">
      <div className="onboarding-lang no-print">
        <LanguageSwitch />
      </div>
      <section className={wide ? 'onboarding-card wide' : 'onboarding-card'} data-testid={testId}>
        <div className="onboarding-brand no-print">
          <SafetyCertificateFilled style={{ fontSize: 20 }} />
          <span>{t('app.name')}</span>
        </div>
        {children}
      </section>
    </main>
  );
}
