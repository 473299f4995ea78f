import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { App as AntApp } from 'antd';
import { MemoryRouter, Route, Routes } from 'react-router';
import { describe, expect, it, vi } from 'vitest';
import type { Case, CaseOverview, Dashboard as DashboardData } from '../../platform';
import { CoreFailure, mockCore } from '../../platform/testing';
import type { CoreHandler } from '../../platform/testing';
import CasePage from '../CasePage';
import Cases from '../Cases';
import Dashboard from '../Dashboard';

// Full antd forms in jsdom are slow; give them room when the whole suite runs in parallel.
vi.setConfig({ testTimeout: 60_000 });

const sample: Case = {
  id: 'c1',
  title: '某消费金融借款',
  lender: '示例消费金融有限公司',
  platform: '示例App',
  principal_fen: 800000,
  principal: '8000.00',
  overdue_since: null,
  created_at: '2026-11-01T10:00:00+08:00',
  evidence_count: 2,
  stage: 'litigation',
  stage_since: '2026-11-18',
  stage_basis: 'explicit',
  details: { contract_number: 'HT-001' },
};

function overview(over: Partial<CaseOverview> = {}): CaseOverview {
  return { case: sample, stages: [], events: [], deadlines: [], history: [], parties: [], corrections: [], next_steps: [], ...over };
}

function renderAt(path: string, handlers: Record<string, CoreHandler>) {
  const mock = mockCore(handlers);
  const user = userEvent.setup();
  render(
    <AntApp>
      <MemoryRouter initialEntries={[path]}>
        <Routes>
          <Route path="/" element={<Dashboard />} />
          <Route path="/cases" element={<Cases />} />
          <Route path="/cases/:id/:tab?" element={<CasePage />} />
        </Routes>
      </MemoryRouter>
    </AntApp>,
  );
  return { mock, user };
}

describe('新建案卷', () => {
  it('creates a case with the principal in fen and opens it', async () => {
    const { mock, user } = renderAt('/cases', {
      case_list: () => [],
      case_create: ({ newCase }) => ({ ...sample, ...(newCase as object), id: 'c9' }),
      case_overview: () => overview({ case: { ...sample, id: 'c9' } }),
    });
    await user.click(await screen.findByTestId('cases-new'));
    const title = screen.getByTestId('case-form-title');
    expect(title.tagName).toBe('INPUT');
    await user.type(title, '某消费金融借款');
    await user.type(screen.getByTestId('case-form-lender'), '示例消费金融有限公司');
    await user.type(screen.getByTestId('case-form-principal'), '8,000.50{Enter}');
    // The case page loads after the save; slow under a loaded test machine.
    expect(await screen.findByTestId('case-heading', {}, { timeout: 15_000 })).toHaveTextContent('示例消费金融有限公司');
    expect(mock.calls.find((c) => c.command === 'case_create')?.args).toEqual({
      newCase: { title: '某消费金融借款', lender: '示例消费金融有限公司', platform: null, principal: 800050, overdue_since: null, confirm: false },
    });
  });

  it('asks for the required fields and a readable amount, keeping what was typed', async () => {
    const { mock, user } = renderAt('/cases', { case_list: () => [] });
    await user.click(await screen.findByTestId('cases-new'));
    await user.type(screen.getByTestId('case-form-principal'), '1.234');
    await user.click(screen.getByTestId('case-form-submit'));
    expect(await screen.findByText('请写一个案卷名称')).toBeInTheDocument();
    expect(screen.getByText('请写上出借方')).toBeInTheDocument();
    expect(await screen.findByText(/请检查金额/)).toBeInTheDocument();
    expect(screen.getByTestId('case-form-principal')).toHaveValue('1.234');
    expect(mock.calls.map((c) => c.command)).not.toContain('case_create');
  });

  it('says a negative amount is negative, not badly written', async () => {
    const { mock, user } = renderAt('/cases', { case_list: () => [] });
    await user.click(await screen.findByTestId('cases-new'));
    await user.type(screen.getByTestId('case-form-principal'), '-472.50');
    await user.click(screen.getByTestId('case-form-submit'));
    expect(await screen.findByText('金额不能是负数：请填写正数（元），例如 8000')).toBeInTheDocument();
    expect(screen.queryByText(/最多两位小数/)).not.toBeInTheDocument();
    expect(mock.calls.map((c) => c.command)).not.toContain('case_create');
  });

  it('Enter in the date field confirms the date and does not submit the dialog', async () => {
    const { mock, user } = renderAt('/cases', { case_list: () => [] });
    await user.click(await screen.findByTestId('cases-new'));
    await user.type(screen.getByTestId('case-form-title'), '借款');
    const date = screen.getByTestId('case-form-overdue-since');
    await user.click(date);
    await user.type(date, '2026-03-15{Enter}');
    await waitFor(() => expect(date).toHaveValue('2026-03-15'));
    expect(mock.calls.map((c) => c.command)).not.toContain('case_create');
    expect(screen.queryByText('请写上出借方')).not.toBeInTheDocument();
  });

  it('asks before saving an implausible principal and saves only on yes', async () => {
    const { mock, user } = renderAt('/cases', {
      case_list: () => [],
      case_create: ({ newCase }) => {
        const c = newCase as { confirm: boolean };
        if (!c.confirm) throw new CoreFailure('needs_confirmation', 'the principal of 80000000000.00 元 is more than …');
        return { ...sample, id: 'c9' };
      },
      case_overview: () => overview({ case: { ...sample, id: 'c9' } }),
    });
    await user.click(await screen.findByTestId('cases-new'));
    await user.type(screen.getByTestId('case-form-title'), '借款');
    await user.type(screen.getByTestId('case-form-lender'), '某公司');
    await user.type(screen.getByTestId('case-form-principal'), '80000000000{Enter}');
    await user.click(await screen.findByTestId('confirm-amount-ok', {}, { timeout: 15_000 }));
    // The case page loads after the save; slow under a loaded test machine.
    expect(await screen.findByTestId('case-heading', {}, { timeout: 15_000 })).toBeInTheDocument();
    const sent = mock.calls.filter((c) => c.command === 'case_create').map((c) => (c.args.newCase as { confirm: boolean }).confirm);
    expect(sent).toEqual([false, true]);
  });

  it('shows the core error and keeps the input', async () => {
    const { user } = renderAt('/cases', {
      case_list: () => [],
      case_create: () => {
        throw new CoreFailure('vault_busy');
      },
    });
    await user.click(await screen.findByTestId('cases-new'));
    await user.type(screen.getByTestId('case-form-title'), '借款');
    await user.type(screen.getByTestId('case-form-lender'), '某公司{Enter}');
    expect(await screen.findByTestId('case-form-error')).toBeInTheDocument();
    expect(screen.getByTestId('case-form-title')).toHaveValue('借款');
  });
});

