//! The user's saved profile (name, ID number, phone, address) for the screens that fill in
//! documents: `undefined` while loading, `null` when it could not be read (the documents then
//! keep their blanks, as with no profile).

import { useEffect, useState } from 'react';
import { core } from '../platform';
import type { Profile } from '../platform';

export function useProfile(enabled = true): Profile | null | undefined {
  const [profile, setProfile] = useState<Profile | null | undefined>(undefined);
  useEffect(() => {
    if (!enabled) return;
    let live = true;
    core.profileGet().then(
      (p) => live && setProfile(p),
      () => live && setProfile(null),
    );
    return () => {
      live = false;
    };
  }, [enabled]);
  return profile;
}

/** The ID number as shown on screen: the first 4 and last 4 characters, the rest hidden. */
export function maskIdNumber(id: string): string {
  return id.length <= 8 ? id : `${id.slice(0, 4)}${'*'.repeat(id.length - 8)}${id.slice(-4)}`;
}
