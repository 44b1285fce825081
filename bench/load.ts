// Load test of the real server process on loopback, with a registry of realistic size and a varied request mix.
//   npx tsx bench/load.ts [--people 100000] [--connections 200] [--duration 60] [--rate R [--arrivals poisson|even|autocannon]] [--writes-per-second 2]
//                         [--database-url postgres://…] [--workers N] [--no-read-cache] [--cached] [--crash] [--probe 40]
// 1. a registry of --people generated people (bench/load-registry.ts: the bulk import path), an admin account and
//    four API tokens acting as researchers (registry:read and registry:write scopes) for the staff routes;
// 2. `allforall serve` (PGlite in a temp folder, or a fresh database on --database-url, --workers processes);
// 3. --probe single requests per route one at a time (each route's own latency, nothing else running);
// 4. autocannon: --connections clients flat out for --duration s; or, with --rate R, R requests a second arriving as a
//    Poisson process (--arrivals even: evenly spaced) over at most --connections keep-alive connections, latency
//    counted from each request's arrival (bench/load-arrivals.ts; --arrivals autocannon: autocannon's overallRate,
//    which sends each second's quota in a burst — kept only to compare),
//    each request drawn from the weighted mix below with person ids uniform over the whole registry, search words
//    drawn from ≥ 10,000 distinct ones, list offsets over the whole registry; meanwhile --writes-per-second
//    staff writes (creating and editing people). Prints per-route p50/p99, the read-cache hit ratio (from
//    /metrics) and the server's CPU milliseconds per request.
// --registry DIR: keep the generated registry (PGlite data folder, key, ids, words) in DIR and start each later run
//   from a copy of it, so that before/after comparisons run on the same data without importing again; with
//   --database-url the registry is kept as a database on the server (its name in DIR/pg-template) and each run's
//   database is created from it (`create database … template …`).
// --cpu-prof DIR: the server process writes a V8 CPU profile into DIR when it stops (open it in Chrome DevTools).
// --server-log FILE: append what the server prints to FILE. --server-flags "…": Node flags for the server (and its
//   workers), e.g. "--trace-gc" (every garbage collection with its pause, read with --server-log).
// --settle S: wait S seconds after search is ready before the probe and the run (default 0: they begin at once, while
//   the server may still do its once-after-a-build work, such as reading the dashboard's sums at the first lull).
// --cached: the old run — 48 demo people and seven fixed URLs, answered almost entirely from the read cache.
// --crash: afterwards, 16 writers, `kill -9` of the server, restart, and a check that every acknowledged write is there.
import { execFile, spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { cpSync, createWriteStream, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { cpus, tmpdir, totalmem } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import autocannon from "autocannon";
import pg from "pg";
import { buildRegistry } from "./load-registry.js";
import { openLoop, spread, type Arrivals } from "./load-arrivals.js";
import { cpuMsOf, freePort, percentile, scrapeMetrics, statusOnNewConnection, windowQuantile } from "./load-stats.js";

const arg = (name: string, dflt: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : dflt;
};
const text = (name: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : undefined;
};
const CACHED = process.argv.includes("--cached");
const PEOPLE = arg("people", 100_000);
const CONNECTIONS = arg("connections", 200);
const DURATION = arg("duration", 60);
const RATE = arg("rate", 0);
// How --rate requests arrive: a Poisson process (default), evenly spaced, or autocannon's overallRate (which sends
// each second's quota in a burst; kept to compare, see bench/load-arrivals.ts).
const ARRIVALS = text("arrivals") ?? "poisson";
if (!["poisson", "even", "autocannon"].includes(ARRIVALS)) throw new Error("--arrivals poisson|even|autocannon");
const WORKERS = arg("workers", 1);
const WRITES_PER_SECOND = arg("writes-per-second", CACHED ? 0 : 2);
const READ_CACHE = !process.argv.includes("--no-read-cache");
const CRASH = process.argv.includes("--crash");
const SERVER_URL = text("database-url");
const PROBES = arg("probe", 40);
const SETTLE_S = arg("settle", 0);
const REGISTRY = text("registry");
const CPU_PROF = text("cpu-prof");
const SERVER_LOG = text("server-log");
if (REGISTRY && CACHED) throw new Error("--registry keeps a generated registry: not with --cached");

const dir = mkdtempSync(join(tmpdir(), "aff-load-"));
const data = join(dir, "data");
const dbName = `aff_load_${randomBytes(4).toString("hex")}`;
const DATABASE_URL = SERVER_URL ? SERVER_URL.replace(/\/[^/]*$/, `/${dbName}`) : undefined;
const env: NodeJS.ProcessEnv = {
  ...process.env,
  ALLFORALL_DATA: data,
  ALLFORALL_KEY: REGISTRY && existsSync(join(REGISTRY, "key")) ? readFileSync(join(REGISTRY, "key"), "utf8").trim() : randomBytes(32).toString("hex"),
  ALLFORALL_PASSWORD: "bench password 12345",
  LOG_LEVEL: "error",
  ...(DATABASE_URL ? { DATABASE_URL } : {}),
};
const email = "bench@example.org";
const cli = (...args: string[]) => promisify(execFile)(process.execPath, ["bin/allforall.mjs", "--data", data, ...args], { env, maxBuffer: 64 << 20 });

async function startServer(port: number): Promise<ChildProcess> {
  const args = [...(CPU_PROF ? ["--cpu-prof", `--cpu-prof-dir=${CPU_PROF}`] : []), ...(text("server-flags")?.split(/\s+/).filter(Boolean) ?? []), "bin/allforall.mjs", "--data", data, "serve", "--port", String(port), "--host", "127.0.0.1", ...(READ_CACHE ? [] : ["--no-read-cache"]), ...(WORKERS > 1 ? ["--workers", String(WORKERS)] : [])];
  const child = spawn(process.execPath, args, { env, stdio: ["ignore", "pipe", "inherit"] });
  // --server-log FILE: keep what the server prints (with --server-flags --trace-gc, every collection's pause).
  if (SERVER_LOG) child.stdout!.pipe(createWriteStream(SERVER_LOG, { flags: "a" }));
  else child.stdout!.resume();
  for (let i = 0; i < 3000; i++) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/healthz`)).ok) return child;
    } catch {
      // not listening yet
    }
    if (child.exitCode !== null) throw new Error(`the server exited (${child.exitCode})`);
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error("the server did not start");
}

/**
 * Headers that authenticate reads and writes: an API token (docs/security.md "API tokens") with the registry read
 * and write scopes, acting as a researcher, created with the CLI before the server starts (it owns the data folder).
 */
/**
 * Staff requests come from several tokens (researchers' scripts), drawn at random: one token's limit, 100,000 a minute
 * at most, was reached by one token carrying every staff request of a run above ~3,000 requests/s (answers 429).
 */
const STAFF_TOKENS = 4;
let apiTokens: string[] = [];
async function createToken(): Promise<void> {
  await cli("users", "add", "--email", email, "--role", "admin");
  apiTokens = [];
  for (let i = 0; i < STAFF_TOKENS; i++) {
    const { stdout } = await cli("tokens", "create", "--by", email, "--name", `bench/load.ts ${i + 1}`, "--role", "researcher", "--per-minute", "100000", "--scope", "registry:read", "registry:write");
    apiTokens.push(stdout.trim());
  }
}
/** `read`: one token's headers (single requests); `anyRead()`: a token drawn at random (the load's staff requests). */
async function tokenHeaders(): Promise<{ read: Record<string, string>; anyRead: () => Record<string, string>; write: Record<string, string> }> {
  const headers = apiTokens.map((t) => ({ authorization: `Bearer ${t}` }));
  return { read: headers[0]!, anyRead: () => headers[Math.floor(Math.random() * headers.length)]!, write: headers[0]! };
}

interface Route {
  name: string;
  weight: number;
  path: () => string;
  staff: boolean;
  /** The server's route pattern (its /metrics label). */
  route?: string;
}

function mixFor(ids: string[], publicIds: string[], words: string[]): Route[] {
  const any = <T>(xs: T[]) => xs[Math.floor(Math.random() * xs.length)]!;
  const q = () => encodeURIComponent(any(words));
  if (CACHED) {
    return [
      { name: "public home", weight: 1, staff: false, path: () => "/" },
      { name: "public list", weight: 1, staff: false, path: () => "/people" },
      { name: "public profile", weight: 1, staff: false, path: () => `/people/${any(publicIds)}` },
      { name: "healthz", weight: 1, staff: false, path: () => "/healthz" },
      { name: "staff list", weight: 1, staff: true, path: () => "/api/v1/people?limit=20" },
      { name: "staff person", weight: 1, staff: true, path: () => `/api/v1/people/${any(ids.slice(0, 200))}` },
      { name: "staff search", weight: 1, staff: true, path: () => `/api/v1/people/search?q=${encodeURIComponent("Алексей")}` },
    ];
  }
  const publicPages = Math.max(1, Math.ceil(publicIds.length / 20));
  return [
    { name: "public home", weight: 10, staff: false, route: "/", path: () => "/" },
    { name: "public list", weight: 10, staff: false, route: "/people", path: () => `/people?page=${1 + Math.floor(Math.random() * publicPages)}` },
    { name: "public profile", weight: 15, staff: false, route: "/people/:id", path: () => `/people/${any(publicIds)}` },
    { name: "public search", weight: 10, staff: false, route: "/people", path: () => `/people?q=${q()}` },
    { name: "staff list", weight: 20, staff: true, route: "/api/v1/people", path: () => `/api/v1/people?limit=50&offset=${Math.floor(Math.random() * ids.length)}` },
    { name: "staff person", weight: 20, staff: true, route: "/api/v1/people/:id", path: () => `/api/v1/people/${any(ids)}` },
    { name: "staff search", weight: 15, staff: true, route: "/api/v1/people/search", path: () => `/api/v1/people/search?limit=50&q=${q()}` },
  ];
}

/** Staff writes at a steady rate: alternately a new person and a status change of a random one. */
function startWriter(base: string, auth: Record<string, string>, ids: string[]) {
  let running = WRITES_PER_SECOND > 0;
  let done = 0;
  let failed = 0;
  const took = { create: [] as number[], edit: [] as number[] };
  const statuses = ["in_colony", "sentenced", "on_trial", "detained"];
  const loop = (async () => {
    for (let i = 0; running; i++) {
      const started = Date.now();
      const create = i % 2 === 0;
      const r = await fetch(create ? `${base}/api/v1/people` : `${base}/api/v1/people/${ids[Math.floor(Math.random() * ids.length)]}`, {
        method: create ? "POST" : "PATCH",
        headers: { ...auth, "content-type": "application/json" },
        body: JSON.stringify(create ? { externalId: `LOAD-${i}`, primaryName: `Нагрузкин Пётр ${i}`, category: "ru_political_prisoner", status: "detained", confirmDistinct: true } : { status: statuses[i % statuses.length] }),
      }).catch(() => null);
      if (r && r.status < 300) done++;
      else failed++;
      await r?.body?.cancel();
      took[create ? "create" : "edit"].push(Date.now() - started);
      await new Promise((res) => setTimeout(res, Math.max(0, 1000 / WRITES_PER_SECOND - (Date.now() - started))));
    }
  })();
  return { stop: async () => ((running = false), await loop, { done, failed, took }) };
}

async function loadTest(base: string, server: ChildProcess, auth: Awaited<ReturnType<typeof tokenHeaders>>, ids: string[], publicIds: string[], words: string[]) {
  const routes = mixFor(ids, publicIds, words);
  const totalWeight = routes.reduce((s, r) => s + r.weight, 0);
  const pickRoute = () => {
    let x = Math.random() * totalWeight;
    for (const r of routes) if ((x -= r.weight) < 0) return r;
    return routes[routes.length - 1]!;
  };
  const times = new Map<string, number[]>(routes.map((r) => [r.name, []]));
  const statuses = new Map<string, Map<number, number>>(routes.map((r) => [r.name, new Map()]));
  const count = (route: string, status: number) => {
    const s = statuses.get(route)!;
    s.set(status, (s.get(status) ?? 0) + 1);
  };
  const metrics0 = await scrapeMetrics(base);
  const pg0 = await postgresCpu();
  const cpu0 = cpuMsOf(server.pid!);
  const own0 = process.cpuUsage();
  const writer = startWriter(base, auth.write, ids);
  const result = RATE && ARRIVALS !== "autocannon" ? await openLoopRun(base, auth, pickRoute, times, count) : await autocannonRun(base, auth, pickRoute, times, count);
  const writes = await writer.stop();
  const cpuMs = cpuMsOf(server.pid!) - cpu0;
  const own = process.cpuUsage(own0);
  const pg1 = await postgresCpu();
  // A backend that began during the run counts from zero; one that ended during it is not counted.
  let postgresMs: number | null = null;
  if (pg0 && pg1) {
    postgresMs = 0;
    for (const [pid, ms] of pg1.cpu) postgresMs += ms - (pg0.cpu.get(pid) ?? 0);
  }
  const transactions = pg0 && pg1 ? pg1.statements - pg0.statements : null;
  const metrics1 = await scrapeMetrics(base);
  return { result, times, statuses, writes, cpuMs, loadGeneratorMs: (own.user + own.system) / 1000, postgresMs, transactions, metrics0, metrics1, routes };
}

interface RunResult {
  perSecond: number;
  total: number;
  latency: { p50: number; p90: number; p99: number; max: number };
  errors: number;
  timeouts: number;
  non2xx: number;
  /** When each request was sent, ms from the start (ascending). */
  arrivals: number[];
  /** Open loop: how late each request left this process after its arrival time, ms. */
  lateness?: number[];
}
type Times = Map<string, number[]>;
type Count = (route: string, status: number) => void;

async function openLoopRun(base: string, auth: Awaited<ReturnType<typeof tokenHeaders>>, pickRoute: () => Route, times: Times, count: Count): Promise<RunResult> {
  const r = await openLoop({
    base,
    rate: RATE,
    seconds: DURATION,
    connections: CONNECTIONS,
    arrivals: ARRIVALS as Arrivals,
    next: () => {
      const route = pickRoute();
      return { route: route.name, path: route.path(), headers: route.staff ? auth.anyRead() : {} };
    },
    onAnswer: (route, status, ms) => (times.get(route)!.push(ms), count(route, status)),
  });
  const l = r.latencies;
  return { perSecond: r.answered / DURATION, total: r.answered, latency: { p50: percentile(l, 50), p90: percentile(l, 90), p99: percentile(l, 99), max: percentile(l, 100) }, errors: r.errors, timeouts: r.timeouts, non2xx: r.non2xx, arrivals: r.arrivals, lateness: r.lateness };
}

async function autocannonRun(base: string, auth: Awaited<ReturnType<typeof tokenHeaders>>, pickRoute: () => Route, times: Times, count: Count): Promise<RunResult> {
  const arrivals: number[] = [];
  const t0 = performance.now();
  const instance = autocannon({
    url: base,
    connections: CONNECTIONS,
    duration: DURATION,
    ...(RATE ? { overallRate: RATE } : {}),
    requests: [
      {
        setupRequest: (req, context) => {
          const r = pickRoute();
          context.route = r.name;
          arrivals.push(performance.now() - t0);
          return { ...req, method: "GET", path: r.path(), headers: { ...(req.headers ?? {}), ...(r.staff ? auth.anyRead() : {}) } };
        },
        onResponse: (status, _body, context) => count(context.route as string, status),
      },
    ],
  });
  instance.on("response", (client, _status, _bytes, responseTime) => times.get(client.requestIterator.context.route as string)?.push(responseTime));
  const result = await instance;
  const l = result.latency;
  return { perSecond: result.requests.average, total: result.requests.total, latency: { p50: l.p50, p90: l.p90, p99: l.p99, max: l.max }, errors: result.errors, timeouts: result.timeouts, non2xx: result.non2xx, arrivals };
}

/**
 * CPU milliseconds of the PostgreSQL backends serving this run's database (by pid, from /proc: the server runs on
 * this machine), or null without --database-url or when /proc does not show them.
 */
async function postgresCpu(): Promise<{ cpu: Map<number, number>; statements: number } | null> {
  if (!SERVER_URL) return null;
  const c = new pg.Client({ connectionString: SERVER_URL });
  await c.connect();
  try {
    const { rows } = await c.query<{ pid: number }>("select pid from pg_stat_activity where datname = $1", [dbName]);
    // Each statement outside a transaction block is a transaction of its own (the server's counters lag ≤ 1 s).
    const { rows: stat } = await c.query<{ n: string }>("select (xact_commit + xact_rollback)::text as n from pg_stat_database where datname = $1", [dbName]);
    const out = new Map<number, number>();
    for (const { pid } of rows) {
      const ms = cpuMsOf(pid);
      if (ms === 0 && !existsSync(`/proc/${pid}`)) return null;
      out.set(pid, ms);
    }
    return { cpu: out, statements: Number(stat[0]?.n ?? NaN) };
  } finally {
    await c.end();
  }
}

/**
 * Single requests, one at a time (no load): each route's own latency, and what one request costs the server —
 * database calls (from /metrics) and CPU milliseconds (from /proc: whole process, so other work counts too).
 */
async function probe(base: string, server: ChildProcess, auth: Awaited<ReturnType<typeof tokenHeaders>>, ids: string[], publicIds: string[], words: string[]) {
  const lines: string[] = [`single requests (${PROBES} per route, one at a time): route, p50 ms, p99 ms, database calls and server CPU ms per request`];
  for (const route of mixFor(ids, publicIds, words)) {
    const t: number[] = [];
    const m0 = await scrapeMetrics(base);
    const cpu0 = cpuMsOf(server.pid!);
    for (let i = 0; i < PROBES; i++) {
      const t0 = performance.now();
      const r = await fetch(base + route.path(), { headers: route.staff ? auth.read : {} });
      await r.arrayBuffer();
      t.push(performance.now() - t0);
    }
    const cpu = (cpuMsOf(server.pid!) - cpu0) / PROBES;
    // With several workers each scrape of /metrics is one worker's counters, whichever answered: no difference holds.
    const queries = WORKERS > 1 ? NaN : ((await scrapeMetrics(base)).get("allforall_db_queries_total") ?? NaN) - (m0.get("allforall_db_queries_total") ?? NaN);
    const calls = Number.isNaN(queries) ? "–" : (queries / PROBES).toFixed(1);
    lines.push(`  ${route.name.padEnd(16)} ${percentile(t, 50).toFixed(1).padStart(8)} ${percentile(t, 99).toFixed(1).padStart(8)} ${calls.padStart(6)} ${cpu.toFixed(1).padStart(6)}`);
  }
  return lines.join("\n") + "\n";
}

async function crashTest(port: number, first: ChildProcess, auth: Record<string, string>) {
  const base = `http://127.0.0.1:${port}`;
  const acknowledged: { id: string }[] = [];
  let stop = false;
  let attempted = 0;
  const writer = async (w: number) => {
    for (let i = 0; !stop; i++) {
      attempted++;
      try {
        const r = await fetch(`${base}/api/v1/people`, {
          method: "POST",
          headers: { ...auth, "content-type": "application/json" },
          body: JSON.stringify({ externalId: `CRASH-${w}-${i}`, primaryName: `Тестов Тест ${w}-${i}`, category: "ru_political_prisoner", status: "detained" }),
        });
        if (r.status === 201) acknowledged.push({ id: ((await r.json()) as { id: string }).id });
      } catch {
        return; // connection refused/reset: the server is gone
      }
    }
  };
  const writers = Array.from({ length: 16 }, (_, w) => writer(w));
  await new Promise((r) => setTimeout(r, 8000));
  first.kill("SIGKILL");
  stop = true;
  await Promise.all(writers);
  if (first.exitCode === null && first.signalCode === null) await new Promise((r) => first.once("exit", r));
  const t0 = Date.now();
  const second = await startServer(port);
  const restartMs = Date.now() - t0;
  const auth2 = await tokenHeaders();
  let missing = 0;
  for (const a of acknowledged) if ((await fetch(`${base}/api/v1/people/${a.id}`, { headers: auth2.read })).status !== 200) missing++;
  second.kill("SIGTERM");
  return { attempted, acknowledged: acknowledged.length, missing, restartMs };
}

async function onServer(statement: string, url = SERVER_URL): Promise<void> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    await c.query(statement);
  } finally {
    await c.end();
  }
}

