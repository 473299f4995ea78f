import { useTranslation } from 'react-i18next';
import Placeholder from '../../components/Placeholder';

/** 导出 — evidence PDF or pack, options, progress, the file's SHA-256 (to be built). */
export default function Export({ caseId }: { caseId: string }) {
  const { t } = useTranslation();
  return (
    <div data-testid="case-tab-export" data-case-id={caseId}>
      <Placeholder title={t('case.placeholderTitle')} hint={t('case.placeholderHint')} testId="case-tab-export-placeholder" />
    </div>
  );
}
