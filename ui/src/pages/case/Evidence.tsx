import { useTranslation } from 'react-i18next';
import Placeholder from '../../components/Placeholder';

/** 证据 — thumbnails or list, filter by kind, a drawer per item with preview and its SHA-256 (to be built). */
export default function Evidence({ caseId }: { caseId: string }) {
  const { t } = useTranslation();
  return (
    <div data-testid="case-tab-evidence" data-case-id={caseId}>
      <Placeholder title={t('case.placeholderTitle')} hint={t('case.placeholderHint')} testId="case-tab-evidence-placeholder" />
    </div>
  );
}
