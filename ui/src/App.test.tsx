import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it } from 'vitest';
import App from './App';
import { CoreFailure, emitVaultLocked, mockCore } from './platform/testing';
import type { CoreHandler } from './platform/testing';

const DEFAULT_VAULT = '/home/li/.local/share/casefile/vault';

function appInfo(overrides: Partial<{ vault_exists: boolean; unlocked: boolean }> = {}) {
  return {
    name: 'CaseFile',
    version: '0.1.0',
    vault_path: DEFAULT_VAULT,
    vault_exists: false,
    unlocked: false,
    auto_lock_minutes: 15,
    ...overrides,
  };
}

const unlocked = { unlocked: true, sample: false, vault_path: DEFAULT_VAULT, auto_lock_minutes: 15 };

function startApp(handlers: Record<string, CoreHandler>) {
  const mock = mockCore({ app_info: () => appInfo(), ...handlers });
  const user = userEvent.setup();
  render(<App />);
  return { mock, user };
}

const commandsCalled = (mock: { calls: { command: string }[] }) => mock.calls.map((c) => c.command);

beforeEach(() => {
  window.location.hash = '';
});

describe('start-up', () => {
  it('shows a calm error with a retry when the core cannot be reached', async () => {
    render(<App />);
    expect(await screen.findByTestId('startup-error')).toHaveTextContent('无法连接到应用核心');
    mockCore({ app_info: () => appInfo() });
    await userEvent.click(screen.getByTestId('startup-retry'));
    expect(await screen.findByTestId('welcome')).toBeInTheDocument();
  });

  it('opens straight into the app when the core says the vault is unlocked', async () => {
    startApp({ app_info: () => appInfo({ vault_exists: true, unlocked: true }), vault_status: () => unlocked });
    expect(await screen.findByTestId('nav-dashboard')).toBeInTheDocument();
  });
});

describe('first run', () => {
  it('creates a vault, shows the recovery key once and enters the app', async () => {
    const { mock, user } = startApp({
      vault_create: () => ({ vault_id: 'v1', recovery_key: 'ABCD-EFGH-IJKL-MNOP' }),
      vault_status: () => unlocked,
    });

    expect(await screen.findByTestId('welcome-lead')).toHaveTextContent('加密保存在这台电脑上');
    await user.click(screen.getByTestId('welcome-create'));

    const passphrase = screen.getByTestId('passphrase');
    expect(passphrase.tagName).toBe('INPUT');
    await user.type(passphrase, 'quiet river lamp 7');
    expect(screen.getByTestId('passphrase-strength')).toHaveAttribute('data-score', '4');
    await user.type(screen.getByTestId('passphrase-confirm'), 'quiet river lamp 7{Enter}');

    const key = await screen.findByTestId('recovery-key');
    expect(key.textContent).toBe('ABCD-EFGH-IJKL-MNOP');
    expect(mock.calls.find((c) => c.command === 'vault_create')?.args).toEqual({
      path: null,
      passphrase: 'quiet river lamp 7',
    });

    const proceed = screen.getByTestId('recovery-continue');
    expect(proceed).toBeDisabled();
    const confirm = screen.getByTestId('recovery-confirm');
    expect(confirm.tagName).toBe('INPUT');
    await user.click(confirm);
    expect(proceed).toBeEnabled();
    await user.click(proceed);

    expect(await screen.findByTestId('lock-button')).toBeInTheDocument();
    expect(screen.getByTestId('dashboard-page')).toBeInTheDocument();
  });

  it('keeps the input and explains when the passphrases differ or are weak', async () => {
    const { mock, user } = startApp({});
    await user.click(await screen.findByTestId('welcome-create'));

    await user.type(screen.getByTestId('passphrase'), '12345678');
    await user.type(screen.getByTestId('passphrase-confirm'), 'something else');
    await user.click(screen.getByTestId('create-submit'));

    expect(await screen.findByText('这个密码太容易被猜到，请换一个')).toBeInTheDocument();
    expect(await screen.findByText('两次输入的密码不一致')).toBeInTheDocument();
    expect(screen.getByTestId('passphrase')).toHaveValue('12345678');
    expect(screen.getByTestId('passphrase-confirm')).toHaveValue('something else');
    expect(commandsCalled(mock)).not.toContain('vault_create');
  });

  it('offers to open the vault when one already exists there', async () => {
    const { user } = startApp({
      vault_create: () => {
        throw new CoreFailure('vault_exists');
      },
    });
    await user.click(await screen.findByTestId('welcome-create'));
    await user.type(screen.getByTestId('passphrase'), 'quiet river lamp 7');
    await user.type(screen.getByTestId('passphrase-confirm'), 'quiet river lamp 7{Enter}');
    expect(await screen.findByTestId('create-error')).toHaveTextContent('已经有一个保险库');
    await user.click(screen.getByTestId('create-open-existing'));
    expect(await screen.findByTestId('unlock-passphrase')).toBeInTheDocument();
  });

  it('opens the example vault and marks it as such', async () => {
    const { user } = startApp({ open_sample: () => ({ ...unlocked, sample: true, vault_path: '/tmp/sample' }) });
    await user.click(await screen.findByTestId('welcome-sample'));
    expect(await screen.findByTestId('sample-tag')).toBeInTheDocument();
  });
});

