//! Loads data from the core for a screen: { data, error, loading, reload }. `key` says what is
//! loaded (e.g. the case id); a new key loads again.

import { useEffect, useEffectEvent, useState } from 'react';

export interface Loaded<T> {
  data: T | null;
  error: unknown;
  loading: boolean;
  reload: () => Promise<void>;
}

interface State<T> {
  key: string | null;
  data: T | null;
  error: unknown;
}

export function useLoad<T>(load: () => Promise<T>, key: string): Loaded<T> {
  const [state, setState] = useState<State<T>>({ key: null, data: null, error: null });
  const fetchData = useEffectEvent(load);

  useEffect(() => {
    let live = true;
    fetchData().then(
      (data) => {
        if (live) setState({ key, data, error: null });
      },
      (error: unknown) => {
        if (live) setState({ key, data: null, error });
      },
    );
    return () => {
      live = false;
    };
  }, [key]);

  const reload = async () => {
    try {
      const data = await load();
      setState({ key, data, error: null });
    } catch (error) {
      setState((s) => ({ key, data: s.key === key ? s.data : null, error }));
    }
  };

  const current = state.key === key;
  return { data: current ? state.data : null, error: current ? state.error : null, loading: !current, reload };
}
