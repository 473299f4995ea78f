import { ArrowLeftOutlined, CompassOutlined, ImportOutlined, MessageOutlined, PaperClipOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Col, Flex, Row, Skeleton, Space, Tabs, Tooltip, Typography } from 'antd';
import { useEffect, useEffectEvent, useState } from 'react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useNavigate, useParams } from 'react-router';
import { formatFen, localDateIso, NO_VALUE } from '../lib/format';
import { core, errorText } from '../platform';
import type { CaseOverview } from '../platform';
import Contacts from './case/Contacts';
import Deadlines from './case/Deadlines';
import Evidence from './case/Evidence';
import { EvidenceIntakeProvider } from './case/EvidenceIntake';
import Export from './case/Export';
import { useEvidenceIntake } from './case/intake';
import Mediation from './case/Mediation';
import Overview from './case/Overview';
import { CASE_TABS, isCaseTab } from './case/tabs';
import type { CaseTab } from './case/tabs';
import { StageTag } from './cases/bits';
import { nextStepText } from './cases/logic';
import { useLoad } from './cases/useLoad';
import ImportModal from './import/ImportModal';

/** Outstanding: what was last claimed in total, else the principal. */
function outstandingFen(o: CaseOverview): number | null {
  const cl = o.case.details.claimed;
  const parts = [cl?.principal_fen, cl?.interest_fen, cl?.penalties_fen, cl?.fees_fen].filter(
    (v): v is number => typeof v === 'number',
  );
  if (parts.length > 0) return parts.reduce((a, b) => a + b, 0);
  return o.case.principal_fen;
}

function NextSteps({ overview }: { overview: CaseOverview }) {
  const { t } = useTranslation(['cases', 'enums']);
  const today = localDateIso();
  return (
    <Card
      size="small"
      title={
        <Space>
          <CompassOutlined />
          {t('nextStep.title')}
        </Space>
      }
      data-testid="next-steps"
      style={{ height: '100%' }}
    >
      {overview.next_steps.length === 0 ? (
        <Typography.Text type="secondary">{t('nextStep.none')}</Typography.Text>
      ) : (
        <ol style={{ margin: 0, paddingInlineStart: 20 }}>
          {overview.next_steps.map((step, i) => (
            <li key={`${step.code}-${i}`} data-testid={`next-step-${step.code}`} style={{ marginBottom: 4 }}>
              <Typography.Text strong={i === 0}>{nextStepText(t, step, today)}</Typography.Text>
            </li>
          ))}
        </ol>
      )}
    </Card>
  );
}

/** 记一次联系 and 添加证据, with Alt+C / Alt+E, and 导入. Lives inside the intake provider. */
function QuickActions({ caseId, onImport }: { caseId: string; onImport: () => void }) {
  const { t } = useTranslation(['cases', 'enums']);
  const { t: tContacts } = useTranslation(['contacts', 'enums']);
  const navigate = useNavigate();
  const intake = useEvidenceIntake();
  const contact = () => void navigate(`/cases/${encodeURIComponent(caseId)}/contacts?quick=1`);
  const onKey = useEffectEvent((e: KeyboardEvent) => {
    if (!e.altKey || e.ctrlKey || e.metaKey) return;
    if (e.code === 'KeyC' || e.key.toLowerCase() === 'c') {
      e.preventDefault();
      contact();
    } else if (e.code === 'KeyE' || e.key.toLowerCase() === 'e') {
      e.preventDefault();
      intake.pickFiles();
    }
  });
  useEffect(() => {
    const listener = (e: KeyboardEvent) => onKey(e);
    window.addEventListener('keydown', listener);
    return () => window.removeEventListener('keydown', listener);
  }, []);
  return (
    <Space wrap>
      <Tooltip title={t('case.shortcut', { keys: 'Alt+C' })}>
        <Button icon={<MessageOutlined />} onClick={contact} data-testid="quick-contact" aria-keyshortcuts="Alt+C">
          {t('case.quickContact')}
        </Button>
      </Tooltip>
      <Tooltip title={t('case.shortcut', { keys: 'Alt+E' })}>
        <Button icon={<PaperClipOutlined />} onClick={() => intake.pickFiles()} data-testid="quick-evidence" aria-keyshortcuts="Alt+E">
          {t('case.quickEvidence')}
        </Button>
      </Tooltip>
      <Tooltip title={tContacts('import.openHint')}>
        <Button icon={<ImportOutlined />} onClick={onImport} data-testid="quick-import">
          {tContacts('import.open')}
        </Button>
      </Tooltip>
    </Space>
  );
}

