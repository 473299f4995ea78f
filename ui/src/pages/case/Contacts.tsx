import { useTranslation } from 'react-i18next';
import Placeholder from '../../components/Placeholder';

/** 联系记录 — quick contact form, the log with flagged violations, and the 违规汇总 panel (to be built). */
export default function Contacts({ caseId }: { caseId: string }) {
  const { t } = useTranslation();
  return (
    <div data-testid="case-tab-contacts" data-case-id={caseId}>
      <Placeholder title={t('case.placeholderTitle')} hint={t('case.placeholderHint')} testId="case-tab-contacts-placeholder" />
    </div>
  );
}
