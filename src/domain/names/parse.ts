/**
 * Name structure: which token is the given name, the patronymic, the surname,
 * and which sex the name is marked for. Works on any order ("Gorinov Aleksei
 * Aleksandrovich", "Aleksei Aleksandrovich Gorinov", "GORINOV, Aleksei").
 */
import anyAscii from "any-ascii";
import { foldLatin, normalizeName, type NameToken } from "./normalize.js";
import { skeletonVariants, transliterate, type Reading } from "./transliterate.js";
import { fatherNameFromStem, lookupGiven, type GivenLookup, type GivenName, type Sex } from "./givenNames.js";

export type Role = "given" | "patronymic" | "surname" | "middle";

export interface PatronymicInfo {
  stem: string;
  sex: Sex;
  fathers: GivenName[];
}

export interface SurnameForm {
  stem: string;
  sex: Sex | null;
}

export interface ParsedToken extends NameToken {
  /**
   * Identity of the spelling's token facts (one per distinct written form): with the role and
   * `arabicName`, everything a token comparison reads, so comparisons can be memoised on it.
   */
  tid: number;
  skel: string;
  /** Skeleton without collapsing doubled letters (typo-tolerant keys and spelling similarity). */
  loose: string;
  /** Another reading of a Latin token (GOST x = х, German ch/z/s), else null: the first of `alts`. */
  alt: string | null;
  altReading: Reading | null;
  /** Every other reading of a Latin token (French, Polish/Czech/Baltic, Spanish, Italian, Turkish…), with its reading. */
  alts: string[];
  readings: Reading[];
  /** Per alt: equal under it, two different Cyrillic spellings could be meant (German s = с and з). */
  shaky: boolean[];
  /** A connecting particle (al, bin, de, van, oglu…): carries little identity, often dropped or swapped. */
  particle: boolean;
  /** The token stands in a name that reads as Arabic (bin, ibn, al-, Abdul, Mohammed…): its vowels vary between spellings. */
  arabicName: boolean;
  /**
   * Scripts other than Latin and Cyrillic are romanised (any-ascii: Georgian and Armenian national
   * romanisations, pinyin, Hepburn-like kana, Arabic, Hebrew…), and their skeleton is the romanisation's.
   * `abjad`: the script writes no short vowels (Arabic, Hebrew, Syriac), so its consonants are compared.
   */
  abjad: boolean;
  /** ASCII-folded written form (Latin tokens), for spelling comparison. */
  fold: string;
  /**
   * Latin written form: `fold` for Latin tokens, the passport transliteration of Cyrillic ones
   * (ICAO 9303; Ukrainian national 2010 when the token has Ukrainian letters), so that a typo in a
   * Latin spelling weighs the same against a Cyrillic record as against its Latin copy.
   */
  latin: string;
  /**
   * Cyrillic tokens: the written form with only the regular Russian/Ukrainian differences folded
   * (ё є э → е, і ї ы → и, ґ → г, ьо йо → е, soft and hard signs dropped); null for other scripts.
   * Two Cyrillic spellings with one skeleton but different folds (Геев / Гиев / Гиёв) are different
   * spellings, which the skeleton alone would call equal.
   */
  cyr: string | null;
  role: Role;
  given: GivenLookup;
  patronymic: PatronymicInfo | null;
  surname: SurnameForm;
}

export interface ParsedName {
  input: string;
  tokens: ParsedToken[];
  /** Sex the name is marked for (given name, patronymic, surname ending), when unambiguous. */
  sex: Sex | null;
  /** Script of most of its tokens. */
  script: "latin" | "cyrillic" | "other";
  /** The surname was marked by a comma ("Frost, William"): its place is known, not guessed. */
  commaSurname: boolean;
}

// Skeleton suffixes (ч is "q" in the skeleton). Ukrainian -ович/-івна give the same skeleton shapes.
const PATRONYMIC_SUFFIXES: Array<[string, Sex]> = [
  ["oviq", "male"], ["eviq", "male"], ["iniqna", "female"], ["iqna", "female"],
  ["ovna", "female"], ["evna", "female"], ["ivna", "female"], ["iq", "male"],
];

