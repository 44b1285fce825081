/**
 * Reconcile bench: a generated registry of 100,000 people (Russian, Ukrainian and
 * Crimean Tatar names at realistic frequencies, both scripts, birth dates, namesakes)
 * and a 10,000-row incoming list of noisy variants plus people who are not in the
 * registry (many of them namesakes of registered people). Prints recall and precision
 * of `match`, time and peak memory, name-only against name + birth date.
 * Run: npx tsx bench/matching.ts [--people N] [--rows N] [--seed N] [--errors N]
 */
import { Worker } from "node:worker_threads";
import { AMBIGUITY_MARGIN, MatchIndex, resolveCandidates, type Candidate, type PersonEvidence } from "../src/domain/names/index.js";
import type { ShardInput, ShardOutput } from "./matching-worker.js";
import { clearTokenCache } from "../src/domain/names/parse.js";
import { transliterate, type Standard } from "../src/domain/names/transliterate.js";
import { givenByRussianForm, type GivenName } from "../src/domain/names/givenNames.js";
import * as D from "./matching-data.js";
import * as os from "node:os";
import { rng } from "../src/demo/generate.js"; // mulberry32, seeded: every run measures the same data

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

const R = rng(SEED);
const chance = (p: number): boolean => R() < p;
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(R() * xs.length)]!;
const words = (s: string): string[] => s.split(/\s+/).filter((w) => w !== "");

/** Zipf-like sampler (s≈1): the first names on each list are far more frequent. */
function zipf<T>(xs: readonly T[], s = 1): () => T {
  const w = xs.map((_, i) => 1 / Math.pow(i + 1, s));
  const total = w.reduce((a, b) => a + b, 0);
  const cum: number[] = [];
  let acc = 0;
  for (const x of w) cum.push((acc += x / total));
  return () => {
    const r = R();
    let lo = 0;
    let hi = cum.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cum[mid]! < r) lo = mid + 1;
      else hi = mid;
    }
    return xs[lo]!;
  };
}

type Lang = "ru" | "uk" | "crh";
type Sex = "male" | "female";
interface Person {
  id: string;
  lang: Lang;
  sex: Sex;
  surname: string; // in the person's own language, already in the sex's form
  given: string; // Russian form (table display) or Crimean Tatar name
  father: string; // father's given name, Russian form
  birth: { y: number; m: number; d: number };
  yearOnly: boolean;
  region: string;
  category: string;
}

// Calibrated so that the most common surnames have about their real share: Smirnov ≈ 1.9%
// of Russians (35% of Russians drawn from the head list, Zipf 0.6), Melnyk ≈ 1.3% of
// Ukrainians (25% from the head list, Zipf 0.5; the real figure is nearer 0.4%, so this
// errs towards more namesakes). Everyone else gets a rare surname from the syllable generator.
const RU_HEAD_SHARE = 0.35;
const UA_HEAD_SHARE = 0.25;
const ruSurname = zipf(words(D.RU_SURNAMES), 0.6);
const uaSurname = zipf(words(D.UA_SURNAMES), 0.5);
const crhSurname = zipf(words(D.CRIMEAN_TATAR_SURNAMES), 0.8);
const maleGiven = zipf(words(D.MALE_GIVEN), 0.8);
const femaleGiven = zipf(words(D.FEMALE_GIVEN), 0.8);
const crhMale = zipf(words(D.CRIMEAN_TATAR_MALE), 0.8);

function rareSurname(lang: Lang): string {
  let s = "";
  const syll = 1 + Math.floor(R() * 2.2);
  for (let i = 0; i < syll; i++) s += pick(D.ONSETS) + pick(D.NUCLEI);
  s += pick(lang === "uk" ? D.UA_SUFFIXES : D.RU_SUFFIXES);
  return s[0]!.toUpperCase() + s.slice(1);
}

function femaleSurname(s: string): string {
  if (/(ов|ев|ёв|ин|ын)$/.test(s)) return s + "а";
  if (/ский$/.test(s)) return s.slice(0, -2) + "ая";
  if (/ський$/.test(s)) return s.slice(0, -2) + "а";
  if (/(ый|ий|ой)$/.test(s)) return s.slice(0, -2) + "ая";
  return s;
}