describe('总览', () => {
  it('shows a guide and a button when there is no debt yet', async () => {
    renderAt('/', {
      dashboard: (): DashboardData => ({
        today: '2026-12-02',
        cases: [],
        totals: { cases: 0, outstanding_fen: 0, violations: 0, evidence: 0 },
        next_30_days: [],
      }),
      case_list: () => [],
    });
    expect(await screen.findByTestId('dashboard-empty')).toHaveTextContent('先添加第一笔债务');
    expect(screen.getByTestId('dashboard-new')).toBeInTheDocument();
  });

  it('shows cards with the next deadline in its tone', async () => {
    renderAt('/', {
      dashboard: (): DashboardData => ({
        today: '2026-12-02',
        cases: [
          {
            id: 'c1',
            title: '某消费金融借款',
            lender: '示例消费金融有限公司',
            stage: 'litigation',
            outstanding_fen: 1234567,
            outstanding_source: 'claimed',
            next_deadline: { kind: 'defence', due: '2026-12-04', days_left: 2 },
            violation_count: 3,
            evidence_count: 2,
          },
        ],
        totals: { cases: 1, outstanding_fen: 1234567, violations: 3, evidence: 2 },
        next_30_days: [],
      }),
      case_list: () => [sample],
    });
    const card = await screen.findByTestId('dashboard-case-c1');
    expect(card).toHaveTextContent('示例App');
    expect(card).toHaveTextContent('¥12,345.67');
    expect(card).toHaveTextContent('答辩期');
    expect(within(card).getByTestId('dashboard-case-days-c1')).toHaveStyle({ color: '#c2453b' });
    expect(screen.getByTestId('dashboard-stage-litigation')).toHaveTextContent('诉讼');
    // The user's own name is the title, the lender beneath; a claimed amount is labelled as such.
    expect(within(card).getByTestId('dashboard-case-title-c1')).toHaveTextContent('某消费金融借款');
    expect(within(card).getByTestId('dashboard-case-lender-c1')).toHaveTextContent('示例消费金融有限公司');
    expect(within(card).getByTestId('dashboard-case-outstanding-label-c1')).toHaveTextContent('对方主张');
  });

  it('shows a case in the stepper only when it has a stage, as the tag does', async () => {
    renderAt('/cases/c1', {
      case_overview: () => overview({ case: { ...sample, stage: null, stage_since: null, stage_basis: null } }),
    });
    const card = await screen.findByTestId('case-stage-card');
    expect(card.querySelector('.ant-steps-item-process, .ant-steps-item-active')).toBeNull();
  });
});