/** The name of the database a kept registry was saved as on the server (--registry with --database-url), if any. */
const pgTemplateOf = (registry: string) => (existsSync(join(registry, "pg-template")) ? readFileSync(join(registry, "pg-template"), "utf8").trim() : null);

async function prepare(): Promise<{ ids: string[]; publicIds: string[]; words: string[] }> {
  const template = SERVER_URL && REGISTRY && existsSync(join(REGISTRY, "registry.json")) ? pgTemplateOf(REGISTRY) : null;
  if (SERVER_URL) await onServer(`create database ${dbName}${template ? ` template ${template}` : ""}`);
  if (CACHED) {
    await cli("demo");
    return { ids: [], publicIds: [], words: [] };
  }
  if (REGISTRY && existsSync(join(REGISTRY, "registry.json")) && (!SERVER_URL || template)) {
    const t = performance.now();
    if (!SERVER_URL) cpSync(join(REGISTRY, "data"), data, { recursive: true });
    // The per-person key file beside the data folder (names are sealed under each person's key).
    if (existsSync(join(REGISTRY, "data.key.people"))) cpSync(join(REGISTRY, "data.key.people"), `${data}.key.people`);
    // A copy starts with no activity counted, so autovacuum never analyses it: without the planner's statistics
    // (a template saved before its first analyse has none) PostgreSQL planned the person pages' reads as scans — 6.6 ms
    // of its CPU a request instead of ~0.1. A server that imported its registry has them within a minute.
    if (SERVER_URL) await onServer("analyze", DATABASE_URL);
    const kept = JSON.parse(readFileSync(join(REGISTRY, "registry.json"), "utf8")) as { ids: string[]; publicIds: string[]; words: string[] };
    process.stdout.write(`registry: ${kept.ids.length} people copied from ${REGISTRY} in ${((performance.now() - t) / 1000).toFixed(1)} s\n`);
    return kept;
  }
  const t0 = performance.now();
  const reg = await buildRegistry(dir, PEOPLE, env);
  process.stdout.write(`registry: ${reg.ids.length} people (${reg.publicIds.length} public profiles) imported in ${reg.importSeconds.toFixed(1)} s (${((performance.now() - t0) / 1000).toFixed(1)} s with generation); ${reg.searchWords.length} distinct search words\n`);
  const kept = { ids: reg.ids, publicIds: reg.publicIds, words: reg.searchWords };
  if (REGISTRY) {
    mkdirSync(REGISTRY, { recursive: true });
    if (SERVER_URL) {
      // Kept on the server as a database of its own; each later run's database is a copy of it.
      const name = `aff_registry_${randomBytes(4).toString("hex")}`;
      await onServer("analyze", DATABASE_URL);
      await onServer(`create database ${name} template ${dbName}`);
      writeFileSync(join(REGISTRY, "pg-template"), name);
    } else cpSync(data, join(REGISTRY, "data"), { recursive: true });
    if (existsSync(`${data}.key.people`)) cpSync(`${data}.key.people`, join(REGISTRY, "data.key.people"));
    writeFileSync(join(REGISTRY, "key"), env.ALLFORALL_KEY!);
    writeFileSync(join(REGISTRY, "registry.json"), JSON.stringify(kept));
  }
  return kept;
}

