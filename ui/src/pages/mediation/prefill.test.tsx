import { render, screen, within } from '@testing-library/react';
import { App as AntApp, ConfigProvider } from 'antd';
import zhCN from 'antd/locale/zh_CN';
import { MemoryRouter } from 'react-router';
import { describe, expect, it } from 'vitest';
import type { CaseDeadline, MediationView, PlanChoice } from '../../platform';
import { mockCore } from '../../platform/testing';
import DeadlineTable from '../cases/DeadlineTable';
import AgreementStep from './AgreementStep';
import DocumentsStep from './DocumentsStep';

const PLAN: PlanChoice = {
  id: 'pc1',
  input: {
    principal_fen: 1_000_000,
    interest_fen: 200_000,
    penalties_fen: 50_000,
    fees_fen: 0,
    monthly_income_fen: 450_000,
    essential_expenses_fen: 300_000,
  },
  option: { months: 12, waiver: 'penalties_and_fees', total_fen: 1_200_000, monthly_fen: 100_000, payments_fen: Array(12).fill(100_000) as number[] },
};

function view(plan: PlanChoice | null): MediationView {
  return {
    checks: [],
    red_flags: [],
    warning: null,
    checklist: { items: [], missing: [], basis: '' },
    plan,
    agreements: [],
  };
}

function wrap(node: React.ReactNode) {
  return render(
    <ConfigProvider locale={zhCN}>
      <AntApp>
        <MemoryRouter>{node}</MemoryRouter>
      </AntApp>
    </ConfigProvider>,
  );
}

describe('filled in from what the user already entered', { timeout: 60_000 }, () => {
  it('记录协议 starts from the chosen plan: total and number of instalments', () => {
    mockCore({});
    wrap(<AgreementStep caseId="c1" view={view(PLAN)} reload={() => Promise.resolve()} evidence={[]} />);
    expect(screen.getByTestId('agreement-total')).toHaveValue('12000.00');
    expect(screen.getByTestId('agreement-count')).toHaveValue('12');
    expect(screen.getByTestId('agreement-from-plan')).toHaveTextContent('共 ¥12,000.00，分 12 期');
  });

  it('记录协议 without a plan starts empty', () => {
    mockCore({});
    wrap(<AgreementStep caseId="c1" view={view(null)} reload={() => Promise.resolve()} evidence={[]} />);
    expect(screen.getByTestId('agreement-total')).toHaveValue('');
    expect(screen.queryByTestId('agreement-from-plan')).not.toBeInTheDocument();
  });

  it('the documents say whose name they carry and link to where the missing details are entered', async () => {
    mockCore({ profile_get: () => ({ name: '李四', id_number: '11010519491231002X', phone: null, address: null }) });
    wrap(<DocumentsStep caseId="c1" view={view(PLAN)} />);
    const note = await screen.findByTestId('profile-note');
    // The ID number is shown masked on screen.
    expect(note).toHaveTextContent('将以 李四（身份证号 1101**********002X）的名义填写');
    expect(note).toHaveTextContent('留空的项目：联系电话');
    expect(within(note).getByTestId('profile-note-link')).toHaveAttribute('href', '/settings');
  });
});

const HEARING: CaseDeadline = {
  case_id: 'c1',
  case_title: '某消费金融借款',
  kind: 'hearing',
  due: '2026-12-10',
  basis: '民事诉讼法 第139条',
  basis_kind: 'law',
  counts_from: { event_id: 'ev1', kind: 'hearing_scheduled', on: '2026-12-10' },
  nominal_end: '2026-12-10',
  shifted_for_rest_day: false,
  passed: false,
  days_left: 5,
  calendar_known: true,
  note: 'hearing',
  period_from_notice: false,
};

describe('the 期限 table', { timeout: 60_000 }, () => {
  it('shows a hearing as 开庭日期, a date to attend, not a deadline', () => {
    wrap(<DeadlineTable deadlines={[HEARING]} showCase />);
    const row = screen.getByTestId('deadline-row-hearing');
    expect(row).toHaveAttribute('data-appointment', 'true');
    expect(within(row).getByTestId('deadline-kind-hearing')).toHaveTextContent('开庭日期');
    expect(within(row).getByTestId('deadline-appointment-hearing')).toHaveTextContent('日期');
    expect(within(row).getByTestId('deadline-left-hearing')).toHaveTextContent('还有 5 天开庭');
    expect(row).not.toHaveTextContent('期限届满');
  });
});