/** Patronymic reading of a token, or null. "-ich" alone only counts when it yields a known father's name. */
export function patronymicOf(skel: string): PatronymicInfo | null {
  for (const [suffix, sex] of PATRONYMIC_SUFFIXES) {
    if (!skel.endsWith(suffix) || skel.length < suffix.length + 2) continue;
    let stem = skel.slice(0, -suffix.length);
    // Ukrainian -ійович/-іївна keep the stem's й/ї: "sergiovich", "sergivna" → serg.
    stem = stem.replace(/[aeiou]+$/, "");
    const fathers = fatherNameFromStem(stem);
    if (suffix === "iq" && fathers.length === 0) return null;
    if ((suffix === "oviq" || suffix === "eviq") && fathers.length === 0 && stem.length < 3) return null;
    return { stem, sex, fathers };
  }
  return null;
}

// Sex-marked surname endings on skeletons: Navalny/Navalnaya, Ivanov/Ivanova,
// Tolstoy/Tolstaya, Zelensky/Zelenska, Pushkin/Pushkina.
const SURNAME_ENDINGS: Array<[string, string, Sex]> = [
  ["skaia", "sk", "female"], ["ckaia", "ck", "female"], ["ska", "sk", "female"], ["cka", "ck", "female"],
  ["ski", "sk", "male"], ["cki", "ck", "male"], ["aia", "", "female"], ["oi", "", "male"],
  ["ova", "ov", "female"], ["eva", "ev", "female"], ["ina", "in", "female"],
  ["ov", "ov", "male"], ["ev", "ev", "male"], ["in", "in", "male"], ["i", "", "male"],
];

export function surnameFormOf(skel: string): SurnameForm {
  for (const [ending, keep, sex] of SURNAME_ENDINGS) {
    // At least two letters before the ending (Зеська, Ивова), three when nothing of it is kept.
    if (skel.endsWith(ending) && skel.length >= ending.length + (keep === "" ? 3 : 2)) {
      return { stem: skel.slice(0, -ending.length) + keep, sex };
    }
  }
  return { stem: skel, sex: null };
}

interface TokenInfo {
  id: number;
  particle: boolean;
  skel: string;
  loose: string;
  alt: string | null;
  altReading: Reading | null;
  alts: string[];
  readings: Reading[];
  shaky: boolean[];
  abjad: boolean;
  fold: string;
  latin: string;
  cyr: string | null;
  given: GivenLookup;
  patronymic: PatronymicInfo | null;
  surname: SurnameForm;
}

// Token facts depend only on the spelling; registries repeat spellings (Александр, Иванов)
// endlessly, so they are computed once. Bounded so a long-running server cannot grow it forever.
const INFO_CACHE = new Map<string, TokenInfo>();
const INFO_CACHE_LIMIT = 300_000;
/** Never reused, also across a cache clear: a memo keyed on it cannot confuse two spellings. */
let nextInfoId = 1;

const clearHooks: Array<() => void> = [];
/** Caches built on token facts (compare.ts keeps token-pair comparisons) are forgotten with them. */
export function onTokenCacheClear(hook: () => void): void {
  clearHooks.push(hook);
}

/** Forget cached token facts and what was computed from them (benchmarks measure cold starts with it). */
export function clearTokenCache(): void {
  INFO_CACHE.clear();
  for (const hook of clearHooks) hook();
}

const CYR_FOLD: Record<string, string> = { ё: "е", є: "е", э: "е", і: "и", ї: "и", ы: "и", ґ: "г" };

export function cyrillicFold(norm: string): string | null {
  if (!/^[\u0400-\u052F]+$/.test(norm)) return null;
  return norm.replace(/([ое])фф$/, "$1в").replace(/[ьй][оё]/g, "е").replace(/[ьъ]/g, "").replace(/[ёєэіїыґ]/g, (c) => CYR_FOLD[c]!);
}

/** Given-name reading of a token; a Latin token may be known only under another reading (German Schenja = Женя, French Janna = Жанна). */
function givenOf(skel: string, alts: readonly string[]): GivenLookup {
  const hit = lookupGiven(skel);
  if (hit.full.length > 0 || hit.diminutiveOf.length > 0) return hit;
  for (const alt of alts) {
    const other = lookupGiven(alt);
    if (other.full.length > 0 || other.diminutiveOf.length > 0) return other;
  }
  return hit;
}

function patronymicOfAny(skel: string, alts: readonly string[]): PatronymicInfo | null {
  const own = patronymicOf(skel);
  if (own) return own;
  for (const alt of alts) {
    const p = patronymicOf(alt);
    if (p) return p;
  }
  return null;
}

