// Node flags of the cluster workers of `serve --workers N`.
//
// Young generation: semi-spaces of 64 MiB instead of V8's 16. A worker answers ~100 requests at once and each lives
// ~100 ms, so with 16 MiB a scavenge came every ~140 ms and found much of its space still in use by requests in
// flight: it copied them (and promoted them into the old generation, which then needed mark-compacts). Measured flat
// out on PostgreSQL, 30 s per worker: 215–222 scavenges, 2.5–3.2 s of pauses, against 48–59 and 1.1–1.5 s
// (docs/benchmarks-history.md, "Session 8"). The cost: up to ~150 MiB more memory per worker.
export const SEMI_SPACE_MB = 64;

/** The worker's execArgv: the primary's, plus the semi-space size unless it or NODE_OPTIONS already names one. */
export function workerExecArgv(execArgv: readonly string[], nodeOptions = process.env.NODE_OPTIONS ?? ""): string[] {
  const named = [...execArgv, ...nodeOptions.split(/\s+/)].some((a) => /^--max[-_]semi[-_]space[-_]size(=|$)/.test(a));
  return named ? [...execArgv] : [...execArgv, `--max-semi-space-size=${SEMI_SPACE_MB}`];
}
