// Figures bench/load.ts reads besides autocannon's: the server's CPU time (its process and its children, e.g.
// cluster workers) from /proc, percentiles, and counters from the server's /metrics (Prometheus text).
import { readdirSync, readFileSync } from "node:fs";
import { get } from "node:http";
import { createServer } from "node:net";

/** User + system CPU milliseconds of a process and all its descendants (Linux /proc). */
/**
 * CPU milliseconds of a process's main thread and of its other threads together (PGlite's thread, the opening
 * thread, libuv's pool, V8's garbage collector helpers), from /proc: the main thread's is what requests queue behind.
 */
export function threadCpuMsOf(pid: number): { main: number; others: number } {
  try {
    const stat = readFileSync(`/proc/${pid}/task/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    const main = (Number(fields[11]) + Number(fields[12])) * 10;
    // The process's figure counts threads that have ended too (the opening thread stops after the build).
    return { main, others: Math.max(0, cpuMsOf(pid) - main) };
  } catch {
    return { main: 0, others: 0 };
  }
}

export type ThreadSample = { name: string; startMs: number; ms: number; waitMs: number };

/**
 * Each thread of a process now (Linux /proc): its name, when it started (ms after the process did) and its CPU ms;
 * with the threads of its child processes (cluster workers), their names prefixed "<child pid>/". A thread that has
 * ended is gone from the list: sample often and keep each thread's last figure (bench/startup.ts).
 */
export function eachThreadCpuMs(pid: number): Map<number, ThreadSample> {
  const out = new Map<number, ThreadSample>();
  let start0 = -1;
  const visit = (p: number, prefix: string) => {
    try {
      const own = readFileSync(`/proc/${p}/stat`, "utf8");
      if (start0 < 0) start0 = Number(own.slice(own.lastIndexOf(")") + 2).split(" ")[19]);
      for (const tid of readdirSync(`/proc/${p}/task`)) {
        try {
          const stat = readFileSync(`/proc/${p}/task/${tid}/stat`, "utf8");
          const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
          const name = prefix + stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")"));
          // Time spent runnable but waiting for a core (schedstat's second field, ns): on a loaded machine, what a quiet
          // one would have spent running; 0 where the kernel keeps no schedstat.
          let waitMs = 0;
          try {
            waitMs = Number(readFileSync(`/proc/${p}/task/${tid}/schedstat`, "utf8").split(" ")[1]) / 1e6;
          } catch {
            // no schedstat
          }
          out.set(Number(tid), { name, startMs: (Number(fields[19]) - start0) * 10, ms: (Number(fields[11]) + Number(fields[12])) * 10, waitMs });
        } catch {
          // ended meanwhile
        }
      }
      for (const c of readFileSync(`/proc/${p}/task/${p}/children`, "utf8").trim().split(/\s+/).filter(Boolean)) visit(Number(c), `${c}/`);
    } catch {
      // gone
    }
  };
  visit(pid, "");
  return out;
}

export function cpuMsOf(pid: number): number {
  const tick = 10; // USER_HZ is 100 on Linux: one clock tick is 10 ms
  let total = 0;
  const visit = (p: number) => {
    try {
      const stat = readFileSync(`/proc/${p}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      total += (Number(fields[11]) + Number(fields[12])) * tick; // utime, stime
      for (const t of readFileSync(`/proc/${p}/task/${p}/children`, "utf8").trim().split(/\s+/).filter(Boolean)) visit(Number(t));
    } catch {
      // gone
    }
  };
  visit(pid);
  return total;
}

export function percentile(xs: number[], p: number): number {
  if (!xs.length) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
}

/**
 * Sums of every counter in /metrics by metric name (labels summed over), and each labelled series under its full
 * name (`name{labels}`); empty when there is no endpoint.
 */
export async function scrapeMetrics(base: string): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  const r = await fetch(`${base}/metrics`).catch(() => null);
  if (!r || !r.ok) return out;
  for (const line of (await r.text()).split("\n")) {
    if (!line || line.startsWith("#")) continue;
    const m = /^([a-zA-Z_:][\w:]*)(\{[^}]*\})?\s+(\S+)/.exec(line);
    if (!m) continue;
    out.set(m[1]!, (out.get(m[1]!) ?? 0) + Number(m[3]));
    if (m[2]) out.set(m[1]! + m[2], Number(m[3]));
  }
  return out;
}