// Connecting particles carry little identity and are often dropped or swapped (bin/ibn, al/el),
// as are Turkic patronymic markers (оглы, кызы).
const PARTICLES = new Set([
  "al", "el", "bin", "ibn", "ben", "bint", "abu", "de", "da", "del", "della", "di", "du", "la", "le", "van", "von",
  "der", "den", "ter", "oglu", "ogli", "kizi", "kizi",
]);

function tokenInfo(norm: string, initial: boolean): TokenInfo {
  const key = initial ? norm + "." : norm;
  let info = INFO_CACHE.get(key);
  if (!info) {
    // Other scripts are read through their romanisation, so that no script scores 0 against Latin.
    const other = /[\p{L}]/u.test(norm) && !/[a-z\u00C0-\u024F\u0400-\u052F]/.test(norm);
    const roman = other ? anyAscii(norm).toLowerCase().replace(/[^a-z]/g, "") : norm;
    const { skel, loose, alt, altReading, alts, readings, shaky } = skeletonVariants(roman === "" ? norm : roman);
    const fold = other && roman !== "" ? roman : foldLatin(norm);
    const latin = /[\u0400-\u052F]/.test(norm) ? foldLatin(transliterate(norm, /[іїєґ]/.test(norm) ? "ua2010" : "icao")).replace(/[^a-z]/g, "") : fold;
    info = { id: nextInfoId++, particle: PARTICLES.has(fold) || PARTICLES.has(skel), skel, loose, alt, altReading, alts, readings, shaky, abjad: /[\u0590-\u074F]/.test(norm), fold, latin, cyr: cyrillicFold(norm), given: givenOf(skel, alts), patronymic: initial ? null : patronymicOfAny(skel, alts), surname: surnameFormOf(skel) };
    if (INFO_CACHE.size >= INFO_CACHE_LIMIT) INFO_CACHE.clear();
    INFO_CACHE.set(key, info);
  }
  return info;
}

function prepareToken(t: NameToken): ParsedToken {
  const info = tokenInfo(t.norm, t.initial);
  return {
    raw: t.raw,
    norm: t.norm,
    script: t.script,
    initial: t.initial,
    tid: info.id,
    particle: info.particle,
    skel: info.skel,
    loose: info.loose,
    alt: info.alt,
    altReading: info.altReading,
    alts: info.alts,
    readings: info.readings,
    shaky: info.shaky,
    abjad: info.abjad,
    arabicName: false,
    fold: info.fold,
    latin: info.latin,
    cyr: info.cyr,
    role: "middle",
    given: info.given,
    patronymic: info.patronymic,
    surname: info.surname,
  };
}

const isGivenLike = (t: ParsedToken): boolean => t.given.full.length > 0 || t.given.diminutiveOf.length > 0;

/** Assign roles. Known given names and patronymic endings anchor the structure. */
function assignRoles(tokens: ParsedToken[], surnameFirst: number): void {
  const n = tokens.length;
  if (n === 0) return;
  if (n === 1) {
    tokens[0]!.role = isGivenLike(tokens[0]!) ? "given" : "surname";
    return;
  }
  const rest: number[] = [];
  if (surnameFirst > 0) {
    for (let i = 0; i < n; i++) {
      if (i < surnameFirst) tokens[i]!.role = "surname";
      else rest.push(i);
    }
  } else {
    for (let i = 0; i < n; i++) rest.push(i);
  }
  // Patronymic: a patronymic-shaped token that follows a given name (or is last of three).
  let patr = -1;
  for (const i of rest) {
    const t = tokens[i]!;
    if (!t.patronymic || i === rest[0]) continue;
    // In two-token names a surname like Lukashevich looks like a patronymic: demand a known father's name.
    if (n === 2 && t.patronymic.fathers.length === 0) continue;
    const prev = tokens[i - 1];
    if (prev && (isGivenLike(prev) || prev.initial || rest.length >= 3)) {
      patr = i;
      break;
    }
  }
  if (patr >= 0) {
    tokens[patr]!.role = "patronymic";
    const g = patr - 1;
    if (g >= 0 && tokens[g]!.role !== "surname") tokens[g]!.role = "given";
    for (const i of rest) if (tokens[i]!.role === "middle") tokens[i]!.role = surnameFirst > 0 ? "middle" : "surname";
    // Only one surname: if several tokens became surnames, keep the one at either end.
    fixSurnames(tokens);
    return;
  }
  if (surnameFirst > 0) {
    rest.forEach((i, k) => (tokens[i]!.role = k === 0 ? "given" : "middle"));
    return;
  }
  // No patronymic: the first known given name is the given name, otherwise Western order.
  const first = tokens[0]!;
  const last = tokens[n - 1]!;
  let givenIdx = 0;
  if (!isGivenLike(first) && isGivenLike(last) && !first.initial) givenIdx = n - 1;
  // Neither end is a known given name (a typo, a rare name): a surname-shaped first token
  // (Зеськая, Ivanov, Shevchenko) with a plain last one means surname-first order.
  else if (!isGivenLike(first) && !isGivenLike(last) && !first.initial && looksLikeSurname(first) && !looksLikeSurname(last)) givenIdx = n - 1;
  const surnameIdx = givenIdx === 0 ? n - 1 : 0;
  tokens.forEach((t, i) => {
    t.role = i === givenIdx ? "given" : i === surnameIdx ? "surname" : "middle";
  });
}

