import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { App as AntApp } from 'antd';
import { describe, expect, it } from 'vitest';
import type { KnownService, TimestampStatus, TsaTestResult } from '../../platform';
import { mockCore } from '../../platform/testing';
import type { CoreHandler } from '../../platform/testing';
import { looksLikeServiceUrl } from './timestamp';
import TimestampSection from './TimestampSection';

const services: KnownService[] = [
  { code: 'freetsa', name: 'FreeTSA', url: 'https://freetsa.org/tsr', tested: false, root_published_at: 'https://freetsa.org/files/cacert.pem' },
  { code: 'open_tsa', name: 'Open TSA', url: 'https://tsr.open-tsa.eu', tested: false, root_published_at: null },
];

const fresh: TimestampStatus = {
  enabled: false,
  auto: false,
  tsa_url: null,
  roots: [],
  pending_items: 3,
  chain_head_pending: true,
  batches: 0,
  last_attempt: null,
  last_success: null,
  last_error: null,
};

function renderSection(handlers: Record<string, CoreHandler>) {
  const mock = mockCore({ timestamp_services: () => services, timestamp_status: () => fresh, ...handlers });
  const user = userEvent.setup({ delay: null });
  render(
    <AntApp>
      <TimestampSection />
    </AntApp>,
  );
  return { mock, user };
}

