// What matching costs an import without external ids, apart from the database: each generated row is looked up
// in an index of the rows before it (as importPeople does with the file's own rows), then added; CPU per row is
// printed for each tenth of the file, since it grows with the index. Then 5,000 of the rows are looked up again
// in the full index (a re-import: every row matched), and 2,000 new people (nobody like them indexed).
// `--signature` also prints a hash of every candidate list (ids, scores, verdicts, support; explanations of the
// re-import's): a change meant only to make matching faster (a cache, a bound) must leave it as it was.
// Run: npx tsx bench/import-matching.ts [rows] [--signature]
import { createHash } from "node:crypto";
import { loadavg } from "node:os";
import { MatchIndex, type Candidate, type PersonEvidence } from "../src/domain/names/index.js";
import { generatePeopleRows } from "../src/demo/generate.js";

const n = Number(process.argv.slice(2).find((a) => /^\d+$/.test(a)) ?? 20_000);
const signature = process.argv.includes("--signature") ? createHash("sha256") : null;
const sign = (list: Candidate[], explained = false) =>
  signature?.update(list.map((c) => `${c.id}:${c.score}:${c.verdict}:${c.support}${explained ? `:${c.explanation.join("|")}` : ""}`).join(",") + "\n");
const evidence = (r: { name: string; birth_date: string; sex: string }): PersonEvidence => ({ names: [r.name], birthDate: r.birth_date, sex: r.sex as "male" | "female" });
const rows = [...generatePeopleRows(n, 12345)].map(evidence);
const idx = new MatchIndex();
const cpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e3;
};
const load = () => loadavg().map((x) => x.toFixed(2)).join(" ");
console.log(`${n} rows, load before ${load()}`);
const step = Math.max(1, Math.floor(n / 10));
let tBest = 0;
let tAdd = 0;
let total = 0;
for (const [i, e] of rows.entries()) {
  let t = cpu();
  const found = idx.best(e, 5);
  tBest += cpu() - t;
  sign(found);
  t = cpu();
  idx.add(String(i), e);
  tAdd += cpu() - t;
  if ((i + 1) % step === 0) {
    console.log(`rows ${i + 2 - step}–${i + 1}: best() ${(tBest / step).toFixed(3)} ms/row, add() ${(tAdd / step).toFixed(3)} ms/row`);
    total += tBest + tAdd;
    tBest = tAdd = 0;
  }
}
console.log(`first pass: ${(total / 1000).toFixed(1)} s CPU, ${(total / n).toFixed(3)} ms/row`);
const again = rows.slice(0, Math.min(5000, n));
let t = cpu();
for (const e of again) sign(idx.best(e, 5), true);
console.log(`${again.length} rows again against all ${n}: ${((cpu() - t) / again.length).toFixed(3)} ms/row`);
const fresh = [...generatePeopleRows(2000, 999, "NEW")].map(evidence);
t = cpu();
for (const e of fresh) sign(idx.best(e, 5));
console.log(`2,000 new people against all ${n}: ${((cpu() - t) / fresh.length).toFixed(3)} ms/row (load after ${load()})`);
if (signature) console.log(`signature ${signature.digest("hex").slice(0, 16)}`);
