//! Test support: a scripted stand-in for the Rust core behind Tauri's IPC, so component tests
//! exercise the real platform layer (bindings → `call` → `CoreError`) without a window.
//! Only test files import this module.

import { emit } from '@tauri-apps/api/event';
import { clearMocks, mockIPC } from '@tauri-apps/api/mocks';
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
      try {
        if (!handler) throw new CoreFailure('not_found', `no mock for ${command}`);
        return handler(args);
      } catch (e) {
        // The real core rejects with a plain `{ code, message }` object, not an Error.
        // eslint-disable-next-line @typescript-eslint/only-throw-error
        if (e instanceof CoreFailure) throw coreError(e.code, e.message);
        throw e;
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

/** Fires the core's auto-lock event. */
export async function emitVaultLocked(): Promise<void> {
  await emit(VAULT_LOCKED_EVENT, null);
}

export function clearCoreMocks(): void {
  clearMocks();
}
