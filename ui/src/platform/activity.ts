//! Tells the shell the person is using the app, so auto-lock counts from their last keystroke
//! or click rather than from the last command. At most one ping per interval.

import { useEffect } from 'react';
import { commands } from './bindings';

const INTERVAL_MS = 30_000;

/** While mounted (the vault is open), input anywhere in the window pushes the auto-lock back. */
export function useActivityHeartbeat(): void {
  useEffect(() => {
    let last = 0;
    const ping = () => {
      const now = Date.now();
      if (now - last < INTERVAL_MS) return;
      last = now;
      commands.activity().catch(() => undefined);
    };
    const events = ['keydown', 'pointerdown', 'wheel'] as const;
    for (const e of events) window.addEventListener(e, ping, { passive: true });
    return () => {
      for (const e of events) window.removeEventListener(e, ping);
    };
  }, []);
}