function makePerson(id: string): Person {
  // Crimean Tatars are a small share of the people such registries hold (a few hundred of many thousands).
  const lang: Lang = chance(0.02) ? "crh" : chance(0.46) ? "uk" : "ru";
  const sex: Sex = chance(0.85) ? "male" : "female";
  let surname =
    lang === "crh" ? crhSurname() : lang === "uk" ? (chance(UA_HEAD_SHARE) ? uaSurname() : rareSurname("uk")) : chance(RU_HEAD_SHARE) ? ruSurname() : rareSurname("ru");
  if (sex === "female") surname = femaleSurname(surname);
  const given = sex === "female" ? femaleGiven() : lang === "crh" && chance(0.7) ? crhMale() : maleGiven();
  const father = lang === "crh" && chance(0.7) ? crhMale() : maleGiven();
  const y = 1950 + Math.floor(Math.pow(R(), 0.8) * 56);
  const category = lang === "uk" ? (chance(0.3) ? "ua_pow" : "ua_civilian") : "ru_political_prisoner";
  return {
    id, lang, sex, surname, given, father, region: pick(D.REGIONS), category, yearOnly: chance(0.08),
    birth: { y, m: 1 + Math.floor(R() * 12), d: 1 + Math.floor(R() * 28) },
  };
}

// --- rendering a person's name in a language and script --------------------------------

const UK_TO_RU: Record<string, string> = { і: "и", ї: "и", є: "е", ґ: "г", "'": "" };
function surnameIn(p: Person, lang: "ru" | "uk"): string {
  const own = p.lang === "uk" ? "uk" : "ru";
  if (lang === own || p.lang === "crh") return p.surname;
  if (lang === "ru") return [...p.surname].map((c) => UK_TO_RU[c] ?? c).join("").replace(/ськ(ий|а)$/, (_, e: string) => (e === "а" ? "ская" : "ский"));
  // Russian surname in Ukrainian spelling: и between consonants → і, ы → и, э/ё → е.
  return p.surname
    .replace(/([бвгджзклмнпрстфхцчшщ])и(?=[бвгджзклмнпрстфхцчшщ])/g, "$1і")
    .replace(/ы/g, "и")
    .replace(/[эё]/g, "е")
    .replace(/ский$/, "ський")
    .replace(/ская$/, "ська");
}

function givenIn(name: string, lang: "ru" | "uk"): string {
  const g: GivenName | undefined = givenByRussianForm(name);
  return lang === "uk" && g ? g.ukrainian : name;
}

function patronymic(fatherRu: string, sex: Sex, lang: "ru" | "uk"): string {
  const f = givenIn(fatherRu, lang);
  if (lang === "uk") {
    if (f === "Микола") return sex === "male" ? "Миколайович" : "Миколаївна";
    if (f === "Ілля") return sex === "male" ? "Ілліч" : "Іллівна";
    if (/ій$/.test(f)) return sex === "male" ? f + "ович" : f.slice(0, -1) + "ївна";
    if (/[оа]$/.test(f)) return f.slice(0, -1) + (sex === "male" ? "ович" : "івна");
    if (/ь$/.test(f)) return f + (sex === "male" ? "ович" : "івна").replace(/^і/, "і");
    return f + (sex === "male" ? "ович" : "івна");
  }
  const base = f.replace(/ё/g, "е");
  const m = sex === "male";
  if (f === "Илья") return m ? "Ильич" : "Ильинична";
  if (f === "Дмитрий") return m ? "Дмитриевич" : "Дмитриевна";
  if (/ий$/.test(base)) return base.slice(0, -2) + (m ? "ьевич" : "ьевна");
  if (/[еа]й$/.test(base)) return base.slice(0, -1) + (m ? "евич" : "евна");
  if (/[ая]$/.test(base)) return base.slice(0, -1) + (m ? "ич" : "ична");
  if (/ь$/.test(base)) return base.slice(0, -1) + (m ? "евич" : "евна");
  return base + (m ? "ович" : "овна");
}

const cap = (s: string): string => s.split(/([- ])/).map((w) => (w ? w[0]!.toUpperCase() + w.slice(1) : w)).join("");
const STDS: Standard[] = ["icao", "bgn", "gost", "loc", "ua2010", "popular", "german"];

interface Parts {
  surname: string;
  given: string;
  patronymic: string | null;
}

