import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { App as AntApp, ConfigProvider } from 'antd';
import zhCN from 'antd/locale/zh_CN';
import { describe, expect, it } from 'vitest';
import type { Report } from '../../platform';
import i18n from '../../i18n';
import { coreError, CoreFailure, mockCore } from '../../platform/testing';
import type { CoreHandler } from '../../platform/testing';
import VerifySection from '../settings/VerifySection';

const checked = { chain_events: 42, evidence_items: 7, evidence_bytes: 123456, timestamp_batches: 0 };

function renderVerify(handlers: Record<string, CoreHandler>) {
  const mock = mockCore(handlers);
  const user = userEvent.setup({ delay: null });
  render(
    <ConfigProvider locale={zhCN}>
      <AntApp>
        <VerifySection />
      </AntApp>
    </ConfigProvider>,
  );
  return { mock, user };
}

describe('verify the vault', { timeout: 30_000 }, () => {
  it('says plainly that everything is intact', async () => {
    const report: Report = { ok: true, problems: [], checked };
    const { mock, user } = renderVerify({ verify_vault: () => report });
    await user.click(screen.getByTestId('verify-start'));
    const result = await screen.findByTestId('verify-result');
    expect(result).toHaveAttribute('data-result', 'ok');
    expect(result).toHaveTextContent('全部 7 件证据完好');
    expect(result).toHaveTextContent('42 条记录链事件');
    const args = mock.calls.find((c) => c.command === 'verify_vault')?.args;
    expect(typeof args?.jobId).toBe('string');
    expect(screen.getByTestId('verify-start')).toHaveTextContent('再校验一次');
  });

  it('lists each problem with what to do next', async () => {
    const report: Report = {
      ok: false,
      problems: [
        { code: 'evidence_hash_mismatch', evidence_id: 'ev-9', message: 'sha-256 differs' },
        { code: 'chain', position: 12, message: 'link broken at 12' },
        { code: 'brand_new_code', message: 'something else' },
      ],
      checked,
    };
    const { user } = renderVerify({ verify_vault: () => report });
    await user.click(screen.getByTestId('verify-start'));
    const result = await screen.findByTestId('verify-result');
    expect(result).toHaveAttribute('data-result', 'problems');
    expect(result).toHaveTextContent('发现 3 个问题');
    const problems = within(result).getAllByTestId('verify-problem');
    expect(problems.map((p) => p.getAttribute('data-code'))).toEqual([
      'evidence_hash_mismatch',
      'chain',
      'brand_new_code',
    ]);
    expect(problems[0]).toHaveTextContent('证据内容和记录的校验值不一致');
    expect(problems[0]).toHaveTextContent('证据编号：ev-9');
    expect(problems[1]).toHaveTextContent('记录链位置：12');
    expect(problems[2]).toHaveTextContent('brand_new_code');
    expect(problems[2]).toHaveTextContent('something else');
    const advice = within(result).getByTestId('verify-advice');
    expect(advice).toHaveTextContent('不要手动修改');
    expect(advice).toHaveTextContent('从最近一次备份恢复');
    expect(advice).toHaveTextContent('导出证据包');
  });

  it('shows progress while running and cancels on request', async () => {
    let reject: (e: unknown) => void = () => undefined;
    const { mock, user } = renderVerify({
      verify_vault: () =>
        new Promise((_, r) => {
          reject = r;
        }),
      job_cancel: () => {
        reject(coreError('cancelled'));
        return true;
      },
    });
    await user.click(screen.getByTestId('verify-start'));
    expect(await screen.findByTestId('verify-progress')).toBeInTheDocument();
    await user.click(screen.getByTestId('verify-cancel'));
    const result = await screen.findByTestId('verify-result');
    expect(result).toHaveAttribute('data-result', 'cancelled');
    expect(result).toHaveTextContent('已取消校验');
    const started = mock.calls.find((c) => c.command === 'verify_vault')?.args.jobId;
    expect(mock.calls.find((c) => c.command === 'job_cancel')?.args).toEqual({ jobId: started });
  });

  it('explains a failure with the shared error text', async () => {
    const { user } = renderVerify({
      verify_vault: () => {
        throw new CoreFailure('io');
      },
    });
    await user.click(screen.getByTestId('verify-start'));
    await waitFor(() => expect(screen.getByTestId('verify-result')).toHaveAttribute('data-result', 'error'));
    expect(screen.getByTestId('verify-result')).toHaveTextContent(i18n.t('errors.io'));
    // The button is back, for another try.
    expect(screen.getByTestId('verify-start')).toBeEnabled();
  });
});
