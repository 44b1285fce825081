import { api, onSessionEnded } from "./api.js";

// Route-level loading: the reads the first screen will make are started as soon as the entry script runs, all at
// once, instead of one after another as each component mounts (the session, then the screen's chunk, then its
// data). The screen's `useApi` then takes the answer already on its way. Only for the first screen of a page load:
// an answer is taken once, and not after PREFETCH_TTL_MS.

const PREFETCH_TTL_MS = 10_000;
const pending = new Map<string, { at: number; value: Promise<unknown> }>();
// An answer not taken before its session ended (a screen that never asked for it) is not handed to the next person
// who signs in on this page within PREFETCH_TTL_MS: it was read with the previous person's cookie and rights.
onSessionEnded(() => pending.clear());

/** Start a GET now (no sign-in dialog on 401: the app has not asked who is signed in yet). */
export function prefetch<T = unknown>(url: string): Promise<T> {
  const started = pending.get(url);
  if (started) return started.value as Promise<T>;
  const value = api<T>("GET", url, undefined, { quiet401: true });
  value.catch(() => undefined);
  pending.set(url, { at: performance.now(), value });
  return value;
}

/** The prefetched answer of `url`, once; null if none was started (or it is too old). */
export function takePrefetched<T>(url: string): Promise<T> | null {
  const p = pending.get(url);
  if (!p) return null;
  pending.delete(url);
  return performance.now() - p.at > PREFETCH_TTL_MS ? null : (p.value as Promise<T>);
}

let firstScreen: Promise<unknown> = Promise.resolve();
/** The first screen's code, loading (the app waits for it with the session, so that it does not flash "loading"). */
export function setFirstScreen(p: Promise<unknown>): void {
  firstScreen = p.catch(() => undefined);
}
export function firstScreenLoaded(): Promise<unknown> {
  return firstScreen;
}
