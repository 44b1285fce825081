// Start-up of the real server on a saved registry (bench/load.ts --registry DIR keeps one): `allforall serve` spawned
// on a copy of the PGlite folder, timed from spawn to listening (/healthz) and to search ready (a search that no
// longer answers 503), with the server's CPU milliseconds at that point (all its threads, and its main thread's
// own: what requests queue behind) and the index build time
// the server logs. Several runs, since a shared machine makes single figures noisy.
//   npx tsx bench/startup.ts --registry /tmp/bench/reg100k [--runs 3] [--cpu-prof DIR]
import { spawn } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { cpuMsOf, threadCpuMsOf } from "./load-stats.js";

const text = (name: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : undefined;
};
const REGISTRY = text("registry");
const RUNS = Number(text("runs") ?? 3);
const CPU_PROF = text("cpu-prof");
if (!REGISTRY || !existsSync(join(REGISTRY, "registry.json"))) throw new Error("--registry DIR: a registry saved by bench/load.ts --registry DIR");

async function once(port: number): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), "aff-startup-"));
  const data = join(dir, "data");
  cpSync(join(REGISTRY!, "data"), data, { recursive: true });
  if (existsSync(join(REGISTRY!, "data.key.people"))) cpSync(join(REGISTRY!, "data.key.people"), `${data}.key.people`);
  const env = { ...process.env, ALLFORALL_DATA: data, ALLFORALL_KEY: readFileSync(join(REGISTRY!, "key"), "utf8").trim(), ALLFORALL_PASSWORD: "bench password 12345", LOG_LEVEL: "info" };
  const t0 = performance.now();
  const args = [...(CPU_PROF ? ["--cpu-prof", `--cpu-prof-dir=${CPU_PROF}`] : []), "bin/allforall.mjs", "--data", data, "serve", "--port", String(port), "--host", "127.0.0.1"];
  const child = spawn(process.execPath, args, { env, stdio: ["ignore", "pipe", "pipe"] });
  let log = "";
  child.stdout!.on("data", (b: Buffer) => (log += b.toString()));
  child.stderr!.on("data", (b: Buffer) => (log += b.toString()));
  const base = `http://127.0.0.1:${port}`;
  let listening = 0;
  let ready = 0;
  let cpuAtReady = 0;
  let threads = { main: 0, others: 0 };
  try {
    for (let i = 0; i < 3000 && !ready; i++) {
      if (child.exitCode !== null) throw new Error(`the server exited (${child.exitCode}): ${log.slice(-2000)}`);
      try {
        if (!listening) {
          if ((await fetch(`${base}/healthz`)).ok) listening = performance.now() - t0;
        } else {
          // Public search needs the index and no account: 503 until it is built.
          const r = await fetch(`${base}/people?q=${encodeURIComponent("Иванов")}`);
          await r.arrayBuffer();
          if (r.status !== 503) {
            ready = performance.now() - t0;
            cpuAtReady = cpuMsOf(child.pid!);
            threads = threadCpuMsOf(child.pid!);
          }
        }
      } catch {
        // not listening yet
      }
      if (!ready) await new Promise((r) => setTimeout(r, 50));
    }
  } finally {
    child.kill("SIGTERM");
    await new Promise((r) => child.once("exit", r));
    rmSync(dir, { recursive: true, force: true });
  }
  const built = /"people":(\d+),"ms":(\d+),"msg":"person index built"/.exec(log);
  return `listening ${(listening / 1000).toFixed(1)} s, search ready ${(ready / 1000).toFixed(1)} s after spawn; server CPU by then ${(cpuAtReady / 1000).toFixed(1)} s (main thread ${(threads.main / 1000).toFixed(1)} s, other threads ${(threads.others / 1000).toFixed(1)} s); index build (logged) ${built ? `${(Number(built[2]) / 1000).toFixed(1)} s for ${built[1]} people` : "?"}`;
}

process.stdout.write(`command: npx tsx bench/startup.ts ${process.argv.slice(2).join(" ")}\nload average ${readFileSync("/proc/loadavg", "utf8").trim()}\n`);
for (let run = 1; run <= RUNS; run++) process.stdout.write(`run ${run}: ${await once(41000 + run)}\n`);
process.stdout.write(`load average after ${readFileSync("/proc/loadavg", "utf8").trim()}\n`);
