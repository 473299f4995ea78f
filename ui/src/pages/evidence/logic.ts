//! Pure helpers for the evidence and export screens (tested in logic.test.ts).

import { toCoreError } from '../../platform';
import type { IntakeResult, JobPhase } from '../../platform';

/** Items larger than this are not loaded whole into memory for a preview (256 MiB). */
export const PREVIEW_LIMIT_BYTES = 256 * 1024 * 1024;

/** Sizes have one formatter, in lib/format.ts; the old name stays for the evidence screens. */
export { formatSize as humanSize } from '../../lib/format';

/** 1234567 → "1,234,567" (the exact byte count next to the human size). */
export function groupDigits(n: number): string {
  return String(Math.trunc(n)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

export interface IntakeSummary {
  added: { path: string; name: string; id: string }[];
  duplicates: { path: string; name: string; existingId: string; existingName: string }[];
  failed: { path: string; name: string; error: unknown }[];
}

/** The last component of a path, whichever separator the system uses. */
export function baseName(path: string): string {
  const parts = path.split(/[\\/]/).filter((p) => p !== '');
  return parts[parts.length - 1] ?? path;
}

/** Sorts a batch's results into added, already in the case (same SHA-256) and failed. */
export function summarizeIntake(results: IntakeResult[]): IntakeSummary {
  const summary: IntakeSummary = { added: [], duplicates: [], failed: [] };
  for (const r of results) {
    const name = baseName(r.path);
    if (r.outcome?.status === 'added') {
      summary.added.push({ path: r.path, name, id: r.outcome.id });
    } else if (r.outcome?.status === 'duplicate') {
      summary.duplicates.push({ path: r.path, name, existingId: r.outcome.id, existingName: r.outcome.name });
    } else {
      summary.failed.push({ path: r.path, name, error: r.error ?? { code: 'internal', message: '' } });
    }
  }
  return summary;
}

/**
 * An age X25519 recipient: "age1" + 58 bech32 characters (lower case, no 1/b/i/o).
 * Returns null when it looks valid, or the reason it does not.
 */
export function ageRecipientProblem(input: string): null | 'prefix' | 'length' | 'chars' {
  const key = input.trim();
  if (!key.toLowerCase().startsWith('age1')) return 'prefix';
  if (key !== key.toLowerCase() && key !== key.toUpperCase()) return 'chars';
  const data = key.toLowerCase().slice(4);
  if (!/^[qpzry9x8gf2tvdw0s3jn54khce6mua7l]*$/.test(data)) return 'chars';
  if (data.length !== 58) return 'length';
  return null;
}

/** Makes a case title safe as part of a file name on Windows, macOS and Linux. */
export function safeFilePart(text: string): string {
  const cleaned = text
    .replace(/[\\/:*?"<>|\p{Cc}]/gu, '_')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^\.+/, '')
    .slice(0, 60)
    .trim();
  return cleaned || 'case';
}

/** "证据材料_<case>_<YYYY-MM-DD>.pdf" and the pack's equivalent. */
export function defaultExportName(prefix: string, caseTitle: string, dateIso: string, ext: 'pdf' | 'zip'): string {
  return `${prefix}_${safeFilePart(caseTitle)}_${dateIso}.${ext}`;
}

/** Joins a chosen folder and a file name with the folder's own separator. */
export function joinPath(folder: string, name: string): string {
  const sep = folder.includes('\\') && !folder.includes('/') ? '\\' : '/';
  return folder.endsWith(sep) ? `${folder}${name}` : `${folder}${sep}${name}`;
}

/** Whether a typed path names a folder as well as a file (absolute on Linux/macOS or Windows). */
export function isFullPath(path: string): boolean {
  return /^(\/|~\/|[A-Za-z]:[\\/]|\\\\)/.test(path.trim());
}

/** Percentage for a progress bar (0–100), safe for an unknown total. */
export function percent(done: number, total: number): number {
  if (total <= 0) return 0;
  return Math.max(0, Math.min(100, Math.floor((done / total) * 100)));
}

export type PreviewKind = 'image' | 'audio' | 'video' | 'pdf' | 'none';

/** Which preview an item gets, by its media type. */
export function previewKind(mediaType: string): PreviewKind {
  const m = mediaType.toLowerCase();
  if (m === 'image/svg+xml') return 'none';
  if (m.startsWith('image/')) return 'image';
  if (m.startsWith('audio/')) return 'audio';
  if (m.startsWith('video/')) return 'video';
  if (m === 'application/pdf') return 'pdf';
  return 'none';
}

/**
 * A measured duration as a player shows it: "0:40", "1:30", "1:02:05" (seconds rounded to the
 * nearest); null when unknown, so the caller says so in words instead of showing a number.
 */
export function formatDuration(seconds: number | null | undefined): string | null {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds) || seconds < 0) return null;
  const total = Math.round(seconds);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const ss = String(s).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}

/** Whether an item is a recording (sound or video), which carries a duration. */
export function isRecording(mediaType: string): boolean {
  return /^(audio|video)\//i.test(mediaType);
}

/** The phases an export goes through, for a label. */
export const EXPORT_PHASES: readonly JobPhase[] = ['reading', 'rendering', 'packing'];

/** Runs `attempt(false)`; on `output_exists` asks, and runs `attempt(true)` only if confirmed. */
export async function withOverwrite<T>(
  attempt: (overwrite: boolean) => Promise<T>,
  confirm: () => Promise<boolean>,
): Promise<T | null> {
  try {
    return await attempt(false);
  } catch (e) {
    const err = toCoreError(e);
    if (err.code !== 'output_exists') throw err;
    if (!(await confirm())) return null;
    return attempt(true);
  }
}

/**
 * Types shown as "cannot play here" without trying. SILK (WeChat voice notes) has no decoder in
 * the GStreamer packages the app depends on (base, good, libav). AMR is listed because issue 13 saw call recordings fail in the webview; whether a
 * machine's GStreamer (gst-libav's AMR decoders plus good's amrparse) would play it was not
 * measured, and trying costs a decrypt and a failure first. Any other type is tried, and the
 * player's `error` event brings the same notice.
 */
const NEVER_PLAYS = new Set(['audio/amr', 'audio/amr-wb', 'audio/silk']);

export function cannotPlayInApp(mediaType: string): boolean {
  return NEVER_PLAYS.has(mediaType.toLowerCase());
}

/** A short name of the format for the sentence: "AMR", "M4A", "SILK". */
export function formatName(mediaType: string): string {
  const m = mediaType.toLowerCase();
  const known: Record<string, string> = {
    'audio/amr': 'AMR',
    'audio/amr-wb': 'AMR-WB',
    'audio/silk': 'SILK',
    'audio/mp4': 'M4A',
    'audio/mpeg': 'MP3',
    'audio/x-wav': 'WAV',
    'audio/3gpp': '3GP',
  };
  return known[m] ?? (m.split('/')[1] ?? m).replace(/^x-/, '').toUpperCase();
}
