//! Test support: a scripted stand-in for the Rust core behind Tauri's IPC, so component tests
//! exercise the real platform layer (bindings → `call` → `CoreError`) without a window.
//! Only test files import this module.

import { emit } from '@tauri-apps/api/event';
import { clearMocks, mockConvertFileSrc, mockIPC, mockWindows } from '@tauri-apps/api/mocks';
import { VAULT_LOCKED_EVENT } from './index';

/** A command handler: return the command's data, or throw a `CoreFailure` to fail it. */
export type CoreHandler = (args: Record<string, unknown>) => unknown;

export interface CoreMock {
  /** Every command invoked, in order, with its arguments. */
  calls: { command: string; args: Record<string, unknown> }[];
  /** Replaces or adds a handler (snake_case command name, as Rust names it). */
  on(command: string, handler: CoreHandler): void;
}

/** Installs a mock core. Unknown commands fail with `not_found`, as an unregistered command would. */
export function mockCore(handlers: Record<string, CoreHandler>): CoreMock {
  const table = new Map(Object.entries(handlers));
  const mock: CoreMock = {
    calls: [],
    on(command, handler) {
      table.set(command, handler);
    },
  };
  mockIPC(
    (command, payload) => {
      const args = (payload ?? {}) as Record<string, unknown>;
      mock.calls.push({ command, args });
      const handler = table.get(command);
      // The real core rejects with a plain `{ code, message }` object, not an Error.
      const asCore = (e: unknown): unknown => (e instanceof CoreFailure ? coreError(e.code, e.message) : e);
      try {
        if (!handler) throw new CoreFailure('not_found', `no mock for ${command}`);
        const result = handler(args);
        // A handler that answers later (a long job) fails by rejecting with a `CoreFailure`.
        if (result instanceof Promise) {
          return result.catch((e: unknown) => {
            throw asCore(e);
          });
        }
        return result;
      } catch (e) {
        throw asCore(e);
      }
    },
    { shouldMockEvents: true },
  );
  return mock;
}

/** Thrown by a mock handler to make the command fail with this code, as the core would. */
export class CoreFailure extends Error {
  readonly code: string;

  constructor(code: string, message = `${code} (mock)`) {
    super(message);
    this.code = code;
  }
}

/** A core error as the Rust side sends it. */
export function coreError(code: string, message = `${code} (mock)`): { code: string; message: string } {
  return { code, message };
}

/**
 * Sends one progress report on the channel a command received (the mock gets the `Channel`
 * object itself as the argument, so its handler is called directly).
 */
export function sendOnChannel(channel: unknown, message: unknown): void {
  (channel as { onmessage: (m: unknown) => void }).onmessage(message);
}

/** Makes `evidenceUrl` work as on Linux (`evidence://localhost/<id>`), for tests that fetch. */
export function mockEvidenceUrls(): void {
  mockConvertFileSrc('linux');
}

/**
 * Drops files on the (mock) main window the way the OS does: Tauri's drag-enter, then drag-drop
 * with the paths. Call after `mockCore`.
 */
export async function dropFiles(paths: string[]): Promise<void> {
  mockWindows('main');
  const payload = { paths, position: { x: 10, y: 10 } };
  await emit('tauri://drag-enter', payload);
  await emit('tauri://drag-drop', payload);
}

/** Fires the core's auto-lock event. */
export async function emitVaultLocked(): Promise<void> {
  await emit(VAULT_LOCKED_EVENT, null);
}

export function clearCoreMocks(): void {
  clearMocks();
}
