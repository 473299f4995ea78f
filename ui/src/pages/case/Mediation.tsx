import { Alert, Button, Spin, Steps } from 'antd';
import type { StepsProps } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { core, errorText } from '../../platform';
import type { Evidence, MediationView } from '../../platform';
import AgreementStep from '../mediation/AgreementStep';
import DocumentsStep from '../mediation/DocumentsStep';
import MaterialsStep from '../mediation/MaterialsStep';
import PlanStep from '../mediation/PlanStep';
import VerifyStep from '../mediation/VerifyStep';

const STEPS = ['verify', 'materials', 'plan', 'documents', 'agreement'] as const;
type StepKey = (typeof STEPS)[number];

/**
 * 调解准备 — a stepper: verify the centre → materials → repayment plan → documents → agreement.
 * Every step stays mounted (only hidden), so what a person typed survives switching steps.
 */
export default function Mediation({ caseId }: { caseId: string }) {
  const { t } = useTranslation(['mediation', 'enums']);
  const { t: tt } = useTranslation();
  const [view, setView] = useState<MediationView | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [evidence, setEvidence] = useState<Evidence[]>([]);
  const [evidenceError, setEvidenceError] = useState<string | null>(null);
  const [current, setCurrent] = useState(0);

  const reload = useCallback(async () => {
    try {
      setView(await core.mediationView(caseId));
      setLoadError(null);
    } catch (e) {
      setLoadError(errorText(e, tt));
    }
  }, [caseId, tt]);

  const loadEvidence = useCallback(async () => {
    try {
      setEvidence(await core.evidenceList(caseId));
      setEvidenceError(null);
    } catch (e) {
      setEvidenceError(errorText(e, tt));
    }
  }, [caseId, tt]);

  useEffect(() => {
    // Data is fetched on mount; state changes happen after the awaits.
    // eslint-disable-next-line react-hooks/set-state-in-effect
    void reload();
    void loadEvidence();
  }, [reload, loadEvidence]);

  if (view === null) {
    return (
      <div data-testid="case-tab-mediation" data-case-id={caseId}>
        {loadError ? (
          <Alert
            type="error"
            showIcon
            title={t('loadFailed')}
            description={loadError}
            action={
              <Button onClick={() => void reload()} data-testid="mediation-retry">
                {t('retry')}
              </Button>
            }
            data-testid="mediation-load-error"
          />
        ) : (
          <Spin description={t('loading')}>
            <div style={{ minHeight: 120 }} />
          </Spin>
        )}
      </div>
    );
  }

  const status = (key: StepKey): StepsProps['status'] | undefined => {
    switch (key) {
      case 'verify':
        if (view.red_flags.length > 0) return 'error';
        return view.checks.length > 0 ? 'finish' : undefined;
      case 'materials':
        return view.checklist.missing.length === 0 ? 'finish' : undefined;
      case 'plan':
        return view.plan ? 'finish' : undefined;
      case 'agreement':
        return view.agreements.length > 0 ? 'finish' : undefined;
      default:
        return undefined;
    }
  };

  const panels: Record<StepKey, React.ReactNode> = {
    verify: <VerifyStep caseId={caseId} view={view} reload={reload} />,
    materials: (
      <MaterialsStep caseId={caseId} view={view} reload={reload} evidence={evidence} evidenceError={evidenceError} />
    ),
    plan: <PlanStep caseId={caseId} view={view} reload={reload} />,
    documents: <DocumentsStep caseId={caseId} view={view} />,
    agreement: <AgreementStep caseId={caseId} view={view} reload={reload} evidence={evidence} />,
  };

  return (
    <div data-testid="case-tab-mediation" data-case-id={caseId}>
      {loadError && <Alert type="error" showIcon title={loadError} style={{ marginBottom: 12 }} />}
      <Steps
        current={current}
        onChange={setCurrent}
        size="small"
        style={{ marginBottom: 24 }}
        items={STEPS.map((key, index) => ({
          title: <span data-testid={`mediation-step-${key}`}>{t(`steps.${key}`)}</span>,
          content: t(`steps.${key}Hint`),
          // The current step shows as current even when done; the others show their progress.
          status: index === current ? (status(key) === 'error' ? 'error' : 'process') : (status(key) ?? 'wait'),
        }))}
      />
      {STEPS.map((key, index) => (
        <div key={key} hidden={index !== current} data-testid={`mediation-panel-${key}`}>
          {panels[key]}
        </div>
      ))}
    </div>
  );
}
