import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { App as AntApp, ConfigProvider } from 'antd';
import zhCN from 'antd/locale/zh_CN';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { CheckedContact, Evidence } from '../../platform';
import { mockCore, mockEvidenceUrls } from '../../platform/testing';
import ContactsTable from '../contacts/ContactsTable';
import { cannotPlayInApp, formatName } from './logic';

function recording(id: string, media_type: string, name: string): Evidence {
  return {
    id,
    case_id: 'c-1',
    name,
    size: 4096,
    sha256: 'ab'.repeat(32),
    media_type,
    kind: 'recording',
    note: null,
    purpose: null,
    transcript: null,
    source_modified_at: null,
    exif_taken_at: null,
    exif_time_kind: null,
    camera_make: null,
    camera_model: null,
    duration_seconds: 42,
    duration_estimated: false,
    added_at: '2026-11-29T10:00:00+08:00',
    chain_seq: 3,
  };
}

const AMR = recording('e-amr', 'audio/amr', '134 2882 7364_20260625142304.amr');
const M4A = recording('e-m4a', 'audio/mp4', 'Call recording 13428827364_260625_142304.m4a');

function call(id: string, evidenceId: string): CheckedContact {
  const contact: CheckedContact = {
    id,
    at: '2026-06-25T14:23:04+08:00',
    channel: 'call',
    direction: 'unknown',
    number: '13428827364',
    answered: true,
    evidence_ids: [evidenceId],
    flags: [],
  };
  return contact;
}

function renderTable() {
  const mock = mockCore({ evidence_open_external: () => null });
  mockEvidenceUrls();
  const user = userEvent.setup({ delay: null });
  render(
    <ConfigProvider locale={zhCN}>
      <AntApp>
        <ContactsTable contacts={[call('k-amr', AMR.id), call('k-m4a', M4A.id)]} loading={false} evidence={[AMR, M4A]} />
      </AntApp>
    </ConfigProvider>,
  );
  const cell = (evidenceId: string) =>
    document.querySelector(`[data-testid="contact-recording"][data-evidence-id="${evidenceId}"]`) as HTMLElement;
  return { mock, user, cell };
}

describe('recordings in the contact log', { timeout: 60_000 }, () => {
  beforeEach(() => {
    vi.stubGlobal(
      'fetch',
      vi.fn(() => Promise.resolve(new Response(new Uint8Array([0, 0, 0, 24, 102, 116, 121, 112])))),
    );
    URL.createObjectURL = vi.fn(() => 'blob:casefile/1');
    URL.revokeObjectURL = vi.fn();
  });
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('knows which formats never play in the webview, and names them', () => {
    expect(cannotPlayInApp('audio/amr')).toBe(true);
    expect(cannotPlayInApp('audio/silk')).toBe(true);
    expect(cannotPlayInApp('audio/mp4')).toBe(false);
    expect(formatName('audio/amr-wb')).toBe('AMR-WB');
    expect(formatName('audio/mp4')).toBe('M4A');
    expect(formatName('audio/x-flac')).toBe('FLAC');
  });

  it('says an AMR recording cannot play here, without fetching it, and opens it with the system player', async () => {
    const { mock, user, cell } = renderTable();
    const notice = await waitFor(() => {
      const n = cell(AMR.id).querySelector('[data-testid="player-cannot-play"]');
      expect(n).not.toBeNull();
      return n as HTMLElement;
    });
    expect(notice).toHaveTextContent('这种格式（AMR）不能在应用内播放');
    expect(notice).toHaveTextContent('锁定或退出 CaseFile 时这个文件会被删除');
    expect(fetch).not.toHaveBeenCalled();
    await user.click(notice.querySelector('[data-testid="player-open-external"]') as HTMLElement);
    await waitFor(() => expect(mock.calls.some((c) => c.command === 'evidence_open_external')).toBe(true));
    expect(mock.calls.find((c) => c.command === 'evidence_open_external')?.args).toEqual({ evidenceId: AMR.id });
    expect(await screen.findByText('已交给系统播放器。临时文件会在锁定或退出 CaseFile 时删除。')).toBeInTheDocument();
  });

  it('plays an M4A from memory, and when the webview reports an error says so in Chinese instead', async () => {
    const { user, cell } = renderTable();
    const play = cell(M4A.id).querySelector('[data-testid="player-play"]') as HTMLElement;
    expect(play).toHaveTextContent('播放录音');
    expect(fetch).not.toHaveBeenCalled();
    await user.click(play);
    const audio = await waitFor(() => {
      const a = cell(M4A.id).querySelector('audio');
      expect(a).not.toBeNull();
      return a as HTMLAudioElement;
    });
    expect(audio.getAttribute('src')).toBe('blob:casefile/1');
    expect(vi.mocked(fetch).mock.calls[0]?.[0]).toContain(M4A.id);
    fireEvent.error(audio);
    await waitFor(() => expect(cell(M4A.id).querySelector('audio')).toBeNull());
    expect(cell(M4A.id)).toHaveTextContent('这种格式（M4A）不能在应用内播放');
    expect(cell(M4A.id).querySelector('[data-testid="player-open-external"]')).toHaveTextContent('用系统播放器打开');
  });
});
