// Import 100,000 generated people (Cyrillic names with Latin spellings) into a fresh PGlite folder and
// print rows/s and peak memory. Run: npx tsx bench/import.ts [rows]
import { closeSync, mkdtempSync, openSync, rmSync, statSync, writeSync } from "node:fs";
import { cpus, tmpdir, totalmem } from "node:os";
import { join } from "node:path";
import { stringify } from "csv-stringify/sync";
import pino from "pino";
import { buildRuntime, ensureDefaultOrganisation } from "../src/app/runtime.js";
import { openDatabase } from "../src/db/client.js";
import { initDataDir } from "../src/db/initDataDir.js";
import { generatePeopleRows } from "../src/demo/generate.js";
import { FieldCipher, newFieldKey } from "../src/security/fieldCipher.js";
import { importPeople } from "../src/services/import/importPeople.js";

const rows = Number(process.argv[2] ?? 100_000);
const dir = mkdtempSync(join(tmpdir(), "aff-bench-import-"));
const csv = join(dir, "people.csv");
// Written row by row so the generated data does not sit in this process's memory during the import.
const fd = openSync(csv, "w");
let header = true;
for (const r of generatePeopleRows(rows, 12345)) {
  writeSync(fd, stringify([r], { header }));
  header = false;
}
closeSync(fd);
const batchSize = Number(process.env.BATCH_SIZE ?? 2500);

let peakRss = process.memoryUsage().rss;
const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 50);

// A new folder is created the way openRuntime (CLI, server) creates it: initdb in a child process.
if (!process.env.BENCH_MEMORY) await initDataDir(join(dir, "data"));
const database = await openDatabase(process.env.BENCH_MEMORY ? {} : { dataDir: join(dir, "data") });
const rt = buildRuntime(database, new FieldCipher([newFieldKey()]), pino({ level: "silent" }), await ensureDefaultOrganisation(database));

const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1e6; };
const c0 = cpu();
const t0 = performance.now();
const first = await importPeople(rt.systemCtx(), { path: csv, batchSize });
const t1 = performance.now();
const c1 = cpu();
const again = await importPeople(rt.systemCtx(), { path: csv, batchSize });
const t2 = performance.now();
const c2 = cpu();
clearInterval(sampler);
peakRss = Math.max(peakRss, process.memoryUsage().rss, process.resourceUsage().maxRSS * 1024);
await rt.close();

const fmt = (n: number) => Math.round(n).toLocaleString("en");
console.log(`machine: ${cpus().length} × ${cpus()[0]?.model ?? "cpu"}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, node ${process.version}`);
console.log(`batch size: ${batchSize} rows per transaction`);
console.log(`file: ${fmt(rows)} rows, ${(statSync(csv).size / 2 ** 20).toFixed(1)} MiB CSV`);
console.log(`first import:  ${first.created} created, ${first.failed} failed in ${((t1 - t0) / 1000).toFixed(1)} s → ${fmt(rows / ((t1 - t0) / 1000))} rows/s (CPU ${(c1 - c0).toFixed(1)} s → ${fmt(rows / (c1 - c0))} rows per CPU-second)`);
console.log(`re-import:     ${again.unchanged} unchanged, ${again.created} created in ${((t2 - t1) / 1000).toFixed(1)} s → ${fmt(rows / ((t2 - t1) / 1000))} rows/s (CPU ${(c2 - c1).toFixed(1)} s)`);
console.log(`peak RSS: ${fmt(peakRss / 2 ** 20)} MiB (target < 1024 MiB); target ≥ 5,000 rows/s`);
rmSync(dir, { recursive: true, force: true });
