import { App, Alert, Button, Card, Descriptions, Form, Input, Space, Table, Tag, Tooltip, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useInRouterContext } from 'react-router';
import { formatFen } from '../../lib/format';
import { core, errorText } from '../../platform';
import type { Affordability, MediationView, PlanOption, RateFigure, RateReport, Waiver } from '../../platform';
import { fenToPlainYuan, parseAmountFen, parseMonthsList, planKey, sortPlans } from './helpers';

interface PlanForm {
  income: string;
  expenses: string;
  months: string;
}

interface Proposal {
  incomeFen: number;
  expensesFen: number;
  plans: PlanOption[];
}

const AFFORDABILITY_COLOR: Record<Affordability, string> = {
  comfortable: 'green',
  tight: 'gold',
  strained: 'red',
  unaffordable: 'red',
};

/** Step 3: income and expenses → plans side by side → choose one; the real annual rate as context. */
export default function PlanStep({ caseId, view, reload }: { caseId: string; view: MediationView; reload: () => Promise<void> }) {
  const { t, i18n } = useTranslation(['mediation', 'enums']);
  const { t: tt } = useTranslation();
  const { message } = App.useApp();
  const english = i18n.language === 'en';
  const routed = useInRouterContext();
  const [busy, setBusy] = useState(false);
  const [choosing, setChoosing] = useState<string | null>(null);
  const [proposal, setProposal] = useState<Proposal | null>(null);
  const [rate, setRate] = useState<RateReport | null>(null);
  const [rateError, setRateError] = useState<string | null>(null);
  const [rateMissing, setRateMissing] = useState<RateFigure[]>([]);

  useEffect(() => {
    let live = true;
    // The rate, or exactly which figures are missing for it and where they are entered.
    core.caseRate(caseId).then(
      (r) => {
        if (!live) return;
        setRate(r.report);
        setRateMissing(r.missing);
      },
      (e: unknown) => live && setRateError(errorText(e, tt)),
    );
    return () => {
      live = false;
    };
  }, [caseId, tt]);

  const waiverLabel = (w: Waiver) => t(`enums:waiver.${w}`);
  const chosen = view.plan;
  const chosenKey = chosen ? planKey(chosen.option.months, chosen.option.waiver) : null;

  const propose = async (values: PlanForm) => {
    const incomeFen = parseAmountFen(values.income);
    const expensesFen = parseAmountFen(values.expenses);
    const months = parseMonthsList(values.months ?? '');
    if (incomeFen === null || expensesFen === null || months === null) return;
    setBusy(true);
    try {
      const plans = await core.planPropose(caseId, incomeFen, expensesFen, months);
      setProposal({ incomeFen, expensesFen, plans: sortPlans(plans) });
    } catch (e) {
      void message.error(errorText(e, tt), 6);
    } finally {
      setBusy(false);
    }
  };

  const choose = async (p: PlanOption) => {
    if (!proposal) return;
    const key = planKey(p.months, p.waiver);
    setChoosing(key);
    try {
      const choice = await core.planChoose(caseId, proposal.incomeFen, proposal.expensesFen, p.months, p.waiver);
      void message.success(
        t('plan.chosenOk', {
          waiver: waiverLabel(choice.option.waiver),
          months: choice.option.months,
          monthly: formatFen(choice.option.monthly_fen),
        }),
      );
      await reload();
    } catch (e) {
      void message.error(errorText(e, tt), 6);
    } finally {
      setChoosing(null);
    }
  };

  const amountRule = {
    validator: (_: unknown, value: string | undefined) =>
      parseAmountFen(value ?? '') === null ? Promise.reject(new Error(t('plan.amountInvalid'))) : Promise.resolve(),
  };
  const disposable = proposal?.plans[0]?.disposable_fen ?? (proposal ? proposal.incomeFen - proposal.expensesFen : null);

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }} data-testid="mediation-plan">
      <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
        {t('plan.intro')}
      </Typography.Paragraph>
      <Card size="small" title={t('plan.chosenTitle')} data-testid="plan-chosen">
        {chosen ? (
          <>
            <Typography.Text strong>
              {t('plan.chosenLine', {
                waiver: waiverLabel(chosen.option.waiver),
                months: chosen.option.months,
                monthly: formatFen(chosen.option.monthly_fen),
                total: formatFen(chosen.option.total_fen),
              })}
            </Typography.Text>
            <br />
            <Typography.Text type="secondary">
              {t('plan.chosenInput', {
                income: formatFen(chosen.input.monthly_income_fen),
                expenses: formatFen(chosen.input.essential_expenses_fen),
              })}
            </Typography.Text>
          </>
        ) : (
          <Typography.Text type="secondary">{t('plan.noChosen')}</Typography.Text>
        )}
      </Card>
      <Card size="small">
        <Form<PlanForm>
          layout="vertical"
          requiredMark={false}
          // A plan chosen earlier brings back the figures it was computed from.
          initialValues={{
            income: chosen ? fenToPlainYuan(chosen.input.monthly_income_fen) : '',
            expenses: chosen ? fenToPlainYuan(chosen.input.essential_expenses_fen) : '',
            months: '',
          }}
          onFinish={(v) => void propose(v)}
        >
          <Space wrap align="start" size="middle">
            <Form.Item name="income" label={t('plan.income')} rules={[amountRule]}>
              <Input
                placeholder={t('plan.amountPlaceholder')}
                suffix={t('plan.yuan')}
                inputMode="decimal"
                style={{ width: 200 }}
                data-testid="plan-income"
              />
            </Form.Item>
            <Form.Item name="expenses" label={t('plan.expenses')} rules={[amountRule]}>
              <Input
                placeholder={t('plan.amountPlaceholder')}
                suffix={t('plan.yuan')}
                inputMode="decimal"
                style={{ width: 200 }}
                data-testid="plan-expenses"
              />
            </Form.Item>
            <Form.Item
              name="months"
              label={t('plan.months')}
              rules={[
                {
                  validator: (_: unknown, value: string | undefined) =>
                    parseMonthsList(value ?? '') === null
                      ? Promise.reject(new Error(t('plan.monthsInvalid')))
                      : Promise.resolve(),
                },
              ]}
            >
              <Input placeholder={t('plan.monthsPlaceholder')} style={{ width: 320 }} data-testid="plan-months" />
            </Form.Item>
          </Space>
          <Button type="primary" htmlType="submit" loading={busy} data-testid="plan-propose">
            {t('plan.propose')}
          </Button>
        </Form>
      </Card>
      <Card size="small" title={t('plan.resultsTitle')}>
        {proposal === null ? (
          <Typography.Text type="secondary">{t('plan.noPlans')}</Typography.Text>
        ) : (
          <Space orientation="vertical" style={{ width: '100%' }}>
            {disposable !== null &&
              (disposable > 0 ? (
                <Typography.Text strong data-testid="plan-disposable">
                  {t('plan.disposable', { amount: formatFen(disposable) })}
                </Typography.Text>
              ) : (
                <Alert
                  type="warning"
                  showIcon
                  title={t('plan.disposableNegative', { amount: formatFen(-disposable) })}
                  data-testid="plan-disposable"
                />
              ))}
            <Table<PlanOption>
              size="small"
              pagination={false}
              scroll={{ x: true }}
              rowKey={(p) => planKey(p.months, p.waiver)}
              dataSource={proposal.plans}
              data-testid="plan-table"
              onRow={(p) => ({ 'data-testid': `plan-row-${planKey(p.months, p.waiver)}` }) as React.HTMLAttributes<HTMLElement>}
              columns={[
                { title: t('plan.columns.waiver'), render: (_, p) => waiverLabel(p.waiver) },
                {
                  title: t('plan.columns.months'),
                  onCell: () => ({ style: { whiteSpace: 'nowrap' } }),
                  render: (_, p) => t('plan.monthsValue', { count: p.months }),
                },
                {
                  title: t('plan.columns.monthly'),
                  align: 'right',
                  render: (_, p) => <Typography.Text strong>{formatFen(p.monthly_fen)}</Typography.Text>,
                },
                { title: t('plan.columns.total'), align: 'right', render: (_, p) => formatFen(p.total_fen) },
                {
                  title: t('plan.columns.share'),
                  align: 'right',
                  render: (_, p) => (p.share_of_disposable_percent === null ? '—' : `${p.share_of_disposable_percent.toFixed(2)}%`),
                },
                {
                  title: t('plan.columns.affordable'),
                  onCell: () => ({ style: { whiteSpace: 'nowrap' } }),
                  // Green up to 60 % of disposable income, amber to 80 %, red above, with the reason.
                  render: (_, p) => (
                    <Tooltip title={t(`enums:affordability.${p.affordability}`)}>
                      <Tag
                        color={AFFORDABILITY_COLOR[p.affordability]}
                        data-color={AFFORDABILITY_COLOR[p.affordability]}
                        data-testid={`plan-afford-${planKey(p.months, p.waiver)}`}>
                        {t(`plan.affordability.${p.affordability}`)}
                      </Tag>
                    </Tooltip>
                  ),
                },
                {
                  key: 'action',
                  onCell: () => ({ style: { whiteSpace: 'nowrap' } }),
                  render: (_, p) => {
                    const key = planKey(p.months, p.waiver);
                    return key === chosenKey ? (
                      <Tag color="blue">{t('plan.chosenTag')}</Tag>
                    ) : (
                      <Button
                        size="small"
                        type={p.affordability === 'comfortable' ? 'primary' : 'default'}
                        loading={choosing === key}
                        onClick={() => void choose(p)}
                        data-testid={`plan-choose-${key}`}
                      >
                        {t('plan.choose')}
                      </Button>
                    );
                  },
                },
              ]}
            />
          </Space>
        )}
      </Card>
      <Card size="small" title={t('plan.rateTitle')} data-testid="plan-rate">
        {rateError && <Typography.Text type="secondary">{t('plan.rateLoadFailed') + rateError}</Typography.Text>}
        {rateMissing.length > 0 && (
          <Space orientation="vertical" size={4} data-testid="plan-rate-missing">
            <Typography.Text>{t('plan.rateMissing')}</Typography.Text>
            <ul style={{ margin: 0, paddingInlineStart: 20 }}>
              {rateMissing.map((f) => (
                <li key={f} data-testid={`plan-rate-missing-${f}`}>
                  {t(`enums:rateFigure.${f}`)}
                </li>
              ))}
            </ul>
            {/* The loan figures and flows are entered on the case's 概览 tab. */}
            {routed && (
              <Link to={`/cases/${encodeURIComponent(caseId)}/overview`} data-testid="plan-rate-missing-link">
                {t('plan.rateMissingLink')}
              </Link>
            )}
          </Space>
        )}
        {rate && (
          <Space orientation="vertical" style={{ width: '100%' }}>
            <Typography.Text strong>
              {rate.annual_rate_percent === null
                ? t('plan.rateUnknown')
                : t('plan.rateValue', { rate: rate.annual_rate_percent.toFixed(2) })}
            </Typography.Text>
            {rate.upfront_deduction_fen !== null && rate.upfront_deduction_fen > 0 && (
              <Typography.Text>{t('plan.rateUpfront', { amount: formatFen(rate.upfront_deduction_fen) })}</Typography.Text>
            )}
            <Descriptions size="small" column={1} bordered>
              {rate.lines.map((line) => (
                <Descriptions.Item
                  key={line.code}
                  label={
                    <Space orientation="vertical" size={0}>
                      <span>
                        {t(`enums:rateLine.${line.code}`)}
                        {line.lpr && ` · LPR ${(line.lpr.basis_points / 100).toFixed(2)}% (${line.lpr.from})`}
                        {line.limit_percent !== null && ` (${line.limit_percent.toFixed(2)}%)`}
                      </span>
                      <Tag>{t(`enums:lineStatus.${line.status}`)}</Tag>
                    </Space>
                  }
                >
                  <Space orientation="vertical" size={0}>
                    {!line.applies ? (
                      <Tag>{t('plan.rateNotApplies')}</Tag>
                    ) : line.exceeded ? (
                      <Tag color="red">{t('plan.rateExceeded')}</Tag>
                    ) : (
                      <Tag color="green">{t('plan.rateWithin')}</Tag>
                    )}
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {line.basis}
                    </Typography.Text>
                  </Space>
                </Descriptions.Item>
              ))}
            </Descriptions>
            {(english ? rate.notes_en : rate.notes_zh).map((note) => (
              <Typography.Text key={note} type="secondary">
                {note}
              </Typography.Text>
            ))}
          </Space>
        )}
      </Card>
    </Space>
  );
}