describe('a case', () => {
  it('words the next step with its date and offers the quick actions', async () => {
    renderAt('/cases/c1', {
      case_overview: () => overview({ next_steps: [{ code: 'answer_complaint', due: '2026-12-03' }] }),
    });
    expect(await screen.findByTestId('next-step-answer_complaint')).toHaveTextContent('在 2026-12-03 前提交答辩状');
    expect(screen.getByTestId('case-contract')).toHaveTextContent('HT-001');
    expect(screen.getByTestId('quick-contact')).toBeInTheDocument();
    expect(screen.getByTestId('quick-evidence')).toBeInTheDocument();
  });

  it('edits the figures sending only what changed', async () => {
    let current = sample;
    const { mock, user } = renderAt('/cases/c1', {
      case_overview: () => overview({ case: current }),
      case_edit: () => {
        current = { ...sample, principal_fen: 900000, details: {} };
        return current;
      },
    });
    await user.click(await screen.findByTestId('figures-edit'));
    const principal = screen.getByTestId('figures-principal');
    expect(principal).toHaveValue('8,000.00');
    await user.clear(principal);
    await user.type(principal, '9000');
    await user.clear(screen.getByTestId('figures-contract_number'));
    await user.click(screen.getByTestId('figures-submit'));
    await waitFor(() => expect(screen.getByTestId('figures-principal-value')).toHaveTextContent('¥9,000.00'));
    expect(mock.calls.find((c) => c.command === 'case_edit')?.args).toEqual({
      caseId: 'c1',
      edit: { principal: 900000, contract_number: null, confirm: false },
    });
  });

  it('lists the case deadlines with their basis and due date', async () => {
    renderAt('/cases/c1/deadlines', {
      case_overview: () =>
        overview({
          deadlines: [
            {
              case_id: 'c1',
              case_title: sample.title,
              kind: 'defence',
              due: '2026-12-03',
              basis: '民事诉讼法 第171条',
              basis_kind: 'law',
              counts_from: { event_id: 'e1', kind: 'complaint_served', on: '2026-11-18' },
              nominal_end: '2026-12-03',
              shifted_for_rest_day: false,
              passed: false,
              days_left: 5,
              calendar_known: false,
              note: 'hearing',
              period_from_notice: false,
            },
          ],
        }),
    });
    expect(await screen.findByTestId('deadline-due-defence')).toHaveTextContent('2026-12-03');
    const row = screen.getByTestId('deadline-row-defence');
    expect(row).toHaveTextContent('民事诉讼法 第171条');
    expect(row).toHaveTextContent('法律');
    expect(row).toHaveTextContent('收到起诉状副本');
    expect(row).toHaveTextContent('请按传票上的时间到庭');
    expect(row).toHaveTextContent('节假日数据');
  });
});

describe('记录法律事件', () => {
  it('records a served complaint typed as a date and names the deadline it started', async () => {
    let events: CaseOverview['events'] = [];
    const defence = {
      case_id: 'c1',
      case_title: sample.title,
      kind: 'defence' as const,
      due: '2026-12-03',
      basis: '民事诉讼法 第171条',
      basis_kind: 'law' as const,
      counts_from: { event_id: 'e1', kind: 'complaint_served' as const, on: '2026-11-18' },
      nominal_end: '2026-12-03',
      shifted_for_rest_day: false,
      passed: false,
      days_left: 4,
      calendar_known: true,
      note: null,
      period_from_notice: false,
    };
    const { mock, user } = renderAt('/cases/c1', {
      case_overview: () => overview({ events, deadlines: events.length ? [defence] : [] }),
      event_add: ({ kind, on }) => {
        events = [{ id: 'e1', kind: kind as 'complaint_served', on: on as string, note: null }];
        return events[0];
      },
      deadlines: () => [defence],
    });
    await user.click(await screen.findByTestId('event-kind'));
    await user.click(await screen.findByTestId('event-kind-option-complaint_served'));
    const date = screen.getByTestId('event-date');
    expect(date.tagName).toBe('INPUT');
    await user.type(date, '2026-11-18{Enter}');
    await user.click(screen.getByTestId('event-submit'));
    expect(await screen.findByText('已记录。答辩期届满：2026-12-03（还有 4 天）')).toBeInTheDocument();
    expect(mock.calls.find((c) => c.command === 'event_add')?.args).toEqual({
      caseId: 'c1',
      kind: 'complaint_served',
      on: '2026-11-18',
      note: null,
      periodDays: null,
    });
    expect(await screen.findByTestId('timeline-event')).toHaveTextContent('收到起诉状副本');
  });

  it('takes the answer period from the court notice for a served complaint only', async () => {
    const { mock, user } = renderAt('/cases/c1', {
      case_overview: () => overview({}),
      event_add: ({ kind, on }) => ({ id: 'e1', kind: kind as 'complaint_served', on: on as string, note: null }),
      deadlines: () => [],
    });
    await user.click(await screen.findByTestId('event-kind'));
    await user.click(await screen.findByTestId('event-kind-option-judgment_served'));
    expect(screen.queryByTestId('event-period-days')).not.toBeInTheDocument();
    await user.click(screen.getByTestId('event-kind'));
    await user.click(await screen.findByTestId('event-kind-option-complaint_served'));
    expect(screen.getByText(/以法院通知为准/)).toBeInTheDocument();
    await user.type(screen.getByTestId('event-period-days'), '7');
    await user.type(screen.getByTestId('event-date'), '2026-11-18{Enter}');
    await user.click(screen.getByTestId('event-submit'));
    await waitFor(() =>
      expect(mock.calls.find((c) => c.command === 'event_add')?.args).toEqual({
        caseId: 'c1',
        kind: 'complaint_served',
        on: '2026-11-18',
        note: null,
        periodDays: 7,
      }),
    );
  });
});
