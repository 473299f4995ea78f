import { useTranslation } from 'react-i18next';
import Placeholder from '../../components/Placeholder';

/** 期限 — each deadline with its legal basis, the event it counts from, due date and days left (to be built). */
export default function Deadlines({ caseId }: { caseId: string }) {
  const { t } = useTranslation();
  return (
    <div data-testid="case-tab-deadlines" data-case-id={caseId}>
      <Placeholder title={t('case.placeholderTitle')} hint={t('case.placeholderHint')} testId="case-tab-deadlines-placeholder" />
    </div>
  );
}
