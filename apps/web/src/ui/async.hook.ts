import { useCallback, useEffect, useRef, useState } from 'react';

export interface Async<T> {
  data?: T;
  error?: Error;
  loading: boolean;
  reload: () => void;
}

/** Loads on mount and whenever `deps` change; `pollMs` refreshes in the background without flicker. */
export function useAsync<T>(load: () => Promise<T>, deps: unknown[], pollMs?: number): Async<T> {
  const [state, setState] = useState<{ data?: T; error?: Error; loading: boolean }>({ loading: true });
  const [tick, setTick] = useState(0);
  const loader = useRef(load);
  loader.current = load;

  useEffect(() => {
    let live = true;
    const run = () =>
      loader.current().then(
        (data) => live && setState({ data, loading: false }),
        (error: unknown) =>
          live &&
          setState((s) => ({
            ...s,
            error: error instanceof Error ? error : new Error(String(error)),
            loading: false,
          })),
      );
    setState((s) => ({ ...s, loading: true }));
    void run();
    const timer = pollMs ? setInterval(() => void run(), pollMs) : undefined;
    return () => {
      live = false;
      if (timer) clearInterval(timer);
    };
  }, [...deps, tick, pollMs]);

  const reload = useCallback(() => setTick((t) => t + 1), []);
  return { ...state, reload };
}
