// The issue-16 import benchmark: 100,000 rows of a cp1251 CSV with Russian headers and no external ids (as a
// Russian NGO's Excel saves it), imported into an empty registry, then the same file again into the registry
// that now holds those 100,000 people — every row matched against it. Prints, for each case, rows/s (wall) and CPU
// per row (every thread of the process: the importer, its matching thread, PGlite), and peak memory.
// Run: npx tsx bench/import.ts [rows] [--inline] (--inline: match in the importer's thread, as before session 5)
import { closeSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, statSync, writeSync } from "node:fs";
import { cpus, loadavg, tmpdir, totalmem } from "node:os";
import { join } from "node:path";
import iconv from "iconv-lite";
import pino from "pino";
import { buildRuntime, ensureDefaultOrganisation } from "../src/app/runtime.js";
import { openDatabase } from "../src/db/client.js";
import { initDataDir } from "../src/db/initDataDir.js";
import { generatePeopleRows } from "../src/demo/generate.js";
import { FieldCipher, newFieldKey } from "../src/security/fieldCipher.js";
import { importPeople } from "../src/services/import/importPeople.js";

const rows = Number(process.argv.slice(2).find((a) => /^\d+$/.test(a)) ?? 100_000);
const matchThread = !process.argv.includes("--inline");
const dir = mkdtempSync(join(tmpdir(), "aff-bench-import-"));
const csv = join(dir, "ovd.csv");
const CATEGORY: Record<string, string> = {
  ru_political_prisoner: "политзаключённый", ua_civilian_hostage: "гражданский заложник", ua_pow: "военнопленный",
  ua_serviceman_convicted: "осуждённый военнослужащий", ru_persecuted_not_detained: "преследуется", held_in_ukraine: "удерживается в Украине", other: "другое",
};
const REGIME: Record<string, string> = { general: "общего режима", strict: "строгого режима", special: "особого режима", colony_settlement: "колонии-поселения", prison: "тюрьмы" };
const ddmmyyyy = (iso: string) => (iso.length === 10 ? `${iso.slice(8, 10)}.${iso.slice(5, 7)}.${iso.slice(0, 4)}` : `${iso} г.`);
const sentence = (s: string) => {
  const m = /^(\d+)y(?:(\d+)m)? (\w+)$/.exec(s);
  return m ? `${m[1]} лет${m[2] ? ` ${m[2]} месяцев` : ""} ${REGIME[m[3]!] ?? ""}`.trim() : s;
};
const article = (a: string) => (a ? a.split(";").map((x) => { const [art, part] = x.trim().split(":"); return `${part ? `ч. ${part} ` : ""}ст. ${art} УК РФ`; }).join(", ") : "");
const cell = (v: string) => (/[;"\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
// Written row by row (Windows-1251, ";", CRLF) so the generated data does not sit in this process's memory.
const fd = openSync(csv, "w");
writeSync(fd, iconv.encode("№;ФИО;Дата рождения;Пол;Регион;Статья;Приговор;Дата задержания;Место содержания;Категория\r\n", "win1251"));
let n = 0;
for (const r of generatePeopleRows(rows, 12345)) {
  const line = [String(++n), r.name, ddmmyyyy(r.birth_date), r.sex === "male" ? "м" : "ж", r.region, article(r.articles), sentence(r.sentence), ddmmyyyy(r.detained_on), r.facility, CATEGORY[r.category]!].map(cell).join(";");
  writeSync(fd, iconv.encode(line + "\r\n", "win1251"));
}
closeSync(fd);

let peakRss = process.memoryUsage().rss;
const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 50);
// CPU per thread (Linux): the last utime + stime seen of every thread of this process, sampled while the imports
// run, since the matching worker's thread is gone by the time a run returns. Clock ticks of 10 ms.
const threadCpu = new Map<string, { name: string; ticks: number }>();
const sampleThreads = () => {
  try {
    for (const tid of readdirSync("/proc/self/task")) {
      const stat = readFileSync(`/proc/self/task/${tid}/stat`, "utf8");
      const rest = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      threadCpu.set(tid, { name: stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")")), ticks: Number(rest[11]) + Number(rest[12]) });
    }
  } catch {
    /* not Linux, or a thread ended while read */
  }
};
const threadSampler = setInterval(sampleThreads, 200);
await initDataDir(join(dir, "data"));
const database = await openDatabase({ dataDir: join(dir, "data") });
const rt = buildRuntime(database, new FieldCipher([newFieldKey()]), pino({ level: "silent" }), await ensureDefaultOrganisation(database));