/**
 * A quantile of a Prometheus histogram over the window between two scrapes (bucket counts subtracted): the upper
 * bound of the bucket it falls in, in ms ("> last bound" when above every bound). `match` picks the series.
 */
export function windowQuantile(m0: Map<string, number>, m1: Map<string, number>, name: string, q: number, match = ""): string {
  const bounds: { le: number; n: number }[] = [];
  for (const [key, v] of m1) {
    if (!key.startsWith(`${name}_bucket{`) || !key.includes(match)) continue;
    const le = /le="([^"]+)"/.exec(key)![1]!;
    bounds.push({ le: le === "+Inf" ? Infinity : Number(le), n: v - (m0.get(key) ?? 0) });
  }
  bounds.sort((a, b) => a.le - b.le);
  const total = bounds.at(-1)?.n ?? 0;
  if (!total) return "n/a";
  const i = bounds.findIndex((b) => b.n >= q * total);
  const b = bounds[i]!;
  return b.le === Infinity ? `> ${bounds[i - 1]!.le * 1000} ms` : `≤ ${b.le * 1000} ms`;
}

/**
 * The status of one request on a connection of its own: with `serve --workers N` the cluster hands connections out
 * in turn, so successive calls reach every worker (a kept-alive connection would ask the same one each time).
 */
export function statusOnNewConnection(port: number, path: string, headers: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = get({ host: "127.0.0.1", port, path, headers, agent: false }, (res) => {
      res.resume();
      res.on("end", () => resolve(res.statusCode ?? 0));
    });
    req.on("error", reject);
  });
}

/** A port nobody listens on now (the OS's choice), for a server the bench starts. */
export async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, "127.0.0.1", () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

/**
 * A timeline of threads' samples (`eachThreadCpuMs` taken at `atMs` after spawn) as a text table: per `bucketMs`, each
 * thread's CPU ms and run-queue wait ms in it ("run/wait"), for the threads with at least `minMs` of CPU by the end.
 */
export function threadTimeline(samples: { atMs: number; threads: Map<number, ThreadSample> }[], bucketMs = 250, minMs = 100): string {
  const last = new Map<number, ThreadSample>();
  for (const s of samples) for (const [tid, t] of s.threads) last.set(tid, t);
  const tids = [...last].filter(([, t]) => t.ms >= minMs).sort((a, b) => a[1].startMs - b[1].startMs || a[0] - b[0]).map(([tid]) => tid);
  const head = tids.map((tid) => `${last.get(tid)!.name}@${(last.get(tid)!.startMs / 1000).toFixed(1)}s`);
  const lines = [`ms after spawn | ${head.join(" | ")} | all run/wait`];
  const before = new Map<number, ThreadSample>();
  let bucket = 0;
  let acc = new Map<number, [number, number]>();
  const flush = () => {
    const cells = tids.map((tid): [number, number] => acc.get(tid) ?? [0, 0]);
    let [run, wait] = [0, 0];
    for (const [r, w] of cells) [run, wait] = [run + r, wait + w];
    lines.push(`${bucket} | ${cells.map(([r, w]) => `${Math.round(r)}/${Math.round(w)}`).join(" | ")} | ${Math.round(run)}/${Math.round(wait)}`);
    acc = new Map();
  };
  for (const s of samples) {
    while (s.atMs >= bucket + bucketMs) {
      flush();
      bucket += bucketMs;
    }
    for (const tid of tids) {
      const t = s.threads.get(tid);
      if (!t) continue;
      const b = before.get(tid);
      const a = acc.get(tid) ?? [0, 0];
      acc.set(tid, [a[0] + t.ms - (b?.ms ?? 0), a[1] + t.waitMs - (b?.waitMs ?? 0)]);
      before.set(tid, t);
    }
  }
  flush();
  return lines.join("\n");
}