/** One case: header with the next step and quick actions, and its six tabs (/cases/:id/:tab). */
export default function CasePage() {
  const { t } = useTranslation();
  const { t: tc } = useTranslation(['cases', 'enums']);
  const navigate = useNavigate();
  const { id = '', tab } = useParams();
  const { data: overview, error, loading, reload } = useLoad(() => core.caseOverview(id), id);
  const [importing, setImporting] = useState(false);
  // Bumped after an import so the contact log and the evidence list read the new rows.
  const [imported, setImported] = useState(0);

  if (tab !== undefined && !isCaseTab(tab)) {
    return <Navigate to={`/cases/${encodeURIComponent(id)}`} replace />;
  }
  const active: CaseTab = tab ?? 'overview';
  const refresh = () => reload();

  const content: Record<CaseTab, () => ReactNode> = {
    overview: () => <Overview caseId={id} overview={overview} onChanged={refresh} />,
    evidence: () => <Evidence key={imported} caseId={id} />,
    contacts: () => <Contacts key={imported} caseId={id} />,
    deadlines: () => <Deadlines caseId={id} deadlines={overview?.deadlines ?? []} />,
    mediation: () => <Mediation caseId={id} />,
    export: () => <Export caseId={id} />,
  };

  const c = overview?.case;
  const outstanding = overview ? outstandingFen(overview) : null;

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
      <EvidenceIntakeProvider caseId={id}>
        {error !== null && !overview ? (
          <Alert
            type="error"
            showIcon
            title={tc('case.loadError')}
            description={errorText(error, t)}
            action={
              <Button size="small" onClick={() => void reload()}>
                {t('common.retry')}
              </Button>
            }
            style={{ marginBlock: 8 }}
            data-testid="case-load-error"
          />
        ) : loading && !overview ? (
          <Skeleton active paragraph={{ rows: 2 }} />
        ) : (
          c &&
          overview && (
            <Row gutter={[16, 16]} style={{ marginBlock: 8 }}>
              <Col xs={24} lg={12}>
                <Space orientation="vertical" size={4}>
                  <Flex align="center" gap={8} wrap>
                    <Typography.Title level={3} style={{ margin: 0 }} data-testid="case-heading">
                      {c.lender}
                    </Typography.Title>
                    <StageTag stage={c.stage} testId="case-stage" />
                  </Flex>
                  <Typography.Text type="secondary">
                    {[c.platform, c.title].filter(Boolean).join(' · ')}
                  </Typography.Text>
                  {c.details.contract_number && (
                    <Typography.Text type="secondary" data-testid="case-contract">
                      {tc('case.contract', { number: c.details.contract_number })}
                    </Typography.Text>
                  )}
                  <Typography.Text>
                    {tc('common.outstanding')}{' '}
                    <Typography.Text strong style={{ fontSize: 18 }} data-testid="case-outstanding">
                      {outstanding === null ? NO_VALUE : formatFen(outstanding)}
                    </Typography.Text>
                  </Typography.Text>
                  <div style={{ marginTop: 8 }}>
                    <QuickActions caseId={id} onImport={() => setImporting(true)} />
                  </div>
                </Space>
              </Col>
              <Col xs={24} lg={12}>
                <NextSteps overview={overview} />
              </Col>
            </Row>
          )
        )}
        {(error !== null || loading) && !overview && (
          <div style={{ marginBottom: 8 }}>
            <QuickActions caseId={id} onImport={() => setImporting(true)} />
          </div>
        )}
        <Tabs
          activeKey={active}
          onChange={(key) => void navigate(`/cases/${encodeURIComponent(id)}/${key}`)}
          items={CASE_TABS.map((key) => ({
            key,
            label: <span data-testid={`case-tab-button-${key}`}>{t(`case.tabs.${key}`)}</span>,
            children: content[key](),
          }))}
          destroyOnHidden
        />
      </EvidenceIntakeProvider>
      <ImportModal
        open={importing}
        caseId={id}
        onClose={() => setImporting(false)}
        onImported={() => {
          setImported((n) => n + 1);
          void refresh();
        }}
      />
    </div>
  );
}
