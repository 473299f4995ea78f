import { useTranslation } from 'react-i18next';
import Placeholder from '../components/Placeholder';

/** 总览: cards per debt, totals and the next 30 days of deadlines (to be built). */
export default function Dashboard() {
  const { t } = useTranslation();
  return <Placeholder title={t('dashboard.emptyTitle')} hint={t('dashboard.emptyHint')} testId="dashboard-page" />;
}
