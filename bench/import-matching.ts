// What matching costs an import without external ids, apart from the database: each generated row is looked up
// in an index of the rows before it (as importPeople does with the file's own rows), then added.
// Run: npx tsx bench/import-matching.ts [rows]
import { loadavg } from "node:os";
import { MatchIndex } from "../src/domain/names/index.js";
import { generatePeopleRows } from "../src/demo/generate.js";

const rows = [...generatePeopleRows(Number(process.argv[2] ?? 5000), 12345)];
const idx = new MatchIndex();
const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1e6; };
const load = loadavg().map((x) => x.toFixed(2)).join(" ");
const c0 = cpu();
let tBest = 0;
let tAdd = 0;
for (const [i, r] of rows.entries()) {
  const e = { names: [r.name], birthDate: r.birth_date, sex: r.sex as "male" | "female" };
  let t = cpu();
  idx.best(e, 5);
  tBest += cpu() - t;
  t = cpu();
  idx.add(String(i), e);
  tAdd += cpu() - t;
}
console.log(`${rows.length} rows: best() ${tBest.toFixed(1)} s CPU, add() ${tAdd.toFixed(1)} s, total ${(cpu() - c0).toFixed(1)} s CPU (load before ${load})`);
