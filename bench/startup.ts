// Start-up of the real server on a saved registry: `allforall serve` spawned, timed from spawn to listening
// (/healthz), to search ready (a public search that no longer answers 503) and, with --workers, to every worker
// ready (as many non-503 answers in a row, each on a connection of its own, as there are workers: the cluster hands
// connections out in turn); with the server's CPU milliseconds at search-ready (all its processes and threads, and
// the main thread's own — what requests queue behind) and the index build time the server logs. Several runs,
// since a shared machine makes single figures noisy.
//   PGlite: npx tsx bench/startup.ts --registry /tmp/bench/reg100k [--runs 3] [--cpu-prof DIR]
//     (a registry saved by bench/load.ts --registry DIR; each run starts on a copy of its data folder)
//   PostgreSQL: npx tsx bench/startup.ts --database-url postgres://…/DB --registry DIR [--workers 2]
//     (DB holds an imported registry, DIR its field key `key` and person keys `data.key.people`: bench/load-registry.ts)
import { spawn } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { cpuMsOf, statusOnNewConnection, threadCpuMsOf } from "./load-stats.js";

const text = (name: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : undefined;
};
const REGISTRY = text("registry");
const RUNS = Number(text("runs") ?? 3);
const CPU_PROF = text("cpu-prof");
const DATABASE_URL = text("database-url");
const WORKERS = Number(text("workers") ?? 1);
if (!REGISTRY || !existsSync(join(REGISTRY, "key"))) throw new Error("--registry DIR: a registry saved by bench/load.ts --registry DIR (or DIR with key and data.key.people for --database-url)");
if (WORKERS > 1 && !DATABASE_URL) throw new Error("--workers needs --database-url");

async function once(port: number): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), "aff-startup-"));
  const data = join(dir, "data");
  if (!DATABASE_URL) cpSync(join(REGISTRY!, "data"), data, { recursive: true });
  if (existsSync(join(REGISTRY!, "data.key.people"))) cpSync(join(REGISTRY!, "data.key.people"), `${data}.key.people`);
  const env = {
    ...process.env,
    ALLFORALL_DATA: data,
    ALLFORALL_KEY: readFileSync(join(REGISTRY!, "key"), "utf8").trim(),
    ALLFORALL_PASSWORD: "bench password 12345",
    LOG_LEVEL: "info",
    ...(DATABASE_URL ? { DATABASE_URL } : {}),
  };
  const t0 = performance.now();
  const args = [
    ...(CPU_PROF ? ["--cpu-prof", `--cpu-prof-dir=${CPU_PROF}`] : []),
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
  try {
    for (let i = 0; i < 6000 && !allReady; i++) {
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
          }
          if (inARow >= 2 * WORKERS - 1) allReady = performance.now() - t0;
        }
      } catch {
        // not listening yet
      }
      if (!allReady) await new Promise((r) => setTimeout(r, 50));
    }
  } finally {
    child.kill("SIGTERM");
    await new Promise((r) => child.once("exit", r));
    rmSync(dir, { recursive: true, force: true });
  }
  const built = [...log.matchAll(/"people":(\d+),"ms":(\d+),"msg":"person index built"/g)].map((m) => `${(Number(m[2]) / 1000).toFixed(1)} s`);
  const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
  return (
    `listening ${s(listening)}, search ready ${s(ready)} after spawn${WORKERS > 1 ? ` (every worker: ${s(allReady)})` : ""}; ` +
    `server CPU by then ${s(cpuAtReady)} (${WORKERS > 1 ? "the primary's" : "its"} main thread ${s(threads.main)}, the rest ${s(threads.others)}); ` +
    `index build (logged) ${built.length ? built.join(", ") : "?"}`
  );
}

process.stdout.write(`command: npx tsx bench/startup.ts ${process.argv.slice(2).join(" ")}\nload average ${readFileSync("/proc/loadavg", "utf8").trim()}\n`);
for (let run = 1; run <= RUNS; run++) process.stdout.write(`run ${run}: ${await once(41000 + run)}\n`);
process.stdout.write(`load average after ${readFileSync("/proc/loadavg", "utf8").trim()}\n`);
