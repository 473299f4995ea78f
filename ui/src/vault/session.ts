//! What the rest of the app knows about the open vault. Provided by `VaultGate` only while the
//! vault is unlocked, so any screen that reads it can assume an unlocked vault.

import { createContext, useContext } from 'react';
import type { AppInfo, VaultStatus } from '../platform';

export interface VaultSession {
  info: AppInfo;
  status: VaultStatus;
  /** The throwaway example vault, discarded when locked. */
  sample: boolean;
  /** Locks the vault and returns to the unlock screen. */
  lock: () => Promise<void>;
  /** Records a status the core returned (e.g. after changing the auto-lock time). */
  updateStatus: (status: VaultStatus) => void;
}

export const VaultSessionContext = createContext<VaultSession | null>(null);

export function useVaultSession(): VaultSession {
  const session = useContext(VaultSessionContext);
  if (!session) throw new Error('useVaultSession is only available inside an unlocked vault');
  return session;
}
