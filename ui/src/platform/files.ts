//! Files and long jobs: picking and dropping files, progress channels, job ids, and the URLs
//! under which the shell serves decrypted evidence from memory (the `evidence:` protocol).
//!
//! On Linux WebKitGTK will not play audio or video straight from a custom scheme, so media is
//! fetched (Range requests work) and played from a `blob:` URL; the bytes live only in memory
//! and the URL must be revoked when the player closes.

import { Channel, convertFileSrc } from '@tauri-apps/api/core';
import { getCurrentWebview } from '@tauri-apps/api/webview';
import { open } from '@tauri-apps/plugin-dialog';

/** The URL of an evidence item's decrypted bytes (images can use it directly as `src`). */
export function evidenceUrl(evidenceId: string): string {
  return convertFileSrc(evidenceId, 'evidence');
}

/** Fetches an evidence item into memory and returns a `blob:` URL; call `revoke()` when done. */
export async function evidenceBlobUrl(
  evidenceId: string,
  mediaType: string,
): Promise<{ url: string; revoke: () => void }> {
  const response = await fetch(evidenceUrl(evidenceId));
  if (!response.ok) {
    throw new Error((await response.text()) || `HTTP ${response.status}`);
  }
  const blob = new Blob([await response.arrayBuffer()], { type: mediaType });
  const url = URL.createObjectURL(blob);
  return { url, revoke: () => URL.revokeObjectURL(url) };
}

/** Fetches an evidence item's bytes (for pdf.js and similar). */
export async function evidenceBytes(evidenceId: string): Promise<ArrayBuffer> {
  const response = await fetch(evidenceUrl(evidenceId));
  if (!response.ok) {
    throw new Error((await response.text()) || `HTTP ${response.status}`);
  }
  return response.arrayBuffer();
}

/** A progress channel for a long command; `onMessage` receives each report. */
export function progressChannel<T>(onMessage: (message: T) => void): Channel<T> {
  const channel = new Channel<T>();
  channel.onmessage = onMessage;
  return channel;
}

/** A fresh id for a long job, to pass to the command and later to `core.jobCancel`. */
export function newJobId(): string {
  return crypto.randomUUID();
}

/** Asks for one or more files to add as evidence; an empty list when the person cancels. */
export async function chooseFiles(title: string): Promise<string[]> {
  const picked = await open({ multiple: true, directory: false, title });
  if (picked === null) return [];
  return Array.isArray(picked) ? picked : [picked];
}

/** Asks for one file of the given kinds; null when the person cancels. */
export async function chooseFile(title: string, filterName: string, extensions: string[]): Promise<string | null> {
  const picked = await open({ multiple: false, directory: false, title, filters: [{ name: filterName, extensions }] });
  return typeof picked === 'string' ? picked : null;
}

export type FileDrop =
  | { type: 'over'; x: number; y: number }
  | { type: 'drop'; paths: string[]; x: number; y: number }
  | { type: 'leave' };

let dropClaims = 0;

/**
 * Claims files dropped on the window for a dialog that is open (the import dialog), so the
 * case page's evidence intake leaves them alone. Returns the release function.
 */
export function claimFileDrops(): () => void {
  dropClaims += 1;
  let released = false;
  return () => {
    if (!released) {
      released = true;
      dropClaims -= 1;
    }
  };
}

/** True while a dialog has claimed dropped files (see `claimFileDrops`). */
export function fileDropsClaimed(): boolean {
  return dropClaims > 0;
}

/**
 * Files dragged onto the window from the file manager. Returns the unsubscribe function.
 * (The webview gets paths, not just names: the shell reads the files itself.)
 */
export async function onFileDrop(handler: (drop: FileDrop) => void): Promise<() => void> {
  return getCurrentWebview().onDragDropEvent((event) => {
    const p = event.payload;
    if (p.type === 'enter' || p.type === 'over') {
      handler({ type: 'over', x: p.position.x, y: p.position.y });
    } else if (p.type === 'drop') {
      handler({ type: 'drop', paths: p.paths, x: p.position.x, y: p.position.y });
    } else {
      handler({ type: 'leave' });
    }
  });
}
