import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { App as AntApp } from 'antd';
import { describe, expect, it } from 'vitest';
import type { Evidence as EvidenceItem } from '../../platform';
import { mockCore } from '../../platform/testing';
import Evidence from '../case/Evidence';

const zip: EvidenceItem = {
  id: 'e9',
  case_id: 'c1',
  name: '聊天记录导出.zip',
  size: 3 * 1024 * 1024,
  sha256: 'ef'.repeat(32),
  media_type: 'application/zip',
  kind: 'chat',
  note: '微信聊天',
  purpose: null,
  transcript: null,
  source_modified_at: '2026-11-20T09:15:00+08:00',
  exif_taken_at: null,
  exif_time_kind: null,
  camera_make: null,
  camera_model: null,
  duration_seconds: null,
  duration_estimated: false,
  added_at: '2026-11-29T10:00:00+08:00',
  chain_seq: 12,
};

describe('Evidence tab', () => {
  it('guides to the first item when the case has none', async () => {
    mockCore({ evidence_list: () => [], contact_list: () => [] });
    render(
      <AntApp>
        <Evidence caseId="c1" />
      </AntApp>,
    );
    expect(await screen.findByTestId('evidence-empty')).toHaveTextContent('还没有证据');
    expect(screen.getByTestId('evidence-dropzone')).toHaveTextContent('拖到窗口任意位置');
  });

  it('lists items and opens the drawer with the fingerprint and linked contacts', async () => {
    mockCore({
      evidence_list: () => [zip],
      contact_list: () => [
        { id: 'k1', at: '2026-11-20T09:10:00+08:00', channel: 'wechat', direction: 'in', person: '张催收', evidence_ids: ['e9'], flags: [] },
      ],
    });
    const user = userEvent.setup();
    render(
      <AntApp>
        <Evidence caseId="c1" />
      </AntApp>,
    );
    const card = await screen.findByTestId('evidence-item');
    expect(card).toHaveAttribute('data-evidence-id', 'e9');
    expect(card).toHaveAttribute('data-name', '聊天记录导出.zip');
    expect(card).toHaveTextContent('3 MB');
    await user.click(card);
    const drawer = await screen.findByTestId('evidence-drawer');
    expect(screen.getByTestId('evidence-sha256')).toHaveTextContent('ef'.repeat(32));
    expect(drawer).toHaveTextContent('3,145,728');
    expect(drawer).toHaveTextContent('第 12 条');
    expect(drawer).toHaveTextContent('导出证据包');
    await waitFor(() => expect(drawer).toHaveTextContent('张催收'));
  });
});
