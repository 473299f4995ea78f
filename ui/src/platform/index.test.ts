import { describe, expect, it, vi } from 'vitest';
import i18n from '../i18n';
import { call, core, CoreError, errorText, onVaultLocked, toCoreError } from './index';
import { coreError, CoreFailure, emitVaultLocked, mockCore } from './testing';

const t = i18n.t.bind(i18n);
const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('call', () => {
  it('returns the data of an ok result', async () => {
    await expect(call(Promise.resolve({ status: 'ok' as const, data: 42 }))).resolves.toBe(42);
  });

  it('throws a CoreError with the core’s code and message', async () => {
    const failing = call(Promise.resolve({ status: 'error' as const, error: coreError('vault_busy', 'vault busy') }));
    await expect(failing).rejects.toBeInstanceOf(CoreError);
    await expect(failing).rejects.toMatchObject({ code: 'vault_busy', message: 'vault busy' });
  });

  it('reports a failed IPC call as unavailable', async () => {
    await expect(call(Promise.reject(new TypeError('no runtime')))).rejects.toMatchObject({
      code: 'unavailable',
    });
  });
});

describe('core commands', () => {
  it('invoke the snake_case command with camelCase arguments', async () => {
    const mock = mockCore({ vault_recover: () => ({ unlocked: true, path: '/v', auto_lock_minutes: 10 }) });
    await expect(core.vaultRecover(null, 'KEY', 'new pass phrase')).resolves.toMatchObject({ unlocked: true });
    expect(mock.calls).toEqual([
      { command: 'vault_recover', args: { path: null, recoveryKey: 'KEY', newPassphrase: 'new pass phrase' } },
    ]);
  });

  it('turn a rejected command into a CoreError', async () => {
    mockCore({
      vault_unlock: () => {
        throw new CoreFailure('wrong_passphrase');
      },
    });
    await expect(core.vaultUnlock(null, 'nope')).rejects.toMatchObject({ code: 'wrong_passphrase' });
  });

  it('fail as unavailable outside the app', async () => {
    await expect(core.appInfo()).rejects.toMatchObject({ code: 'unavailable' });
  });
});

describe('errorText', () => {
  it('explains known codes in the interface language', async () => {
    expect(errorText(new CoreError('wrong_passphrase', 'bad key'), t)).toContain('恢复密钥');
    await i18n.changeLanguage('en');
    expect(errorText(new CoreError('wrong_passphrase', 'bad key'), t)).toContain('recovery key');
  });

  it('falls back to the core’s message for codes it does not know', () => {
    expect(errorText(new CoreError('new_code', 'Something specific failed'), t)).toBe('Something specific failed');
  });

  it('never shows an empty message', () => {
    expect(errorText(new CoreError('new_code', ''), t)).toBe(t('errors.unknown'));
  });

  it('accepts raw values', () => {
    expect(toCoreError({ code: 'io', message: 'disk full' })).toMatchObject({ code: 'io', message: 'disk full' });
    expect(toCoreError('dialog failed')).toMatchObject({ code: 'unavailable', message: 'dialog failed' });
  });
});

describe('onVaultLocked', () => {
  it('fires on the core’s vault-locked event', async () => {
    mockCore({});
    const listener = vi.fn();
    const stop = onVaultLocked(listener);
    await tick();
    await emitVaultLocked();
    expect(listener).toHaveBeenCalledTimes(1);
    stop();
  });

  it('fires when a command answers locked', async () => {
    mockCore({
      vault_status: () => {
        throw new CoreFailure('locked');
      },
    });
    const listener = vi.fn();
    const stop = onVaultLocked(listener);
    await expect(core.vaultStatus()).rejects.toMatchObject({ code: 'locked' });
    expect(listener).toHaveBeenCalledTimes(1);
    stop();
  });

  it('stops calling after unsubscribe', async () => {
    mockCore({});
    const listener = vi.fn();
    onVaultLocked(listener)();
    await tick();
    await emitVaultLocked();
    expect(listener).not.toHaveBeenCalled();
  });
});