async function cleanup(server?: ChildProcess) {
  if (server && server.exitCode === null) {
    server.kill("SIGTERM");
    await new Promise((r) => server.once("exit", r));
  }
  rmSync(dir, { recursive: true, force: true });
  if (SERVER_URL) {
    const c = new pg.Client({ connectionString: SERVER_URL });
    await c.connect();
    await c.query(`drop database if exists ${dbName} with (force)`).catch(() => undefined);
    await c.end();
  }
}

let server: ChildProcess | undefined;
async function main() {
  process.stdout.write(`machine: ${cpus().length} cores (${cpus()[0]?.model ?? "?"}), ${(totalmem() / 2 ** 30).toFixed(1)} GiB, node ${process.version}; load average ${readFileSync("/proc/loadavg", "utf8").trim()}\n`);
  process.stdout.write(`command: npx tsx bench/load.ts ${process.argv.slice(2).join(" ")}\n`);
  let { ids, publicIds, words } = await prepare();
  await createToken();
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const t0 = Date.now();
  server = await startServer(port);
  const auth = await tokenHeaders();
  if (CACHED) {
    ids = ((await (await fetch(`${base}/api/v1/people?limit=200`, { headers: auth.read })).json()) as { items: { id: string }[] }).items.map((p) => p.id);
    publicIds = ids;
  }
  // The index is built in the background: wait until search answers (its start-up time is reported), and with
  // --workers until every worker does (they build in turns: 2 × N − 1 answers in a row, each on a new connection),
  // so that the run does not measure 503s.
  let indexReadyMs = 0;
  let inARow = 0;
  for (;;) {
    const status = await statusOnNewConnection(port, `/api/v1/people/search?q=${encodeURIComponent("Иванов")}`, auth.read);
    inARow = status === 503 ? 0 : inARow + 1;
    if (status !== 503 && !indexReadyMs) indexReadyMs = Date.now() - t0;
    if (inARow >= 2 * WORKERS - 1) break;
    if (status === 503) await new Promise((res) => setTimeout(res, 100));
  }
  const everyWorkerMs = Date.now() - t0;
  const db = DATABASE_URL ? `PostgreSQL (${WORKERS} worker${WORKERS > 1 ? "s" : ""})` : `PGlite, read cache ${READ_CACHE ? "on" : "off"}`;
  process.stdout.write(`server on ${base}: ${db}; listening and search ready ${indexReadyMs} ms after spawn${WORKERS > 1 ? ` (every worker ${everyWorkerMs} ms)` : ""}; ${CONNECTIONS} connections for ${DURATION} s${RATE ? ` at ${RATE} requests/s` : " flat out"}…\n`);
  if (SETTLE_S > 0) {
    process.stdout.write(`waiting ${SETTLE_S} s (--settle) before the probe and the run…\n`);
    await new Promise((res) => setTimeout(res, SETTLE_S * 1000));
  }
  if (PROBES > 0) process.stdout.write(await probe(base, server, auth, ids, publicIds, words));
  const r = await loadTest(base, server, auth, ids, publicIds, words);
  const errors = r.result.errors + r.result.timeouts;
  const total = r.result.total;
  const lat = r.result.latency;
  const sp = spread(r.result.arrivals);
  const loop = (q: number) => windowQuantile(r.metrics0, r.metrics1, "allforall_event_loop_delay_seconds", q);
  const lines = [
    `requests/s: ${r.result.perSecond.toFixed(0)} (total ${total}); latency ms${RATE && ARRIVALS !== "autocannon" ? " (from each request's arrival)" : ""}: p50 ${lat.p50.toFixed(0)} p90 ${lat.p90.toFixed(0)} p99 ${lat.p99.toFixed(0)} max ${lat.max.toFixed(0)}`,
    `arrivals${RATE ? ` (${ARRIVALS})` : ""}: ${(sp.busiestTenth * 100).toFixed(0)} % of requests sent in the busiest tenth of the second (10 % if even); busiest 10 ms ${sp.busiest10ms} requests (mean ${sp.meanPer10ms.toFixed(1)})`,
    ...(r.result.lateness ? [`load generator: requests sent after their arrival time by p50 ${percentile(r.result.lateness, 50).toFixed(1)} ms, p99 ${percentile(r.result.lateness, 99).toFixed(1)} ms, max ${percentile(r.result.lateness, 100).toFixed(0)} ms (its own CPU; counted in the latencies)`] : []),
    `server event-loop delay (10 ms timer, this run): p50 ${loop(0.5)}, p99 ${loop(0.99)}, p99.9 ${loop(0.999)}`,
    `errors: ${errors} (connection errors ${r.result.errors}, timeouts ${r.result.timeouts}); non-2xx answers: ${r.result.non2xx}`,
    `writes during the run: ${r.writes.done} done, ${r.writes.failed} failed (${(r.writes.done / DURATION).toFixed(1)}/s); each took ms (p50 / p90 / max): create ${[50, 90, 100].map((q) => percentile(r.writes.took.create, q).toFixed(0)).join(" / ")}, edit ${[50, 90, 100].map((q) => percentile(r.writes.took.edit, q).toFixed(0)).join(" / ")}`,
    `server CPU: ${(r.cpuMs / 1000).toFixed(1)} s → ${(r.cpuMs / Math.max(1, total)).toFixed(2)} ms per request`,
    ...(r.postgresMs !== null ? [`PostgreSQL CPU (this database's backends): ${(r.postgresMs / 1000).toFixed(1)} s → ${(r.postgresMs / Math.max(1, total)).toFixed(2)} ms per request; transactions (a statement outside one counts as one): ${r.transactions} → ${((r.transactions ?? NaN) / Math.max(1, total)).toFixed(2)} per request`] : []),
    `load generator CPU (this process): ${(r.loadGeneratorMs / 1000).toFixed(1)} s → ${(r.loadGeneratorMs / Math.max(1, total)).toFixed(2)} ms per request`,
  ];
  const hits = (r.metrics1.get("allforall_read_cache_hits_total") ?? 0) - (r.metrics0.get("allforall_read_cache_hits_total") ?? 0);
  const misses = (r.metrics1.get("allforall_read_cache_misses_total") ?? 0) - (r.metrics0.get("allforall_read_cache_misses_total") ?? 0);
  lines.push(hits + misses > 0 ? `read cache: ${hits} hits, ${misses} misses → hit ratio ${(hits / (hits + misses)).toFixed(3)}` : "read cache: no figures (off, or /metrics not available)");
  lines.push("route            weight   count   p50 ms   p99 ms   server p99   statuses");
  for (const route of r.routes) {
    const t = r.times.get(route.name)!;
    const st = Object.fromEntries(r.statuses.get(route.name)!);
    // The server's own time for the route (arrival to answer, /metrics histogram buckets), over every route it maps to.
    const serverP99 = !route.route ? "" : windowQuantile(r.metrics0, r.metrics1, "allforall_request_duration_seconds", 0.99, `method="GET",route="${route.route}"`);
    lines.push(`${route.name.padEnd(16)} ${String(route.weight).padStart(6)} ${String(t.length).padStart(7)} ${percentile(t, 50).toFixed(1).padStart(8)} ${percentile(t, 99).toFixed(1).padStart(8)} ${serverP99.padStart(12)}   ${JSON.stringify(st)}`);
  }
  lines.push(`load average after the run: ${readFileSync("/proc/loadavg", "utf8").trim()} (other processes share these cores)`);
  process.stdout.write(lines.join("\n") + "\n");
  let missing = 0;
  if (CRASH && !DATABASE_URL) {
    const crash = await crashTest(port, server, auth.write);
    missing = crash.missing;
    process.stdout.write(`crash: ${crash.attempted} writes attempted by 16 clients, ${crash.acknowledged} acknowledged before kill -9; after restart (${crash.restartMs} ms) ${crash.missing} missing\n`);
    server = undefined;
  }
  await cleanup(server);
  process.exit(errors === 0 && missing === 0 ? 0 : 1);
}

main().catch(async (e: unknown) => {
  process.stderr.write(`bench failed: ${e instanceof Error ? e.stack : String(e)}\n`);
  await cleanup(server).catch(() => undefined);
  process.exit(2);
});
