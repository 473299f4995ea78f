import { describe, expect, it } from 'vitest';
import { CoreError } from '../../platform';
import type { Evidence, IntakeResult } from '../../platform';
import {
  ageRecipientProblem,
  baseName,
  defaultExportName,
  formatDuration,
  groupDigits,
  humanSize,
  isFullPath,
  isRecording,
  joinPath,
  percent,
  previewKind,
  safeFilePart,
  summarizeIntake,
  withOverwrite,
} from './logic';

const ev = (id: string, name: string): Evidence => ({
  id,
  case_id: 'c1',
  name,
  size: 10,
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
  chain_seq: 3,
});

describe('summarizeIntake', () => {
  it('counts added, duplicate (naming the existing item) and failed files', () => {
    const results: IntakeResult[] = [
      { path: '/home/li/a.png', outcome: { status: 'added', ...ev('e1', 'a.png') }, error: null },
      { path: '/home/li/b copy.png', outcome: { status: 'duplicate', ...ev('e0', 'b.png') }, error: null },
      { path: 'C:\\Users\\li\\c.mp3', outcome: null, error: { code: 'source_unreadable', message: 'x' } },
      { path: '/home/li/d.png', outcome: { status: 'added', ...ev('e2', 'd.png') }, error: null },
    ];
    const s = summarizeIntake(results);
    expect(s.added.map((a) => a.id)).toEqual(['e1', 'e2']);
    expect(s.duplicates).toEqual([{ path: '/home/li/b copy.png', name: 'b copy.png', existingId: 'e0', existingName: 'b.png' }]);
    expect(s.failed).toHaveLength(1);
    expect(s.failed[0]?.name).toBe('c.mp3');
    expect(s.failed[0]?.error).toEqual({ code: 'source_unreadable', message: 'x' });
  });

  it('treats a result with neither outcome nor error as a failure', () => {
    const s = summarizeIntake([{ path: '/x', outcome: null, error: null }]);
    expect(s.failed).toHaveLength(1);
    expect(s.added).toHaveLength(0);
  });

  it('handles an empty batch', () => {
    expect(summarizeIntake([])).toEqual({ added: [], duplicates: [], failed: [] });
  });
});

describe('humanSize', () => {
  it.each([
    [0, '0 B'],
    [1023, '1023 B'],
    [1024, '1 KB'],
    [1536, '1.5 KB'],
    [5 * 1024 * 1024, '5 MB'],
    [256 * 1024 * 1024, '256 MB'],
    [3.25 * 1024 ** 3, '3.3 GB'],
    [-1, '—'],
  ])('%d → %s', (n, text) => {
    expect(humanSize(n)).toBe(text);
  });

  it('groups digits for the exact byte count', () => {
    expect(groupDigits(1234567)).toBe('1,234,567');
    expect(groupDigits(999)).toBe('999');
  });
});

describe('ageRecipientProblem', () => {
  const valid = 'age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p';
  it('accepts a real-looking key, with surrounding spaces', () => {
    expect(ageRecipientProblem(valid)).toBeNull();
    expect(ageRecipientProblem(`  ${valid}\n`)).toBeNull();
  });
  it('names what is wrong', () => {
    expect(ageRecipientProblem('ssh-ed25519 AAAA')).toBe('prefix');
    expect(ageRecipientProblem(valid.slice(0, -2))).toBe('length');
    expect(ageRecipientProblem(`${valid.slice(0, -1)}b`)).toBe('chars');
    expect(ageRecipientProblem(`${valid.slice(0, 10)}O${valid.slice(11)}`)).toBe('chars');
  });
});

describe('file names and paths', () => {
  it('builds the default export names', () => {
    expect(defaultExportName('证据材料', '某某贷 欠款', '2026-11-29', 'pdf')).toBe('证据材料_某某贷 欠款_2026-11-29.pdf');
    expect(defaultExportName('证据包', '', '2026-11-29', 'zip')).toBe('证据包_case_2026-11-29.zip');
  });
  it('makes case titles safe for a file name', () => {
    expect(safeFilePart('a/b:c*?"<>|d')).toBe('a_b_c______d');
    expect(safeFilePart('..hidden')).toBe('hidden');
    expect(safeFilePart('x'.repeat(100))).toHaveLength(60);
  });
  it('recognises full paths and joins folders', () => {
    expect(isFullPath('/home/li/a.pdf')).toBe(true);
    expect(isFullPath('C:\\Users\\li\\a.pdf')).toBe(true);
    expect(isFullPath('a.pdf')).toBe(false);
    expect(joinPath('/home/li', 'a.pdf')).toBe('/home/li/a.pdf');
    expect(joinPath('/home/li/', 'a.pdf')).toBe('/home/li/a.pdf');
    expect(joinPath('C:\\Users\\li', 'a.pdf')).toBe('C:\\Users\\li\\a.pdf');
    expect(baseName('C:\\Users\\li\\a.pdf')).toBe('a.pdf');
  });
});

describe('misc', () => {
  it('percent is safe', () => {
    expect(percent(5, 10)).toBe(50);
    expect(percent(5, 0)).toBe(0);
    expect(percent(20, 10)).toBe(100);
  });
  it('previewKind by media type', () => {
    expect(previewKind('image/jpeg')).toBe('image');
    expect(previewKind('image/svg+xml')).toBe('none');
    expect(previewKind('audio/amr')).toBe('audio');
    expect(previewKind('video/mp4')).toBe('video');
    expect(previewKind('application/pdf')).toBe('pdf');
    expect(previewKind('application/zip')).toBe('none');
  });
});

describe('withOverwrite', () => {
  it('asks on output_exists and retries with overwrite when confirmed', async () => {
    const tries: boolean[] = [];
    const result = await withOverwrite(
      (overwrite) => {
        tries.push(overwrite);
        if (!overwrite) return Promise.reject(new CoreError('output_exists', 'exists'));
        return Promise.resolve('done');
      },
      () => Promise.resolve(true),
    );
    expect(result).toBe('done');
    expect(tries).toEqual([false, true]);
  });
  it('gives null when the person declines, and rethrows other errors', async () => {
    const declined = await withOverwrite(() => Promise.reject(new CoreError('output_exists', '')), () => Promise.resolve(false));
    expect(declined).toBeNull();
    await expect(withOverwrite(() => Promise.reject(new CoreError('disk_full', '')), () => Promise.resolve(true))).rejects.toMatchObject({
      code: 'disk_full',
    });
  });
});

describe('formatDuration', () => {
  it('shows what a player shows, rounding to the second', () => {
    expect(formatDuration(60)).toBe('1:00');
    expect(formatDuration(40.104)).toBe('0:40');
    expect(formatDuration(90)).toBe('1:30');
    expect(formatDuration(3725.6)).toBe('1:02:06');
    expect(formatDuration(0)).toBe('0:00');
  });
  it('gives null for an unknown duration, never a number', () => {
    expect(formatDuration(null)).toBeNull();
    expect(formatDuration(undefined)).toBeNull();
    expect(formatDuration(Number.NaN)).toBeNull();
    expect(formatDuration(-1)).toBeNull();
  });
  it('knows recordings by media type', () => {
    expect(isRecording('audio/amr-wb')).toBe(true);
    expect(isRecording('video/3gpp')).toBe(true);
    expect(isRecording('image/heic')).toBe(false);
  });
});
