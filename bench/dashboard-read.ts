// The dashboard's first read of everyone's sums after a build (src/services/dashboardTally.ts), at registry scale, and
// what it does to a request arriving meanwhile: a small statement (`select 1`, as a request's read) sent every 5 ms
// and timed to its answer, and the event loop's delay. `--whole` reads everyone in one read (before session 11) to
// compare. The registry (from `bench/load.ts --registry DIR`) is copied first and never changed.
//
//   npx tsx bench/dashboard-read.ts --registry /tmp/bench/reg100k [--whole]
import { cpSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import { join } from "node:path";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { sql } from "drizzle-orm";
import { openDatabase } from "../src/db/client.js";
import { statsFacts } from "../src/db/repositories/stats.js";
import { DashboardTallies, tallyOf } from "../src/services/dashboardTally.js";

const arg = (name: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
};
const REGISTRY = arg("registry");
if (!REGISTRY) throw new Error("--registry DIR");
const WHOLE = process.argv.includes("--whole");
const dir = mkdtempSync(join(tmpdir(), "aff-dashboard-bench-"));
cpSync(join(REGISTRY, "data"), join(dir, "data"), { recursive: true });
const database = await openDatabase({ dataDir: join(dir, "data"), thread: true });
try {
  const db = database.db;
  await db.execute(sql`select count(*) from person`);
  process.stdout.write(`machine: ${cpus().length} cores, node ${process.version}; load average ${readFileSync("/proc/loadavg", "utf8").trim()}\n`);
  process.stdout.write(`command: npx tsx bench/dashboard-read.ts ${process.argv.slice(2).join(" ")}\n`);
  const waits: number[] = [];
  let reading = true;
  const probe = async () => {
    while (reading) {
      const t = performance.now();
      await db.execute(sql`select 1`);
      waits.push(performance.now() - t);
      await new Promise((r) => setTimeout(r, 5));
    }
  };
  const loop = monitorEventLoopDelay({ resolution: 1 });
  loop.enable();
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  const probing = probe();
  if (WHOLE) tallyOf((await statsFacts(db, "everyone")).values());
  else await new DashboardTallies(db).tally("");
  reading = false;
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(c0);
  await probing;
  loop.disable();
  const people = ((await db.execute(sql`select count(*)::int as n from person`)) as unknown as { rows: { n: number }[] }).rows[0]!.n;
  waits.sort((a, b) => a - b);
  const q = (p: number) => waits[Math.min(waits.length - 1, Math.floor(p * waits.length))]!.toFixed(1);
  process.stdout.write(
    `${WHOLE ? "one read of everyone" : "in slices"}: ${people} people, ${Math.round(ms)} ms, CPU ${Math.round((cpu.user + cpu.system) / 1000)} ms (both threads); ` +
      `a statement sent meanwhile (${waits.length}) answered in p50 ${q(0.5)} p99 ${q(0.99)} max ${waits.at(-1)!.toFixed(1)} ms; event loop delay max ${(loop.max / 1e6).toFixed(1)} ms\n`,
  );
  process.stdout.write(`load average after: ${readFileSync("/proc/loadavg", "utf8").trim()}\n`);
} finally {
  await database.close();
  rmSync(dir, { recursive: true, force: true });
}
