import { ImportOutlined, PlusOutlined, WarningOutlined } from '@ant-design/icons';
import { Button, Card, Col, Empty, Flex, Row, Skeleton, Space, Statistic, Tooltip, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { formatFen, NO_VALUE } from '../lib/format';
import { core, STAGES } from '../platform';
import type { Case, CaseLine, Dashboard as DashboardData, Stage } from '../platform';
import { DaysLeft, StageTag } from './cases/bits';
import LoadError from './cases/LoadError';
import { deadlineKindLabel, isAppointment } from './cases/logic';
import NewCaseModal from './cases/NewCaseModal';
import { useLoad } from './cases/useLoad';
import ImportModal from './import/ImportModal';

interface Loaded {
  dashboard: DashboardData;
  /** Platform per case id (CaseLine has none). */
  platforms: Map<string, string>;
}

async function load(): Promise<Loaded> {
  const [dashboard, cases] = await Promise.all([core.dashboard(), core.caseList().catch((): Case[] => [])]);
  const platforms = new Map<string, string>();
  for (const c of cases) if (c.platform) platforms.set(c.id, c.platform);
  return { dashboard, platforms };
}

function CaseCard({ line, platform }: { line: CaseLine; platform: string | undefined }) {
  const { t } = useTranslation(['cases', 'enums']);
  const navigate = useNavigate();
  const go = () => void navigate(`/cases/${encodeURIComponent(line.id)}`);
  return (
    <Card
      hoverable
      size="small"
      onClick={go}
      onKeyDown={(e) => {
        if (e.key === 'Enter') go();
      }}
      tabIndex={0}
      data-testid={`dashboard-case-${line.id}`}
      title={
        // The user's own name for the debt is the title; the lender (and platform) beneath it.
        <Space orientation="vertical" size={0} style={{ paddingBlock: 8, minWidth: 0 }}>
          <Typography.Text strong ellipsis data-testid={`dashboard-case-title-${line.id}`}>
            {line.title}
          </Typography.Text>
          <Typography.Text type="secondary" ellipsis style={{ fontWeight: 'normal' }} data-testid={`dashboard-case-lender-${line.id}`}>
            {platform ? `${line.lender} · ${platform}` : line.lender}
          </Typography.Text>
        </Space>
      }
      extra={<StageTag stage={line.stage} />}
    >
      <Space orientation="vertical" size={4} style={{ width: '100%' }}>
        <Flex justify="space-between" gap={8}>
          <Typography.Text type="secondary" style={{ whiteSpace: 'nowrap' }} data-testid={`dashboard-case-outstanding-label-${line.id}`}>
            {/* From the collector's claim it is what they claim, not what is owed. */}
            {t(line.outstanding_source === 'claimed' ? 'common.outstandingClaimed' : 'common.outstanding')}
          </Typography.Text>
          <Typography.Text strong>{line.outstanding_fen === null ? NO_VALUE : formatFen(line.outstanding_fen)}</Typography.Text>
        </Flex>
        <Flex justify="space-between" gap={8}>
          <Typography.Text type="secondary" style={{ whiteSpace: 'nowrap' }}>
            {t('common.nextDeadline')}
          </Typography.Text>
          {line.next_deadline ? (
            // Each part stays whole; at 125 % scaling the days left go to a second line.
            <span style={{ textAlign: 'right', minWidth: 0 }} data-testid={`dashboard-case-next-${line.id}`}>
              <span style={{ whiteSpace: 'nowrap' }}>
                {deadlineKindLabel(t, line.next_deadline.kind)} {line.next_deadline.due}
              </span>{' '}
              <DaysLeft
                days={line.next_deadline.days_left}
                appointment={isAppointment(line.next_deadline.kind)}
                testId={`dashboard-case-days-${line.id}`}
              />
            </span>
          ) : (
            <Typography.Text type="secondary">{t('common.noDeadline')}</Typography.Text>
          )}
        </Flex>
        <Flex justify="space-between">
          <Typography.Text type="secondary">{t('common.violations')}</Typography.Text>
          <span>
            {line.violation_count > 0 && <WarningOutlined style={{ color: '#c7891d', marginRight: 4 }} />}
            {line.violation_count}
          </span>
        </Flex>
        <Flex justify="space-between">
          <Typography.Text type="secondary">{t('common.evidence')}</Typography.Text>
          <span>{line.evidence_count}</span>
        </Flex>
      </Space>
    </Card>
  );
}

/** 总览: totals, a card per debt and the next 30 days of deadlines. */
export default function Dashboard() {
  const { t } = useTranslation(['cases', 'enums']);
  const navigate = useNavigate();
  const { t: tContacts } = useTranslation(['contacts', 'enums']);
  const [creating, setCreating] = useState(false);
  const [importing, setImporting] = useState(false);
  const { data, error, loading, reload } = useLoad(load, 'dashboard');

  const body = () => {
    if (error !== null && !data) return <LoadError error={error} onRetry={() => void reload()} />;
    if (loading || !data) return <Skeleton active />;
    const { dashboard, platforms } = data;
    if (dashboard.cases.length === 0) {
      return (
        <Card data-testid="dashboard-empty">
          <Empty
            image={Empty.PRESENTED_IMAGE_SIMPLE}
            description={
              <Space orientation="vertical" size={4} style={{ textAlign: 'left', maxWidth: 520 }}>
                <Typography.Title level={5}>{t('dashboard.emptyTitle')}</Typography.Title>
                <Typography.Text>{t('dashboard.emptyStep1')}</Typography.Text>
                <Typography.Text>{t('dashboard.emptyStep2')}</Typography.Text>
                <Typography.Text>{t('dashboard.emptyStep3')}</Typography.Text>
              </Space>
            }
          >
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="dashboard-new">
              {t('dashboard.emptyButton')}
            </Button>
          </Empty>
        </Card>
      );
    }
    const perStage = new Map<Stage, number>();
    for (const c of dashboard.cases) if (c.stage) perStage.set(c.stage, (perStage.get(c.stage) ?? 0) + 1);
    return (
      <Space orientation="vertical" size={16} style={{ width: '100%' }}>
        <Flex justify="flex-end" gap={8}>
          <Tooltip title={tContacts('import.openHint')}>
            <Button icon={<ImportOutlined />} onClick={() => setImporting(true)} data-testid="dashboard-import">
              {tContacts('import.open')}
            </Button>
          </Tooltip>
        </Flex>
        <Card data-testid="dashboard-totals">
          <Row gutter={[24, 16]}>
            <Col xs={24} sm={8}>
              <Statistic
                title={t('dashboard.totalOutstanding')}
                value={formatFen(dashboard.totals.outstanding_fen)}
                data-testid="dashboard-total-outstanding"
              />
            </Col>
            <Col xs={12} sm={4}>
              <Statistic title={t('dashboard.caseCount')} value={dashboard.totals.cases} />
            </Col>
            <Col xs={12} sm={4}>
              <Statistic title={t('dashboard.totalViolations')} value={dashboard.totals.violations} />
            </Col>
            <Col xs={24} sm={8}>
              <Typography.Text type="secondary">{t('dashboard.byStage')}</Typography.Text>
              <div style={{ marginTop: 8 }}>
                {STAGES.filter((s) => perStage.has(s)).map((s) => (
                  <span key={s} style={{ whiteSpace: 'nowrap' }} data-testid={`dashboard-stage-${s}`}>
                    <StageTag stage={s} />
                    <span style={{ marginRight: 12 }}>{perStage.get(s)}</span>
                  </span>
                ))}
              </div>
            </Col>
          </Row>
        </Card>
        <Row gutter={[16, 16]}>
          <Col xs={24} lg={15}>
            <Row gutter={[16, 16]}>
              {dashboard.cases.map((line) => (
                <Col xs={24} md={12} key={line.id}>
                  <CaseCard line={line} platform={platforms.get(line.id)} />
                </Col>
              ))}
            </Row>
          </Col>
          <Col xs={24} lg={9}>
            <Card title={t('dashboard.next30')} size="small" data-testid="dashboard-next30">
              {dashboard.next_30_days.length === 0 ? (
                <Typography.Text type="secondary">{t('dashboard.next30Empty')}</Typography.Text>
              ) : (
                <ul style={{ listStyle: 'none', margin: 0, padding: 0 }}>
                  {dashboard.next_30_days.map((d) => (
                    <li
                      key={`${d.case_id}-${d.kind}-${d.counts_from.event_id}-${d.due}`}
                      style={{ paddingBlock: 8, borderBottom: '1px solid #e6eaf1' }}
                      data-testid={`dashboard-deadline-${d.kind}`}
                    >
                      <Flex justify="space-between" gap={8}>
                        <Link to={`/cases/${encodeURIComponent(d.case_id)}/deadlines`}>{deadlineKindLabel(t, d.kind)}</Link>
                        <DaysLeft days={d.days_left} passed={d.passed} appointment={isAppointment(d.kind)} />
                      </Flex>
                      <Flex justify="space-between" gap={8}>
                        <Typography.Text type="secondary" ellipsis>
                          {d.case_title}
                        </Typography.Text>
                        <Typography.Text type="secondary">
                          {d.due}
                          {!d.calendar_known && (
                            <Tooltip title={t('common.calendarUnknown')}>
                              <WarningOutlined style={{ color: '#c7891d', marginLeft: 4 }} />
                            </Tooltip>
                          )}
                        </Typography.Text>
                      </Flex>
                    </li>
                  ))}
                </ul>
              )}
            </Card>
          </Col>
        </Row>
      </Space>
    );
  };

  return (
    <div data-testid="dashboard-page">
      {body()}
      <ImportModal open={importing} onClose={() => setImporting(false)} onImported={() => void reload()} />
      <NewCaseModal
        open={creating}
        onClose={() => setCreating(false)}
        onCreated={(c) => {
          setCreating(false);
          void navigate(`/cases/${encodeURIComponent(c.id)}`);
        }}
      />
    </div>
  );
}
