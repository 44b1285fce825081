import { useCallback, useEffect, useState } from "react";
import { ApiError, get } from "./api.js";
import { takePrefetched } from "./prefetch.js";

export interface Loaded<T> {
  data: T | null;
  error: ApiError | Error | null;
  loading: boolean;
  /** True when the endpoint is missing on this server or forbidden for this role: hide the section. */
  unavailable: boolean;
  reload(): void;
}

/** GET `url` (null: nothing to load) and keep the answer; reloads when the url changes. */
export function useApi<T>(url: string | null): Loaded<T> {
  const [state, setState] = useState<{ data: T | null; error: ApiError | Error | null; loading: boolean }>({ data: null, error: null, loading: !!url });
  const [tick, setTick] = useState(0);
  useEffect(() => {
    if (!url) {
      setState({ data: null, error: null, loading: false });
      return;
    }
    let live = true;
    setState((s) => ({ ...s, loading: true }));
    // The first screen's reads may have been started before it mounted (prefetch.ts); a failed one is asked again
    // (a 401 then opens the sign-in dialog, which a prefetch does not).
    const early = takePrefetched<T>(url);
    (early ? early.catch(() => get<T>(url)) : get<T>(url)).then(
      (data) => live && setState({ data, error: null, loading: false }),
      (error: Error) => live && setState({ data: null, error, loading: false }),
    );
    // A newer request supersedes this one (typing in the search box).
    return () => {
      live = false;
    };
  }, [url, tick]);
  const reload = useCallback(() => setTick((n) => n + 1), []);
  return { ...state, unavailable: state.error instanceof ApiError && state.error.unavailable, reload };
}