describe('settings → trusted timestamps', { timeout: 30_000 }, () => {
  it('explains what leaves the computer before the first request, and starts switched off', async () => {
    const { mock } = renderSection({});
    const note = await screen.findByTestId('timestamp-privacy');
    expect(note).toHaveTextContent('32 字节');
    expect(note).toHaveTextContent('摘要');
    expect(note).toHaveTextContent('不会离开这台电脑');
    expect(note).toHaveTextContent('有人在这个时间请求了一个时间戳');
    expect(screen.getByTestId('timestamp-enabled')).toHaveAttribute('aria-checked', 'false');
    expect(screen.getByTestId('timestamp-auto')).toHaveAttribute('aria-checked', 'false');
    expect(screen.getByTestId('timestamp-auto')).toBeDisabled();
    // Every listed service says honestly that it was not tried from here.
    expect(screen.getAllByTestId('timestamp-untested')).toHaveLength(2);
    expect(screen.getByTestId('timestamp-service')).toHaveTextContent('https://freetsa.org/tsr');
    // Looking at the screen asks nobody.
    expect(mock.calls.map((c) => c.command)).not.toContain('timestamp_test');
    expect(mock.calls.map((c) => c.command)).not.toContain('timestamp_configure');
  });

  it('tests the chosen service and says who answered, storing nothing', async () => {
    const ok: TsaTestResult = { tsa_url: 'https://freetsa.org/tsr', tsa_name: 'Test TSA', gen_time: '2026-11-29T13:40:05Z', failure: null };
    const { mock, user } = renderSection({ timestamp_test: () => ok });
    await user.click(await screen.findByTestId('timestamp-service-freetsa'));
    await user.click(screen.getByTestId('timestamp-test'));
    const result = await screen.findByTestId('timestamp-test-result');
    expect(result).toHaveAttribute('data-result', 'ok');
    expect(result).toHaveTextContent('连接成功：Test TSA');
    expect(result).toHaveTextContent(/服务时间 2026-11-(29|30) \d{2}:\d{2}/);
    expect(mock.calls.find((c) => c.command === 'timestamp_test')?.args).toEqual({ tsaUrl: 'https://freetsa.org/tsr', rootPath: null });
    expect(mock.calls.map((c) => c.command)).not.toContain('timestamp_configure');
  });

  it('says in Chinese why a test failed', async () => {
    const failed: TsaTestResult = {
      tsa_url: 'https://tsa.example/',
      tsa_name: null,
      gen_time: null,
      failure: { at: '2026-11-29T21:40:00+08:00', problem: 'untrusted_root', detail: 'the chain does not end at a trusted root' },
    };
    const { mock, user } = renderSection({ timestamp_test: () => failed });
    await screen.findByTestId('timestamp-service-freetsa');
    await user.click(screen.getByTestId('timestamp-service-custom'));
    await user.type(screen.getByTestId('timestamp-custom-url'), 'tsa.example');
    await user.click(screen.getByTestId('timestamp-test'));
    // Not an address: said at once, nothing is asked.
    expect(await screen.findByText(/应以 https:\/\/ 或 http:\/\/ 开头/)).toBeInTheDocument();
    expect(mock.calls.map((c) => c.command)).not.toContain('timestamp_test');
    await user.clear(screen.getByTestId('timestamp-custom-url'));
    await user.type(screen.getByTestId('timestamp-custom-url'), 'https://tsa.example/');
    await user.click(screen.getByTestId('timestamp-test'));
    const result = await screen.findByTestId('timestamp-test-result');
    expect(result).toHaveAttribute('data-result', 'untrusted_root');
    expect(result).toHaveTextContent('测试没有成功');
    expect(result).toHaveTextContent('根证书');
  });

  it('turning it on saves the chosen service; automatic stamping is a second choice', async () => {
    let status: TimestampStatus = fresh;
    const { mock, user } = renderSection({
      timestamp_status: () => status,
      timestamp_configure: (args) => {
        const s = args.settings as { enabled: boolean | null; auto: boolean | null; tsa_url: string | null };
        status = {
          ...status,
          enabled: s.enabled ?? status.enabled,
          auto: s.auto ?? status.auto,
          tsa_url: s.tsa_url ?? status.tsa_url,
        };
        return status;
      },
    });
    await user.click(await screen.findByTestId('timestamp-service-open_tsa'));
    await user.click(screen.getByTestId('timestamp-enabled'));
    await waitFor(() => expect(screen.getByTestId('timestamp-enabled')).toHaveAttribute('aria-checked', 'true'));
    expect(mock.calls.find((c) => c.command === 'timestamp_configure')?.args).toEqual({
      settings: { enabled: true, auto: null, tsa_url: 'https://tsr.open-tsa.eu', root_path: null },
    });
    expect(screen.getByTestId('timestamp-auto')).toHaveAttribute('aria-checked', 'false');
    await user.click(screen.getByTestId('timestamp-auto'));
    await waitFor(() => expect(screen.getByTestId('timestamp-auto')).toHaveAttribute('aria-checked', 'true'));
    expect(screen.getByTestId('timestamp-status')).toHaveTextContent('待盖时间戳：3 件证据');
  });

  it('shows the last failure calmly, with when it was tried', async () => {
    const failing: TimestampStatus = {
      ...fresh,
      enabled: true,
      auto: true,
      tsa_url: 'https://freetsa.org/tsr',
      batches: 2,
      last_attempt: '2026-11-29T21:40:00+08:00',
      last_success: '2026-11-28T09:05:00+08:00',
      last_error: { at: '2026-11-29T21:40:00+08:00', problem: 'offline', detail: 'cannot reach' },
    };
    renderSection({ timestamp_status: () => failing });
    const box = await screen.findByTestId('timestamp-status');
    expect(within(box).getByTestId('timestamp-last-attempt')).toHaveTextContent('2026-11-29 21:40');
    expect(within(box).getByTestId('timestamp-last-success')).toHaveTextContent('2026-11-28 09:05');
    const error = within(box).getByTestId('timestamp-last-error');
    expect(error).toHaveAttribute('data-problem', 'offline');
    expect(error).toHaveTextContent('没有联网');
    expect(error).toHaveTextContent('稍后自动再试');
    // Past the first use, the note is one line.
    expect(screen.queryByTestId('timestamp-privacy')).toBeNull();
    expect(screen.getByTestId('timestamp-privacy-short')).toHaveTextContent('32 字节');
    expect(screen.getByTestId('timestamp-service-freetsa')).toBeChecked();
  });
});

describe('looksLikeServiceUrl', () => {
  it('wants http(s) and a host', () => {
    expect(looksLikeServiceUrl(' https://freetsa.org/tsr ')).toBe(true);
    expect(looksLikeServiceUrl('http://127.0.0.1:8080')).toBe(true);
    expect(looksLikeServiceUrl('freetsa.org/tsr')).toBe(false);
    expect(looksLikeServiceUrl('https://')).toBe(false);
  });
});