const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1e6; };
/** CPU seconds per thread since `before`: this thread, then the busiest others. */
const threadsSince = (before: Map<string, number>) => {
  sampleThreads();
  // Threads started during the run (the matching worker, its module loader) are "new"; the others are this
  // thread, PGlite's and V8's helpers (garbage collection, compilation).
  const spent = [...threadCpu].map(([tid, t]) => ({ tid, name: before.has(tid) ? t.name : "new", s: (t.ticks - (before.get(tid) ?? 0)) / 100 })).filter((t) => t.s > 0.05);
  const main = spent.find((t) => t.tid === String(process.pid));
  const others = spent.filter((t) => t !== main).sort((a, b) => b.s - a.s);
  return `importer thread ${main?.s.toFixed(1) ?? "?"} s, ${others.slice(0, 4).map((t) => `${t.name} ${t.s.toFixed(1)} s`).join(", ")}`;
};
const run = async () => {
  const load = loadavg().map((x) => x.toFixed(2)).join(" ");
  sampleThreads();
  const ticks0 = new Map([...threadCpu].map(([tid, t]) => [tid, t.ticks]));
  const c0 = cpu();
  const t0 = performance.now();
  const w0 = process.hrtime.bigint() / 1000n;
  const r = await importPeople(rt.systemCtx(), { path: csv, matchThread });
  const s = (performance.now() - t0) / 1000;
  // Under --cpu-prof: the run's window on the profile's clock (µs), for bench/profile-stages.ts.
  if (process.execArgv.some((a) => a.startsWith("--cpu-prof"))) console.log(`profile window ${w0} ${process.hrtime.bigint() / 1000n}`);
  return { r, s, cpu: cpu() - c0, load, threads: threadsSince(ticks0) };
};
const first = await run();
const again = await run();
clearInterval(sampler);
clearInterval(threadSampler);
peakRss = Math.max(peakRss, process.memoryUsage().rss, process.resourceUsage().maxRSS * 1024);
await rt.close();

const fmt = (x: number) => Math.round(x).toLocaleString("en");
const line = (label: string, x: typeof first) =>
  `${label} ${x.r.created} created, ${x.r.updated} updated, ${x.r.unchanged} unchanged, ${x.r.review} to review, ${x.r.failed} refused in ${x.s.toFixed(1)} s → ${fmt(rows / x.s)} rows/s wall; CPU ${x.cpu.toFixed(1)} s = ${((1000 * x.cpu) / rows).toFixed(3)} ms per row (all threads; load before ${x.load})\n    CPU by thread: ${x.threads}`;
console.log(`machine: ${cpus().length} × ${cpus()[0]?.model ?? "cpu"}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, node ${process.version}`);
console.log(`file: ${fmt(rows)} rows, ${(statSync(csv).size / 2 ** 20).toFixed(1)} MiB, ${first.r.encoding}, "${first.r.separator}", no external ids; rows matched ${matchThread ? "in a worker thread" : "in the importer's thread (--inline)"}`);
console.log(line("into an empty registry:     ", first));
console.log(line("into a registry of the same:", again));
console.log(`peak RSS: ${fmt(peakRss / 2 ** 20)} MiB; targets ≥ 5,000 rows/s (empty) and ≥ 2,000 rows/s (every row matched)`);
rmSync(dir, { recursive: true, force: true });
