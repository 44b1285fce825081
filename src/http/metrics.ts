// GET /metrics in the Prometheus text format: requests and latencies by route, database time, read-cache hits,
// the person index (people, build time, changes applied). Answered to this machine (loopback, no proxy headers) and
// to an API token with the metrics scope (docs/security.md "API tokens"): the figures describe the organisation's activity.
//
// Nothing here may date an appeal (docs/security.md): the appeal routes are not counted at all — a counter that
// moves when a family submits would give the time of each submission to whoever scrapes it every few seconds.
import type { FastifyInstance, FastifyRequest } from "fastify";
import type { Runtime } from "../app/runtime.js";
import { EventLoopDelay } from "./eventLoopDelay.js";

const BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

interface RouteFigures {
  count: Map<string, number>; // by status class
  sum: number;
  buckets: number[];
}

export class Metrics {
  private routes = new Map<string, RouteFigures>();
  cacheHits = 0;
  cacheMisses = 0;
  readonly loopDelay = new EventLoopDelay();

  /** Not counted: the appeal form and its status page (their timing would date appeals), and /metrics itself. */
  static counted(url: string | undefined): boolean {
    return !!url && !url.startsWith("/appeal") && !url.startsWith("/api/v1/appeal") && url !== "/metrics";
  }

  observe(method: string, url: string, status: number, seconds: number): void {
    const key = `${method} ${url}`;
    let r = this.routes.get(key);
    if (!r) this.routes.set(key, (r = { count: new Map(), sum: 0, buckets: BUCKETS.map(() => 0) }));
    const cls = `${Math.floor(status / 100)}xx`;
    r.count.set(cls, (r.count.get(cls) ?? 0) + 1);
    r.sum += seconds;
    for (let i = 0; i < BUCKETS.length; i++) if (seconds <= BUCKETS[i]!) r.buckets[i]!++;
  }

  /**
   * `local`: for this machine, which sees everything anyway. A scraper elsewhere (an API token with the metrics
   * scope) gets no database or read-cache counters: they move when an appeal is stored (its queries; its write empties
   * the read cache, so the next reads miss), which would date the appeal to the scrape interval.
   */
  render(runtime: Runtime, local: boolean): string {
    const out: string[] = [];
    const esc = (s: string) => s.replace(/\\/g, "\\\\").replace(/"/g, '\\"');
    out.push("# HELP allforall_requests_total Requests answered, by route and status class.", "# TYPE allforall_requests_total counter");
    for (const [key, r] of this.routes) {
      const [method, url] = key.split(" ");
      for (const [cls, n] of r.count) out.push(`allforall_requests_total{method="${method}",route="${esc(url!)}",status="${cls}"} ${n}`);
    }
    out.push("# HELP allforall_request_duration_seconds Time from arrival to answer, by route.", "# TYPE allforall_request_duration_seconds histogram");
    for (const [key, r] of this.routes) {
      const [method, url] = key.split(" ");
      const labels = `method="${method}",route="${esc(url!)}"`;
      let total = 0;
      for (const n of r.count.values()) total += n;
      BUCKETS.forEach((b, i) => out.push(`allforall_request_duration_seconds_bucket{${labels},le="${b}"} ${r.buckets[i]}`));
      out.push(`allforall_request_duration_seconds_bucket{${labels},le="+Inf"} ${total}`);
      out.push(`allforall_request_duration_seconds_sum{${labels}} ${r.sum.toFixed(6)}`, `allforall_request_duration_seconds_count{${labels}} ${total}`);
    }
    const t = runtime.database.timing;
    const index = runtime.people.stats;
    if (local)
      out.push(
      "# HELP allforall_db_queries_total Database calls (queries; on PGlite a transaction counts once).",
      "# TYPE allforall_db_queries_total counter",
      `allforall_db_queries_total ${t.queries}`,
      "# HELP allforall_db_seconds_total Time spent waiting for the database.",
      "# TYPE allforall_db_seconds_total counter",
      `allforall_db_seconds_total ${t.seconds.toFixed(6)}`,
      "# HELP allforall_read_cache_hits_total Answers served from the read cache (PGlite).",
      "# TYPE allforall_read_cache_hits_total counter",
      `allforall_read_cache_hits_total ${this.cacheHits}`,
      "# HELP allforall_read_cache_misses_total Cacheable requests computed (the cache had no answer).",
      "# TYPE allforall_read_cache_misses_total counter",
      `allforall_read_cache_misses_total ${this.cacheMisses}`,
      // Local only: a write (an appeal's too) can hold the thread, so its stalls could date it.
      ...this.loopDelay.render(),
      );
    out.push(
      "# HELP allforall_person_index_people People in the in-memory person index.",
      "# TYPE allforall_person_index_people gauge",
      `allforall_person_index_people ${index.people}`,
      "# HELP allforall_person_index_ready 1 once the person index is built.",
      "# TYPE allforall_person_index_ready gauge",
      `allforall_person_index_ready ${index.state === "ready" ? 1 : 0}`,
      "# HELP allforall_person_index_build_seconds Time the last full build of the person index took.",
      "# TYPE allforall_person_index_build_seconds gauge",
      `allforall_person_index_build_seconds ${((index.buildMs ?? 0) / 1000).toFixed(3)}`,
      "# HELP allforall_person_index_changes_applied_total People re-read into the index after a change (no rebuild).",
      "# TYPE allforall_person_index_changes_applied_total counter",
      `allforall_person_index_changes_applied_total ${index.changesApplied}`,
      "# HELP process_resident_memory_bytes Resident memory of this process.",
      "# TYPE process_resident_memory_bytes gauge",
      `process_resident_memory_bytes ${process.memoryUsage().rss}`,
    );
    return out.join("\n") + "\n";
  }
}

/** Loopback and no proxy in between: a reverse proxy on the same host would make every visitor look local. */
function fromThisMachine(request: FastifyRequest): boolean {
  const ip = request.socket.remoteAddress ?? "";
  const loopback = ip === "127.0.0.1" || ip === "::1" || ip === "::ffff:127.0.0.1";
  return loopback && !request.headers["x-forwarded-for"] && !request.headers.forwarded && !request.headers["x-real-ip"];
}

/** `tokenAllows`: a request from elsewhere that carries an API token with the metrics scope. */
export function registerMetrics(app: FastifyInstance, metrics: Metrics, runtime: Runtime, tokenAllows: (request: FastifyRequest) => Promise<boolean>): void {
  metrics.loopDelay.start();
  app.addHook("onClose", async () => metrics.loopDelay.stop());
  app.addHook("onResponse", async (request, reply) => {
    const url = request.routeOptions?.url;
    if (Metrics.counted(url)) metrics.observe(request.method, url!, reply.statusCode, reply.elapsedTime / 1000);
  });
  app.get("/metrics", async (request, reply) => {
    const local = request.headers.authorization === undefined && fromThisMachine(request);
    if (!local && !(await tokenAllows(request))) return reply.code(404).type("text/plain; charset=utf-8").send("not found");
    return reply.type("text/plain; version=0.0.4; charset=utf-8").header("cache-control", "no-store").send(metrics.render(runtime, local));
  });
}
