/**
 * Reconcile bench: a generated registry of 100,000 people (Russian, Ukrainian and
 * Crimean Tatar names at realistic frequencies, both scripts, birth dates, namesakes)
 * and a 10,000-row incoming list of noisy variants plus people who are not in the
 * registry (many of them namesakes of registered people). Prints recall and precision
 * of `match`, time and peak memory, name-only against name + birth date.
 * Run: npx tsx bench/matching.ts [--people N] [--rows N] [--seed N] [--errors N] [--sweep] [--only birth|dated] [--workers N] [--generator 1|2|3] [--breakdown] [--signature]
 * `--signature` prints a hash of every row's decision (verdict, candidates with scores, support, the best one's
 * explanation): a change meant only to make matching faster must leave it as it was.
 * (data: bench/matching-gen.ts; misses by cause: bench/matching-misses.ts)
 */
import { Worker } from "node:worker_threads";
import { AMBIGUITY_MARGIN, MatchIndex, resolveCandidates, type Candidate, type PersonEvidence } from "../src/domain/names/index.js";
import type { ShardInput, ShardOutput } from "./matching-worker.js";
import { clearTokenCache } from "../src/domain/names/parse.js";
import { generate, iso, type Person } from "./matching-gen.js";
import * as os from "node:os";
import { createHash } from "node:crypto";

const arg = (name: string, def: number): number => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : def;
};
const PEOPLE = arg("people", 100_000);
const ROWS = arg("rows", 10_000);
const SEED = arg("seed", 42);
const SHOW_ERRORS = arg("errors", 0);
/** Also report recall/precision at other match thresholds (name + birth date run). */
const SWEEP = process.argv.includes("--sweep");
const SWEEP_THRESHOLDS = [0.75, 0.8, 0.85, 0.9, 0.95];
/** Also run name + birth date with the registry sharded over this many worker threads (opt-in; see docs/matching.md). */
const WORKERS = arg("workers", 0);
/** Print recall and precision per Latin scheme and per kind of noise (generator 3). */
const BREAKDOWN = process.argv.includes("--breakdown");
const SIGNATURE = process.argv.includes("--signature");

const genStart = performance.now();
/** `--generator 1`: the data generator before the 2026-11-25 calibration (see bench/matching-gen.ts). */
const GENERATOR_ARG = arg("generator", 3);
const GENERATOR: 1 | 2 | 3 = GENERATOR_ARG === 1 ? 1 : GENERATOR_ARG === 2 ? 2 : 3;
const { rows, registryNamesList, decoys } = generate(PEOPLE, ROWS, SEED, GENERATOR);
const genMs = performance.now() - genStart;
/** Fingerprint of the generated data: the frozen evaluation set is identified by it (docs/matching.md). */
const fingerprint = createHash("sha256")
  .update(JSON.stringify(rows))
  .update(JSON.stringify(registryNamesList.map(({ p, names }) => [p.id, names, p.birth, p.yearOnly, p.region])))
  .digest("hex")
  .slice(0, 16);

// --- measure -----------------------------------------------------------------------------

let peakRss = process.memoryUsage().rss;
const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 50);
const sample = (): void => void (peakRss = Math.max(peakRss, process.memoryUsage().rss));

interface Outcome {
  label: string;
  buildMs: number;
  reconcileMs: number;
  /** CPU time (user + system): less disturbed than wall time when other work shares the cores. */
  buildCpuMs: number;
  reconcileCpuMs: number;
  recall: number;
  /** Recall over the rows that the evidence can decide (excluding `undecidable`). */
  recallDecidable: number;
  precision: number;
  matched: number;
  possible: number;
  ambiguous: number;
  /** Rows of registered people left at `possible` because namesakes tie on all the evidence the row has. */
  undecidable: number;
  sweep: Array<{ threshold: number; recall: number; precision: number }>;
  errors: string[];
  /** Version 3 data: per Latin scheme ("cyrillic" for Cyrillic rows) and per kind of noise. */
  byScheme: Map<string, Tally>;
  byNoise: Map<string, Tally>;
  /** See --signature. */
  signature: string | null;
}

/** Registered rows, those matched to the right person, and wrong `match`es (registered or not). */
interface Tally {
  rows: number;
  tp: number;
  fp: number;
}
const tally = (m: Map<string, Tally>, key: string): Tally => {
  let t = m.get(key);
  if (!t) m.set(key, (t = { rows: 0, tp: 0, fp: 0 }));
  return t;
};

const cpuMs = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

