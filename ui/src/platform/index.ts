//! The platform layer: the only module that imports `@tauri-apps/*` and the generated bindings.
//! Screens call the typed functions in `core`, the dialog helpers and the hooks below, never
//! `invoke` or `commands` directly, so a change in the generated bindings stays in this folder.
//!
//! Invariants:
//! - Every core call goes through `call`, which turns a `{ status: "error" }` result, a rejected
//!   promise or a missing Tauri runtime into a `CoreError { code, message }`. UI code branches on
//!   `code` and shows `errorText(err, t)`; it never parses message strings.
//! - A `locked` error from any command is treated like the core's `vault-locked` event: both reach
//!   the subscribers of `onVaultLocked`, so the app returns to the unlock screen whichever comes
//!   first.

import { listen } from '@tauri-apps/api/event';
import { open, save } from '@tauri-apps/plugin-dialog';
import { revealItemInDir } from '@tauri-apps/plugin-opener';
import type { TFunction } from 'i18next';
import { useEffect, useEffectEvent } from 'react';
import { commands } from './bindings';
import type { ErrorCode } from './bindings';
import { ERROR_CODES } from './enums';

// Every type the Rust side defines (Case, Evidence, CheckedContact, …), for screens to import
// from here rather than from the generated file.
export type * from './bindings';
export * from './files';
export * from './enums';
export { useActivityHeartbeat } from './activity';

/**
 * Error codes the UI knows how to explain (`errors.<code>` locale keys): every code the core and
 * the shell send (`ErrorCode`, generated from Rust), plus `unavailable` from the UI side (the
 * Tauri runtime is missing or the IPC call itself failed).
 */
export const KNOWN_ERROR_CODES = [...ERROR_CODES, 'unavailable'] as const;

export type KnownErrorCode = ErrorCode | 'unavailable';

/** A failure reported by (or on the way to) the Rust core. */
export class CoreError extends Error {
  readonly code: string;

  constructor(code: string, message: string) {
    super(message);
    this.name = 'CoreError';
    this.code = code;
  }

  is(code: KnownErrorCode): boolean {
    return this.code === code;
  }
}

function isKnownCode(code: string): code is KnownErrorCode {
  return (KNOWN_ERROR_CODES as readonly string[]).includes(code);
}

function isErrorShape(value: unknown): value is { code: string; message?: unknown } {
  return typeof value === 'object' && value !== null && typeof (value as { code?: unknown }).code === 'string';
}

/** Normalises anything thrown or returned as an error into a `CoreError`. */
export function toCoreError(value: unknown): CoreError {
  if (value instanceof CoreError) return value;
  if (isErrorShape(value)) {
    return new CoreError(value.code, typeof value.message === 'string' ? value.message : '');
  }
  // Plugins (dialog, opener) reject with plain strings; a missing runtime throws a TypeError.
  const message = value instanceof Error ? value.message : typeof value === 'string' ? value : '';
  return new CoreError('unavailable', message);
}

type CommandResult<T> = { status: 'ok'; data: T } | { status: 'error'; error: unknown };

/** The data a command delivers: `T` for a `Result<T, _>` command, the value itself otherwise. */
export type Unwrapped<R> = R extends { status: 'ok'; data: infer T } ? T : R extends { status: 'error' } ? never : R;

function isResult(value: unknown): value is CommandResult<unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const status = (value as { status?: unknown }).status;
  return (status === 'ok' && 'data' in value) || (status === 'error' && 'error' in value);
}

async function settle<R>(pending: Promise<R> | (() => Promise<R>)): Promise<Unwrapped<R>> {
  let value: R;
  try {
    value = await (typeof pending === 'function' ? pending() : pending);
  } catch (e) {
    // The generated bindings rethrow `Error`s (IPC failures); infallible commands reject with the
    // serialized error itself.
    const error = toCoreError(e);
    if (error.code === 'locked') notifyLocked();
    throw error;
  }
  if (!isResult(value)) return value as Unwrapped<R>;
  if (value.status === 'ok') return value.data as Unwrapped<R>;
  const error = toCoreError(value.error);
  if (error.code === 'locked') notifyLocked();
  throw error;
}

/** Awaits a generated command, returns its data or throws a `CoreError`. */
export async function call<T>(pending: Promise<CommandResult<T>> | (() => Promise<CommandResult<T>>)): Promise<T> {
  const data: unknown = await settle(pending);
  return data as T;
}

/**
 * The user-facing sentence for an error: what happened and what to do next. Known codes use the
 * `errors.<code>` locale text; anything else falls back to the core's own (safe) message.
 */
