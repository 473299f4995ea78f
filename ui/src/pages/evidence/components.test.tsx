import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { App as AntApp } from 'antd';
import { describe, expect, it, vi } from 'vitest';
import { CoreError } from '../../platform';
import type { Evidence, Exported } from '../../platform';
import { mockCore } from '../../platform/testing';
import Duration from './Duration';
import { AnnotateForm } from './EvidenceDrawer';
import ExportCard from './ExportCard';
import type { ExportRequest } from './ExportCard';

const item: Evidence = {
  id: 'e1',
  case_id: 'c1',
  name: 'sms.png',
  size: 2048,
  sha256: 'ab'.repeat(32),
  media_type: 'image/png',
  kind: 'screenshot',
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
  chain_seq: 7,
};

describe('Duration', () => {
  const rec = { ...item, media_type: 'audio/amr-wb', kind: 'recording' as const };
  it('shows a measured duration as a player does', () => {
    render(<Duration item={{ ...rec, duration_seconds: 60 }} />);
    expect(screen.getByText('1:00')).toBeInTheDocument();
  });
  it('marks an estimate', () => {
    render(<Duration item={{ ...rec, duration_seconds: 30, duration_estimated: true }} />);
    expect(screen.getByText('约 0:30（估算）')).toBeInTheDocument();
  });
  it('says an unknown duration in words, never a number', () => {
    const { container } = render(<Duration item={rec} />);
    expect(container.textContent).toBe('未能读取');
  });
});

describe('AnnotateForm', () => {
  it('sends the chosen kind and the note to evidence_annotate', async () => {
    const mock = mockCore({ evidence_annotate: (a) => ({ ...item, kind: a.kind, note: a.note }) });
    const onSaved = vi.fn();
    const user = userEvent.setup();
    render(
      <AntApp>
        <AnnotateForm item={item} onSaved={onSaved} />
      </AntApp>,
    );
    const save = screen.getByTestId('evidence-annotate-save');
    expect(save).toBeDisabled();

    const select = screen.getByTestId('evidence-kind');
    const combo = within(select).queryByRole('combobox') ?? select;
    fireEvent.mouseDown(combo);
    await user.click(await screen.findByTitle('短信'));
    await user.type(screen.getByTestId('evidence-note'), '  冒充法院的短信 ');
    await user.click(save);

    await waitFor(() => expect(onSaved).toHaveBeenCalled());
    expect(mock.calls.find((c) => c.command === 'evidence_annotate')?.args).toEqual({
      evidenceId: 'e1',
      kind: 'sms',
      note: '冒充法院的短信',
      purpose: null,
      transcript: null,
    });
  });

  it('offers the suggested 证明目的 for the kind and the linked flags, marked 建议, and saves what the user keeps', async () => {
    const mock = mockCore({
      evidence_purpose_suggestion: (a) => ({
        zh: `建议文本 ${String(a.kind)} ${(a.flags as string[]).join('+')}`,
        en: 'suggested text',
      }),
      evidence_annotate: (a) => ({ ...item, kind: a.kind, note: a.note, purpose: a.purpose }),
    });
    const onSaved = vi.fn();
    const user = userEvent.setup();
    render(
      <AntApp>
        <AnnotateForm item={{ ...item, kind: 'recording' }} flags={['threat', 'quiet_hours']} onSaved={onSaved} />
      </AntApp>,
    );
    const shown = await screen.findByTestId('evidence-purpose-suggestion');
    expect(shown.textContent).toBe('建议：建议文本 recording threat+quiet_hours');
    expect(screen.getByTestId('evidence-purpose')).toHaveAttribute('placeholder', '建议：建议文本 recording threat+quiet_hours');
    expect(screen.getByTestId('evidence-annotate-save')).toBeDisabled();

    await user.click(screen.getByTestId('evidence-purpose-use'));
    expect(screen.getByTestId('evidence-purpose')).toHaveValue('建议文本 recording threat+quiet_hours');
    expect(screen.queryByTestId('evidence-purpose-suggestion')).toBeNull();
    await user.type(screen.getByTestId('evidence-purpose'), '，对方在23点后来电');
    await user.click(screen.getByTestId('evidence-annotate-save'));

    await waitFor(() => expect(onSaved).toHaveBeenCalled());
    expect(mock.calls.find((c) => c.command === 'evidence_annotate')?.args).toEqual({
      evidenceId: 'e1',
      kind: 'recording',
      note: null,
      purpose: '建议文本 recording threat+quiet_hours，对方在23点后来电',
      transcript: null,
    });
  });
});

