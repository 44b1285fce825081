/**
 * Misses of the reconcile bench broken down by cause: same data as bench/matching.ts (name +
 * birth date), every registered row not returned as a correct `match` and every wrong `match`,
 * classified and counted, with a sample of each class showing the row, its truth and the
 * competing candidates.
 * Run: npx tsx bench/matching-misses.ts [--people N] [--rows N] [--seed N] [--sample N] [--region] [--dated] [--generator 1|2|3]
 */
import { MatchIndex, comparePeople, parseName, type Candidate, type Resolution } from "../src/domain/names/index.js";
import { AMBIGUITY_MARGIN } from "../src/domain/names/blocking.js";
import { generate, iso, type Person, type Row } from "./matching-gen.js";
import * as os from "node:os";

const arg = (name: string, def: number): number => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : def;
};
const SAMPLE = arg("sample", 6);
const WITH_REGION = process.argv.includes("--region");
/** `--dated`: every row carries a date (year only where the list had none), as the issue's list. */
const DATED = process.argv.includes("--dated");
const gen = arg("generator", 3);
const data = generate(arg("people", 100_000), arg("rows", 10_000), arg("seed", 42), gen === 1 ? 1 : gen === 2 ? 2 : 3);
const byId = new Map(data.registryNamesList.map((x) => [x.p.id, x]));
const regDate = (p: Person): string => (p.yearOnly ? String(p.birth.y) : iso(p.birth));

const index = new MatchIndex(
  data.registryNamesList.map(({ p, names }) => ({ id: p.id, evidence: { names, birthDate: regDate(p), region: WITH_REGION ? p.region : null } })),
);

/** How the row's birth date relates to the truth's registered one. */
function birthKind(row: Row, p: Person): string {
  if (!row.birth) return "row: no date";
  if (p.yearOnly) return row.birth.length === 4 ? "year only both" : "registry: year only";
  if (row.birth === iso(p.birth)) return "exact";
  if (row.birth.length === 4) return row.birth === String(p.birth.y) ? "row: year only" : "row: year only, other year";
  const [y, m, d] = row.birth.split("-").map(Number) as [number, number, number];
  if (y === p.birth.y && m === p.birth.d && d === p.birth.m) return "day/month swapped";
  if (m === p.birth.m && d === p.birth.d) return "year off";
  return "other";
}

const describe = (c: Candidate | null | undefined): string => {
  if (!c) return "-";
  const x = byId.get(c.id)!;
  return `${c.id} ${c.score} sup${c.support} [${x.names.join(" / ")}] (${regDate(x.p)})`;
};

const classes = new Map<string, string[]>();
const add = (cls: string, line: string): void => {
  let l = classes.get(cls);
  if (!l) classes.set(cls, (l = []));
  l.push(line);
};

let tp = 0;
let fp = 0;
const tieOrigin: Record<string, number> = {};
for (const r of data.rows) {
  const row = DATED ? { ...r, birth: r.birthIfDated } : r;
  const res: Resolution = index.resolve({ names: [row.name], birthDate: row.birth, region: WITH_REGION ? row.region : null }, 5);
  const truth = row.truth ? byId.get(row.truth)! : null;
  const all = [res.best, ...res.alternatives].filter((c): c is Candidate => c !== null);
  const head = `"${row.name}" (${row.birth ?? "no date"})`;
  const cands = all.slice(0, 4).map((c) => "      " + (c.id === row.truth ? "* " : "  ") + describe(c)).join("\n");
  if (res.verdict === "match") {
    if (res.best!.id === row.truth) {
      tp++;
      continue;
    }
    fp++;
    add(truth ? "FP: wrong registered person" : "FP: unregistered (decoy) matched", `${head} truth ${truth ? `${truth.p.id} [${truth.names.join(" / ")}] (${regDate(truth.p)})` : "none"}\n${cands}`);
    continue;
  }
  if (!truth) continue;
  const kind = birthKind(row, truth.p);
  const line = `${head} [${kind}] truth ${truth.p.id} [${truth.names.join(" / ")}] (${regDate(truth.p)})\n${cands}`;
  const t = all.find((c) => c.id === row.truth);
  if (res.ambiguous) {
    const tied = all.filter((c) => res.best!.score - c.score < AMBIGUITY_MARGIN && c.support >= res.best!.support);
    if (tied.some((c) => c.id === row.truth)) {
      add(`tie with a namesake, ${kind}`, line);
      // Where the namesake comes from: a generated twin (3% copies of a full name) or name frequencies.
      const p = truth.p;
      const twin = tied.some((c) => c.id !== p.id && (byId.get(c.id)!.p.twinOf === p.id || p.twinOf === c.id || (p.twinOf && byId.get(c.id)!.p.twinOf === p.twinOf)));
      tieOrigin[`${p.tail ? "syllable-generated" : p.lang === "crh" ? "Crimean Tatar" : "frequency-list"} surname, ${twin ? "a generated twin among the tied" : "namesakes by frequency only"}`] =
        (tieOrigin[`${p.tail ? "syllable-generated" : p.lang === "crh" ? "Crimean Tatar" : "frequency-list"} surname, ${twin ? "a generated twin among the tied" : "namesakes by frequency only"}`] ?? 0) + 1;
    }
    else add("ambiguous, truth not among the tied", line);
  } else if (!t) {
    const direct = comparePeople({ names: [row.name], birthDate: row.birth }, { names: truth.names, birthDate: regDate(truth.p) });
    const cls = direct.score >= 0.65 ? "truth not found (blocking)" : "truth scores below possible";
    const skels = (n: string): string => parseName(n).tokens.map((t) => `${t.role[0]}:${t.skel}${t.alt ? "/" + t.alt : ""}`).join(" ");
    add(cls, `${line}\n      direct: ${direct.score} ${direct.explanation.join("; ")}\n      skeletons: ${skels(row.name)} | ${truth.names.map(skels).join(" | ")}`);
  } else if (res.best!.id !== row.truth) add(`outranked, ${kind}`, line);
  else add(`truth best but below match, ${kind}`, `${line}\n      ${t.explanation.join("; ")}`);
}

const truths = data.rows.filter((r) => r.truth).length;
console.log(`recall ${(tp / truths).toFixed(4)} precision ${(tp / Math.max(1, tp + fp)).toFixed(4)} (tp ${tp}, fp ${fp}, truths ${truths})${WITH_REGION ? " with regions" : ""}`);
for (const [cls, lines] of [...classes].sort((a, b) => b[1].length - a[1].length)) {
  console.log(`\n== ${cls}: ${lines.length}`);
  for (const l of lines.slice(0, SAMPLE)) console.log("  " + l);
}
console.log("\nties by origin:", tieOrigin);
console.log(`\nload average ${os.loadavg().map((x) => x.toFixed(1)).join(" ")}`);
