import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { App as AntApp } from 'antd';
import { describe, expect, it } from 'vitest';
import type { MediationView, PlanOption } from '../../platform';
import { CoreFailure, mockCore } from '../../platform/testing';
import type { CoreHandler } from '../../platform/testing';
import Mediation from '../case/Mediation';

function baseView(overrides: Partial<MediationView> = {}): MediationView {
  return {
    checks: [],
    red_flags: [],
    warning: null,
    checklist: {
      items: [
        {
          code: 'id_card',
          kinds: ['id'],
          done: true,
          evidence_ids: ['e1'],
          auto_evidence_ids: [],
          unticked: false,
        },
        {
          code: 'loan_contract',
          kinds: ['contract'],
          done: false,
          evidence_ids: [],
          auto_evidence_ids: [],
          unticked: false,
        },
      ],
      missing: ['loan_contract'],
      basis: '人民法院在线调解规则 第8条、第17条 [法规]',
    },
    plan: null,
    agreements: [],
    ...overrides,
  };
}

function plan(months: number, waiver: PlanOption['waiver'], monthly: number, affordable: boolean): PlanOption {
  return {
    months,
    waiver,
    total_fen: monthly * months,
    payments_fen: Array.from({ length: months }, () => monthly),
    monthly_fen: monthly,
    disposable_fen: 149950,
    affordable,
    share_of_disposable_percent: Math.round((monthly / 149950) * 10000) / 100,
    // The core's bands: up to 60 % comfortable, 80 % tight, 100 % strained.
    affordability: !affordable ? 'unaffordable' : monthly * 100 <= 149950 * 60 ? 'comfortable' : monthly * 100 <= 149950 * 80 ? 'tight' : 'strained',
  };
}

const evidence = [
  { id: 'e1', case_id: 'c1', name: '身份证正面.jpg', size: 1, sha256: 'a', media_type: 'image/jpeg', kind: 'identity' },
  { id: 'e2', case_id: 'c1', name: '借款合同.pdf', size: 1, sha256: 'b', media_type: 'application/pdf', kind: 'contract' },
];

function start(handlers: Record<string, CoreHandler> = {}, view = baseView()) {
  const mock = mockCore({
    mediation_view: () => view,
    evidence_list: () => evidence,
    case_rate: () => ({
      report: { annual_rate_percent: null, flows: 0, lines: [], upfront_deduction_fen: null, notes_zh: [], notes_en: [] },
      missing: [],
    }),
    ...handlers,
  });
  const user = userEvent.setup({ delay: null });
  render(
    <AntApp>
      <Mediation caseId="c1" />
    </AntApp>,
  );
  return { mock, user };
}

const callsOf = (mock: { calls: { command: string; args: Record<string, unknown> }[] }, command: string) =>
  mock.calls.filter((c) => c.command === command).map((c) => c.args);

