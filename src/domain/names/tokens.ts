/**
 * Comparison of two single name tokens (given name vs given name, surname vs
 * surname…) with a plain-English note saying why they agree or differ.
 */
import { cyrillicFold, type ParsedToken } from "./parse.js";
import { editDistance, editSimilarity, editSimilarityAtLeast, spellingSimilarity, spellingSimilarityAbove } from "./score.js";
import { READING_LABELS, STANDARD_LABELS, transliterations, type Reading, type Standard } from "./transliterate.js";
import { foldLatin } from "./normalize.js";
import { givenById, patronymicStemOf, type GivenName } from "./givenNames.js";

export type PairKind =
  | "equal"
  | "transliteration"
  | "equivalent"
  | "diminutive"
  | "initial"
  | "spelling"
  | "sex-form"
  | "different-name"
  | "different";

export interface TokenComparison {
  sim: number;
  /**
   * How surely the two tokens stand in the same place of the name, for alignment:
   * Евгений/Евгения or Ivanov/Ivanova correspond even though they do not match.
   */
  affinity?: number;
  kind: PairKind;
  /** Formats the plain-English note; static functions so that scoring allocates no closures. */
  note: NoteFn;
  /** Extra words for the note (group name, father's name). */
  detail?: string;
  /**
   * Equal only under a reading that gives two Cyrillic spellings one Latin (German s = с and з:
   * Sakharov / Zakharov): not, alone, enough for `match` (see compare.ts).
   */
  ambiguousReading?: boolean;
}

export type NoteFn = (a: ParsedToken, b: ParsedToken, detail?: string) => string;

const SIM_EQUIVALENT = 0.97;
const SIM_DIMINUTIVE = 0.85;
const SIM_INITIAL = 0.72;
const SIM_KNOWN_DIFFERENT_MAX = 0.25;
/** Two Cyrillic spellings with one transliteration but different letters (Геев / Гиев). */
const SIM_CYRILLIC_VARIANT = 0.9;
/** A patronymic whose father's name is one typo away from a known one. */
const SIM_TYPO_PATRONYMIC = 0.85;
/** A misspelt given name never counts as more than this (equal names 1, equivalent forms 0.97). */
export const SIM_TYPO_GIVEN_MAX = 0.9;
const GIVEN_TYPO_MIN = 0.78;
const PATRONYMIC_TYPO_MIN = 0.75;

/**
 * The form of the given names nearest to `key` (each form passed through `shape`), with its similarity;
 * forms less similar than `floor` do not count (null when none is that near).
 */
function nearestForm(key: string, names: readonly GivenName[], shape: (form: string) => string, floor: number): { name: GivenName; form: string; sim: number } | null {
  let best: { name: GivenName; form: string; sim: number } | null = null;
  for (const g of names) {
    for (const f of g.forms) {
      const form = shape(f);
      const sim = editSimilarityAtLeast(key, form, floor);
      if (sim > 0 && (!best || sim > best.sim)) best = { name: g, form, sim };
    }
  }
  return best;
}

/**
 * A misspelt given name against a known one, compared with every form of the known name, so that a
 * typo in the Russian form still meets the Ukrainian one (Pvael / Павло, Aweksei / Олексій).
 * Null when the other sex's form is at least as near (a typo does not turn Александра into Александр).
 */
