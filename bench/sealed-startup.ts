// Start-up with names sealed under per-person keys: a registry of N people imported through the bulk import path
// (bench/load-registry.ts), then a fresh process-like open of the same folder timed step by step — opening the
// runtime (migrations, the person key store: every key unwrapped), and building the person index from the
// opened names until a search answers ("search-ready"). Also the cost of opening alone (AES-GCM per value).
//   npx tsx bench/sealed-startup.ts [people=100000]
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sql } from "drizzle-orm";
import pino from "pino";
import { openRuntime } from "../src/app/runtime.js";
import { loadConfig } from "../src/config.js";
import { openSealed } from "../src/security/personKeys.js";
import { buildRegistry } from "./load-registry.js";

const N = Number(process.argv[2] ?? 100_000);
const dir = mkdtempSync(join(tmpdir(), "aff-sealed-"));
const env = { ALLFORALL_DATA: join(dir, "data") };
try {
  const reg = await buildRegistry(dir, N, env);
  console.log(`registry: ${reg.ids.length} people imported in ${reg.importSeconds.toFixed(1)} s`);
  const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
  const t0 = performance.now();
  const c0 = cpu();
  const rt = await openRuntime(loadConfig(env, { logLevel: "error" }), { log: pino({ level: "error" }) });
  const opened = performance.now();
  console.log(`open runtime (migrations, ${rt.personKeys.ids().length} person keys unwrapped): ${(opened - t0).toFixed(0)} ms (CPU ${(cpu() - c0).toFixed(0)} ms)`);
  const c1 = cpu();
  const index = await rt.people.indexOf(rt.organisationId);
  const hits = index.candidates(reg.searchWords[0]!, 10);
  const ready = performance.now();
  console.log(`person index built from opened names, first search answered (${hits.length} hits): ${(ready - opened).toFixed(0)} ms (CPU ${(cpu() - c1).toFixed(0)} ms)`);
  console.log(`search-ready after opening the folder: ${((ready - t0) / 1000).toFixed(2)} s`);
  const names = ((await rt.database.db.execute(sql`select name from person_name`)) as unknown as { rows: { name: string }[] }).rows;
  const c2 = cpu();
  for (const n of names) openSealed(n.name);
  console.log(`opening ${names.length} sealed names alone: CPU ${(cpu() - c2).toFixed(0)} ms`);
  await rt.close();
} finally {
  rmSync(dir, { recursive: true, force: true });
}
