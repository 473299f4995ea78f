import { Card, Col, Row, Skeleton, Space, Tag, Timeline, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import CorrectButton from '../../components/CorrectButton';
import CorrectionHistory from '../../components/CorrectionHistory';
import WithdrawButton from '../../components/WithdrawButton';
import type { CaseOverview } from '../../platform';
import { StageTag } from '../cases/bits';
import EventForm from '../cases/EventForm';
import FiguresCard from '../cases/FiguresCard';
import FlowsCard from '../cases/FlowsCard';
import { buildTimeline } from '../cases/logic';
import StageCard from '../cases/StageCard';

/** 概览 — the stage as Steps, the timeline of dated events and stage changes, the debt's figures with history. */
export default function Overview({
  caseId,
  overview,
  onChanged,
}: {
  caseId: string;
  overview: CaseOverview | null;
  onChanged: () => Promise<void>;
}) {
  const { t } = useTranslation(['cases', 'enums']);
  const { t: tg } = useTranslation();
  if (!overview) {
    return (
      <div data-testid="case-tab-overview" data-case-id={caseId}>
        <Skeleton active />
      </div>
    );
  }
  const timeline = buildTimeline(overview);
  // The stored record behind a timeline line, whole (a correction sends every field back).
  const recordOf = (type: 'stage' | 'event', id: string) =>
    type === 'stage' ? overview.stages.find((s) => s.id === id) : overview.events.find((e) => e.id === id);
  return (
    <div data-testid="case-tab-overview" data-case-id={caseId}>
      <Space orientation="vertical" size={16} style={{ width: '100%' }}>
        <StageCard value={overview.case} stages={overview.stages} onChanged={onChanged} />
        <Row gutter={[16, 16]}>
          <Col xs={24} lg={14}>
            <Card title={t('overview.timeline')} size="small" data-testid="case-timeline">
              {timeline.length === 0 ? (
                <Typography.Text type="secondary">{t('overview.timelineEmpty')}</Typography.Text>
              ) : (
                <Timeline
                  items={timeline.map((item) => ({
                    key: `${item.type}-${item.id}${item.withdrawn ? '-withdrawn' : ''}`,
                    color: item.withdrawn ? 'gray' : item.type === 'stage' ? 'blue' : 'gray',
                    children: (
                      <div
                        data-testid={`timeline-${item.type}`}
                        data-on={item.on}
                        data-withdrawn={item.withdrawn ? 'true' : undefined}
                      >
                        <Typography.Text type="secondary" delete={item.withdrawn} style={{ marginRight: 8 }}>
                          {item.on}
                        </Typography.Text>
                        {item.type === 'stage' ? (
                          <Typography.Text delete={item.withdrawn}>
                            {t('overview.timelineStage', { stage: t(`enums:stage.${item.stage}`) })}{' '}
                            {!item.withdrawn && <StageTag stage={item.stage} />}
                          </Typography.Text>
                        ) : (
                          <Typography.Text delete={item.withdrawn}>{t(`enums:eventKind.${item.kind}`)}</Typography.Text>
                        )}
                        {item.withdrawn ? (
                          <Tag style={{ marginLeft: 8 }}>{tg('withdraw.withdrawn')}</Tag>
                        ) : (
                          <>
                            {(() => {
                              const record = recordOf(item.type, item.id);
                              return record ? (
                                <CorrectButton
                                  caseId={caseId}
                                  kind={item.type === 'stage' ? 'stage_change' : 'legal_event'}
                                  record={record}
                                  onDone={onChanged}
                                />
                              ) : null;
                            })()}
                            <WithdrawButton caseId={caseId} recordId={item.id} onDone={onChanged} />
                          </>
                        )}
                        {item.note && (
                          <div>
                            <Typography.Text type="secondary" delete={item.withdrawn}>
                              {item.note}
                            </Typography.Text>
                          </div>
                        )}
                      </div>
                    ),
                  }))}
                />
              )}
            </Card>
          </Col>
          <Col xs={24} lg={10}>
            <EventForm caseId={caseId} onSaved={onChanged} />
          </Col>
        </Row>
        <FiguresCard value={overview.case} history={overview.history} onChanged={() => void onChanged()} />
        <FlowsCard caseId={caseId} onChanged={onChanged} />
        <CorrectionHistory entries={overview.corrections} />
      </Space>
    </div>
  );
}