// antd forms in jsdom are slow on a busy machine; these tests type a lot.
describe('调解准备 stepper', { timeout: 120000 }, () => {
  it('shows the red flags and records a check with its flags', async () => {
    const { mock, user } = start(
      { mediation_check_add: (args) => ({ id: 'k1', ...(args.check as object) }) },
      baseView({ red_flags: ['deposit'], warning: 'suspicious' }),
    );
    expect(await screen.findByTestId('mediation-red-flags')).toHaveTextContent('正规调解不收保证金');
    await user.type(screen.getByTestId('mediation-check-add'), '某某金融调解中心');
    await user.click(screen.getByTestId('mediation-flag-qr_payment'));
    await user.type(screen.getByTestId('mediation-check-notice'), 'TJ-2026-001{Enter}');
    await waitFor(() => expect(callsOf(mock, 'mediation_check_add')).toHaveLength(1));
    const args = callsOf(mock, 'mediation_check_add')[0];
    expect(args?.caseId).toBe('c1');
    expect(args?.check).toMatchObject({
      organisation: '某某金融调解中心',
      notice_number: 'TJ-2026-001',
      check: 'hotline_12368',
      result: 'pending',
      red_flags: ['qr_payment'],
      note: null,
    });
    expect((args?.check as { on: string }).on).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it('highlights missing materials and links evidence to an item', async () => {
    const { mock, user } = start({ checklist_link: () => ({ id: 'l1', item: 'loan_contract', evidence_id: 'e2' }) });
    await user.click(await screen.findByTestId('mediation-step-materials'));
    expect(screen.getByTestId('checklist-missing')).toHaveTextContent('还缺 1 项：借款合同或平台截图');
    expect(screen.getByTestId('checklist-item-loan_contract')).toHaveAttribute('data-done', 'false');
    expect(screen.getByTestId('checklist-item-id_card')).toHaveTextContent('身份证正面.jpg');
    expect(screen.getByTestId('checklist-basis')).toHaveTextContent('在线调解规则');

    expect(screen.getByTestId('checklist-link-loan_contract')).toBeDisabled();
    await user.click(within(screen.getByTestId('checklist-item-loan_contract')).getByRole('combobox'));
    await user.click(await screen.findByTitle('借款合同.pdf'));
    await user.click(screen.getByTestId('checklist-link-loan_contract'));
    await waitFor(() => expect(callsOf(mock, 'checklist_link')).toHaveLength(1));
    expect(callsOf(mock, 'checklist_link')[0]).toEqual({ caseId: 'c1', item: 'loan_contract', evidenceId: 'e2' });
    // The view is read again so the tick and the link show.
    await waitFor(() => expect(callsOf(mock, 'mediation_view')).toHaveLength(2));
  });

  it('parses yuan into fen, compares plans side by side and chooses one', async () => {
    const plans = [
      plan(24, 'none', 62500, true),
      plan(12, 'none', 125000, true),
      plan(12, 'interest_penalties_fees', 83334, true),
      plan(6, 'none', 250000, false),
    ];
    const { mock, user } = start({
      plan_propose: () => plans,
      plan_choose: (args) => ({
        id: 'p1',
        input: {},
        option: { months: args.months, waiver: args.waiver, total_fen: 1500000, monthly_fen: 125000, payments_fen: [] },
      }),
    });
    await user.click(await screen.findByTestId('mediation-step-plan'));
    await user.type(screen.getByTestId('plan-income'), '4,500');
    await user.type(screen.getByTestId('plan-expenses'), '３０００.５{Enter}');
    await waitFor(() => expect(callsOf(mock, 'plan_propose')).toHaveLength(1));
    expect(callsOf(mock, 'plan_propose')[0]).toEqual({ caseId: 'c1', incomeFen: 450000, expensesFen: 300050, months: [] });

    expect(await screen.findByTestId('plan-disposable')).toHaveTextContent('¥1,499.50');
    const row = screen.getByTestId('plan-row-12-none');
    expect(row).toHaveTextContent('¥1,250.00');
    expect(row).toHaveTextContent('¥15,000.00');
    // 83 % of what is left after essentials is not "affordable" green: red, with the reason.
    expect(row).toHaveTextContent('很吃力');
    expect(screen.getByTestId('plan-afford-12-none')).toHaveAttribute('data-color', 'red');
    expect(screen.getByTestId('plan-row-24-none')).toHaveTextContent('能承受');
    expect(screen.getByTestId('plan-afford-24-none')).toHaveAttribute('data-color', 'green');
    expect(screen.getByTestId('plan-row-6-none')).toHaveTextContent('无法承受');
    // Smallest ask first, then months.
    const order = screen.getAllByTestId(/^plan-row-/).map((r) => r.dataset.testid);
    expect(order).toEqual(['plan-row-6-none', 'plan-row-12-none', 'plan-row-24-none', 'plan-row-12-interest_penalties_fees']);

    await user.click(screen.getByTestId('plan-choose-12-none'));
    await waitFor(() => expect(callsOf(mock, 'plan_choose')).toHaveLength(1));
    expect(callsOf(mock, 'plan_choose')[0]).toEqual({
      caseId: 'c1',
      incomeFen: 450000,
      expensesFen: 300050,
      months: 12,
      waiver: 'none',
    });
  });

  it('shows items ticked by the kind of evidence and lets the user untick them', async () => {
    const view = baseView();
    const contract = view.checklist.items[1];
    if (!contract) throw new Error('fixture');
    Object.assign(contract, { done: true, auto_evidence_ids: ['e2'] });
    view.checklist.missing = [];
    const { mock, user } = start({ checklist_set_ticked: () => view.checklist }, view);
    await user.click(await screen.findByTestId('mediation-step-materials'));
    expect(await screen.findByTestId('checklist-auto-loan_contract')).toHaveTextContent('借款合同.pdf');
    expect(screen.getByTestId('checklist-item-loan_contract')).toHaveAttribute('data-done', 'true');
    await user.click(screen.getByTestId('checklist-toggle-loan_contract'));
    await waitFor(() => expect(callsOf(mock, 'checklist_set_ticked')).toEqual([{ caseId: 'c1', item: 'loan_contract', ticked: false }]));
  });

  it('says which figure the real rate is missing instead of a bare error', async () => {
    const { user } = start({ case_rate: () => ({ report: null, missing: ['loan_date', 'payments'] }) });
    await user.click(await screen.findByTestId('mediation-step-plan'));
    const missing = await screen.findByTestId('plan-rate-missing');
    expect(missing).toHaveTextContent('还不能计算真实年化利率，缺少');
    expect(screen.getByTestId('plan-rate-missing-loan_date')).toHaveTextContent('借款日期（在“借款信息”里填写）');
    expect(screen.getByTestId('plan-rate-missing-payments')).toBeInTheDocument();
    expect(screen.queryByText(/输入的内容不符合要求/)).not.toBeInTheDocument();
  });

  it('refuses amounts it cannot read, and keeps input when switching steps', async () => {
    const { mock, user } = start();
    await user.click(await screen.findByTestId('mediation-step-plan'));
    await user.type(screen.getByTestId('plan-income'), '4.500,00');
    await user.type(screen.getByTestId('plan-months'), '12 半年');
    await user.click(screen.getByTestId('plan-propose'));
    expect(await screen.findByText(/请填写金额（元）/)).toBeInTheDocument();
    expect(await screen.findByText(/请填写 1 到 120 之间的整数/)).toBeInTheDocument();
    expect(callsOf(mock, 'plan_propose')).toHaveLength(0);

    await user.click(screen.getByTestId('mediation-step-verify'));
    await user.click(screen.getByTestId('mediation-step-plan'));
    expect(screen.getByTestId('plan-income')).toHaveValue('4.500,00');
  });

  it('asks before overwriting documents that already exist', async () => {
    let writes = 0;
    const { mock, user } = start({
      'plugin:dialog|open': () => '/home/li/文书',
      mediation_documents_write: (args) => {
        writes += 1;
        if (!args.overwrite) throw new CoreFailure('output_exists');
        return [
          {
            path: '/home/li/文书/协商还款申请书.pdf',
            title: '协商还款申请书',
            sha256: 'ab'.repeat(32),
            size: 20480,
            pages: 2,
            missing_chars: ['㐀'],
          },
        ];
      },
    });
    await user.click(await screen.findByTestId('mediation-step-documents'));
    await user.click(screen.getByTestId('documents-write'));
    const confirm = await screen.findByTestId('documents-overwrite-confirm');
    expect(screen.getByText(/“\/home\/li\/文书”里已经有这两份文书/)).toBeInTheDocument();
    expect(writes).toBe(1);
    await user.click(confirm);
    await waitFor(() => expect(callsOf(mock, 'mediation_documents_write')).toHaveLength(2));
    expect(callsOf(mock, 'mediation_documents_write')[1]).toEqual({ caseId: 'c1', dir: '/home/li/文书', overwrite: true, firstDue: null, lang: 'zh' });
    const list = await screen.findByTestId('documents-written');
    expect(within(list).getByText('协商还款申请书')).toBeInTheDocument();
    expect(list).toHaveTextContent('2 页');
    expect(list).toHaveTextContent('ab'.repeat(32));
    expect(screen.getByTestId('documents-missing-chars')).toHaveTextContent('㐀');
  });

  it('writes the documents in the chosen language, the schedule dated from the first instalment', async () => {
    const chosen = {
      id: 'q-1',
      input: { principal_fen: 2400000, interest_fen: 0, penalties_fen: 0, fees_fen: 0, monthly_income_fen: 600000, essential_expenses_fen: 400000 },
      option: { months: 24, waiver: 'none' as const, total_fen: 2400000, monthly_fen: 100000, payments_fen: Array<number>(24).fill(100000) },
    };
    const { mock, user } = start(
      {
        'plugin:dialog|open': () => '/home/li/documents',
        mediation_documents_write: () => [],
      },
      { ...baseView(), plan: chosen },
    );
    await user.click(await screen.findByTestId('mediation-step-documents'));
    await user.click(screen.getByText(/^English/));
    const due = screen.getByTestId('documents-first-due');
    const input = due.tagName === 'INPUT' ? due : (due.querySelector('input') as HTMLElement);
    await user.click(input);
    await user.type(input, '2027-01-05{Enter}');
    await user.click(screen.getByTestId('documents-write'));
    await waitFor(() => expect(callsOf(mock, 'mediation_documents_write')).toHaveLength(1));
    expect(callsOf(mock, 'mediation_documents_write')[0]).toEqual({
      caseId: 'c1',
      dir: '/home/li/documents',
      overwrite: false,
      firstDue: '2027-01-05',
      lang: 'en',
    });
  });

  it('keeps what was typed when the agreement has no schedule yet', async () => {
    const { mock, user } = start();
    await user.click(await screen.findByTestId('mediation-step-agreement'));
    await user.type(screen.getByTestId('agreement-total'), '1,000');
    await user.type(screen.getByTestId('agreement-terms'), '免除罚息');
    await user.click(screen.getByTestId('agreement-submit'));
    expect(await screen.findByTestId('agreement-problem')).toHaveTextContent('请至少填写一期还款');
    expect(callsOf(mock, 'agreement_add')).toHaveLength(0);
    expect(screen.getByTestId('agreement-total')).toHaveValue('1,000');
    expect(screen.getByTestId('agreement-terms')).toHaveValue('免除罚息');
    // Generating needs a first due date: without it nothing is called.
    await user.click(screen.getByTestId('agreement-generate'));
    expect(callsOf(mock, 'installments_equal')).toHaveLength(0);
  });

  it('edits the instalment table, sums it against the total and saves it', async () => {
    const { mock, user } = start({ agreement_add: (args) => ({ id: 'a1', ...(args.agreement as object) }) });
    await user.click(await screen.findByTestId('mediation-step-agreement'));
    await user.click(screen.getByTestId('agreement-total'));
    await user.paste('1,000');
    await user.click(screen.getByTestId('installment-add'));
    await user.click(screen.getByTestId('installment-due-0'));
    await user.paste('2026-12-15');
    await user.click(screen.getByTestId('installment-amount-0'));
    await user.paste('600');
    await user.click(screen.getByTestId('installment-add'));
    expect(screen.getByTestId('installment-due-1')).toHaveValue('2026-12-15');
    await user.clear(screen.getByTestId('installment-due-1'));
    await user.click(screen.getByTestId('installment-due-1'));
    await user.paste('2027-01-15');
    await user.click(screen.getByTestId('installment-amount-1'));
    await user.paste('500');
    expect(screen.getByTestId('installment-sum')).toHaveTextContent('各期合计 ¥1,100.00，协议总额 ¥1,000.00');
    await user.click(screen.getByTestId('agreement-submit'));
    expect(await screen.findByTestId('agreement-problem')).toHaveTextContent('差 ¥100.00');
    expect(callsOf(mock, 'agreement_add')).toHaveLength(0);

    const first = screen.getByTestId('installment-amount-0');
    await user.clear(first);
    await user.type(first, '500{Enter}');
    await waitFor(() => expect(callsOf(mock, 'agreement_add')).toHaveLength(1));
    expect(callsOf(mock, 'agreement_add')[0]?.agreement).toMatchObject({
      total: 100000,
      installments: [
        { due: '2026-12-15', amount_fen: 50000 },
        { due: '2027-01-15', amount_fen: 50000 },
      ],
      terms: null,
    });
  });

  it('generates equal instalments from the core', async () => {
    const { mock, user } = start({
      installments_equal: () => [
        { due: '2026-12-15', amount_fen: 50000 },
        { due: '2027-01-15', amount_fen: 50000 },
      ],
    });
    await user.click(await screen.findByTestId('mediation-step-agreement'));
    await user.type(screen.getByTestId('agreement-total'), '1000');
    await user.click(screen.getByTestId('agreement-first-due'));
    await user.type(screen.getByTestId('agreement-first-due'), '2026-12-15{Enter}');
    await user.click(screen.getByTestId('agreement-generate'));
    await waitFor(() => expect(callsOf(mock, 'installments_equal')).toHaveLength(1));
    expect(callsOf(mock, 'installments_equal')[0]).toEqual({ totalFen: 100000, count: 12, firstDue: '2026-12-15' });
    expect(await screen.findByTestId('installment-amount-1')).toHaveValue('500.00');
    expect(screen.getByTestId('installment-sum')).toHaveTextContent('各期合计 ¥1,000.00');
  });

  it('shows the judicial-confirmation deadline and records a payment', async () => {
    const view = baseView({
      agreements: [
        {
          agreement: {
            id: 'a1',
            signed_on: '2026-11-20',
            effective_on: '2026-11-20',
            total_fen: 100000,
            installments: [
              { due: '2026-12-15', amount_fen: 50000 },
              { due: '2027-01-15', amount_fen: 50000 },
            ],
            terms: null,
          },
          payments: [],
          status: { paid_fen: 0, remaining_fen: 100000, next_due: '2026-12-15', next_due_fen: 50000, overdue_installments: 0 },
          judicial_confirmation_due: '2026-12-21',
        },
      ],
    });
    const { mock, user } = start(
      { payment_add: (args) => ({ id: 'p1', agreement_id: 'a1', paid_on: args.paidOn, amount_fen: args.amountFen, note: null, evidence_id: null }) },
      view,
    );
    await user.click(await screen.findByTestId('mediation-step-agreement'));
    expect(screen.getByTestId('agreement-jc')).toHaveTextContent('申请司法确认：最迟 2026-12-21');
    expect(screen.getByTestId('agreement-jc')).toHaveTextContent('民事诉讼法》第205、206条');
    expect(screen.getByTestId('agreement-next-due')).toHaveTextContent('2026-12-15 应还 ¥500.00');
    await user.type(screen.getByTestId('payment-amount'), '500{Enter}');
    await waitFor(() => expect(callsOf(mock, 'payment_add')).toHaveLength(1));
    expect(callsOf(mock, 'payment_add')[0]).toMatchObject({ caseId: 'c1', amountFen: 50000, note: null, evidenceId: null });
  });

  it('offers a retry when the view cannot be read', async () => {
    const { user } = start({
      mediation_view: () => {
        throw new CoreFailure('case_not_found');
      },
    });
    expect(await screen.findByTestId('mediation-load-error')).toBeInTheDocument();
    await user.click(screen.getByTestId('mediation-retry'));
  });
});
