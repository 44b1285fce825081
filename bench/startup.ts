// Start-up of the real server on a saved registry: `allforall serve` spawned, timed from spawn to listening
// (/healthz), to search ready (a public search that no longer answers 503) and, with --workers, to every answer
// ready (2 × workers − 1 non-503 answers in a row, each on a connection of its own: the cluster hands connections out
// in turn to the workers listening — since session 11 a worker joins once its index is ready, src/cli/rotation.ts —
// so this is when no search is refused any more) and each worker's index ready (its log line's time); with the server's CPU milliseconds at search-ready (all its processes and threads, and
// the main thread's own — what requests queue behind) and the index build time the server logs. Several runs,
// since a shared machine makes single figures noisy.
//   PGlite: npx tsx bench/startup.ts --registry /tmp/bench/reg100k [--runs 3] [--cpu-prof DIR]
//     (a registry saved by bench/load.ts --registry DIR; each run starts on a copy of its data folder)
//   PostgreSQL: npx tsx bench/startup.ts --database-url postgres://…/DB --registry DIR [--workers 2]
//     (DB holds an imported registry, DIR its field key `key` and person keys `data.key.people`: bench/load-registry.ts)
//   --snapshot: a first, unmeasured start builds the index and stops (writing the sealed index snapshot); the runs
//     then start on a copy of what it left (data folder, key store with the snapshot's key, the snapshot) and load it.
//     Without it the snapshot is off (ALLFORALL_INDEX_SNAPSHOT=off): every run builds from the database.
//   --prepared: a first, unmeasured start (snapshot off) runs this code's migrations and data passes and stops; the
//     runs start on a copy of what it left — a later start of the same code (a full build after an erasure, the
//     snapshot off), which skips the data passes (src/app/dataPasses.ts). Without it (and without --snapshot) each run
//     is the first start of this code on the saved registry: an upgrade's, running them.
import { spawn } from "node:child_process";
import { appendFileSync, cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { cpuMsOf, eachThreadCpuMs, freePort, statusOnNewConnection, threadCpuMsOf, threadTimeline, type ThreadSample } from "./load-stats.js";

const text = (name: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : undefined;
};
const REGISTRY = text("registry");
const RUNS = Number(text("runs") ?? 3);
const CPU_PROF = text("cpu-prof");
const DATABASE_URL = text("database-url");
const WORKERS = Number(text("workers") ?? 1);
const SNAPSHOT = process.argv.includes("--snapshot");
const PREPARED = process.argv.includes("--prepared");
/** --log FILE: the server's log of each run appended to FILE (its phases' times). --no-matcher-thread: the full
 * build's matcher on the main thread (ALLFORALL_INDEX_MATCHER_THREAD=off), to compare. */
const LOG = text("log");
/** --threads: each of the server's threads with its CPU by search-ready (sampled as it polls: ended threads too); with
 * --workers, the workers' threads too, named "<worker pid>/…". */
const THREADS = process.argv.includes("--threads");
/**
 * --timeline FILE: each thread's CPU and run-queue wait (schedstat) per 250 ms from spawn to search-ready, sampled as
 * it polls (~every 50 ms), appended to FILE per run: which threads run, wait for a core, or sleep (wait for another).
 */
const TIMELINE = text("timeline");
/** --node-flags "…": flags for the server's node (V8's heap sizes, to compare), before bin/allforall.mjs. */
const NODE_FLAGS = text("node-flags");
/** With --snapshot: what the preparing start left (data folder, key store, snapshot), the base of every run. */
let base: string | null = null;
if (!REGISTRY || !existsSync(join(REGISTRY, "key"))) throw new Error("--registry DIR: a registry saved by bench/load.ts --registry DIR (or DIR with key and data.key.people for --database-url)");
if (WORKERS > 1 && !DATABASE_URL) throw new Error("--workers needs --database-url");

async function once(port: number, keep = false): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), "aff-startup-"));
  const data = join(dir, "data");
  const from = base ?? REGISTRY!;
  if (!DATABASE_URL) cpSync(join(from, "data"), data, { recursive: true });
  if (existsSync(join(from, "data.key.people"))) cpSync(join(from, "data.key.people"), `${data}.key.people`);
  if (base && existsSync(join(base, "data.key.index"))) cpSync(join(base, "data.key.index"), `${data}.key.index`);
  const env = {
    ...process.env,
    ALLFORALL_DATA: data,
    ALLFORALL_KEY: readFileSync(join(REGISTRY!, "key"), "utf8").trim(),
    ALLFORALL_PASSWORD: "bench password 12345",
    LOG_LEVEL: "info",
    ...(SNAPSHOT ? {} : { ALLFORALL_INDEX_SNAPSHOT: "off" }),
    ...(process.argv.includes("--no-matcher-thread") ? { ALLFORALL_INDEX_MATCHER_THREAD: "off" } : {}),
    ...(DATABASE_URL ? { DATABASE_URL } : {}),
  };
  const t0 = performance.now();
  const spawnedAt = Date.now();
  const args = [
    ...(CPU_PROF ? ["--cpu-prof", `--cpu-prof-dir=${CPU_PROF}`] : []),
    ...(NODE_FLAGS ? NODE_FLAGS.split(/\s+/).filter(Boolean) : []),
    "bin/allforall.mjs", "--data", data, "serve", "--port", String(port), "--host", "127.0.0.1",
    ...(WORKERS > 1 ? ["--workers", String(WORKERS)] : []),
  ];
  const child = spawn(process.execPath, args, { env, stdio: ["ignore", "pipe", "pipe"] });
  let log = "";
  child.stdout!.on("data", (b: Buffer) => (log += b.toString()));
  child.stderr!.on("data", (b: Buffer) => (log += b.toString()));
  let listening = 0;
  let ready = 0;
  let allReady = 0;
  let inARow = 0;
  let cpuAtReady = 0;
  let threads = { main: 0, others: 0 };
  const seen = new Map<number, ThreadSample>();
  const timeline: { atMs: number; threads: Map<number, ThreadSample> }[] = [];
  // Every 50 ms on a timer of its own: the poll waits up to a second for each 503 while the index builds.
  const sampler = TIMELINE ? setInterval(() => !ready && timeline.push({ atMs: performance.now() - t0, threads: eachThreadCpuMs(child.pid!) }), 50) : null;
  let perThread = "";
  try {
    for (let i = 0; i < 6000 && !allReady; i++) {
      if (THREADS && !ready) for (const [tid, t] of eachThreadCpuMs(child.pid!)) seen.set(tid, t);
      if (child.exitCode !== null) throw new Error(`the server exited (${child.exitCode}): ${log.slice(-2000)}`);
      try {
        if (!listening) {
          if ((await fetch(`http://127.0.0.1:${port}/healthz`)).ok) listening = performance.now() - t0;
        } else {
          // Public search needs the index and no account: 503 until it is built.
          const status = await statusOnNewConnection(port, `/people?q=${encodeURIComponent("Иванов")}`);
          inARow = status === 503 ? 0 : inARow + 1;
          if (status !== 503 && !ready) {
            ready = performance.now() - t0;
            cpuAtReady = cpuMsOf(child.pid!);
            threads = threadCpuMsOf(child.pid!);
            if (THREADS) {
              for (const [tid, t] of eachThreadCpuMs(child.pid!)) seen.set(tid, t);
              perThread = [...seen.values()].filter((t) => t.ms >= 100).sort((a, b) => a.startMs - b.startMs).map((t) => `${t.name}@${(t.startMs / 1000).toFixed(1)}s ${(t.ms / 1000).toFixed(2)}`).join(", ");
            }
          }
          if (inARow >= 2 * WORKERS - 1) allReady = performance.now() - t0;
        }
      } catch {
        // not listening yet
      }
      if (!allReady) await new Promise((r) => setTimeout(r, 50));
    }
  } finally {
    // A server that already exited (it refused to start) has no exit left to wait for: the error above is thrown.
    if (child.exitCode === null && child.signalCode === null) {
      child.kill("SIGTERM");
      await new Promise((r) => child.once("exit", r));
    }
    if (sampler) clearInterval(sampler);
    if (LOG) appendFileSync(LOG, log);
    if (TIMELINE && timeline.length) appendFileSync(TIMELINE, `run on ${dir}, search ready ${(ready / 1000).toFixed(1)} s\n${threadTimeline(timeline)}\n\n`);
    if (keep) base = dir;
    else rmSync(dir, { recursive: true, force: true });
  }
  const built = [...log.matchAll(/"from":"(\w+)",(?:"takenAt":"[^"]*","changes":\d+,)?"people":(\d+),"ms":(\d+),"msg":"person index built"/g)].map((m) => `${(Number(m[3]) / 1000).toFixed(1)} s from the ${m[1]}`);
  const written = [...log.matchAll(/"bytes":(\d+),"ms":(\d+),"cpuMs":(\d+),"msg":"person index: snapshot written"/g)].map((m) => `${(Number(m[1]) / 2 ** 20).toFixed(0)} MiB in ${m[2]} ms, ${m[3]} ms CPU`);
  // When each process's index was ready (built or loaded), from its log line's time.
  const readyAt = [...log.matchAll(/"time":(\d+)[^\n]*"msg":"person index built"/g)].map((m) => `${((Number(m[1]) - spawnedAt) / 1000).toFixed(1)} s`);
  const steps = [...log.matchAll(/"steps":(\{[^}]*\})/g)].map((m) => m[1]);
  // When each process's runtime was open (its full build begins then), from its log line's time.
  const openedAt = [...log.matchAll(/"time":(\d+)[^\n]*"msg":"runtime opened"/g)].map((m) => `${((Number(m[1]) - spawnedAt) / 1000).toFixed(1)} s`);
  const refused = [...log.matchAll(/"reason":"([^"]*)","msg":"person index: snapshot not used/g)].map((m) => m[1]);
  const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
  return (
    `listening ${s(listening)}, search ready ${s(ready)} after spawn${WORKERS > 1 ? ` (every answer: ${s(allReady)}; each worker's index at ${readyAt.join(", ")})` : ""}; ` +
    `server CPU by then ${s(cpuAtReady)} (${WORKERS > 1 ? "the primary's" : "its"} main thread ${s(threads.main)}, the rest ${s(threads.others)}); ` +
    `index build (logged) ${built.length ? built.join(", ") : "?"}` +
    (written.length ? `; snapshot written: ${written.join(", ")}` : "") +
    (refused.length ? `; snapshot refused: ${refused.join(", ")}` : "") +
    (steps.length ? `; steps (ms) ${steps.join(", ")}` : "") +
    (openedAt.length ? `; runtime opened at ${openedAt.join(", ")}` : "") +
    (perThread ? `; threads (name@started: CPU s, ≥ 0.1 s) ${perThread}` : "")
  );
}

process.stdout.write(`command: npx tsx bench/startup.ts ${process.argv.slice(2).join(" ")}\nload average ${readFileSync("/proc/loadavg", "utf8").trim()}\n`);
if (SNAPSHOT) process.stdout.write(`preparing start (builds, writes the snapshot, stops): ${await once(await freePort(), true)}\n`);
else if (PREPARED) process.stdout.write(`preparing start (migrates, runs the data passes, builds, stops): ${await once(await freePort(), true)}\n`);
for (let run = 1; run <= RUNS; run++) process.stdout.write(`run ${run}: ${await once(await freePort())}\n`);
process.stdout.write(`load average after ${readFileSync("/proc/loadavg", "utf8").trim()}\n`);
if (base) rmSync(base, { recursive: true, force: true });