describe('AnnotateForm transcript (录音文字整理稿)', () => {
  const recording: Evidence = { ...item, name: 'call.m4a', media_type: 'audio/mp4', kind: 'recording' };

  it('shows the field under its Chinese label and saves the typed text with the other annotations', async () => {
    const mock = mockCore({
      evidence_purpose_suggestion: () => ({ zh: '建议', en: 'suggested' }),
      evidence_annotate: (a) => ({ ...recording, transcript: a.transcript }),
    });
    const onSaved = vi.fn();
    const user = userEvent.setup();
    render(
      <AntApp>
        <AnnotateForm item={recording} onSaved={onSaved} />
      </AntApp>,
    );
    expect(screen.getByText('录音文字整理稿')).toBeInTheDocument();
    const field = screen.getByTestId('evidence-transcript');
    const save = screen.getByTestId('evidence-annotate-save');
    expect(save).toBeDisabled();
    fireEvent.change(field, { target: { value: '  催收员：再不还就通知你单位。\n我：我会和平台协商。 ' } });
    expect(save).toBeEnabled();
    await user.click(save);

    await waitFor(() => expect(onSaved).toHaveBeenCalled());
    expect(mock.calls.find((c) => c.command === 'evidence_annotate')?.args).toEqual({
      evidenceId: 'e1',
      kind: 'recording',
      note: null,
      purpose: null,
      transcript: '催收员：再不还就通知你单位。\n我：我会和平台协商。',
    });
  });

  it('clears a transcript with null and refuses one over the limit before sending anything', async () => {
    const mock = mockCore({
      evidence_purpose_suggestion: () => ({ zh: '建议', en: 'suggested' }),
      evidence_annotate: (a) => ({ ...recording, transcript: a.transcript }),
    });
    const onSaved = vi.fn();
    const user = userEvent.setup();
    render(
      <AntApp>
        <AnnotateForm item={{ ...recording, transcript: '旧的文字稿' }} onSaved={onSaved} />
      </AntApp>,
    );
    const field = screen.getByTestId('evidence-transcript');
    expect(field).toHaveValue('旧的文字稿');
    const save = screen.getByTestId('evidence-annotate-save');

    fireEvent.change(field, { target: { value: '字'.repeat(60_001) } });
    expect(await screen.findByTestId('evidence-transcript-too-long')).toHaveTextContent('60001');
    expect(save).toBeDisabled();

    fireEvent.change(field, { target: { value: '   ' } });
    expect(screen.queryByTestId('evidence-transcript-too-long')).toBeNull();
    await user.click(save);
    await waitFor(() => expect(onSaved).toHaveBeenCalled());
    expect(mock.calls.find((c) => c.command === 'evidence_annotate')?.args).toMatchObject({ transcript: null });
  });
});

const exported: Exported = {
  path: '/home/li/证据材料.pdf',
  sha256: 'cd'.repeat(32),
  size: 123456,
  exhibits: 4,
  pages: 9,
  warnings: [],
  encrypted: false,
};

