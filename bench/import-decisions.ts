// A signature of the importer's one-person-one-record decisions (RowMatcher, no database): N generated rows
// decided in batches of 500 into an empty registry (each row against the rows before it), then every other row
// again against a registry of the first half. Ids are replaced by the row that created them, so the hash is
// the same across runs: a change meant only to make importing faster must leave it as it was. The people a row
// creates get ids made from its row number: candidates tied on score and support are ordered by id, and with
// random ids the hash of 20,000 rows changed from run to run (6,000 rows happen to hold no such tie).
// Run: npx tsx bench/import-decisions.ts [rows]   (prints the decisions by kind, the hash, CPU per row)
import { createHash } from "node:crypto";
import { generatePeopleRows } from "../src/demo/generate.js";
import { RowMatcher, type RowDecision } from "../src/services/import/matchRows.js";
import type { PersonDraft } from "../src/services/import/draft.js";

const n = Number(process.argv.slice(2).find((a) => /^\d+$/.test(a)) ?? 6000);
const gen = [...generatePeopleRows(n, 12345)];
// Only what the matcher reads of a draft.
const draft = (r: (typeof gen)[number]) => ({ name: r.name, altNames: [], birthDate: r.birth_date, sex: r.sex, externalId: null }) as unknown as PersonDraft;
const sig = createHash("sha256");
const rowOf = new Map<string, number>();
const counts: Record<string, number> = {};
let row = 0;
const record = (prefix: string, ds: RowDecision[]) => {
  for (const d of ds) {
    counts[prefix + d.kind] = (counts[prefix + d.kind] ?? 0) + 1;
    if (d.kind === "create") rowOf.set(d.id, d.row);
    const other = d.kind === "fill" ? (rowOf.get(d.id) ?? d.id) : d.kind === "review" ? (rowOf.get(d.candidateId!) ?? d.candidateId) : null;
    sig.update(`${d.row}:${d.kind}:${other}:${d.kind === "review" ? `${d.reason}:${d.score}:${d.explanation.join("|")}` : ""}\n`);
  }
};
const t = process.cpuUsage();
const idOf = (row: number) => `00000000-0000-4000-8000-${String(row).padStart(12, "0")}`;
const empty = RowMatcher.of([], [], idOf);
for (let i = 0; i < gen.length; i += 500) record("", empty.decide(gen.slice(i, i + 500).map((r) => ({ row: ++row, draft: draft(r), knownId: false }))));
const half = RowMatcher.of(gen.slice(0, n / 2).map((r, i) => ({ id: `registry-${i}`, evidence: { names: [r.name], birthDate: r.birth_date, sex: r.sex as "male" | "female" } })), [], idOf);
for (let i = 0; i < gen.length; i += 500)
  record("again ", half.decide(gen.slice(i, i + 500).filter((_, k) => (i + k) % 2 === 0).map((r) => ({ row: ++row, draft: draft(r), knownId: false }))));
const u = process.cpuUsage(t);
console.log(JSON.stringify(counts), `signature ${sig.digest("hex").slice(0, 16)}`, `${((u.user + u.system) / 1000 / row).toFixed(3)} ms CPU per row`);