const SURNAME_SUFFIXES = /(enko|uk|iuk|quk|ko|ski|cki|skaia|ckaia|ska|cka|ov|ova|ev|eva|in|ina|ix|iq|viq)$/;

function looksLikeSurname(t: ParsedToken): boolean {
  return t.skel.length >= 4 && (t.surname.sex !== null || SURNAME_SUFFIXES.test(t.skel));
}

function fixSurnames(tokens: ParsedToken[]): void {
  const idx = tokens.map((t, i) => (t.role === "surname" ? i : -1)).filter((i) => i >= 0);
  if (idx.length <= 1) return;
  for (const i of idx.slice(1, -1)) tokens[i]!.role = "middle";
  // Two ends: the one that is not a known given name is the surname.
  const a = idx[0]!;
  const b = idx[idx.length - 1]!;
  if (isGivenLike(tokens[a]!) && !isGivenLike(tokens[b]!)) tokens[a]!.role = "middle";
  else tokens[b]!.role = a === 0 ? "middle" : "surname";
  if (tokens[a]!.role === "surname" && tokens[b]!.role === "surname") tokens[b]!.role = "middle";
}

function inferSex(tokens: ParsedToken[]): Sex | null {
  const votes: Sex[] = [];
  for (const t of tokens) {
    if (t.role === "given") {
      const sexes = new Set(t.given.full.map((g) => g.sex));
      if (sexes.size === 1) votes.push([...sexes][0]!);
    } else if (t.role === "patronymic" && t.patronymic) {
      votes.push(t.patronymic.sex);
    } else if (t.role === "surname" && t.surname.sex && t.script !== "other") {
      // -i endings are too common outside Slavic names to vote on their own.
      if (!t.skel.endsWith("i") || t.skel.endsWith("ski") || t.skel.endsWith("cki")) votes.push(t.surname.sex);
    }
  }
  if (votes.length === 0) return null;
  const male = votes.filter((v) => v === "male").length;
  const female = votes.length - male;
  if (male === female) return null;
  return male > female ? "male" : "female";
}

// Words that mark a name as Arabic (particles and the commonest names): vowels vary between its Latin spellings.
const ARABIC_MARKERS = new Set([
  "bin", "ibn", "bint", "al", "el", "abu", "abd", "abdul", "abdel", "abdal", "mohammed", "muhammad", "mohamed", "mohammad",
  "muhammed", "ahmad", "ahmed", "hasan", "hassan", "husayn", "hussein", "husain", "ali", "omar", "umar", "osama", "usama",
]);

export function parseName(input: string): ParsedName {
  const norm = normalizeName(input);
  const tokens = norm.tokens.map(prepareToken);
  if (tokens.some((t) => ARABIC_MARKERS.has(t.fold))) for (const t of tokens) t.arabicName = true;
  assignRoles(tokens, norm.surnameFirst);
  const cyrillic = tokens.filter((t) => t.script === "cyrillic").length;
  const latin = tokens.filter((t) => t.script === "latin").length;
  return { input, tokens, sex: inferSex(tokens), script: cyrillic > latin ? "cyrillic" : latin > 0 ? "latin" : "other", commaSurname: norm.surnameFirst > 0 };
}

/** Tokens in the order given, patronymic, surname (others after), for display. */
export function describeStructure(p: ParsedName): string {
  const byRole = (r: Role): string => p.tokens.filter((t) => t.role === r).map((t) => t.raw).join(" ");
  const parts = [`given: ${byRole("given") || "—"}`, `patronymic: ${byRole("patronymic") || "—"}`, `surname: ${byRole("surname") || "—"}`];
  return parts.join("; ");
}