export function errorText(error: unknown, t: TFunction): string {
  const e = toCoreError(error);
  if (isKnownCode(e.code)) return t(`errors.${e.code}`);
  return e.message ? e.message : t('errors.unknown');
}

// Wraps a generated command so that a missing runtime (plain browser, tests) surfaces as a
// `CoreError`, not a TypeError, and so that fallible and infallible commands look alike.
const run =
  <A extends unknown[], R>(command: (...args: A) => Promise<R>) =>
  (...args: A): Promise<Unwrapped<R>> =>
    settle(() => command(...args));

type Commands = typeof commands;

/** Every generated command, unwrapped: resolves with its data or rejects with a `CoreError`. */
export type Core = {
  [K in keyof Commands]: Commands[K] extends (...args: infer A) => Promise<infer R>
    ? (...args: A) => Promise<Unwrapped<R>>
    : never;
};

/** Typed core commands. Names follow the Rust commands (snake_case there, camelCase here). */
export const core: Core = Object.fromEntries(
  Object.entries(commands).map(([name, command]) => [
    name,
    run((command as (...args: unknown[]) => Promise<unknown>).bind(commands)),
  ]),
) as Core;

// ---- Native dialogs and the file manager ----------------------------------------------------

/** Asks for a folder; null when the person cancels. */
export async function chooseFolder(title: string, defaultPath?: string): Promise<string | null> {
  try {
    const picked = await open({ directory: true, multiple: false, title, defaultPath });
    return typeof picked === 'string' ? picked : null;
  } catch (e) {
    throw toCoreError(e);
  }
}

export interface SaveFileOptions {
  title: string;
  defaultPath: string;
  filterName: string;
  extensions: string[];
}

/** Asks where to save a file; null when the person cancels. */
export async function chooseSavePath(options: SaveFileOptions): Promise<string | null> {
  try {
    return await save({
      title: options.title,
      defaultPath: options.defaultPath,
      filters: [{ name: options.filterName, extensions: options.extensions }],
    });
  } catch (e) {
    throw toCoreError(e);
  }
}

/** Shows a file selected in the system's file manager. */
export async function revealInFolder(path: string): Promise<void> {
  try {
    await revealItemInDir(path);
  } catch (e) {
    throw toCoreError(e);
  }
}

// ---- The vault-locked signal -----------------------------------------------------------------

/** Emitted by the core when auto-lock fires. */
export const VAULT_LOCKED_EVENT = 'vault-locked';

const lockedListeners = new Set<() => void>();
let bridge: Promise<(() => void) | null> | null = null;

function notifyLocked(): void {
  for (const listener of [...lockedListeners]) listener();
}

/**
 * Calls `listener` whenever the vault gets locked behind the UI's back (auto-lock, or a command
 * answering `locked`). Returns the unsubscribe function. The Tauri event is listened to only
 * while somebody is subscribed.
 */
export function onVaultLocked(listener: () => void): () => void {
  lockedListeners.add(listener);
  if (!bridge) {
    // Outside the app (plain browser) there is no event system; auto-lock then simply never fires.
    bridge = listen(VAULT_LOCKED_EVENT, notifyLocked).catch(() => null);
  }
  return () => {
    lockedListeners.delete(listener);
    if (lockedListeners.size === 0 && bridge) {
      const pending = bridge;
      bridge = null;
      void pending.then((unlisten) => unlisten?.()).catch(() => undefined);
    }
  };
}

/** React hook form of `onVaultLocked`; the latest callback is always the one called. */
export function useVaultLocked(listener: () => void): void {
  const onLocked = useEffectEvent(listener);
  useEffect(() => onVaultLocked(() => onLocked()), []);
}

// ---- Background timestamps -------------------------------------------------------------------

/** Emitted by the core after each background timestamp attempt (`TimestampUpdate`). */
export const TIMESTAMP_UPDATE_EVENT = 'timestamp-update';

/**
 * Calls `listener` after each background timestamp attempt, so a screen can refresh its badges
 * or status. Outside the app (plain browser) nothing is ever emitted.
 */
export function useTimestampUpdates(listener: () => void): void {
  const onUpdate = useEffectEvent(listener);
  useEffect(() => {
    const pending = listen(TIMESTAMP_UPDATE_EVENT, () => onUpdate()).catch(() => null);
    return () => {
      void pending.then((unlisten) => unlisten?.()).catch(() => undefined);
    };
  }, []);
}
