//! The gate in front of the app: decides which first-run or unlock screen to show, and provides
//! the `VaultSession` to everything behind it once the vault is open.
//!
//! The core is the source of truth: on start the gate asks `appInfo` whether a vault exists and is
//! unlocked, and after every lock (the lock button, the core's auto-lock event, or any command
//! answering `locked`) it asks again rather than guessing.

import { LoadingOutlined } from '@ant-design/icons';
import { App, Button, Result, Spin } from 'antd';
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import OnboardingFrame from '../components/OnboardingFrame';
import CreateVault from '../pages/vault/CreateVault';
import Recover from '../pages/vault/Recover';
import RecoveryKey from '../pages/vault/RecoveryKey';
import Unlock from '../pages/vault/Unlock';
import Welcome from '../pages/vault/Welcome';
import { core, errorText, toCoreError, useVaultLocked } from '../platform';
import type { AppInfo, CoreError, VaultStatus } from '../platform';
import { VaultSessionContext } from './session';
import type { VaultSession } from './session';

type Screen =
  | { name: 'loading' }
  | { name: 'unavailable'; error: CoreError }
  | { name: 'welcome' }
  | { name: 'create' }
  | { name: 'recovery-key'; recoveryKey: string; path: string | null }
  | { name: 'unlock'; path: string | null; fromWelcome: boolean }
  | { name: 'recover'; path: string | null; fromWelcome: boolean }
  | { name: 'open'; status: VaultStatus; sample: boolean };

/** Where to go when the vault is not open: unlock if there is one to unlock, else welcome. */
function lockedScreen(info: AppInfo, path: string | null): Screen {
  if (path !== null || info.vault_exists) return { name: 'unlock', path, fromWelcome: false };
  return { name: 'welcome' };
}

/** Asks the core where things stand at start-up (or on retry) and picks the first screen. */
async function boot(): Promise<{ info: AppInfo | null; screen: Screen }> {
  try {
    const info = await core.appInfo();
    if (info.unlocked) {
      return { info, screen: { name: 'open', status: await core.vaultStatus(), sample: false } };
    }
    return { info, screen: lockedScreen(info, null) };
  } catch (e) {
    return { info: null, screen: { name: 'unavailable', error: toCoreError(e) } };
  }
}

export default function VaultGate({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [info, setInfo] = useState<AppInfo | null>(null);
  const [screen, setScreen] = useState<Screen>({ name: 'loading' });

  const apply = useCallback((next: { info: AppInfo | null; screen: Screen }) => {
    if (next.info) setInfo(next.info);
    setScreen(next.screen);
  }, []);

  useEffect(() => {
    let current = true;
    void boot().then((next) => {
      if (current) apply(next);
    });
    return () => {
      current = false;
    };
  }, [apply]);

  // After a lock: a real vault goes back to its unlock screen; the example is gone for good.
  const afterLock = useCallback(
    async (from: { status: VaultStatus; sample: boolean }) => {
      let latest = info;
      try {
        latest = await core.appInfo();
        setInfo(latest);
      } catch {
        // Keep what we knew; the unlock screen will report a real problem when used.
      }
      if (!latest) return;
      setScreen(from.sample ? lockedScreen(latest, null) : lockedScreen(latest, from.status.vault_path));
    },
    [info],
  );

  useVaultLocked(() => {
    if (screen.name !== 'open') return;
    void message.info(t('vault.autoLocked'), 8);
    void afterLock(screen);
  });

  const session = useMemo<VaultSession | null>(() => {
    if (screen.name !== 'open' || !info) return null;
    return {
      info,
      status: screen.status,
      sample: screen.sample,
      lock: async () => {
        try {
          await core.vaultLock();
        } catch (e) {
          const err = toCoreError(e);
          // Already locked (auto-lock raced the button) is what the person wanted anyway.
          if (!err.is('locked')) {
            void message.error(errorText(err, t));
            return;
          }
        }
        await afterLock(screen);
      },
      updateStatus: (status) => setScreen({ ...screen, status }),
    };
  }, [screen, info, afterLock, message, t]);

  if (session) {
    return <VaultSessionContext.Provider value={session}>{children}</VaultSessionContext.Provider>;
  }

  if (screen.name === 'unavailable') {
    return (
      <OnboardingFrame testId="startup-error">
        <Result
          status="warning"
          title={t('startup.errorTitle')}
          subTitle={errorText(screen.error, t)}
          extra={
            <Button
              type="primary"
              onClick={() => {
                setScreen({ name: 'loading' });
                void boot().then(apply);
              }}
              data-testid="startup-retry"
            >
              {t('common.retry')}
            </Button>
          }
        />
      </OnboardingFrame>
    );
  }

  if (screen.name === 'loading' || !info) {
    return (
      <div className="onboarding" data-testid="startup-loading">
        <Spin indicator={<LoadingOutlined spin />} size="large" description={t('common.loading')} />
      </div>
    );
  }

  const open = (status: VaultStatus, sample = false) => setScreen({ name: 'open', status, sample });

  switch (screen.name) {
    case 'welcome':
      return (
        <Welcome
          info={info}
          onCreate={() => setScreen({ name: 'create' })}
          onOpen={(path) => setScreen({ name: 'unlock', path, fromWelcome: true })}
          onSample={(status) => open(status, true)}
        />
      );
    case 'create':
      return (
        <CreateVault
          info={info}
          onCreated={(recoveryKey, path) => setScreen({ name: 'recovery-key', recoveryKey, path })}
          onOpenExisting={(path) => setScreen({ name: 'unlock', path, fromWelcome: true })}
          onBack={() => setScreen({ name: 'welcome' })}
        />
      );
    case 'recovery-key':
      return (
        <RecoveryKey
          recoveryKey={screen.recoveryKey}
          onContinue={async () => {
            try {
              const status = await core.vaultStatus();
              if (status.unlocked) {
                open(status);
                return;
              }
            } catch (e) {
              if (!toCoreError(e).is('locked')) {
                void message.error(errorText(e, t));
                return;
              }
            }
            // Auto-lock fired while the key was being copied: the vault exists, so unlock it.
            void message.info(t('vault.autoLocked'), 8);
            const latest = await core.appInfo().catch(() => info);
            setInfo(latest);
            setScreen({ name: 'unlock', path: screen.path, fromWelcome: false });
          }}
        />
      );
    case 'unlock':
      return (
        <Unlock
          key={screen.path ?? ''}
          info={info}
          path={screen.path}
          onUnlocked={(status) => open(status)}
          onForgot={() => setScreen({ name: 'recover', path: screen.path, fromWelcome: screen.fromWelcome })}
          onPathChange={(path) => setScreen({ ...screen, path })}
          onBack={screen.fromWelcome || !info.vault_exists ? () => setScreen({ name: 'welcome' }) : undefined}
        />
      );
    case 'recover':
      return (
        <Recover
          info={info}
          path={screen.path}
          onRecovered={(status) => open(status)}
          onBack={() => setScreen({ name: 'unlock', path: screen.path, fromWelcome: screen.fromWelcome })}
        />
      );
    default:
      return null;
  }
}
