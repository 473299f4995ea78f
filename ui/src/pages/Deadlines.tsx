import { useTranslation } from 'react-i18next';
import Placeholder from '../components/Placeholder';

/** 期限: deadlines across all cases, by date (to be built). */
export default function Deadlines() {
  const { t } = useTranslation();
  return <Placeholder title={t('deadlines.emptyTitle')} hint={t('deadlines.emptyHint')} testId="deadlines-page" />;
}
