// The matcher's build alone (what the person index's matcher thread does at start-up): N generated people added to
// a MatchIndex, CPU time (single thread), and the keys hashed per person.
//   npx tsx bench/matcher-build.ts [people=100000] [runs=3]
import { randomUUID } from "node:crypto";
import { generatePeopleRows } from "../src/demo/generate.js";
import { MatchIndex } from "../src/domain/names/index.js";
import { nameKeyHashes } from "../src/domain/names/blocking.js";

const N = Number(process.argv[2] ?? 100_000);
const RUNS = Number(process.argv[3] ?? 3);
const people = [...generatePeopleRows(N, 12345)].map((r) => ({
  id: randomUUID(),
  evidence: { names: [r.name, ...(r.name_alt ? [r.name_alt] : [])], birthDate: r.birth_date, region: r.region, category: r.category, sex: r.sex === "unknown" ? null : (r.sex as "male" | "female") },
}));
const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
let keys = 0;
for (const p of people.slice(0, 2000)) for (const n of p.evidence.names) keys += nameKeyHashes(n, Number(p.evidence.birthDate.slice(0, 4))).hashes.length;
console.log(`keys per person (first 2,000, every spelling): ${(keys / 2000).toFixed(1)}`);
for (let run = 1; run <= RUNS; run++) {
  const c0 = cpu();
  const m = new MatchIndex();
  for (const p of people) m.add(p.id, p.evidence);
  console.log(`run ${run}: ${N} people added in ${(cpu() - c0).toFixed(0)} ms of CPU (${m.size})`);
}
