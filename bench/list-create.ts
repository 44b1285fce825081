// Creating an exchange list of everyone at registry scale (issue #13): the service's call (what the request waits
// for) and, for a selection built in the background (src/services/lists/background.ts), the time until its version
// is stored, with wall and CPU milliseconds (the process's, all threads). The registry (from `bench/load.ts
// --registry DIR`) is copied first and never changed. The content hashes printed must not change with the code.
//
//   npx tsx bench/list-create.ts --registry /tmp/bench/reg100k [--runs 2] [--thread] [--profile FILE]
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pino from "pino";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { Session } from "node:inspector/promises";
import { writeFileSync } from "node:fs";
import { openRuntime } from "../src/app/runtime.js";
import { benchCoordinator } from "./bench-users.js";
import { loadConfig } from "../src/config.js";
import { personCategories } from "../src/domain/vocabulary/enums.js";
import { createList, getList } from "../src/services/lists/lists.js";
import { listBuildsSettled } from "../src/services/lists/background.js";

const arg = (name: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
};
const REGISTRY = arg("registry");
if (!REGISTRY) throw new Error("--registry DIR");
const RUNS = Number(arg("runs") ?? 1);
/** --thread: PGlite in its worker thread, as `allforall serve` runs it (the event loop is then free between queries). */
const THREAD = process.argv.includes("--thread");
/** --profile FILE: a CPU profile (.cpuprofile) of the list of everyone's creation only, for Chrome's DevTools. */
const PROFILE = arg("profile");
const dir = mkdtempSync(join(tmpdir(), "aff-list-bench-"));
const data = join(dir, "data");
const env: NodeJS.ProcessEnv = { ...process.env, ALLFORALL_DATA: data, ALLFORALL_KEY: readFileSync(join(REGISTRY, "key"), "utf8").trim(), LOG_LEVEL: "error" };

async function timed<T>(what: string, f: () => Promise<T>): Promise<T> {
  const t = performance.now();
  const c = process.cpuUsage();
  const r = await f();
  const cpu = process.cpuUsage(c);
  process.stdout.write(`${what.padEnd(50)} ${(performance.now() - t).toFixed(0).padStart(7)} ms  cpu ${((cpu.user + cpu.system) / 1000).toFixed(0).padStart(6)} ms\n`);
  return r;
}

try {
  process.stdout.write(`load average before: ${readFileSync("/proc/loadavg", "utf8")}`);
  cpSync(join(REGISTRY, "data"), data, { recursive: true });
  if (existsSync(join(REGISTRY, "data.key.people"))) cpSync(join(REGISTRY, "data.key.people"), `${data}.key.people`);
  const rt = await openRuntime(loadConfig(env, { logLevel: "error" }), { log: pino({ level: "error" }), thread: THREAD });
  try {
    const ctx = await benchCoordinator(rt);
    for (let run = 1; run <= RUNS; run++) {
      // The request's answer, then (built in the background) until the version is stored.
      const create = async (what: string, f: () => ReturnType<typeof createList>) => {
        const r = await timed(`run ${run}: ${what}`, f);
        if (r.build) {
          // What other requests of this process would wait for meanwhile: the event loop's longest stalls.
          const h = monitorEventLoopDelay({ resolution: 10 });
          h.enable();
          await timed(`    … version stored (background, ${r.build.total} people)`, () => listBuildsSettled());
          h.disable();
          // No sample at all means the loop never got round to its timers during the build (PGlite in-process).
          process.stdout.write(`      event loop during the build: ${h.count} samples, p50 ${(h.percentile(50) / 1e6).toFixed(0)} ms, p99 ${(h.percentile(99) / 1e6).toFixed(0)} ms, max ${(h.max / 1e6).toFixed(0)} ms\n`);
        }
        return r;
      };
      const typical = await create("civilians of one region", () => createList(ctx, { name: "Гражданские, Запорожская область", categories: ["ua_civilian_hostage"], filters: { region: "Запорожская" } }));
      const pows = await create("all-for-all, prisoners of war", () => createList(ctx, { name: "Военнопленные", categories: ["ua_pow"], allForAll: true }));
      const session = PROFILE ? new Session() : undefined;
      if (session) {
        session.connect();
        await session.post("Profiler.enable");
        await session.post("Profiler.start");
      }
      const all = await create("all-for-all, every category", () => createList(ctx, { name: "Все на всех", categories: [...personCategories], allForAll: true }));
      if (session) {
        const { profile } = await session.post("Profiler.stop");
        writeFileSync(PROFILE!, JSON.stringify(profile));
        session.disconnect();
      }
      for (const l of [typical, pows, all]) {
        const v = (await getList(ctx, l.id)).versions[0]!;
        process.stdout.write(`    ${v.rowCount} rows, ${v.eligibleCount} eligible, ${v.contentHash}\n`);
      }
    }
  } finally {
    await rt.close();
  }
  process.stdout.write(`load average after: ${readFileSync("/proc/loadavg", "utf8")}`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