function partsOf(p: Person, lang: "ru" | "uk"): Parts {
  return { surname: surnameIn(p, lang), given: givenIn(p.given, lang), patronymic: p.lang === "crh" && chance(0.5) ? null : patronymic(p.father, p.sex, lang) };
}

function render(parts: Parts, order: "gps" | "sgp" | "comma", latin: Standard | null, caps: boolean): string {
  const tr = (s: string): string => (latin ? cap(transliterate(s, latin).replace(/[`']/g, "")) : s);
  const s = tr(parts.surname);
  const g = tr(parts.given);
  const pt = parts.patronymic ? tr(parts.patronymic) : null;
  const gp = pt ? `${g} ${pt}` : g;
  let out = order === "gps" ? `${gp} ${s}` : order === "sgp" ? `${s} ${gp}` : `${s}, ${gp}`;
  if (caps) out = out.toUpperCase();
  return out;
}

function registryNames(p: Person): string[] {
  const own = p.lang === "uk" ? "uk" : "ru";
  const parts = partsOf(p, own);
  const names = [render(parts, "sgp", null, false)];
  if (chance(0.5)) names.push(render(parts, "gps", chance(0.6) ? "icao" : "popular", false));
  return names;
}

function typo(s: string): string {
  const tokens = s.split(" ");
  const candidates = tokens.map((t, i) => ({ t, i })).filter(({ t }) => t.replace(/[^\p{L}]/gu, "").length >= 5);
  if (candidates.length === 0) return s;
  const { t, i } = pick(candidates);
  const letters = [...t];
  const pos = 1 + Math.floor(R() * (letters.length - 2));
  const alphabet = /[\u0400-\u04FF]/.test(t) ? [..."абвгдеёжзийклмнопрстуфхцчшщыьэюя"] : [..."abcdefghijklmnopqrstuvwxyz"];
  const op = Math.floor(R() * 4);
  if (op === 0) letters[pos] = pick(alphabet);
  else if (op === 1) letters.splice(pos, 1);
  else if (op === 2) letters.splice(pos, 0, pick(alphabet));
  else [letters[pos], letters[pos - 1]] = [letters[pos - 1]!, letters[pos]!];
  tokens[i] = letters.join("");
  return tokens.join(" ");
}

const DIMINUTIVES: Record<string, string> = { Александр: "Саша", Алексей: "Лёша", Дмитрий: "Дима", Евгений: "Женя", Михаил: "Миша", Владимир: "Володя", Сергей: "Серёжа", Николай: "Коля" };

/** One incoming-list spelling of a person, with typical noise. */
function noisyName(p: Person): string {
  const own: "ru" | "uk" = p.lang === "uk" ? "uk" : "ru";
  const lang = p.lang !== "crh" && chance(0.25) ? (own === "ru" ? "uk" : "ru") : own;
  const parts = partsOf(p, lang);
  if (chance(0.5)) parts.patronymic = null;
  if (lang === "ru" && chance(0.03) && DIMINUTIVES[parts.given]) parts.given = DIMINUTIVES[parts.given]!;
  const latin = chance(0.55) ? pick(STDS) : null;
  const r = R();
  const order = r < 0.45 ? "gps" : r < 0.85 ? "sgp" : "comma";
  let name = render(parts, order, latin, chance(0.12));
  if (chance(0.25)) name = typo(name);
  return name;
}

const iso = (b: Person["birth"]): string => `${b.y}-${String(b.m).padStart(2, "0")}-${String(b.d).padStart(2, "0")}`;

function listBirth(p: Person): string | null {
  const r = R();
  if (r < 0.6) return iso(p.birth);
  if (r < 0.8) return String(p.birth.y);
  if (r < 0.85 && p.birth.d <= 12) return iso({ y: p.birth.y, m: p.birth.d, d: p.birth.m });
  if (r < 0.88) return iso({ ...p.birth, y: p.birth.y + (chance(0.5) ? 1 : -1) });
  return null;
}

// --- build data -----------------------------------------------------------------------------

const genStart = performance.now();
const registry: Person[] = [];
for (let i = 0; i < PEOPLE; i++) {
  const p = makePerson(`P${i}`);
  // Namesakes: 3% share the full name of an earlier person but are someone else (other birth date).
  if (i > 0 && chance(0.03)) {
    const twin = registry[Math.floor(R() * registry.length)]!;
    Object.assign(p, { lang: twin.lang, sex: twin.sex, surname: twin.surname, given: twin.given, father: chance(0.5) ? twin.father : p.father });
  }
  registry.push(p);
}
interface Row {
  name: string;
  birth: string | null;
  /** Region column, when the list has one for this row (sometimes not the registry's: people are moved). */
  region: string | null;
  truth: string | null;
}

function listRegion(p: Person): string | null {
  if (!chance(0.6)) return null;
  return chance(0.9) ? p.region : pick(D.REGIONS);
}
const rows: Row[] = [];
const decoys = Math.round(ROWS * 0.1);
for (let i = 0; i < ROWS; i++) {
  if (i < decoys) {
    // Not in the registry; half of them carry a registered person's name (a namesake).
    const p = makePerson(`X${i}`);
    if (chance(0.5)) {
      const twin = pick(registry);
      Object.assign(p, { lang: twin.lang, sex: twin.sex, surname: twin.surname, given: twin.given, father: chance(0.5) ? twin.father : p.father });
    }
    rows.push({ name: noisyName(p), birth: listBirth(p), region: listRegion(p), truth: null });
  } else {
    const p = pick(registry);
    rows.push({ name: noisyName(p), birth: listBirth(p), region: listRegion(p), truth: p.id });
  }
}
const registryNamesList = registry.map((p) => ({ p, names: registryNames(p) }));
const genMs = performance.now() - genStart;

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
}

const cpuMs = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

function run(label: string, withBirth: boolean, withRegion = false): Outcome {
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
  for (const row of rows) {
    const res = index.resolve({ names: [row.name], birthDate: withBirth ? row.birth : null, region: withRegion ? row.region : null }, 3);
    // A reconciliation writes the best candidate's explanation for every row: include its cost.
    explained += res.best?.explanation.length ?? 0;
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
    matched: tp + fp, possible, ambiguous, undecidable, errors,
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

const outcomes = [run("name only", false), run("name + birth date", true), run("+ region (60% rows)", true, true)];
const sharded = WORKERS > 1 ? await runSharded(WORKERS) : null;
clearInterval(sampler);
const maxRssKb = process.resourceUsage().maxRSS;

console.log(`registry ${PEOPLE.toLocaleString("en")} people, list ${ROWS.toLocaleString("en")} rows (${decoys} not in the registry, half of them namesakes); generated in ${(genMs / 1000).toFixed(1)} s, seed ${SEED}`);
for (const o of outcomes) {
  console.log(
    `${o.label.padEnd(18)} match: recall ${o.recall.toFixed(4)} (${o.recallDecidable.toFixed(4)} of rows not tied with a namesake)  precision ${o.precision.toFixed(4)}  | matches ${o.matched}, possible ${o.possible}, ambiguous ${o.ambiguous} (truth among tied namesakes ${o.undecidable}) | index ${(o.buildMs / 1000).toFixed(2)} s (cpu ${(o.buildCpuMs / 1000).toFixed(2)}), reconcile ${(o.reconcileMs / 1000).toFixed(2)} s (cpu ${(o.reconcileCpuMs / 1000).toFixed(2)})`,
  );
  for (const w of SWEEP ? o.sweep : []) console.log(`   at match threshold ${w.threshold.toFixed(2)}: recall ${w.recall.toFixed(4)}  precision ${w.precision.toFixed(4)}`);
  for (const e of o.errors) console.log("   " + e);
}
if (sharded) {
  console.log(
    `name + birth date, registry in ${WORKERS} shards on ${WORKERS} worker threads: recall ${sharded.recall.toFixed(4)}  precision ${sharded.precision.toFixed(4)} | index + reconcile ${(sharded.wallMs / 1000).toFixed(2)} s wall in all (shards: index ${sharded.buildMs.map((x) => (x / 1000).toFixed(2)).join(" / ")} s, matching ${sharded.matchMs.map((x) => (x / 1000).toFixed(2)).join(" / ")} s)`,
  );
}
console.log(`machine: ${os.cpus().length} cores (${os.cpus()[0]?.model ?? "?"}), load average ${os.loadavg().map((x) => x.toFixed(1)).join(" ")}`);
console.log(`peak memory: rss sampled ${(peakRss / 2 ** 20).toFixed(0)} MiB, maxRSS ${(maxRssKb / 1024).toFixed(0)} MiB`);