describe('unlock', () => {
  it('says what to do after a wrong passphrase and keeps what was typed', async () => {
    let attempts = 0;
    const { user } = startApp({
      app_info: () => appInfo({ vault_exists: true }),
      vault_unlock: ({ passphrase }) => {
        attempts++;
        if (passphrase !== 'right one here') throw new CoreFailure('wrong_passphrase', 'wrong passphrase');
        return unlocked;
      },
    });

    const input = await screen.findByTestId('unlock-passphrase');
    await user.type(input, 'wrong guess{Enter}');
    expect(await screen.findByText(/密码不正确。请检查大小写/)).toBeInTheDocument();
    expect(input).toHaveValue('wrong guess');

    await user.clear(input);
    await user.type(input, 'right one here');
    await user.click(screen.getByTestId('unlock-submit'));
    expect(await screen.findByTestId('nav-cases')).toBeInTheDocument();
    expect(attempts).toBe(2);
  });

  it('resets the passphrase with the recovery key', async () => {
    const { mock, user } = startApp({
      app_info: () => appInfo({ vault_exists: true }),
      vault_recover: () => unlocked,
    });
    await user.click(await screen.findByTestId('unlock-forgot'));
    await user.type(screen.getByTestId('recover-key'), '  ABCD-EFGH  ');
    await user.type(screen.getByTestId('recover-passphrase'), 'new quiet passphrase');
    await user.type(screen.getByTestId('recover-passphrase-confirm'), 'new quiet passphrase{Enter}');
    expect(await screen.findByTestId('lock-button')).toBeInTheDocument();
    expect(mock.calls.find((c) => c.command === 'vault_recover')?.args).toEqual({
      path: null,
      recoveryKey: 'ABCD-EFGH',
      newPassphrase: 'new quiet passphrase',
    });
  });
});

