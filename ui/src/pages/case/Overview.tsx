import { useTranslation } from 'react-i18next';
import Placeholder from '../../components/Placeholder';

/** 概览 — the stage as Steps, the timeline of dated events and stage changes, the debt's figures with history (to be built). */
export default function Overview({ caseId }: { caseId: string }) {
  const { t } = useTranslation();
  return (
    <div data-testid="case-tab-overview" data-case-id={caseId}>
      <Placeholder title={t('case.placeholderTitle')} hint={t('case.placeholderHint')} testId="case-tab-overview-placeholder" />
    </div>
  );
}
