import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { App as AntApp } from 'antd';
import { describe, expect, it } from 'vitest';
import type { Evidence as EvidenceItem, EvidenceStamp, StampResult, TimestampStatus } from '../../platform';
import { mockCore } from '../../platform/testing';
import type { CoreHandler } from '../../platform/testing';
import Evidence from '../case/Evidence';

function item(id: string, name: string): EvidenceItem {
  return {
    id,
    case_id: 'c1',
    name,
    size: 40593,
    sha256: 'ab'.repeat(32),
    media_type: 'text/plain',
    kind: 'other',
    note: null,
    purpose: null,
    transcript: null,
    source_modified_at: null,
    exif_taken_at: null,
    exif_time_kind: null,
    camera_make: null,
    camera_model: null,
    duration_seconds: null,
    duration_estimated: false,
    added_at: '2026-11-29T10:00:00+08:00',
    chain_seq: 5,
  };
}

const stamped: EvidenceStamp = {
  evidence_id: 'e1',
  service: 'FreeTSA',
  tsa_url: 'https://freetsa.org/tsr',
  gen_time: '2026-11-29T10:03:20+08:00',
  minutes_after: 3,
};

function status(enabled: boolean): TimestampStatus {
  return {
    enabled,
    auto: false,
    tsa_url: enabled ? 'https://freetsa.org/tsr' : null,
    roots: [],
    pending_items: 1,
    chain_head_pending: false,
    batches: 1,
    last_attempt: null,
    last_success: null,
    last_error: null,
  };
}

function renderTab(handlers: Record<string, CoreHandler>) {
  const mock = mockCore({
    evidence_list: () => [item('e1', '短信截图.png'), item('e2', '录音.m4a')],
    contact_list: () => [],
    evidence_stamps: () => [stamped],
    timestamp_status: () => status(true),
    ...handlers,
  });
  const user = userEvent.setup({ delay: null });
  render(
    <AntApp>
      <Evidence caseId="c1" />
    </AntApp>,
  );
  return { mock, user };
}

const badgeOf = (id: string) =>
  screen.getAllByTestId('evidence-item').find((el) => el.getAttribute('data-evidence-id') === id);

describe('trusted timestamps on the evidence tab', { timeout: 30_000 }, () => {
  it('badges a stamped item with its service and time, and marks the others as pending', async () => {
    const { user } = renderTab({});
    await waitFor(() => expect(within(badgeOf('e1')!).getByTestId('stamp-badge')).toHaveAttribute('data-state', 'stamped'));
    expect(within(badgeOf('e1')!).getByTestId('stamp-badge')).toHaveTextContent('可信时间戳');
    expect(within(badgeOf('e2')!).getByTestId('stamp-badge')).toHaveAttribute('data-state', 'pending');
    expect(within(badgeOf('e2')!).getByTestId('stamp-badge')).toHaveTextContent('待盖时间戳');

    await user.click(badgeOf('e1')!);
    const drawer = await screen.findByTestId('evidence-drawer');
    expect(within(drawer).getByTestId('stamp-line')).toHaveTextContent('FreeTSA，2026-11-29 10:03（入库后 3 分钟）');
  });

  it('shows nothing alarming for unstamped items while stamping is off', async () => {
    renderTab({ timestamp_status: () => status(false), evidence_stamps: () => [] });
    await screen.findAllByTestId('evidence-item');
    // Give the status a chance to arrive; still no badge and the button stays off.
    await waitFor(() => expect(screen.getByTestId('stamp-now')).toBeDisabled());
    expect(screen.queryAllByTestId('stamp-badge')).toHaveLength(0);
  });

  it('the 获取时间戳 button stamps what is pending, says how many, and refreshes the badges', async () => {
    let stamps: EvidenceStamp[] = [stamped];
    const result: StampResult = {
      stamped: {
        id: 't1',
        tsa_url: 'https://freetsa.org/tsr',
        gen_time: '2026-11-29T02:10:00Z',
        serial: '01',
        policy: '1.2.3',
        signer: 'CN=Test TSA',
        items: 1,
        head_seq: 9,
        seq: 10,
        root: 'cd'.repeat(32),
      },
      failure: null,
    };
    const { mock, user } = renderTab({
      evidence_stamps: () => stamps,
      timestamp_stamp_now: () => {
        stamps = [stamped, { ...stamped, evidence_id: 'e2', minutes_after: 70 }];
        return result;
      },
    });
    const button = await screen.findByTestId('stamp-now');
    await waitFor(() => expect(button).toBeEnabled());
    await user.click(button);
    expect(await screen.findByText('1 项已盖时间戳')).toBeInTheDocument();
    await waitFor(() => expect(within(badgeOf('e2')!).getByTestId('stamp-badge')).toHaveAttribute('data-state', 'stamped'));
    expect(mock.calls.filter((c) => c.command === 'timestamp_stamp_now')).toHaveLength(1);
  });

  it('says why no timestamp was obtained', async () => {
    const offline: StampResult = {
      stamped: null,
      failure: { at: '2026-11-29T21:40:00+08:00', problem: 'offline', detail: 'cannot reach' },
    };
    const { user } = renderTab({ timestamp_stamp_now: () => offline });
    const button = await screen.findByTestId('stamp-now');
    await waitFor(() => expect(button).toBeEnabled());
    await user.click(button);
    expect(await screen.findByText(/没有盖上时间戳：连不上时间戳服务/)).toBeInTheDocument();
    expect(within(badgeOf('e2')!).getByTestId('stamp-badge')).toHaveAttribute('data-state', 'pending');
  });
});