describe('the open vault', () => {
  function openVault(handlers: Record<string, CoreHandler> = {}) {
    return startApp({
      app_info: () => appInfo({ vault_exists: true, unlocked: true }),
      vault_status: () => unlocked,
      vault_lock: () => null,
      ...handlers,
    });
  }

  it('locks with the lock button', async () => {
    const { mock, user } = openVault();
    await user.click(await screen.findByTestId('lock-button'));
    expect(await screen.findByTestId('unlock-passphrase')).toBeInTheDocument();
    expect(commandsCalled(mock)).toContain('vault_lock');
  });

  it('returns to the unlock screen when the core auto-locks', async () => {
    const { mock } = openVault();
    await screen.findByTestId('lock-button');
    mock.on('app_info', () => appInfo({ vault_exists: true }));
    await new Promise((resolve) => setTimeout(resolve, 0));
    await emitVaultLocked();
    expect(await screen.findByTestId('unlock-passphrase')).toBeInTheDocument();
    expect(await screen.findByText(/已自动锁定/)).toBeInTheDocument();
  });

  it('navigates with the sidebar and switches language', async () => {
    const { user } = openVault();
    await user.click(await screen.findByTestId('nav-cases'));
    expect(await screen.findByTestId('cases-page')).toBeInTheDocument();
    await user.click(screen.getByTestId('nav-deadlines'));
    expect(await screen.findByTestId('deadlines-page')).toBeInTheDocument();

    await user.click(screen.getByTestId('lang-switch'));
    expect(await screen.findByTestId('lock-button')).toHaveTextContent('Lock');
    expect(screen.getByTestId('nav-settings')).toHaveTextContent('Settings');
    expect(localStorage.getItem('casefile.language')).toBe('en');
  });

  it('shows a case with its tabs addressed in the URL', async () => {
    window.location.hash = '#/cases/c-1/contacts';
    const { user } = openVault();
    expect(await screen.findByTestId('case-tab-contacts')).toHaveAttribute('data-case-id', 'c-1');
    await user.click(screen.getByTestId('case-tab-button-export'));
    expect(await screen.findByTestId('case-tab-export')).toBeInTheDocument();
    expect(window.location.hash).toBe('#/cases/c-1/export');
  });
});

describe('settings', { timeout: 60000 }, () => {
  function openSettings(handlers: Record<string, CoreHandler> = {}) {
    window.location.hash = '#/settings';
    return startApp({
      app_info: () => appInfo({ vault_exists: true, unlocked: true }),
      vault_status: () => unlocked,
      ...handlers,
    });
  }

  it('saves the auto-lock time with Enter', async () => {
    const { mock, user } = openSettings({
      set_auto_lock: ({ minutes }) => ({ ...unlocked, auto_lock_minutes: minutes }),
    });
    const minutes = await screen.findByTestId('autolock-minutes');
    expect(minutes.tagName).toBe('INPUT');
    expect(minutes).toHaveValue('15');
    await user.clear(minutes);
    await user.type(minutes, '30{Enter}');
    expect(await screen.findByText(/已保存：30 分钟/)).toBeInTheDocument();
    expect(mock.calls.find((c) => c.command === 'set_auto_lock')?.args).toEqual({ minutes: 30 });
  });

  it('refuses an auto-lock time of 0 with its own message instead of saving 1', async () => {
    const { mock, user } = openSettings({
      set_auto_lock: ({ minutes }) => ({ ...unlocked, auto_lock_minutes: minutes }),
    });
    const minutes = await screen.findByTestId('autolock-minutes');
    await user.clear(minutes);
    await user.type(minutes, '0{Enter}');
    expect(await screen.findByText('自动锁定时间不能是 0 或负数：最短 1 分钟', {}, { timeout: 10_000 })).toBeInTheDocument();
    expect(minutes).toHaveValue('0');
    expect(mock.calls.some((c) => c.command === 'set_auto_lock')).toBe(false);
  });

  it('changes the passphrase and reports a wrong current one on its field', async () => {
    const { mock, user } = openSettings({
      change_passphrase: ({ current }) => {
        if (current !== 'old secret words') throw new CoreFailure('wrong_passphrase');
        return null;
      },
    });
    const current = await screen.findByTestId('settings-current-passphrase');
    await user.type(current, 'not it');
    await user.type(screen.getByTestId('settings-new-passphrase'), 'brand new quiet words');
    await user.type(screen.getByTestId('settings-confirm-passphrase'), 'brand new quiet words{Enter}');
    expect(await screen.findByText(/当前密码不正确/)).toBeInTheDocument();
    expect(screen.getByTestId('settings-new-passphrase')).toHaveValue('brand new quiet words');

    await user.clear(current);
    await user.type(current, 'old secret words');
    await user.click(screen.getByTestId('settings-passphrase-submit'));
    expect(await screen.findByText(/密码已修改/)).toBeInTheDocument();
    await waitFor(() => expect(screen.getByTestId('settings-current-passphrase')).toHaveValue(''));
    expect(mock.calls.filter((c) => c.command === 'change_passphrase')).toHaveLength(2);
  });
});
