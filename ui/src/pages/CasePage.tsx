import { ArrowLeftOutlined } from '@ant-design/icons';
import { Button, Tabs, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useNavigate, useParams } from 'react-router';
import Contacts from './case/Contacts';
import Deadlines from './case/Deadlines';
import Evidence from './case/Evidence';
import Export from './case/Export';
import Mediation from './case/Mediation';
import Overview from './case/Overview';
import { CASE_TABS, isCaseTab } from './case/tabs';
import type { CaseTab } from './case/tabs';

const TAB_CONTENT: Record<CaseTab, (caseId: string) => ReactNode> = {
  overview: (id) => <Overview caseId={id} />,
  evidence: (id) => <Evidence caseId={id} />,
  contacts: (id) => <Contacts caseId={id} />,
  deadlines: (id) => <Deadlines caseId={id} />,
  mediation: (id) => <Mediation caseId={id} />,
  export: (id) => <Export caseId={id} />,
};

/** One case: header (to be built) and its six tabs, addressed as /cases/:id/:tab. */
export default function CasePage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { id = '', tab } = useParams();

  if (tab !== undefined && !isCaseTab(tab)) {
    return <Navigate to={`/cases/${encodeURIComponent(id)}`} replace />;
  }
  const active: CaseTab = tab ?? 'overview';

  return (
    <div data-testid="case-page">
      <Button
        type="link"
        icon={<ArrowLeftOutlined />}
        onClick={() => void navigate('/cases')}
        style={{ paddingInline: 0 }}
        data-testid="case-back"
      >
        {t('case.backToList')}
      </Button>
      <Typography.Title level={3} style={{ marginTop: 8 }}>
        {t('case.title')}
      </Typography.Title>
      <Tabs
        activeKey={active}
        onChange={(key) => void navigate(`/cases/${encodeURIComponent(id)}/${key}`)}
        items={CASE_TABS.map((key) => ({
          key,
          label: <span data-testid={`case-tab-button-${key}`}>{t(`case.tabs.${key}`)}</span>,
          children: TAB_CONTENT[key](id),
        }))}
        destroyOnHidden
      />
    </div>
  );
}