describe('ExportCard', () => {
  it('asks before overwriting an existing file, then shows the result', async () => {
    const requests: ExportRequest[] = [];
    const run = vi.fn((r: ExportRequest) => {
      requests.push(r);
      if (!r.overwrite) return Promise.reject(new CoreError('output_exists', 'exists'));
      return Promise.resolve(exported);
    });
    const user = userEvent.setup();
    render(
      <AntApp>
        <ExportCard kind="pdf" defaultName="证据材料_测试_2026-11-29.pdf" run={run} />
      </AntApp>,
    );
    await user.type(screen.getByTestId('export-pdf-path'), '/home/li/证据材料.pdf');
    await user.click(screen.getByTestId('export-pdf-submit'));

    const overwrite = await screen.findByTestId('export-overwrite');
    await user.click(overwrite);

    expect(await screen.findByTestId('export-result')).toBeInTheDocument();
    expect(screen.getByTestId('export-result-path')).toHaveTextContent('/home/li/证据材料.pdf');
    expect(screen.getByTestId('export-result-sha256')).toHaveTextContent('cd'.repeat(32));
    // A size a lawyer reads, not a byte count.
    expect(screen.getByTestId('export-result-size').textContent).toMatch(/^\d+(\.\d)? (B|KB|MB)$/);
    expect(screen.getByTestId('export-result')).not.toHaveTextContent('字节');
    expect(requests.map((r) => [r.path, r.overwrite, r.attachments, r.lang])).toEqual([
      ['/home/li/证据材料.pdf', false, true, 'zh'],
      ['/home/li/证据材料.pdf', true, true, 'zh'],
    ]);
  });

  it('asks for a folder when only a file name is given', async () => {
    const run = vi.fn();
    const user = userEvent.setup();
    render(
      <AntApp>
        <ExportCard kind="pdf" defaultName="证据材料_测试_2026-11-29.pdf" run={run} />
      </AntApp>,
    );
    await user.click(screen.getByTestId('export-pdf-submit'));
    expect(screen.getByTestId('export-pdf-path-hint')).toHaveTextContent('请点“选择…”');
    expect(run).not.toHaveBeenCalled();
  });

  it('validates the lawyer’s age key before creating a pack', async () => {
    const user = userEvent.setup();
    render(
      <AntApp>
        <ExportCard kind="pack" defaultName="证据包.zip" run={vi.fn()} />
      </AntApp>,
    );
    // For a lawyer, not an engineer: no command line, and the key is tucked under 高级.
    expect(screen.getByTestId('export-pack-card')).not.toHaveTextContent('casefile');
    expect(screen.queryByTestId('export-pack-recipient')).toBeNull();
    await user.click(screen.getByText('高级：只让指定的律师打开'));
    expect(await screen.findByTestId('export-pack-recipient-explain')).toHaveTextContent('age1');
    await user.type(screen.getByTestId('export-pack-recipient'), 'ssh-ed25519 AAAA');
    expect(screen.getByTestId('export-pack-recipient-hint')).toHaveTextContent('age1 开头');
    expect(screen.getByTestId('export-pack-submit')).toBeDisabled();
  });

  it('protects a pack with a password it shows once, and not together with a lawyer’s key', async () => {
    const requests: ExportRequest[] = [];
    const run = vi.fn((r: ExportRequest) => {
      requests.push(r);
      return Promise.resolve({ ...exported, encrypted: true, zip_password: '7KQ4-M3XD-9ACE-FGHJ-KMNP-QRTU' });
    });
    const user = userEvent.setup();
    render(
      <AntApp>
        <ExportCard kind="pack" defaultName="证据包.zip" run={run} />
      </AntApp>,
    );
    const toggle = screen.getByTestId('export-pack-password');
    expect(toggle).not.toBeChecked();
    expect(screen.getByTestId('export-pack-card')).toHaveTextContent('7-Zip');
    await user.click(toggle);
    await user.type(screen.getByTestId('export-pack-path'), '/home/li/证据包.zip');
    await user.click(screen.getByTestId('export-pack-submit'));
    expect(await screen.findByTestId('export-result-password')).toHaveTextContent('7KQ4-M3XD-9ACE-FGHJ-KMNP-QRTU');
    expect(screen.getByTestId('export-result')).toHaveTextContent('只显示这一次');
    expect(requests.map((r) => [r.passwordProtect, r.recipient])).toEqual([[true, null]]);

    // A lawyer's key and a password are one or the other.
    await user.click(screen.getByText('高级：只让指定的律师打开'));
    await user.type(await screen.findByTestId('export-pack-recipient'), 'age1qyqszqgpqyqszqgpqyqszqgpqyqszqgpqyqszqgpqyqszqgpqyqs3290gq');
    expect(screen.getByTestId('export-pack-password')).toBeDisabled();
    expect(screen.getByTestId('export-pack-password')).not.toBeChecked();
  });

  it('shows a failure with the error text', async () => {
    const user = userEvent.setup();
    render(
      <AntApp>
        <ExportCard kind="pdf" defaultName="x.pdf" run={() => Promise.reject(new CoreError('disk_full', ''))} />
      </AntApp>,
    );
    await user.type(screen.getByTestId('export-pdf-path'), '/tmp/x.pdf');
    await user.click(screen.getByTestId('export-pdf-submit'));
    expect(await screen.findByTestId('export-pdf-error')).toHaveTextContent('磁盘空间不足');
  });
});
