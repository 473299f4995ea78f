import { CheckCircleOutlined, SafetyOutlined, WarningOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Flex, Progress, Typography } from 'antd';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { core, CoreError, errorText, newJobId, progressChannel } from '../../platform';
import type { JobProgress, Report } from '../../platform';
import { isKnownProblem, percent, summariseReport } from '../contacts/verify';
import type { VerifySummary } from '../contacts/verify';

type State =
  | { phase: 'idle' }
  | { phase: 'running'; jobId: string; progress: JobProgress | null; cancelling: boolean }
  | { phase: 'cancelled' }
  | { phase: 'failed'; message: string }
  | { phase: 'done'; summary: VerifySummary };

/**
 * 校验保险库: reads every evidence blob, the chain and the records, with progress and cancel,
 * then a plain result — "全部 N 件证据完好", or each problem with what to do about it.
 */
export default function VerifySection() {
  const { t } = useTranslation(['contacts', 'enums']);
  const { t: tc } = useTranslation();
  const { message } = App.useApp();
  const [state, setState] = useState<State>({ phase: 'idle' });
  // The job the latest run belongs to: progress from an older, cancelled run is ignored.
  const current = useRef<string | null>(null);

  const start = async () => {
    const jobId = newJobId();
    current.current = jobId;
    setState({ phase: 'running', jobId, progress: null, cancelling: false });
    const channel = progressChannel<JobProgress>((progress) => {
      if (current.current !== jobId) return;
      setState((s) => (s.phase === 'running' && s.jobId === jobId ? { ...s, progress } : s));
    });
    try {
      const report: Report = await core.verifyVault(jobId, channel);
      if (current.current !== jobId) return;
      setState({ phase: 'done', summary: summariseReport(report) });
    } catch (e) {
      if (current.current !== jobId) return;
      if (e instanceof CoreError && e.is('cancelled')) {
        setState({ phase: 'cancelled' });
      } else {
        setState({ phase: 'failed', message: errorText(e, tc) });
      }
    }
  };

  const cancel = async () => {
    if (state.phase !== 'running') return;
    setState({ ...state, cancelling: true });
    try {
      await core.jobCancel(state.jobId);
    } catch (e) {
      void message.error(errorText(e, tc), 6);
    }
  };

  const running = state.phase === 'running';

  return (
    <Card title={t('verify.title')} data-testid="settings-verify">
      <Typography.Paragraph type="secondary">{t('verify.hint')}</Typography.Paragraph>

      {running ? (
        <Flex vertical gap={8} data-testid="verify-running">
          <Typography.Text>
            {state.progress
              ? t('verify.progress', { done: state.progress.done, total: state.progress.total })
              : t('verify.running')}
          </Typography.Text>
          <Flex gap={12} align="center">
            <Progress
              percent={state.progress ? percent(state.progress.done, state.progress.total) : 0}
              status="active"
              style={{ flex: 1, marginBottom: 0 }}
              data-testid="verify-progress"
            />
            <Button onClick={() => void cancel()} loading={state.cancelling} data-testid="verify-cancel">
              {t('verify.cancel')}
            </Button>
          </Flex>
        </Flex>
      ) : (
        <Button
          icon={<SafetyOutlined />}
          type={state.phase === 'idle' ? 'primary' : 'default'}
          onClick={() => void start()}
          data-testid="verify-start"
        >
          {state.phase === 'idle' ? t('verify.start') : t('verify.again')}
        </Button>
      )}

      {state.phase === 'cancelled' && (
        <Alert type="info" showIcon title={t('verify.cancelled')} style={{ marginTop: 16 }} data-testid="verify-result" data-result="cancelled" />
      )}
      {state.phase === 'failed' && (
        <Alert type="warning" showIcon title={state.message} style={{ marginTop: 16 }} data-testid="verify-result" data-result="error" />
      )}
      {state.phase === 'done' && <VerifyResult summary={state.summary} />}
    </Card>
  );
}

const PROBLEM_STYLE = {
  padding: '8px 12px',
  border: '1px solid rgba(5, 5, 5, 0.06)',
  borderRadius: 6,
  marginBottom: 6,
} as const;

function VerifyResult({ summary }: { summary: VerifySummary }) {
  const { t } = useTranslation(['contacts', 'enums']);
  if (summary.ok) {
    return (
      <Flex gap={10} align="flex-start" style={{ marginTop: 16 }} data-testid="verify-result" data-result="ok">
        <CheckCircleOutlined style={{ color: '#389e0d', fontSize: 20, marginTop: 2 }} />
        <div>
          <Typography.Text strong style={{ display: 'block' }}>
            {t('verify.allGood', { count: summary.evidence })}
          </Typography.Text>
          <Typography.Text type="secondary">{t('verify.allGoodDetail', { events: summary.chainEvents })}</Typography.Text>
        </div>
      </Flex>
    );
  }
  return (
    <div style={{ marginTop: 16 }} data-testid="verify-result" data-result="problems">
      <Flex gap={10} align="center">
        <WarningOutlined style={{ color: '#d46b08', fontSize: 20 }} />
        <Typography.Text strong>{t('verify.problemsTitle', { count: summary.problems.length })}</Typography.Text>
      </Flex>
      <Typography.Paragraph type="secondary" style={{ marginTop: 4 }}>
        {t('verify.checkedSummary', { evidence: summary.evidence, events: summary.chainEvents })}
      </Typography.Paragraph>
      <Typography.Paragraph>{t('verify.problemsLead')}</Typography.Paragraph>
      <ul style={{ listStyle: 'none', margin: 0, padding: 0 }}>
        {summary.problems.map((p, i) => (
          <li key={i} style={PROBLEM_STYLE} data-testid="verify-problem" data-code={p.code}>
            <Flex vertical gap={2}>
              <Typography.Text strong>
                {isKnownProblem(p.code) ? t(`verify.problem.${p.code}`) : p.code}
              </Typography.Text>
              {p.message && <Typography.Text type="secondary">{p.message}</Typography.Text>}
              {p.evidence_id && (
                <Typography.Text type="secondary" copyable={{ text: p.evidence_id }}>
                  {t('verify.evidenceId', { id: p.evidence_id })}
                </Typography.Text>
              )}
              {p.position !== undefined && p.position !== null && (
                <Typography.Text type="secondary">{t('verify.position', { position: p.position })}</Typography.Text>
              )}
              {p.path && <Typography.Text type="secondary">{t('verify.path', { path: p.path })}</Typography.Text>}
            </Flex>
          </li>
        ))}
      </ul>
      <Typography.Title level={5} style={{ marginTop: 16 }}>
        {t('verify.whatToDo')}
      </Typography.Title>
      <ol style={{ paddingInlineStart: 20, marginBottom: 0 }} data-testid="verify-advice">
        <li>{t('verify.doNotTouch')}</li>
        <li>{t('verify.restore')}</li>
        <li>{t('verify.exportIntact')}</li>
      </ol>
    </div>
  );
}