function givenTypo(unknown: ParsedToken, known: ParsedToken): number | null {
  if (unknown.given.full.length > 0 || unknown.given.diminutiveOf.length > 0 || unknown.skel.length < 4) return null;
  let best: number | null = null;
  // Every reading of the spelling: a Lithuanian or Latvian name keeps its case ending only in the skeleton (Nikdlajus).
  for (let k = -1; k < unknown.alts.length; k++) {
    const key = k < 0 ? unknown.skel : unknown.alts[k]!;
    if (key.length < 4) continue;
    // Nearer than GIVEN_TYPO_MIN or no typo at all (compareTokens): a form further off cannot count.
    const near = nearestForm(key, known.given.full, (f) => f, GIVEN_TYPO_MIN);
    if (!near) continue;
    const other = near.name.counterpart ? givenById(near.name.counterpart) : undefined;
    if (other) {
      const rival = nearestForm(key, [other], (f) => f, near.sim);
      if (rival && rival.sim >= near.sim) continue;
    }
    // Same scale as spellingSimilarity: a first letter that differs costs a little more.
    const sim = near.sim - (key[0] !== near.form[0] ? 0.05 : 0);
    if (best === null || sim > best) best = sim;
  }
  // A Cyrillic spelling is also held against the written Russian and Ukrainian forms: one letter mistyped
  // as ю or я (Еюгений, Олеюсій) is one edit as written, two in the skeleton (ю = iu).
  if (unknown.cyr !== null && unknown.cyr.length >= 4) {
    const near = nearestCyrillic(unknown.cyr, known.given.full, GIVEN_TYPO_MIN);
    const other = near?.name.counterpart ? givenById(near.name.counterpart) : undefined;
    const rival = near && other ? nearestCyrillic(unknown.cyr, [other], near.sim) : null;
    if (near && !(rival && rival.sim >= near.sim)) {
      const sim = near.sim - (unknown.cyr[0] !== near.form[0] ? 0.05 : 0);
      if (best === null || sim > best) best = sim;
    }
  }
  return best;
}

/** The written Cyrillic form (Russian or Ukrainian, folded as ParsedToken.cyr) of the given names nearest to `cyr`. */
function nearestCyrillic(cyr: string, names: readonly GivenName[], floor: number): { name: GivenName; form: string; sim: number } | null {
  let best: { name: GivenName; form: string; sim: number } | null = null;
  for (const g of names) {
    for (const written of [g.display, g.ukrainian]) {
      const form = cyrillicFold(written.toLowerCase());
      if (form === null) continue;
      const sim = editSimilarityAtLeast(cyr, form, floor);
      if (sim > 0 && (!best || sim > best.sim)) best = { name: g, form, sim };
    }
  }
  return best;
}

function standardsFor(a: ParsedToken, b: ParsedToken): Standard[] {
  const [cyr, lat] = a.script === "cyrillic" ? [a, b] : [b, a];
  if (cyr.script !== "cyrillic" || lat.script !== "latin") return [];
  const target = foldLatin(lat.norm);
  return transliterations(cyr.norm).get(target) ?? [];
}

function transliterationNote(a: ParsedToken, b: ParsedToken): string {
  if (a.script === "other" || b.script === "other") return "equal after romanisation of the other script";
  if (a.script === b.script) {
    return a.script === "latin" ? "same name in another spelling (transliteration variant)" : "equal after normalisation";
  }
  const stds = standardsFor(a, b);
  if (stds.length === 0) {
    // No standard gives this exact spelling (Alexei: x for кс): name the nearest one.
    const [cyr, lat] = a.script === "cyrillic" ? [a, b] : [b, a];
    let nearest: { spelling: string; std: Standard; d: number } | null = null;
    for (const [spelling, list] of transliterations(cyr.norm)) {
      const d = editDistance(spelling, lat.fold);
      if (!nearest || d < nearest.d) nearest = { spelling, std: list[0]!, d };
    }
    return nearest
      ? `equal after transliteration (a spelling variant of ${STANDARD_LABELS[nearest.std]} "${nearest.spelling}")`
      : "equal after transliteration (spelling variants unified)";
  }
  if (stds.length >= 5) return "equal after transliteration (most standards agree)";
  return `equal after ${stds.map((s) => STANDARD_LABELS[s]).join(" / ")} transliteration`;
}