/** withBirth "dated": every list row carries a date (year only where the list had none). */
function run(label: string, withBirth: boolean | "dated", withRegion = false): Outcome {
  clearTokenCache(); // each run starts cold, as a fresh process would
  const c0 = cpuMs();
  const t0 = performance.now();
  const index = new MatchIndex(
    registryNamesList.map(({ p, names }) => ({
      id: p.id,
      evidence: { names, birthDate: withBirth ? (p.yearOnly ? String(p.birth.y) : iso(p.birth)) : null, region: withRegion ? p.region : null },
    })),
  );
  const t1 = performance.now();
  const c1 = cpuMs();
  sample();
  let tp = 0;
  let fp = 0;
  let possible = 0;
  let ambiguous = 0;
  let undecidable = 0;
  let explained = 0;
  const errors: string[] = [];
  const sweepCounts = SWEEP_THRESHOLDS.map((threshold) => ({ threshold, tp: 0, fp: 0 }));
  const byScheme = new Map<string, Tally>();
  const byNoise = new Map<string, Tally>();
  const signature = SIGNATURE ? createHash("sha256") : null;
  for (const row of rows) {
    const birthDate = withBirth === "dated" ? row.birthIfDated : withBirth ? row.birth : null;
    const res = index.resolve({ names: [row.name], birthDate, region: withRegion ? row.region : null }, 3);
    // A reconciliation writes the best candidate's explanation for every row: include its cost.
    explained += res.best?.explanation.length ?? 0;
    signature?.update(
      `${res.verdict}|${[res.best, ...res.alternatives].map((c) => (c ? `${c.id}:${c.score}:${c.verdict}:${c.support}` : "-")).join(",")}|${res.best?.explanation.join(";") ?? ""}\n`,
    );
    if (SWEEP && res.best) {
      // The decision resolve() would take at another threshold: best above it and no tied rival above it.
      const best = res.best;
      for (const c of sweepCounts) {
        const tied = res.alternatives.some((a) => a.score >= c.threshold && best.score - a.score < AMBIGUITY_MARGIN && a.support >= best.support);
        if (best.score >= c.threshold && !tied) {
          if (best.id === row.truth) c.tp++;
          else c.fp++;
        }
      }
    }
    if (res.ambiguous) {
      ambiguous++;
      const tied = [res.best, ...res.alternatives].filter((c) => c && res.best && res.best.score - c.score < AMBIGUITY_MARGIN && c.support >= res.best.support);
      if (row.truth && tied.some((c) => c?.id === row.truth)) undecidable++;
    }
    const tallies = row.noise ? [tally(byScheme, row.scheme ?? "cyrillic"), ...(row.noise.length === 0 ? ["none"] : row.noise).map((k) => tally(byNoise, k))] : [];
    for (const t of tallies) {
      if (row.truth) t.rows++;
      if (res.verdict === "match") {
        if (res.best?.id === row.truth) t.tp++;
        else t.fp++;
      }
    }
    if (res.verdict === "match") {
      if (res.best?.id === row.truth) tp++;
      else {
        fp++;
        if (errors.length < SHOW_ERRORS) errors.push(`FP ${row.name} (${row.birth}) → ${res.best?.id} ${res.best?.score} truth=${row.truth}`);
      }
    } else {
      if (res.verdict === "possible") possible++;
      if (row.truth && errors.length < SHOW_ERRORS) {
        const truth = registryNamesList[Number(row.truth.slice(1))]!;
        errors.push(`FN ${res.verdict} ${res.best?.score ?? "-"} ${row.name} (${row.birth}) vs ${truth.names.join(" / ")} (${truth.p.yearOnly ? truth.p.birth.y : iso(truth.p.birth)})`);
      }
    }
  }
  const t2 = performance.now();
  const c2 = cpuMs();
  sample();
  const truths = rows.filter((r) => r.truth !== null).length;
  if (explained === 0 && rows.length > 0) throw new Error("no explanation was produced");
  return {
    label, buildMs: t1 - t0, reconcileMs: t2 - t1, buildCpuMs: c1 - c0, reconcileCpuMs: c2 - c1, recall: tp / truths, recallDecidable: tp / Math.max(1, truths - undecidable), precision: tp / Math.max(1, tp + fp),
    matched: tp + fp, possible, ambiguous, undecidable, errors, byScheme, byNoise, signature: signature?.digest("hex").slice(0, 16) ?? null,
    sweep: sweepCounts.map((c) => ({ threshold: c.threshold, recall: c.tp / truths, precision: c.tp / Math.max(1, c.tp + c.fp) })),
  };
}

/**
 * The same name + birth date reconcile with the registry split into shards, one worker thread per
 * shard: each indexes its part and finds every row's best candidates there; the lists are merged and
 * resolved with the same rule. Wall time from start (workers' module loading included) to the end.
 */
