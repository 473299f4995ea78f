import { useTranslation } from 'react-i18next';
import Placeholder from '../../components/Placeholder';

/** 调解准备 — verify the centre, materials, repayment plans, documents, the agreement (to be built). */
export default function Mediation({ caseId }: { caseId: string }) {
  const { t } = useTranslation();
  return (
    <div data-testid="case-tab-mediation" data-case-id={caseId}>
      <Placeholder title={t('case.placeholderTitle')} hint={t('case.placeholderHint')} testId="case-tab-mediation-placeholder" />
    </div>
  );
}
