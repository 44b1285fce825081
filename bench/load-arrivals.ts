// Requests at a stated arrival rate for bench/load.ts `--rate R` (an open loop: arrivals do not wait for answers).
//
// Why not autocannon's `overallRate`: it gives each of the C connections a quota of R/C requests per second, refilled
// by a one-second interval per connection; the connections start together, so each second every connection sends
// its quota at once and then waits — at 400/s over 200 connections, 200 requests in the first instant of every
// second and 200 more as the first answers arrive, then nothing (the bench prints the arrivals' spread, `spread`).
// That is a burst of a second's work every second, not 400 requests a second.
//
// Here arrivals are a Poisson process at R per second (or evenly spaced with `even`); each takes a free keep-alive
// connection of at most C, or waits for one, and its latency counts from its arrival time — the time a visitor
// would wait, queueing in the client included, so a slow server is not hidden by requests not sent.
import { Agent, request } from "node:http";

export type Arrivals = "poisson" | "even";

export interface Ask {
  route: string;
  path: string;
  headers: Record<string, string>;
}

export interface OpenLoopResult {
  sent: number;
  answered: number;
  errors: number;
  timeouts: number;
  non2xx: number;
  /** Latency of every request, ms from its arrival: until its answer, or until it failed or timed out. */
  latencies: number[];
  /** Arrival times, ms from the start. */
  arrivals: number[];
  /**
   * How late this process sent each request after its arrival time (its own timer and event loop): when this is
   * large, the load generator itself was starved of CPU and the latencies say so much less about the server.
   */
  lateness: number[];
  seconds: number;
}

export async function openLoop(opts: {
  base: string;
  rate: number;
  seconds: number;
  connections: number;
  arrivals: Arrivals;
  timeoutMs?: number;
  next: () => Ask;
  onAnswer: (route: string, status: number, ms: number) => void;
}): Promise<OpenLoopResult> {
  const url = new URL(opts.base);
  const agent = new Agent({ keepAlive: true, maxSockets: opts.connections, maxFreeSockets: opts.connections });
  const timeoutMs = opts.timeoutMs ?? 10_000;
  const out: OpenLoopResult = { sent: 0, answered: 0, errors: 0, timeouts: 0, non2xx: 0, latencies: [], arrivals: [], lateness: [], seconds: opts.seconds };
  const gap = () => (opts.arrivals === "even" ? 1000 / opts.rate : -Math.log(1 - Math.random()) * (1000 / opts.rate));
  const inFlight = new Set<Promise<void>>();
  const t0 = performance.now();
  const end = t0 + opts.seconds * 1000;

  const fire = (at: number) => {
    const ask = opts.next();
    out.sent++;
    out.arrivals.push(at - t0);
    out.lateness.push(performance.now() - at);
    const done = new Promise<void>((resolve) => {
      const req = request({ agent, host: url.hostname, port: url.port, path: ask.path, method: "GET", headers: ask.headers, timeout: timeoutMs }, (res) => {
        res.resume();
        res.on("end", () => {
          const ms = performance.now() - at;
          const status = res.statusCode ?? 0;
          out.answered++;
          if (status < 200 || status >= 300) out.non2xx++;
          out.latencies.push(ms);
          opts.onAnswer(ask.route, status, ms);
          resolve();
        });
        res.on("error", failed);
      });
      // A request that failed or timed out counts in the percentiles with the time it took to fail: leaving it out
      // would make an overloaded server look faster (a timeout is the longest wait of all).
      let failedOnce = false;
      function failed() {
        if (failedOnce) return;
        failedOnce = true;
        out.errors++;
        out.latencies.push(performance.now() - at);
        resolve();
      }
      req.on("timeout", () => (out.timeouts++, req.destroy(new Error("timeout"))));
      req.on("error", failed);
      req.end();
    });
    // The set holds what is still running; a request that ends removes itself.
    const tracked = done.then(() => void inFlight.delete(tracked));
    inFlight.add(tracked);
  };

  await new Promise<void>((resolve) => {
    let next = t0 + gap();
    const tick = () => {
      const now = performance.now();
      // Arrivals the timer was late for are sent now, with their own arrival time (the lateness counts).
      while (next <= now && next < end) {
        fire(next);
        next += gap();
      }
      if (next >= end) return resolve();
      setTimeout(tick, Math.max(0, next - performance.now()));
    };
    tick();
  });
  await Promise.all([...inFlight]);
  agent.destroy();
  // A request that timed out was counted as a timeout, not also as an error.
  out.errors = Math.max(0, out.errors - out.timeouts);
  return out;
}

/**
 * How evenly requests were sent over the second: the share of each second's requests sent in its busiest tenth,
 * by phase (ms since the start, modulo 1000, in 10 ms slots). Evenly spread arrivals give about 10 %.
 */
export function spread(arrivals: number[]): { busiestTenth: number; busiest10ms: number; meanPer10ms: number } {
  const slots = new Array<number>(100).fill(0);
  for (const t of arrivals) slots[Math.floor(t % 1000) / 10 | 0]!++;
  let best = 0;
  for (let i = 0; i < 100; i++) {
    let s = 0;
    for (let j = 0; j < 10; j++) s += slots[(i + j) % 100]!;
    best = Math.max(best, s);
  }
  // The busiest single 10 ms slot of the whole run (not by phase).
  const bySlot = new Map<number, number>();
  for (const t of arrivals) bySlot.set(Math.floor(t / 10), (bySlot.get(Math.floor(t / 10)) ?? 0) + 1);
  const span = arrivals.length ? arrivals[arrivals.length - 1]! - arrivals[0]! : 0; // ascending
  let busiest10ms = 0;
  for (const n of bySlot.values()) busiest10ms = Math.max(busiest10ms, n);
  return { busiestTenth: arrivals.length ? best / arrivals.length : 0, busiest10ms, meanPer10ms: span > 0 ? arrivals.length / (span / 10) : 0 };
}
