import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { App as AntApp, ConfigProvider } from 'antd';
import zhCN from 'antd/locale/zh_CN';
import { describe, expect, it } from 'vitest';
import type { LoanFlow } from '../../platform';
import { CoreFailure, mockCore } from '../../platform/testing';
import FlowsCard from './FlowsCard';

describe('借还款流水', { timeout: 90_000 }, () => {
  it('lists the loan payments, adds one in 分, and offers 更正 and 撤回 on each', async () => {
    const confirms: unknown[] = [];
    const flows: LoanFlow[] = [{ id: 'f-1', on: '2026-02-01', amount_fen: 110000, scheduled: false, note: null }];
    const mock = mockCore({
      flow_list: () => flows,
      flow_add: (args) => {
        confirms.push(args.confirm);
        if (!args.confirm) throw new CoreFailure('needs_confirmation');
        const f: LoanFlow = {
          id: 'f-2',
          on: args.on as string,
          amount_fen: args.amountFen as number,
          scheduled: args.scheduled as boolean,
          note: args.note as string | null,
        };
        flows.push(f);
        return f;
      },
    });
    const user = userEvent.setup({ delay: null });
    render(
      <ConfigProvider locale={zhCN}>
        <AntApp>
          <FlowsCard caseId="c1" />
        </AntApp>
      </ConfigProvider>,
    );
    const row = await screen.findByTestId('flow-row-f-1');
    expect(row).toHaveTextContent('¥1,100.00');
    expect(within(row).getByTestId('correct-f-1')).toBeInTheDocument();
    expect(within(row).getByTestId('withdraw-f-1')).toBeInTheDocument();

    await user.type(screen.getByTestId('flow-on'), '2026-03-01{Enter}');
    await user.click(screen.getByTestId('flow-amount'));
    await user.paste('1,100.50');
    await user.click(screen.getByTestId('flow-submit'));
    // The core doubts the amount: the user is asked, and only a yes saves it.
    await user.click(await screen.findByTestId('confirm-amount-ok'));
    await waitFor(() => expect(confirms).toEqual([false, true]));
    expect(mock.calls.filter((c) => c.command === 'flow_add').at(-1)?.args).toEqual({
      caseId: 'c1',
      on: '2026-03-01',
      amountFen: 110050,
      scheduled: false,
      note: null,
      confirm: true,
    });
    expect(await screen.findByTestId('flow-row-f-2')).toHaveTextContent('¥1,100.50');
  });
});
