// Load and crash test against the real server process on loopback, embedded database (PGlite) in a temp folder.
//   npx tsx bench/load.ts [--connections 200] [--duration 60] [--writers 16] [--crash-after 8] [--no-read-cache]
//                         [--writes-per-second N]
// 1. demo data + a researcher account through the CLI, then `allforall serve` on an ephemeral port;
// 2. autocannon: public pages and API reads, N concurrent clients for D seconds → requests/s, p99, errors;
// 3. concurrent API writes, `kill -9` of the server mid-way, restart, and a check that every write the server
//    acknowledged (201) is there. Prints the figures; docs/benchmarks.md records them.
import { execFile, spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { cpus, loadavg, tmpdir, totalmem } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import autocannon from "autocannon";

const arg = (name: string, dflt: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : dflt;
};
const CONNECTIONS = arg("connections", 200);
const DURATION = arg("duration", 60);
const WRITERS = arg("writers", 16);
const CRASH_AFTER_S = arg("crash-after", 8);
// --no-read-cache: every request reads the database (the server's in-memory read cache is off).
const READ_CACHE = !process.argv.includes("--no-read-cache");
// --writes-per-second N: meanwhile a staff member creates N people a second (each write empties the read cache).
const WRITES_PER_SECOND = arg("writes-per-second", 0);

const dir = mkdtempSync(join(tmpdir(), "aff-load-"));
const data = join(dir, "data");
const env = { ...process.env, ALLFORALL_KEY: randomBytes(32).toString("hex"), ALLFORALL_PASSWORD: "bench password 12345", LOG_LEVEL: "error" };
const email = "bench@example.org";
const cli = (...args: string[]) => promisify(execFile)(process.execPath, ["bin/allforall.mjs", "--data", data, ...args], { env });

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, "127.0.0.1", () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

async function startServer(port: number): Promise<ChildProcess> {
  const child = spawn(process.execPath, ["bin/allforall.mjs", "--data", data, "serve", "--port", String(port), "--host", "127.0.0.1", ...(READ_CACHE ? [] : ["--no-read-cache"])], { env, stdio: ["ignore", "pipe", "inherit"] });
  child.stdout!.resume();
  for (let i = 0; i < 300; i++) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/healthz`)).ok) return child;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error("the server did not start");
}

async function signIn(base: string): Promise<string> {
  const r = await fetch(`${base}/api/v1/auth/sign-in`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ email, password: env.ALLFORALL_PASSWORD }) });
  if (!r.ok) throw new Error(`sign-in: ${r.status} ${await r.text()}`);
  // The session token reaches scripts only as the HttpOnly cookie; sent back as a bearer token it needs no CSRF header.
  return /aff_session=([^;]+)/.exec(r.headers.get("set-cookie") ?? "")![1]!;
}

async function loadTest(base: string, token: string) {
  const auth = { authorization: `Bearer ${token}` };
  const people = ((await (await fetch(`${base}/api/v1/people?limit=200`, { headers: auth })).json()) as { items: { id: string }[] }).items.map((p) => p.id);
  const openData = await fetch(`${base}/open-data/people.json`).then((r) => (r.ok ? (r.json() as Promise<unknown>) : null)).catch(() => null);
  const records = (openData as { records?: { id?: string }[] } | null)?.records ?? [];
  const publicIds = records.map((p) => p.id).filter((x): x is string => !!x);
  const any = <T>(xs: T[]) => xs[Math.floor(Math.random() * xs.length)]!;
  const pages: { path: string; headers?: Record<string, string> }[] = [
    { path: "/" },
    { path: "/people" },
    ...(publicIds.length ? [{ path: "/people/:public" }] : []),
    { path: "/healthz" },
    { path: "/api/v1/people?limit=20", headers: auth },
    { path: "/api/v1/people/:id", headers: auth },
    { path: `/api/v1/people/search?q=${encodeURIComponent("Алексей")}`, headers: auth },
  ];
  const byPath = new Map<string, number>();
  let writes = 0;
  let writing = WRITES_PER_SECOND > 0;
  const writer = (async () => {
    for (let i = 0; writing; i++) {
      const r = await fetch(`${base}/api/v1/people`, {
        method: "POST",
        headers: { ...auth, "content-type": "application/json" },
        body: JSON.stringify({ externalId: `LOAD-${i}`, primaryName: `Нагрузкин Пётр ${i}`, category: "ru_political_prisoner", status: "detained" }),
      });
      if (r.status === 201) writes++;
      await new Promise((res) => setTimeout(res, 1000 / WRITES_PER_SECOND));
    }
  })();
  const result = await autocannon({
    url: base,
    connections: CONNECTIONS,
    duration: DURATION,
    requests: [
      {
        setupRequest: (req: { path: string; headers?: Record<string, string> }) => {
          const p = any(pages);
          const path = p.path.replace(":public", any(publicIds.length ? publicIds : people)).replace(":id", any(people));
          byPath.set(p.path, (byPath.get(p.path) ?? 0) + 1);
          return { ...req, method: "GET", path, headers: { ...(req.headers ?? {}), ...(p.headers ?? {}) } };
        },
      },
    ],
  });
  writing = false;
  await writer;
  return { result, people: people.length, publicIds: publicIds.length, mix: Object.fromEntries(byPath), writes };
}

async function crashTest(port: number, first: ChildProcess, token: string) {
  const base = `http://127.0.0.1:${port}`;
  const acknowledged: { id: string; externalId: string }[] = [];
  let stop = false;
  let attempted = 0;
  const writer = async (w: number) => {
    for (let i = 0; !stop; i++) {
      const externalId = `CRASH-${w}-${i}`;
      attempted++;
      try {
        const r = await fetch(`${base}/api/v1/people`, {
          method: "POST",
          headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
          body: JSON.stringify({ externalId, primaryName: `Тестов Тест ${w}-${i}`, category: "ru_political_prisoner", status: "detained" }),
        });
        if (r.status === 201) acknowledged.push({ id: ((await r.json()) as { id: string }).id, externalId });
      } catch {
        return; // connection refused/reset: the server is gone
      }
    }
  };
  const writers = Array.from({ length: WRITERS }, (_, w) => writer(w));
  await new Promise((r) => setTimeout(r, CRASH_AFTER_S * 1000));
  first.kill("SIGKILL");
  stop = true;
  await Promise.all(writers);
  if (first.exitCode === null && first.signalCode === null) await new Promise((r) => first.once("exit", r));
  const t0 = Date.now();
  const second = await startServer(port);
  const restartMs = Date.now() - t0;
  const token2 = await signIn(base);
  let missing = 0;
  for (const a of acknowledged) {
    const r = await fetch(`${base}/api/v1/people/${a.id}`, { headers: { authorization: `Bearer ${token2}` } });
    if (r.status !== 200) missing++;
  }
  second.kill("SIGTERM");
  return { attempted, acknowledged: acknowledged.length, missing, restartMs };
}

async function main() {
  process.stdout.write(`machine: ${cpus().length} cores (${cpus()[0]?.model ?? "?"}), ${(totalmem() / 2 ** 30).toFixed(1)} GiB, node ${process.version}\n`);
  await cli("demo");
  await cli("users", "add", "--email", email, "--role", "researcher");
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const server = await startServer(port);
  const token = await signIn(base);
  process.stdout.write(`server on ${base} (PGlite in ${data}, read cache ${READ_CACHE ? "on" : "off"}); ${CONNECTIONS} connections for ${DURATION} s…\n`);
  const { result, people, publicIds, mix, writes } = await loadTest(base, token);
  const errors = result.errors + result.timeouts;
  process.stdout.write(
    [
      `load: ${people} people in the API, ${publicIds} public profiles; request mix ${JSON.stringify(mix)}`,
      ...(WRITES_PER_SECOND > 0 ? [`meanwhile ${writes} people created (${(writes / DURATION).toFixed(1)} writes/s, each emptying the read cache)`] : []),
      `requests/s: ${result.requests.average.toFixed(0)} (total ${result.requests.total})`,
      `latency ms: p50 ${result.latency.p50} p90 ${result.latency.p90} p99 ${result.latency.p99} max ${result.latency.max}`,
      `errors: ${errors} (connection errors ${result.errors}, timeouts ${result.timeouts}); non-2xx answers: ${result.non2xx}; by status ${JSON.stringify(Object.fromEntries(Object.entries(result.statusCodeStats ?? {}).map(([k, v]) => [k, v.count])))}`,
      `load average during the run: ${loadavg().map((x) => x.toFixed(1)).join(" ")} (other processes share these cores)`,
      `targets: 0 errors ${errors === 0 ? "MET" : "MISSED"}; p99 < 200 ms ${result.latency.p99 < 200 ? "MET" : "MISSED"}`,
    ].join("\n") + "\n",
  );
  const crash = await crashTest(port, server, token);
  process.stdout.write(`crash: ${crash.attempted} writes attempted by ${WRITERS} clients, ${crash.acknowledged} acknowledged before kill -9; after restart (${crash.restartMs} ms) ${crash.missing} missing ${crash.missing === 0 ? "— every acknowledged write survived" : "— LOST WRITES"}\n`);
  rmSync(dir, { recursive: true, force: true });
  process.exit(errors === 0 && crash.missing === 0 ? 0 : 1);
}

main().catch((e: unknown) => {
  process.stderr.write(`bench failed: ${e instanceof Error ? e.stack : String(e)}\n`);
  rmSync(dir, { recursive: true, force: true });
  process.exit(2);
});
