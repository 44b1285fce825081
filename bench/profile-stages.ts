// CPU of an import by stage, from a V8 CPU profile of bench/import.ts: each sample goes to the first stage whose
// frame it meets walking from the sampled function towards the root (so PGlite's time is PGlite's, whoever awaited
// it). Run with --inline so the matching is in the profiled thread:
//   node --cpu-prof --cpu-prof-dir=prof --import tsx bench/import.ts 20000 --inline   (prints "profile window A B")
//   npx tsx bench/profile-stages.ts prof/CPU….0.001.cpuprofile A B 20000
// The profile samples wall time: on a busy machine a descheduled thread's time counts too, so read shares, not sums.
import { readFileSync } from "node:fs";

interface Node {
  id: number;
  callFrame: { functionName: string; url: string };
  children?: number[];
}
const [file, fromArg, toArg, rowsArg] = process.argv.slice(2);
if (!file) throw new Error("usage: profile-stages.ts FILE.cpuprofile [from µs] [to µs] [rows]");
const from = Number(fromArg ?? 0);
const to = Number(toArg ?? Infinity);
const rows = Number(rowsArg ?? 1);
const p = JSON.parse(readFileSync(file, "utf8")) as { nodes: Node[]; samples: number[]; timeDeltas: number[]; startTime: number };
const byId = new Map(p.nodes.map((n) => [n.id, n]));
const parent = new Map<number, number>();
for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
const STAGES: [string, (fn: string, url: string) => boolean][] = [
  ["garbage collection", (fn) => fn === "(garbage collector)"],
  ["idle", (fn) => fn === "(idle)"],
  ["sealing (per-person keys, AES)", (fn, url) => (/seal/i.test(fn) && /\/src\//.test(url)) || /personKeys|crypto\/cipher/.test(url)],
  ["audit", (fn) => fn === "recordAudit"],
  ["review list", (fn) => fn === "storeReviews" || fn === "pendingReviewsByContent"],
  ["matching", (_, url) => /matchRows|matchWorker|domain\/names/.test(url)],
  ["registry snapshot", (fn) => /registrySnapshot|registryPeople/.test(fn)],
  ["building SQL (drizzle, COPY text)", (fn, url) => /bulkInsert|bulkUpdate|holdReferencedRows|withNewParentsOnly/.test(fn) || /drizzle-orm/.test(url)],
  ["PGlite (SQL, inserts, index updates)", (_, url) => /pglite|wasm:/.test(url)],
  ["loading for fills", (fn) => /loadForUpdate|planFill|applyFills/.test(fn)],
  ["draft and validation", (fn, url) => fn === "draftOf" || /import\/draft|domain\/tabular/.test(url)],
  ["read, decode, parse", (fn, url) => fn === "readImportTable" || /services\/tabular|csv-parse|iconv/.test(url)],
  ["importer, other", (_, url) => /services\/import/.test(url)],
];
const spent = new Map<string, number>();
let t = p.startTime;
let total = 0;
for (let i = 0; i < p.samples.length; i++) {
  t += p.timeDeltas[i] ?? 0;
  if (t < from || t > to) continue;
  const d = p.timeDeltas[i + 1] ?? 0;
  let stage = "other";
  for (let c: number | undefined = p.samples[i]; c !== undefined && stage === "other"; c = parent.get(c)) {
    const f = byId.get(c)!.callFrame;
    stage = STAGES.find(([, m]) => m(f.functionName, f.url))?.[0] ?? "other";
  }
  spent.set(stage, (spent.get(stage) ?? 0) + d);
  total += d;
}
const busy = total - (spent.get("idle") ?? 0);
console.log(`${(busy / 1e6).toFixed(2)} s sampled busy = ${(busy / 1e3 / rows).toFixed(3)} ms per row`);
for (const [k, v] of [...spent].sort((a, b) => b[1] - a[1])) console.log(`${(v / 1e3 / rows).toFixed(3).padStart(7)} ms/row ${((100 * v) / busy).toFixed(1).padStart(5)} %  ${k}`);
