import { useTranslation } from 'react-i18next';
import Placeholder from '../components/Placeholder';

/** 案卷: the list of cases, one per debt (to be built). */
export default function Cases() {
  const { t } = useTranslation();
  return <Placeholder title={t('cases.emptyTitle')} hint={t('cases.emptyHint')} testId="cases-page" />;
}