const N = {
  equal: ((a, b) => `${a.raw} = ${b.raw}`) as NoteFn,
  translit: ((a, b) => `${a.raw} = ${b.raw}: ${transliterationNote(a, b)}`) as NoteFn,
  altReading: ((a, b, d) => `${a.raw} = ${b.raw}: equal after ${d} transliteration`) as NoteFn,
  altShaky: ((a, b) => `${a.raw} = ${b.raw}: equal only if read as German spelling with s = з or sch = ж, which German also writes for с and ш`) as NoteFn,
  abjad: ((a, b) => `${a.raw} = ${b.raw}: consonants agree (Arabic and Hebrew script write no short vowels)`) as NoteFn,
  arabicVowels: ((a, b) => `${a.raw} = ${b.raw}: consonants agree (Latin spellings of Arabic names differ in the vowels)`) as NoteFn,
  families: ((a, b, d) => `${a.raw} ≠ ${b.raw}: different surnames (${d})`) as NoteFn,
  equivalent: ((a, b, d) => `${a.raw} ≈ ${b.raw} (forms of ${d})`) as NoteFn,
  sexGiven: ((a, b) => `${a.raw} and ${b.raw} are different names (male and female forms)`) as NoteFn,
  diminutive: ((a, b) =>
    a.given.diminutiveOf.length > 0 && b.given.full.length > 0
      ? `${a.raw} is a diminutive of ${b.raw}`
      : `${b.raw} is a diminutive of ${a.raw}`) as NoteFn,
  bothShort: ((a, b, d) => `${a.raw} and ${b.raw} are both short for ${d}`) as NoteFn,
  differentGiven: ((a, b) => `${a.raw} and ${b.raw} are different given names`) as NoteFn,
  sexPatronymic: ((a, b) => `patronymics ${a.raw} and ${b.raw} are marked for different sexes`) as NoteFn,
  samePatronymic: ((a, b, d) => `patronymic ${a.raw} ≈ ${b.raw}: ${d}`) as NoteFn,
  differentFathers: ((a, b) => `patronymics differ: ${a.raw} vs ${b.raw} (different father's names)`) as NoteFn,
  initials: ((a, b) => `initials ${a.raw} = ${b.raw}`) as NoteFn,
  initialsDiffer: ((a, b) => `initials ${a.raw} ≠ ${b.raw}`) as NoteFn,
  initialFits: ((a, b) => (a.initial ? `initial ${a.raw} fits ${b.raw}` : `initial ${b.raw} fits ${a.raw}`)) as NoteFn,
  initialDiffers: ((a, b) => (a.initial ? `initial ${a.raw} does not fit ${b.raw}` : `initial ${b.raw} does not fit ${a.raw}`)) as NoteFn,
  sexSurname: ((a, b) => `${a.raw} and ${b.raw} are the ${a.surname.sex} and ${b.surname.sex} forms of one surname`) as NoteFn,
  endings: ((a, b) => `${a.raw} ≈ ${b.raw}: same surname with a Russian/Ukrainian ending`) as NoteFn,
  spelling: ((a, b) => `${a.raw} ≈ ${b.raw}: close spelling (typo or variant)`) as NoteFn,
  cyrillicVariant: ((a, b) => `${a.raw} ≈ ${b.raw}: transliterate alike but are spelt differently in Cyrillic`) as NoteFn,
  different: ((a, b) => `${a.raw} ≠ ${b.raw}`) as NoteFn,
};

function shareGroup(xs: GivenName[], ys: GivenName[]): GivenName | undefined {
  for (const x of xs) for (const y of ys) if (x.id === y.id) return x;
  return undefined;
}

function areCounterparts(xs: GivenName[], ys: GivenName[]): boolean {
  for (const x of xs) for (const y of ys) if (x.counterpart === y.id) return true;
  return false;
}

/** Given-name comparison through the equivalents/diminutives table; null when the table has no say. */
function compareGiven(a: ParsedToken, b: ParsedToken): TokenComparison | null {
  const ga = a.given;
  const gb = b.given;
  if (ga.full.length === 0 && ga.diminutiveOf.length === 0) return null;
  if (gb.full.length === 0 && gb.diminutiveOf.length === 0) return null;
  const same = shareGroup(ga.full, gb.full);
  if (same) return { sim: SIM_EQUIVALENT, kind: "equivalent", note: N.equivalent, detail: same.display };
  if (areCounterparts(ga.full, gb.full)) return { sim: 0, affinity: 0.95, kind: "sex-form", note: N.sexGiven };
  if (shareGroup(ga.diminutiveOf, gb.full) ?? shareGroup(gb.diminutiveOf, ga.full)) {
    return { sim: SIM_DIMINUTIVE, kind: "diminutive", note: N.diminutive };
  }
  const bothDim = shareGroup(ga.diminutiveOf, gb.diminutiveOf);
  if (bothDim) return { sim: SIM_DIMINUTIVE - 0.05, kind: "diminutive", note: N.bothShort, detail: bothDim.display };
  if (ga.full.length > 0 && gb.full.length > 0) {
    const sim = Math.min(SIM_KNOWN_DIFFERENT_MAX, spellingSimilarity(a.skel, b.skel));
    return { sim, affinity: 0.5, kind: "different-name", note: N.differentGiven };
  }
  return null;
}