async function runSharded(shards: number): Promise<{ wallMs: number; recall: number; precision: number; buildMs: number[]; matchMs: number[] }> {
  const t0 = performance.now();
  const evidence = (p: Person, names: string[]): PersonEvidence => ({ names, birthDate: p.yearOnly ? String(p.birth.y) : iso(p.birth) });
  const queries: PersonEvidence[] = rows.map((r) => ({ names: [r.name], birthDate: r.birth }));
  const outputs = await Promise.all(
    Array.from({ length: shards }, (_, k) => {
      const people = registryNamesList.filter((_, i) => i % shards === k).map(({ p, names }) => ({ id: p.id, evidence: evidence(p, names) }));
      // Workers do not inherit tsx's loader: register it, then load the TypeScript worker.
      const boot = `import(${JSON.stringify(import.meta.resolve("tsx/esm/api"))}).then((m) => { m.register(); return import(${JSON.stringify(new URL("./matching-worker.ts", import.meta.url).href)}); });`;
      const worker = new Worker(boot, { eval: true, workerData: { people, rows: queries, limit: 3 } satisfies ShardInput });
      return new Promise<ShardOutput>((resolve, reject) => {
        worker.once("message", (m: ShardOutput) => {
          resolve(m);
          void worker.terminate();
        });
        worker.once("error", reject);
      });
    }),
  );
  let tp = 0;
  let fp = 0;
  rows.forEach((row, r) => {
    const merged = outputs
      .flatMap((o) => o.results[r] ?? [])
      .sort((x, y) => y.score - x.score || y.support - x.support || x.id.localeCompare(y.id))
      .slice(0, 3)
      .map((c) => ({ ...c, explanation: [] }) as Candidate);
    const res = resolveCandidates(merged);
    if (res.verdict === "match") {
      if (res.best?.id === row.truth) tp++;
      else fp++;
    }
  });
  sample();
  const truths = rows.filter((r) => r.truth !== null).length;
  return { wallMs: performance.now() - t0, recall: tp / truths, precision: tp / Math.max(1, tp + fp), buildMs: outputs.map((o) => o.buildMs), matchMs: outputs.map((o) => o.matchMs) };
}

/** `--only birth`: just the name + birth date run (cheaper while developing). */
const ONLY = process.argv.includes("--only") ? process.argv[process.argv.indexOf("--only") + 1] : null;
/** `--only dated`: just the issue's list, every row dated (the figure the targets are about). */
const outcomes = ONLY === "dated"
  ? [run("every row dated", "dated")]
  : ONLY === "birth"
  ? [run("name + birth date", true), run("every row dated", "dated")]
  : [run("name only", false), run("name + birth date", true), run("every row dated", "dated"), run("+ region (60% rows)", true, true)];
const sharded = WORKERS > 1 ? await runSharded(WORKERS) : null;
clearInterval(sampler);
const maxRssKb = process.resourceUsage().maxRSS;

console.log(`registry ${PEOPLE.toLocaleString("en")} people, list ${ROWS.toLocaleString("en")} rows (${decoys} not in the registry, half of them namesakes); generated in ${(genMs / 1000).toFixed(1)} s, seed ${SEED}, generator ${GENERATOR}, data fingerprint ${fingerprint}`);
for (const o of outcomes) {
  console.log(
    `${o.label.padEnd(18)} match: recall ${o.recall.toFixed(4)} (${o.recallDecidable.toFixed(4)} of rows not tied with a namesake)  precision ${o.precision.toFixed(4)}  | matches ${o.matched}, possible ${o.possible}, ambiguous ${o.ambiguous} (truth among tied namesakes ${o.undecidable}) | index ${(o.buildMs / 1000).toFixed(2)} s (cpu ${(o.buildCpuMs / 1000).toFixed(2)}), reconcile ${(o.reconcileMs / 1000).toFixed(2)} s (cpu ${(o.reconcileCpuMs / 1000).toFixed(2)})`,
  );
  if (o.signature) console.log(`   signature ${o.signature}`);
  for (const w of SWEEP ? o.sweep : []) console.log(`   at match threshold ${w.threshold.toFixed(2)}: recall ${w.recall.toFixed(4)}  precision ${w.precision.toFixed(4)}`);
  for (const e of o.errors) console.log("   " + e);
  if (BREAKDOWN && o.byScheme.size > 0) {
    const line = (k: string, t: Tally): string =>
      `   ${k.padEnd(16)} rows ${String(t.rows).padStart(5)}  recall ${(t.tp / Math.max(1, t.rows)).toFixed(4)}  precision ${(t.tp / Math.max(1, t.tp + t.fp)).toFixed(4)} (wrong matches ${t.fp})`;
    console.log("   by scheme:");
    for (const [k, t] of [...o.byScheme].sort((a, b) => b[1].rows - a[1].rows)) console.log(line(k, t));
    console.log("   by noise (a row may carry several):");
    for (const [k, t] of [...o.byNoise].sort((a, b) => b[1].rows - a[1].rows)) console.log(line(k, t));
  }
}
if (sharded) {
  console.log(
    `name + birth date, registry in ${WORKERS} shards on ${WORKERS} worker threads: recall ${sharded.recall.toFixed(4)}  precision ${sharded.precision.toFixed(4)} | index + reconcile ${(sharded.wallMs / 1000).toFixed(2)} s wall in all (shards: index ${sharded.buildMs.map((x) => (x / 1000).toFixed(2)).join(" / ")} s, matching ${sharded.matchMs.map((x) => (x / 1000).toFixed(2)).join(" / ")} s)`,
  );
}
console.log(`machine: ${os.cpus().length} cores (${os.cpus()[0]?.model ?? "?"}), load average ${os.loadavg().map((x) => x.toFixed(1)).join(" ")}`);
console.log(`peak memory: rss sampled ${(peakRss / 2 ** 20).toFixed(0)} MiB, maxRSS ${(maxRssKb / 1024).toFixed(0)} MiB`);