function comparePatronymics(a: ParsedToken, b: ParsedToken): TokenComparison | null {
  const pa = a.patronymic;
  const pb = b.patronymic;
  if (!pa || !pb || a.role !== "patronymic" || b.role !== "patronymic") return null;
  const father = shareGroup(pa.fathers, pb.fathers);
  if (pa.stem === pb.stem || father) {
    if (pa.sex !== pb.sex) return { sim: 0, affinity: 0.95, kind: "sex-form", note: N.sexPatronymic };
    const how = a.skel === b.skel ? "equal after transliteration" : `same father's name${father ? ` (${father.display})` : ""}`;
    return { sim: a.norm === b.norm ? 1 : SIM_EQUIVALENT, kind: "equivalent", note: N.samePatronymic, detail: how };
  }
  // One father's name is known and the other is not: a typo in it (Ксотянтинович / Константинович,
  // Alekeevna / Олексіївна) is compared with every form of the known name, Russian and Ukrainian.
  if (pa.sex === pb.sex && (pa.fathers.length === 0) !== (pb.fathers.length === 0)) {
    const [unknown, known] = pa.fathers.length === 0 ? [pa, pb] : [pb, pa];
    const near = nearestForm(unknown.stem, known.fathers, patronymicStemOf, PATRONYMIC_TYPO_MIN);
    if (near && near.sim >= PATRONYMIC_TYPO_MIN && unknown.stem.length >= 4) {
      return { sim: SIM_TYPO_PATRONYMIC, kind: "spelling", note: N.samePatronymic, detail: `same father's name with a typo (${near.name.display})` };
    }
  }
  // Both are patronymics of clearly different fathers' names (Ibragimovich / Magomedovich);
  // judged on the whole word so that a typo (Мркович / Маркович) is not a different father.
  const sim = spelling(a, b);
  if ((pa.fathers.length > 0 && pb.fathers.length > 0 && sim < 0.8) || sim < 0.75) {
    return { sim: 0.1, affinity: 0.6, kind: "different-name", note: N.differentFathers };
  }
  return null;
}

function compareInitials(a: ParsedToken, b: ParsedToken): TokenComparison {
  if (a.initial && b.initial) {
    return a.skel[0] === b.skel[0] ? { sim: 0.9, kind: "initial", note: N.initials } : { sim: 0, kind: "different", note: N.initialsDiffer };
  }
  const [ini, full] = a.initial ? [a, b] : [b, a];
  const letter = ini.skel[0];
  // The written letter counts too: a skeleton may start otherwise (Joachim reads jo as ё: skeleton eaqim).
  let fits = full.skel[0] === letter || (ini.script === full.script && ini.fold[0] === full.fold[0]) || ini.latin[0] === full.latin[0];
  if (!fits) for (const g of full.given.full) if (g.forms.some((f) => f[0] === letter)) fits = true;
  return fits ? { sim: SIM_INITIAL, kind: "initial", note: N.initialFits } : { sim: 0, kind: "different", note: N.initialDiffers };
}

/**
 * Spelling similarity of two tokens: the best of their skeletons, uncollapsed skeletons
 * (collapsing doubled letters can turn one typo into two: "Соолов" → solov vs sokolov),
 * alternative readings, and the written forms when both are in one script (skeletons are
 * short, ш → w, so one typo weighs more there).
 */
function spelling(a: ParsedToken, b: ParsedToken): number {
  // The best over several spellings: each further spelling is computed only as far as it could beat the
  // best so far and LOW_SIMILARITY (below it two words are simply different; their exact value comes
  // from the skeletons alone), so the distance computation stops early for most pairs a query meets.
  let sim = spellingSimilarity(a.skel, b.skel);
  if (sim === 1) return 1;
  if (a.loose !== a.skel || b.loose !== b.skel) sim = Math.max(sim, spellingSimilarityAbove(a.loose, b.loose, Math.max(sim, LOW_SIMILARITY)));
  // A typo on top of another reading stacks two guesses: it counts a little less (Syjew read as Spanish
  // Сихев is still no Михеев).
  for (const alt of a.alts) sim = Math.max(sim, spellingSimilarityAbove(alt, b.skel, Math.max(sim, LOW_SIMILARITY) + ALT_TYPO_DISCOUNT) - ALT_TYPO_DISCOUNT);
  for (const alt of b.alts) sim = Math.max(sim, spellingSimilarityAbove(a.skel, alt, Math.max(sim, LOW_SIMILARITY) + ALT_TYPO_DISCOUNT) - ALT_TYPO_DISCOUNT);
  if (a.script === b.script) sim = Math.max(sim, spellingSimilarityAbove(a.fold, b.fold, Math.max(sim, LOW_SIMILARITY)));
  else if (a.script !== "other" && b.script !== "other") sim = Math.max(sim, spellingSimilarityAbove(a.latin, b.latin, Math.max(sim, LOW_SIMILARITY))); // Shevhcuk / Шевчук
  // A Lithuanian or Latvian case ending whose word carries a typo (UMEROyAS, Hiuovnas): the reading that
  // drops the ending misses it or keeps the typo beside it, so the other word is given the same ending.
  const ea = caseEnding(a, b);
  if (ea !== "") sim = Math.max(sim, spellingSimilarityAbove(a.skel, b.skel + ea, Math.max(sim, LOW_SIMILARITY) + ALT_TYPO_DISCOUNT) - ALT_TYPO_DISCOUNT);
  const eb = caseEnding(b, a);
  if (eb !== "") sim = Math.max(sim, spellingSimilarityAbove(a.skel + eb, b.skel, Math.max(sim, LOW_SIMILARITY) + ALT_TYPO_DISCOUNT) - ALT_TYPO_DISCOUNT);
  return sim;
}

/**
 * The Lithuanian or Latvian case ending of a Latin word (-as, -is, -us, or -s after a consonant; words of
 * five letters or more) that the other word lacks, as skeleton letters; "" when none.
 */
export function caseEnding(t: ParsedToken, other: ParsedToken): string {
  const f = t.fold;
  const n = f.length;
  if (t.script !== "latin" || n < 5 || f.charCodeAt(n - 1) !== 115 /* s */ || other.skel.endsWith("s")) return "";
  const v = f[n - 2]!;
  if (v === "a" || v === "i" || v === "u") return v + "s";
  return "aeiouy".includes(v) ? "" : "s";
}

export const ALT_TYPO_DISCOUNT = 0.05;
/** Below this, a spelling similarity only says "different words" (see `spelling`). */
const LOW_SIMILARITY = 0.5;

/**
 * Plain edit similarity of two tokens (best over the same spellings as `spelling`, without its penalties
 * for short names and first letters): how much of the word a typo would have to change.
 */
export function typoSimilarity(a: ParsedToken, b: ParsedToken): number {
  let sim = Math.max(editSimilarity(a.skel, b.skel), editSimilarity(a.loose, b.loose));
  for (const alt of a.alts) sim = Math.max(sim, editSimilarity(alt, b.skel));
  for (const alt of b.alts) sim = Math.max(sim, editSimilarity(a.skel, alt));
  if (a.script === b.script) sim = Math.max(sim, editSimilarity(a.fold, b.fold));
  else if (a.script !== "other" && b.script !== "other") sim = Math.max(sim, editSimilarity(a.latin, b.latin));
  if (a.cyr !== null && b.cyr !== null) sim = Math.max(sim, editSimilarity(a.cyr, b.cyr));
  const ea = caseEnding(a, b);
  if (ea !== "") sim = Math.max(sim, editSimilarity(a.skel, b.skel + ea));
  const eb = caseEnding(b, a);
  if (eb !== "") sim = Math.max(sim, editSimilarity(a.skel + eb, b.skel));
  return sim;
}

/** Arabic, Hebrew and Syriac write no short vowels: consonants agree (فرناندو بيريز = Fernando Pérez). */
const SIM_ABJAD = 0.95;
/** Consonants of a romanised or Latin name: vowels and the letters that write long vowels (w, y) dropped, p = b (Arabic has no p). */
const abjadKey = (fold: string): string =>
  fold.replace(/[^a-z]/g, "").replace(/[aeiouwyh']/g, "").replace(/p/g, "b").replace(/v/g, "f").replace(/(.)\1+/g, "$1");

/** A Latin spelling without its vowels and doubled letters (Usama = Osama, Husayn = Hussein; Ahmed ≠ Mohamed). */
const vowelless = (fold: string): string => fold.replace(/[^a-z]/g, "").replace(/[aeiouy]/g, "").replace(/(.)\1+/g, "$1");

/** The reading under which one token's spelling equals the other's (an unambiguous one preferred), or null. */
function sharedReading(a: ParsedToken, b: ParsedToken): { reading: Reading; shaky: boolean } | null {
  // Runs for every token pair: plain loops, no closures (tsx names every closure it creates).
  let reading: Reading | null = null;
  let shaky = true;
  for (let i = 0; i < a.alts.length; i++) {
    const alt = a.alts[i]!;
    if (alt === b.skel && (reading === null || (shaky && !a.shaky[i]))) [reading, shaky] = [a.readings[i]!, a.shaky[i]!];
    const j = b.alts.indexOf(alt);
    if (j >= 0 && (reading === null || (shaky && !(a.shaky[i] || b.shaky[j])))) [reading, shaky] = [a.readings[i]!, a.shaky[i]! || b.shaky[j]!];
  }
  for (let i = 0; i < b.alts.length; i++) {
    if (b.alts[i] === a.skel && (reading === null || (shaky && !b.shaky[i]))) [reading, shaky] = [b.readings[i]!, b.shaky[i]!];
  }
  return reading === null ? null : { reading, shaky };
}

/** A Ukrainian -enko is not a Russian -ov/-eva, nor -uk, -ko, -in, -ski, -ich: surnames of different families. */
const SIM_OTHER_FAMILY = 0.5;
const FAMILIES: Array<[string, RegExp]> = [
  ["-enko", /enko$/], ["-ko", /[^e]ko$/], ["-uk", /uk$/], ["-ov/-ev", /(ov|ev|ova|eva)$/], ["-in", /(in|ina)$/],
  ["-ski", /(ski|ska|skaia|cki|cka|ckaia)$/], ["-ich", /iq$/],
];
const familyOf = (skel: string): string | null => (skel.length < 5 ? null : (FAMILIES.find(([, re]) => re.test(skel))?.[0] ?? null));

/** At most one edit apart as written (Cyrillic) or as skeletons (ые reads e: Штаскывнко / Штаскыенко are one letter apart). */
function oneTypoApart(a: ParsedToken, b: ParsedToken): boolean {
  if (a.cyr !== null && b.cyr !== null && editDistance(a.cyr, b.cyr, 1) <= 1) return true;
  return editDistance(a.skel, b.skel, 1) <= 1 || editDistance(a.loose, b.loose, 1) <= 1;
}

function differentFamilies(a: ParsedToken, b: ParsedToken): string | null {
  if (a.role === "patronymic" || b.role === "patronymic" || a.given.full.length > 0 || b.given.full.length > 0) return null;
  const fa = familyOf(a.skel);
  const fb = familyOf(b.skel);
  if (fa === null || fb === null || fa === fb) return null;
  // -ko is every -ko but -enko: one letter of an -enko mistyped (Kharchbnko, Тоонко, Lukashnko) is a typo, not a family.
  if ((fa === "-enko" || fb === "-enko") && (fa === "-ko" || fb === "-ko") && oneTypoApart(a, b)) return null;
  // Other readings of a Latin spelling may put it in the same family (Putinas = Путин).
  if (a.alts.some((x) => familyOf(x) === fb) || b.alts.some((x) => familyOf(x) === fa)) return null;
  return `${fa} / ${fb}`;
}

/** Compare two tokens; roles decide which rules apply. */
export function compareTokens(a: ParsedToken, b: ParsedToken): TokenComparison {
  if (a.initial || b.initial) return compareInitials(a, b);
  if (a.norm === b.norm) return { sim: 1, kind: "equal", note: N.equal };
  const patr = comparePatronymics(a, b);
  if (patr) return patr;
  if (a.skel === b.skel) {
    if (a.script === "other" && b.script === "other") {
      // One script written two ways that romanise alike (高石 / 高市): two spellings, not one name.
      return { sim: SIM_CYRILLIC_VARIANT, kind: "spelling", note: N.spelling };
    }
    if (a.cyr !== null && b.cyr !== null && a.cyr !== b.cyr) {
      // Both in Cyrillic and spelt differently beyond the Russian/Ukrainian correspondences:
      // Геев / Гиев are two surnames that transliterate alike, not one.
      return compareGiven(a, b) ?? { sim: SIM_CYRILLIC_VARIANT, kind: "spelling", note: N.cyrillicVariant };
    }
    return { sim: 1, kind: "transliteration", note: N.translit };
  }
  const shared = sharedReading(a, b);
  if (shared !== null) {
    return shared.shaky
      ? { sim: 1, kind: "transliteration", note: N.altShaky, ambiguousReading: true }
      : { sim: 1, kind: "transliteration", note: N.altReading, detail: READING_LABELS[shared.reading] };
  }
  if ((a.abjad || b.abjad) && abjadKey(a.fold).length >= 3 && abjadKey(a.fold) === abjadKey(b.fold)) {
    return { sim: SIM_ABJAD, kind: "transliteration", note: N.abjad };
  }
  if (a.arabicName && b.arabicName && a.script === "latin" && b.script === "latin" && vowelless(a.fold).length >= 2 && vowelless(a.fold) === vowelless(b.fold)) {
    // Usama / Osama, Ladin / Laden: Latin spellings of Arabic names differ in the vowels the script does not write.
    return { sim: SIM_ABJAD, kind: "transliteration", note: N.arabicVowels };
  }
  const given = compareGiven(a, b);
  if (given) return given;
  const sa = a.surname;
  const sb = b.surname;
  if (sa.sex && sb.sex && sa.stem === sb.stem && sa.stem.length >= 3) {
    if (sa.sex !== sb.sex) return { sim: 0, affinity: 0.95, kind: "sex-form", note: N.sexSurname };
    // Болюская / Болюська, Зеленский / Зеленський: Russian and Ukrainian endings of one surname.
    const known = (t: ParsedToken): boolean => t.given.full.length > 0;
    if (!known(a) && !known(b)) return { sim: SIM_EQUIVALENT, kind: "equivalent", note: N.endings };
  }
  let sim = spelling(a, b);
  const families = differentFamilies(a, b);
  if (families !== null) return { sim: Math.min(sim, SIM_OTHER_FAMILY), kind: "different", note: N.families, detail: families };
  // Only where both sides read the tokens as given names: a surname is no typo of a given name (Петров / Петро).
  if ((a.role === "given" || a.role === "middle") && (b.role === "given" || b.role === "middle")) {
    const typo = a.given.full.length > 0 ? givenTypo(b, a) : b.given.full.length > 0 ? givenTypo(a, b) : null;
    // Only a near miss (about one edit) counts; a distant name is no typo (Ahmed / Mohamed).
    if (typo !== null && typo >= GIVEN_TYPO_MIN && typo > sim) sim = Math.min(typo, SIM_TYPO_GIVEN_MAX);
  }
  if (sim >= 0.75) return { sim, kind: "spelling", note: N.spelling };
  return { sim, kind: "different", note: N.different };
}
